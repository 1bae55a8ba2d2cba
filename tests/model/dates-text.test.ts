import { describe, expect, it } from 'vitest';
import { parisIso, parsePortalDate } from '../../src/model/dates.ts';
import { OrganisationMatcher } from '../../src/model/organisation.ts';
import { departmentFrom, foldForMatch } from '../../src/model/text.ts';
import { canonicalUrl } from '../../src/model/urls.ts';

describe('portal dates', () => {
  it.each([
    ['2025-02-26T16:40:27+0100\n', '2025-02-26T16:40:27+01:00'],
    ['2025-09-15T00:00:00+02:00', '2025-09-15T00:00:00+02:00'],
    ['Wed, 30 Sep 2026 15:04:39 Z', '2026-09-30T17:04:39+02:00'],
    ['Wed, 29 Jul 2026 02:00:00 GMT', '2026-07-29T04:00:00+02:00'],
    ['Wed, 26 Feb 2025 16:40:27 +0100', '2025-02-26T16:40:27+01:00'],
    ['06/08/2026', '2026-08-06T00:00:00+02:00'],
    ['18/11/2024', '2024-11-18T00:00:00+01:00'],
    ['06 août 2026', '2026-08-06T00:00:00+02:00'],
    ['1er septembre 2026', '2026-09-01T00:00:00+02:00'],
    ['En ligne depuis le 06 ao\u00fbt 2026', '2026-08-06T00:00:00+02:00'],
    ['Date limite de candidature : 31/10/2026', '2026-10-31T00:00:00+01:00'],
  ])('%j → %s', (raw, iso) => {
    expect(parsePortalDate(raw)).toBe(iso);
  });

  it('returns null for what is not a date', () => {
    for (const raw of ['', 'Dès que possible', '31/02/2026', '2026-13-01', null, undefined])
      expect(parsePortalDate(raw)).toBeNull();
  });

  it('gives Paris offsets on both sides of the DST change', () => {
    expect(parisIso(2026, 3, 29, 1, 30)).toBe('2026-03-29T01:30:00+01:00');
    expect(parisIso(2026, 3, 29, 3, 30)).toBe('2026-03-29T03:30:00+02:00');
    expect(parisIso(2026, 10, 25, 12)).toBe('2026-10-25T12:00:00+01:00');
  });
});

describe('organisation matcher', () => {
  const matcher = new OrganisationMatcher(['PEReN', "Pôle d'Expertise de la Régulation Numérique"]);

  it('matches names on word boundaries, case- and accent-insensitively', () => {
    expect(matcher.matches('SEN PEReN 156 - Data-scientist')).toBe(true);
    expect(matcher.matches('emploi-data-scientist-confirme-sen-peren-156-h-f_5372.aspx')).toBe(true);
    expect(matcher.matches('POLE D’EXPERTISE DE LA REGULATION NUMERIQUE')).toBe(true);
    expect(matcher.matches('Contrat pérenne, poste à pérenniser')).toBe(false);
    expect(matcher.matches('Perenco')).toBe(false);
    expect(matcher.matchesAny([null, undefined, 'Direction générale'])).toBe(false);
  });
});

describe('text and URL helpers', () => {
  it('folds for matching only', () => {
    expect(foldForMatch('  Pôle  d’Expertise ')).toBe("pole d'expertise");
  });

  it('finds department numbers', () => {
    expect(departmentFrom('Hauts-de-Seine (92)')).toBe('92');
    expect(departmentFrom('139 rue de Bercy 75012 Paris')).toBe('75');
    expect(departmentFrom('20000 Ajaccio')).toBe('2A');
    expect(departmentFrom('97400 Saint-Denis')).toBe('974');
    expect(departmentFrom('Paris')).toBeNull();
  });

  it('canonicalises host variants of a source and leaves other hosts alone', () => {
    const policy = {
      hosts: ['passerelles.economie.gouv.fr'],
      aliases: { 'www.passerelles.economie.gouv.fr': 'passerelles.economie.gouv.fr' },
    };
    expect(canonicalUrl('http://www.passerelles.economie.gouv.fr/offre_1.aspx#top', 'https://x.invalid/', policy)).toBe(
      'https://passerelles.economie.gouv.fr/offre_1.aspx',
    );
    expect(canonicalUrl('/offre_2.aspx', 'https://passerelles.economie.gouv.fr/liste.aspx', policy)).toBe(
      'https://passerelles.economie.gouv.fr/offre_2.aspx',
    );
    expect(canonicalUrl('http://example.org/a', 'https://passerelles.economie.gouv.fr/', policy)).toBe(
      'http://example.org/a',
    );
    expect(canonicalUrl('mailto:a@b.fr', 'https://passerelles.economie.gouv.fr/', policy)).toBeNull();
  });
});
