import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { misdecodingIn } from '../../src/http/mis-decoding.ts';

/** What a server makes of UTF-8 text when it decodes it once more as `charset` before serving it. */
const readAs = (text: string, charset: string) => iconv.decode(Buffer.from(text), charset);

describe('misdecodingIn', () => {
  it.each([
    'Apprenti(e) développeur(se) web – PEReN H/F',
    'CHÂTEAU, Ça, À partir du 1er, Œuvre, cœur, « guillemets », 20 °C, 30 000 €',
    'Ministère de l’Économie — Direction générale… “citation”',
    'São Paulo, Ålesund, Ärzte',
  ])('leaves well-decoded text alone: %s', (text) => {
    expect(misdecodingIn(text)).toBeNull();
  });

  it.each([
    ['windows-1252', 'Apprenti(e) développeur(se) web', '"Ã©"'],
    ['windows-1252', 'l’équipe', '"â€™"'],
    ['windows-1252', 'mi-temps à Paris', '"Ã\u00a0"'],
    ['windows-1252', 'cœur de métier', '"Å“"'],
    ['latin1', 'Hauts-de-Seine – 92', '"â\u0080\u0093"'],
  ])('names UTF-8 read as %s: %s', (charset, text, sample) => {
    expect(misdecodingIn(readAs(text, charset))).toContain(sample);
  });

  it('counts replacement characters', () => {
    expect(misdecodingIn('Apprenti(e) d\ufffdveloppeur(se) \ufffd')).toBe(
      'the text looks decoded with the wrong charset: 2 replacement character(s) U+FFFD',
    );
  });
});
