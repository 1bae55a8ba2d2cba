/**
 * Another employer's hiring page, not a DSFR site: read by its links to portal offers, titles from
 * the link text (or, for a "Voir l'offre" link, the list item's), owned by the page that listed
 * them; a real page linking no offer reads as such (reconciliation's finding), an error page or an
 * empty one stays loud.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { perenSource } from '../../scrapers/peren/index.ts';
import { hiringPageHint } from '../../src/model/hiring-page-claim.ts';
import { type ParseResult, pageInHand } from '../../src/model/source.ts';
import { FIXTURE_PORTALS } from '../support/cli.ts';

const DINUM_URL = 'https://www.dinum.example/nous-rejoindre/';
const ANSSI_URL = 'https://www.anssi.example/carrieres';
const OTHERS = join(FIXTURE_PORTALS, 'peren', 'other-employers');
const settings = perenSource.settings.parse({ enabled: true });
const read = (file: string) => readFileSync(join(OTHERS, file), 'utf8');

function parse(body: string, url: string): ParseResult {
  return perenSource.parse(
    pageInHand({ url, role: 'inventory', label: 'hiring-page' }, body, 'text/html; charset=utf-8'),
    settings,
  );
}

describe("another employer's hiring page", () => {
  it('a WordPress list of links: every portal offer, titles from the link text or around "Voir l\'offre"', () => {
    const result = parse(read('dinum-nous-rejoindre.html'), DINUM_URL);
    expect(result.variant).toBe('offer-links');
    expect(result.explicitlyEmpty).toBeUndefined();
    expect(result.problems).toEqual([]);
    expect(
      result.postings.map(({ posting }) => [posting.source, posting.sourceId, posting.title, posting.extra.oldHost]),
    ).toEqual([
      ['peren', 'csp:2026-2460001', 'Développeur / Développeuse back-end (H/F)', undefined],
      ['peren', 'csp:2026-2460002', 'Data engineer (H/F) – poste partagé avec le PEReN', 'true'],
      ['peren', 'csp:2026-2461230', 'Chef de projet data (H/F)', undefined],
    ]);
    // PASS's search page and the site's own pages are no offers.
    expect(result.postings.map((p) => p.posting.url)).not.toContain(expect.stringContaining('pass.'));
    for (const { orgHints, posting } of result.postings) {
      expect(orgHints).toEqual([hiringPageHint(DINUM_URL)]);
      expect(posting.extra.lang).toBe('fr');
      expect(posting.extra.readAs).toBe('offer-links');
    }
  });

  it('a real page that links no offer reads as such, with a warning, and the run stays healthy', () => {
    const result = parse(read('anssi-carrieres.html'), ANSSI_URL);
    expect(result.variant).toBe('no-offer-links');
    expect(result.postings).toEqual([]);
    expect(result.explicitlyEmpty).toBe(true);
    expect(result.problems).toEqual([
      {
        severity: 'warning',
        url: ANSSI_URL,
        message:
          'hiring page: links no offer of Passerelles, Choisir le service public or PASS (7 other link(s)): nothing to check against the portals',
      },
    ]);
  });

  it('says nothing is open: empty, no warning', () => {
    const body = read('anssi-carrieres.html').replace(
      '<h2>Comment candidater</h2>',
      "<h2>Comment candidater</h2>\n<p>Aucune offre n'est actuellement ouverte.</p>",
    );
    expect(parse(body, ANSSI_URL)).toEqual({
      variant: 'no-openings',
      postings: [],
      next: [],
      explicitlyEmpty: true,
      problems: [],
    });
  });

  it.each([
    ['an empty body', '', 'the body is empty'],
    [
      'an error page',
      '<html><head><title>Page introuvable | ANSSI</title></head><body><h1>Page introuvable</h1><a href="/">Accueil</a></body></html>',
      'it reads as an error page ("Page introuvable | ANSSI")',
    ],
    [
      'a page built by JavaScript',
      '<html><head><title>Carrières</title></head><body><div id="app">Chargement…</div><script src="/app.js"></script></body></html>',
      'it has no link at all (a page built by JavaScript?)',
    ],
  ])('%s stays loud: unrecognised, an error', (_, body, why) => {
    const result = parse(body, ANSSI_URL);
    expect(result.variant).toBeNull();
    expect(result.explicitlyEmpty).toBeUndefined();
    expect(result.problems).toEqual([
      { severity: 'error', url: ANSSI_URL, message: `hiring page not recognised: ${why} (${ANSSI_URL})` },
    ]);
  });

  it("PEReN's own page still needs its statement: a redesign without offers is not read as empty", () => {
    const result = parse(
      read('anssi-carrieres.html').replace('https://www.anssi.example/carrieres', 'https://peren.gouv.fr/recrutement/'),
      'https://peren.gouv.fr/recrutement/',
    );
    expect(result.variant).toBeNull();
  });
});
