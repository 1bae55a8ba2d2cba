import { describe, expect, it } from 'vitest';
import { loadHtml } from '../../scrapers/csp/dom.ts';
import { cspSource } from '../../scrapers/csp/index.ts';
import { neverRead } from '../../scrapers/csp/listing.ts';
import { OrganisationMatcher } from '../../src/model/organisation.ts';
import type { ParseResult } from '../../src/model/source.ts';
import { crawlToMemory } from '../support/crawl.ts';
import { fetched, inflatedListing, PEREN_URL, portalFile, sample, settings } from './csp-support.ts';

const parseListing = (body: string, url: string, page?: number, overrides = {}): ParseResult =>
  cspSource.parse(
    fetched(body, url, { label: 'listing', series: 'peren', ...(page ? { page } : {}) }),
    settings(overrides),
  );

const peren = new OrganisationMatcher(['PEReN', "Pôle d'Expertise de la Régulation Numérique"]);
const keptRefs = (result: ParseResult): string[] =>
  result.postings.filter((entry) => peren.matchesAny(entry.orgHints)).map((entry) => entry.posting.sourceId);

describe('CSP results page: the real cards excerpt', () => {
  const result = parseListing(
    sample('csp-listing-cards-excerpt.html'),
    'https://choisirleservicepublic.gouv.fr/nos-offres/filtres/mot-cles/data/',
  );

  it('reads both cards of the trimmed markup (titles without a .fr-card wrapper)', () => {
    expect(result.variant).toBe('csp-card-titles');
    expect(result.problems).toEqual([]);
    expect(result.postings.map((entry) => entry.posting.sourceId)).toEqual(['MEF_2026-32366', '2026-2357158']);
  });

  it('reads the link inside an <a> whose class attribute spans several lines', () => {
    expect(result.postings[0]!.posting.url).toBe(
      'https://choisirleservicepublic.gouv.fr/offre-emploi/responsable-produit-infrastructure-linux-reference-MEF_2026-32366/',
    );
    expect(result.postings[0]!.posting.title).toBe('Responsable produit Infrastructure Linux et Automatisation H/F');
  });

  it('decodes entities and reads labelled fields, department from <strong>(92)</strong>', () => {
    const first = result.postings[0]!.posting;
    expect(first.employer).toBe('Autorité de Sûreté Nucléaire (ASNR)');
    expect(first.location).toBe('Hauts-de-Seine (92)');
    expect(first.department).toBe('92');
    expect(result.postings[1]!.posting.employer).toBe("Conseil d'Etat");
  });

  it('reads the long French date form', () => {
    expect(result.postings.map((entry) => entry.posting.publishedAt)).toEqual([
      '2026-08-06T00:00:00+02:00',
      '2026-07-18T00:00:00+02:00',
    ]);
  });

  it('asks for each offer page as a detail request and gives title and employer as organisation hints', () => {
    expect(result.postings[1]!.detail).toEqual({
      url: 'https://choisirleservicepublic.gouv.fr/offre-emploi/data-engineer--intelligence-artificielle-reference-2026-2357158/',
      role: 'detail',
      label: 'offer',
      sourceId: '2026-2357158',
    });
    expect(result.postings[1]!.orgHints).toEqual(['DATA ENGINEER - INTELLIGENCE ARTIFICIELLE', "Conseil d'Etat"]);
  });

  it('asks for no next page from a short page without pagination', () => {
    expect(result.next).toEqual([]);
  });
});

describe('CSP results page: constructed search "peren", page 1', () => {
  const result = parseListing(portalFile('listing-peren-page-1.html'), PEREN_URL, 1);

  it('reads the 20 cards of the results list and the announced total', () => {
    expect(result.variant).toBe('csp-result-items');
    expect(result.problems).toEqual([]);
    expect(result.postings).toHaveLength(20);
    expect(result.declaredTotal).toBe(27);
  });

  it('keeps only the PEReN offers when filtered on title and employer, not on keyword hits', () => {
    expect(keptRefs(result)).toEqual(['MEF_2026-41872', 'MEF_2026-41905']);
  });

  it('reads versant, domain tag and a territorial employer category', () => {
    const territorial = result.postings.find((entry) => entry.posting.sourceId === 'O092261006000219')!.posting;
    expect(territorial.versant).toBe('Fonction publique Territoriale');
    expect(territorial.employer).toBe('Conseils départementaux');
    expect(territorial.jobFamily).toBe('Numérique');
    expect(territorial.department).toBe('92');
  });

  it('asks for page 2 of the same series', () => {
    expect(result.next).toEqual([
      { url: `${PEREN_URL}page/2/`, role: 'inventory', label: 'listing', series: 'peren', page: 2 },
    ]);
  });

  it('leaves the page cap to the crawl, which fails a capped inventory instead of ending it quietly', async () => {
    const capped = parseListing(portalFile('listing-peren-page-1.html'), PEREN_URL, 1, { maxPages: 1 });
    expect(capped.next).toEqual([
      { url: `${PEREN_URL}page/2/`, role: 'inventory', label: 'listing', series: 'peren', page: 2 },
    ]);
    expect(capped.problems).toEqual([]);
    const pages: Record<string, string> = {
      [PEREN_URL]: 'listing-peren-page-1.html',
      [`${PEREN_URL}page/2/`]: 'listing-peren-page-2.html',
    };
    const crawl = await crawlToMemory(cspSource, settings({ maxPages: 1, searchTerms: ['peren'] }), async (request) =>
      fetched(portalFile(pages[request.url]!), request.url, request),
    );
    expect(crawl.failures).toEqual([{ code: 'page-cap', series: 'peren', maxPages: 1 }]);
  });
});

describe('CSP results page: constructed search "peren", page 2 (last)', () => {
  const result = parseListing(portalFile('listing-peren-page-2.html'), `${PEREN_URL}page/2/`, 2);

  it('stops: the pagination links no page 3', () => {
    expect(result.postings).toHaveLength(7);
    expect(result.next).toEqual([]);
  });

  it('reads the older dd/mm/yyyy date form', () => {
    const older = result.postings.find((entry) => entry.posting.sourceId === '2026-2450117')!.posting;
    expect(older.publishedAt).toBe('2026-09-18T00:00:00+02:00');
  });

  it('keeps the same post under its two references as two postings', () => {
    expect(keptRefs(result)).toEqual(['MEF_2026-41873', '2026-2450117']);
  });
});

describe('CSP results page: pagination without pagination markup', () => {
  const page1 = portalFile('listing-peren-page-1.html');
  const withoutNav = page1.replace(/<nav role="navigation" class="fr-pagination[\s\S]*?<\/nav>/, '');

  it('asks for the next page when a full page of 20 cards comes without pagination', () => {
    expect(withoutNav).not.toContain('fr-pagination');
    expect(parseListing(withoutNav, PEREN_URL, 1).next.map((request) => request.url)).toEqual([`${PEREN_URL}page/2/`]);
  });

  it('derives page number and series from the URL when the request has none', () => {
    const result = cspSource.parse(fetched(withoutNav, `${PEREN_URL}page/3/`, { label: 'listing' }), settings());
    expect(result.next).toEqual([
      { url: `${PEREN_URL}page/4/`, role: 'inventory', label: 'listing', series: 'peren', page: 4 },
    ]);
  });
});

describe('CSP results page: the full-name search', () => {
  const url =
    'https://choisirleservicepublic.gouv.fr/nos-offres/filtres/mot-cles/pole+d+expertise+de+la+regulation+numerique/';
  const result = parseListing(portalFile('listing-pole-d-expertise.html'), url, 1);

  it('finds the offer whose employer is spelt in full, and no next page', () => {
    expect(keptRefs(result)).toEqual([
      'MEF_2026-41872',
      'MEF_2026-41905',
      'MEF_2026-42011',
      'MEF_2026-41873',
      '2026-2450117',
    ]);
    expect(result.declaredTotal).toBe(6);
    expect(result.next).toEqual([]);
  });
});

describe('CSP results page: empty and unrecognised pages', () => {
  it('takes a page that says « aucune offre » as explicitly empty', () => {
    const result = parseListing(
      portalFile('listing-no-results.html'),
      'https://choisirleservicepublic.gouv.fr/nos-offres/filtres/mot-cles/perenn/',
    );
    expect(result).toEqual({
      variant: 'csp-no-results',
      postings: [],
      next: [],
      declaredTotal: 0,
      explicitlyEmpty: true,
      problems: [],
    });
  });

  it('fails loudly when the cards changed their markup, despite the hidden « Aucun résultat » modal every page carries', () => {
    const changed = portalFile('listing-peren-page-1.html')
      .replaceAll('fr-card--offer', 'offer-tile')
      .replaceAll('fr-card__title', 'offer-tile__title')
      .replace(/<span class="number">27<\/span>/, '27');
    expect(changed).toContain('Aucun résultat');
    const result = parseListing(changed, PEREN_URL, 1);
    expect(result.variant).toBeNull();
    expect(result.postings).toEqual([]);
    expect(result.problems).toEqual([
      {
        severity: 'error',
        message: `CSP results page: no offer card (.fr-card--offer, .fr-card__title link) and no « aucun résultat » message (${PEREN_URL})`,
        url: PEREN_URL,
      },
    ]);
  });

  it('fails loudly when cards are there but none can be read', () => {
    const unreadable = portalFile('listing-peren-page-2.html').replace(/-reference-[A-Z0-9_-]+\//g, '/');
    const result = parseListing(unreadable, `${PEREN_URL}page/2/`, 2);
    expect(result.variant).toBeNull();
    expect(result.problems[0]!.severity).toBe('error');
    expect(result.problems[0]!.message).toMatch(/^CSP results page: 7 card\(s\) found but none could be read/);
  });

  it('skips one bad card with a warning and keeps the others', () => {
    const body = portalFile('listing-peren-page-2.html').replace('-reference-2026-2429001/', '/urbaniste/');
    const result = parseListing(body, `${PEREN_URL}page/2/`, 2);
    expect(result.variant).toBe('csp-result-items');
    expect(result.postings).toHaveLength(6);
    expect(result.problems).toEqual([
      {
        severity: 'warning',
        message:
          'card 2 skipped: link "https://choisirleservicepublic.gouv.fr/offre-emploi/urbaniste-des-systemes-dinformation-hf/urbaniste/" carries no offer reference',
        url: `${PEREN_URL}page/2/`,
      },
    ]);
  });
});

describe('CSP results page of real weight', () => {
  const small = portalFile('listing-peren-page-1.html');
  const big = inflatedListing(small);

  it('is built at about 4.5 MB', () => {
    expect(big.length).toBeGreaterThanOrEqual(4_500_000);
    expect(big.length).toBeLessThan(4_600_000);
  });

  // How fast is for `npm run bench` (parse cost per page): a timed test fails on a busy machine.
  it('parses to the same result as the small page', () => {
    expect(parseListing(big, PEREN_URL, 1)).toEqual(parseListing(small, PEREN_URL, 1));
  });
});

describe('CSP results page: the tree it reads', () => {
  const small = portalFile('listing-peren-page-1.html');
  const big = inflatedListing(small);

  it('leaves the search facets out: a 4.5 MB page costs the tree of its cards, not of its checkboxes', () => {
    const elements = (html: string) => loadHtml(html, neverRead)('*').length;
    const allElements = (html: string) => loadHtml(html)('*').length;
    expect(allElements(big)).toBeGreaterThan(10 * allElements(small));
    expect(elements(big)).toBe(elements(small));
  });

  it('says a page is unrecognised when its only cards sit in a part it never reads', () => {
    // Each card opens a fieldset that its list item's end closes.
    const hidden = small.replaceAll(
      '<div class="fr-card fr-card--horizontal',
      '<fieldset><div class="fr-card fr-card--horizontal',
    );
    expect(hidden).not.toBe(small);
    const result = parseListing(hidden, PEREN_URL, 1);
    expect(result.postings).toEqual([]);
    expect(result.problems.map((p) => p.severity)).toContain('error');
  });
});
