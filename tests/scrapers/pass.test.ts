import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { passSource } from '../../scrapers/pass/index.ts';
import { type FetchedPage, pageInHand } from '../../src/model/source.ts';
import { FIXTURE_PORTALS, SAMPLES } from '../support/cli.ts';

const FEED_URL = 'https://www.pass.fonction-publique.gouv.fr/flux/offres';
const settings = passSource.settings.parse({ enabled: true });

function page(body: string, url = FEED_URL): FetchedPage {
  return pageInHand({ url, role: 'inventory', label: 'rss' }, body, 'application/rss+xml');
}

describe('PASS feed parser on the real capture', () => {
  const body = readFileSync(join(SAMPLES, 'pass-flux-offres.xml'), 'utf8');
  const result = passSource.parse(page(body), settings);

  it('reads all 7 items without a problem', () => {
    expect(result.variant).toBe('pass-rss');
    expect(result.problems).toEqual([]);
    expect(result.postings.map((p) => p.posting.sourceId)).toEqual([
      'A-2025-159026',
      'A-2025-159005',
      'A-2025-159002',
      'A-2025-158999',
      'A-2025-158987',
      'A-2025-158990',
      'A-2025-158984',
    ]);
  });

  it('takes the title from the <a> inside <title> and the canonical link', () => {
    const first = result.postings[0]!.posting;
    expect(first.title).toBe("Contrat d'Apprentissage - financements H/F");
    expect(first.url).toBe('https://www.pass.fonction-publique.gouv.fr/offre/contrat-dapprentissage-financements-hf');
    expect(result.postings[1]!.posting.title).toBe(
      'APPRENTI(E) - Rédacteur en matière juridique et fiscal - équivalent attaché (cat. A) Pôle de contrôle revenus patrimoine de Cannes',
    );
  });

  it('decodes the twice-escaped author exactly once', () => {
    const employers = result.postings.map((p) => p.posting.employer);
    expect(employers[0]).toBe("Centre national du cinéma et de l'image animée");
    expect(employers[1]).toBe('DGFIP');
    expect(employers.join(' ')).not.toMatch(/&(amp|#0?39);/);
  });

  it('parses ISO-like dates with +0100 and a trailing newline, start and update dates', () => {
    const first = result.postings[0]!.posting;
    expect(first.publishedAt).toBe('2025-02-26T16:40:27+01:00');
    expect(first.updatedAt).toBe('2025-02-26T16:43:04+01:00');
    expect(first.startDate).toBe('2025-09-15T00:00:00+02:00');
    for (const p of result.postings) expect(p.posting.publishedAt).toMatch(/^2025-02-26T\d{2}:\d{2}:\d{2}\+01:00$/);
  });

  it('maps the Dublin Core fields and keeps no personal data', () => {
    const second = result.postings[1]!.posting;
    expect(second).toMatchObject({
      organisation: 'Ministères économiques et financiers',
      department: '06',
      location: 'NICE',
      educationLevel: 'Niveau 6 – (Bac+3 ou 4)',
      duration: '12 mois',
      contractType: 'Apprentissage',
      reference: 'A-2025-159005',
    });
    expect(JSON.stringify(result.postings)).not.toMatch(/mail@mail\.fr|04\.66/);
  });

  it('sanitises the description and derives its text', () => {
    const first = result.postings[0]!.posting;
    expect(first.descriptionHtml).toMatch(/^<p>Au sein du service/);
    expect(first.descriptionText).toContain('• la tutelle des SOFICA');
  });
});

describe('PASS feed parser on quirks and failures', () => {
  it('tolerates control characters and skips an item without a title, with a warning', () => {
    const body = readFileSync(join(SAMPLES, 'pass-flux-offres.xml'), 'utf8')
      .replace("Contrat d'Apprentissage - financements H/F", "Contrat d'Apprentissage\u0001 - financements H/F")
      .replace(/<title><a href="\/offre\/contrat-dapprentissage-education[^<]*<\/a><\/title>/, '<title></title>');
    const result = passSource.parse(page(body), settings);
    expect(result.postings).toHaveLength(6);
    expect(result.postings[0]!.posting.title).toBe("Contrat d'Apprentissage - financements H/F");
    expect(result.problems).toEqual([
      expect.objectContaining({ severity: 'warning', message: expect.stringContaining('no title') }),
    ]);
  });

  it('is loud on an HTML page instead of the feed', () => {
    const result = passSource.parse(page('<html><body><h1>Maintenance</h1></body></html>'), settings);
    expect(result.variant).toBeNull();
    expect(result.problems[0]).toMatchObject({ severity: 'error', url: FEED_URL });
    expect(passSource.classify('<html><body></body></html>')).toBeNull();
  });

  it('reads the internships feed of the fixture portal as Stage offers', () => {
    const body = readFileSync(join(FIXTURE_PORTALS, 'pass/flux-offres-stages.xml'), 'utf8');
    const result = passSource.parse(
      page(body, 'https://www.pass.fonction-publique.gouv.fr/flux/offres_stages'),
      settings,
    );
    expect(result.postings.map((p) => [p.posting.sourceId, p.posting.contractType])).toEqual([
      ['S-2026-118842', 'Stage'],
      ['S-2026-118790', 'Stage'],
    ]);
    expect(result.postings[0]!.posting.employer).toBe("Pôle d'Expertise de la Régulation Numérique");
  });
});
