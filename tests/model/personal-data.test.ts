import { describe, expect, it } from 'vitest';
import { scrubPersonalData } from '../../src/model/personal-data.ts';

describe('scrubPersonalData', () => {
  it.each([
    [
      '<dc:creator>jean.dupont@finances.gouv.fr - 01 23 45 67 89</dc:creator>',
      '<dc:creator>mail@example.invalid - 00 00 00 00 00</dc:creator>',
    ],
    [
      '<a href="mailto:recrutement.peren@finances.gouv.fr">écrire</a>',
      '<a href="mailto:mail@example.invalid">écrire</a>',
    ],
    ['contact : rh&#64;example.fr ou rh&#x40;example.fr', 'contact : mail@example.invalid ou mail@example.invalid'],
    ['Tél. : 06.12.34.56.78.', 'Tél. : 00 00 00 00 00.'],
    ['Tél.:0612345678', 'Tél.:00 00 00 00 00'],
    ['<a href="tel:+33612345678">appeler</a>', '<a href="tel:00 00 00 00 00">appeler</a>'],
    ['+33 (0)1 44 87 17 17 ou 0033 1 44 87 17 17', '00 00 00 00 00 ou 00 00 00 00 00'],
    ['01&nbsp;44&nbsp;87&nbsp;17&nbsp;17', '00 00 00 00 00'],
    [
      'escaped in a feed: rh&amp;#64;example.fr, rh&amp;amp;#64;example.fr, 01&amp;nbsp;44&amp;nbsp;87&amp;nbsp;17&amp;nbsp;17',
      'escaped in a feed: mail@example.invalid, mail@example.invalid, 00 00 00 00 00',
    ],
  ])('replaces personal data in %s', (input, expected) => {
    expect(scrubPersonalData(input)).toBe(expected);
  });

  it.each([
    'A-2026-201734',
    'https://choisirleservicepublic.gouv.fr/offre-emploi/O056261001001569/',
    'https://example.org/offre?id=0612345678',
    'reference-MEF_2026-41872 et 2026-2357158',
    '<pubDate>2026-11-20T10:12:05+0100</pubDate>',
    '75015 Paris, indice 0.0612345678',
    '<img srcset="logo.png 1x">',
    'mail@example.invalid - 00 00 00 00 00',
  ])('leaves ids, dates, links and numbers alone: %s', (input) => {
    expect(scrubPersonalData(input)).toBe(input);
  });
});
