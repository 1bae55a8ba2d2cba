import { describe, expect, it } from 'vitest';
import { terminalSafe } from '../../src/cli/terminal-text.ts';
import { emptyPosting } from '../../src/model/posting.ts';
import { safePosting, withoutUnsafeCharacters } from '../../src/model/scraped-text.ts';

describe('scraped text', () => {
  it('loses control characters and lone surrogates, keeps tabs, line feeds and whole surrogate pairs', () => {
    expect(withoutUnsafeCharacters('a\u0000b\u001b[31mc\u0007\u0008\r\u007f\u0085\u009bd\te\nf')).toBe(
      'ab[31mcd\te\nf',
    );
    expect(withoutUnsafeCharacters('x\ud800y\udfffz 😀 \ud83d')).toBe('xyz 😀 ');
  });

  it('makes every text field of a posting safe, contacts replaced, URLs left as they are', () => {
    const posting = {
      ...emptyPosting('pass', 'A-1\u0007', 'https://www.pass.fonction-publique.gouv.fr/offre/a', 'Titre\u001b[31m'),
      employer: '\u0008\u0008',
      descriptionText: 'Écrire à jean.dupont@finances.gouv.fr\nou au 01 44 87 17 17',
      extra: { 'Contact\u0007': 'rh@peren.fr', Vide: '\u0000' },
    };
    expect(safePosting(posting)).toEqual({
      ...posting,
      sourceId: 'A-1',
      title: 'Titre[31m',
      employer: null,
      descriptionText: 'Écrire à mail@example.invalid\nou au 00 00 00 00 00',
      extra: { Contact: 'mail@example.invalid' },
    });
  });
});

describe('terminal text', () => {
  it('shows every control character but the line feed as an escape', () => {
    expect(terminalSafe('a\u001b[31mb\u0007\u0008\tc\u009b\u202ed\n')).toBe(
      'a\\x1b[31mb\\x07\\x08\\x09c\\x9b\\u202ed\n',
    );
  });
});
