import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cspSource } from '../../scrapers/csp/index.ts';
import { keywordSlug, referenceFromUrl, searchUrl } from '../../scrapers/csp/portal.ts';
import { OrganisationMatcher } from '../../src/model/organisation.ts';
import { canonicalUrl } from '../../src/model/urls.ts';
import { fetched, PORTAL_DIR, portalFile, sample, settings } from './csp-support.ts';

const RSS_URL = 'https://place-ep-recrute.talent-soft.com/handlers/offerRss.ashx?LCID=1036&Rss_Entity=137';

describe('CSP source record', () => {
  it('is the csp source with its hosts and the former portal as alias', () => {
    expect(cspSource.id).toBe('csp');
    expect(cspSource.label).toBe('Choisir le service public');
    expect(cspSource.policy.hosts).toEqual(['choisirleservicepublic.gouv.fr', 'place-ep-recrute.talent-soft.com']);
    expect(
      canonicalUrl(
        'http://www.place-emploi-public.gouv.fr/offre-emploi/x-reference-2026-1234567/#top',
        'https://example.org/',
        cspSource.policy,
      ),
    ).toBe('https://choisirleservicepublic.gouv.fr/offre-emploi/x-reference-2026-1234567/');
  });

  it('defaults its settings: the organisation’s two names, no RSS', () => {
    expect(settings()).toEqual({
      enabled: true,
      maxPages: 30,
      searchTerms: ['peren', "Pôle d'Expertise de la Régulation Numérique"],
    });
    expect(() => settings({ searchTerms: ['  '] })).toThrow();
    expect(() => settings({ searchTerms: ["'-"] })).toThrow(/at least one letter or digit/);
  });

  it('starts with page 1 of each search term, words joined by +', () => {
    expect(cspSource.start(settings())).toEqual([
      {
        url: 'https://choisirleservicepublic.gouv.fr/nos-offres/filtres/mot-cles/peren/',
        role: 'inventory',
        label: 'listing',
        series: 'peren',
        page: 1,
      },
      {
        url: 'https://choisirleservicepublic.gouv.fr/nos-offres/filtres/mot-cles/pole+d+expertise+de+la+regulation+numerique/',
        role: 'inventory',
        label: 'listing',
        series: "Pôle d'Expertise de la Régulation Numérique",
        page: 1,
      },
    ]);
  });

  it('adds the RSS export when an entity is set, and searches the same words once', () => {
    const requests = cspSource.start(settings({ searchTerms: ['PEReN', 'peren'], rssEntity: '137' }));
    expect(requests).toEqual([
      {
        url: 'https://choisirleservicepublic.gouv.fr/nos-offres/filtres/mot-cles/peren/',
        role: 'inventory',
        label: 'listing',
        series: 'PEReN',
        page: 1,
      },
      { url: RSS_URL, role: 'inventory', label: 'rss' },
    ]);
  });

  it('classifies saved bodies, offer pages before results pages', () => {
    expect(cspSource.classify(sample('csp-listing-cards-excerpt.html'))).toBe('listing');
    expect(cspSource.classify(sample('csp-offer-detail.html'))).toBe('offer');
    expect(cspSource.classify(sample('csp-rss-item-excerpt.xml'))).toBe('rss');
    expect(cspSource.classify(portalFile('listing-no-results.html'))).toBe('listing');
    expect(cspSource.classify('<html><body><p>Maintenance</p></body></html>')).toBeNull();
  });

  it('refuses a page label it does not know', () => {
    const result = cspSource.parse(
      fetched('<html></html>', 'https://choisirleservicepublic.gouv.fr/', { label: 'hiring-page' }),
      settings(),
    );
    expect(result.variant).toBeNull();
    expect(result.problems[0]!.message).toBe(
      'CSP: no parser for "hiring-page" pages (https://choisirleservicepublic.gouv.fr/)',
    );
  });
});

describe('CSP URLs', () => {
  it('joins words with + (with - the portal silently finds nothing), accents dropped', () => {
    expect(keywordSlug("Pôle d'Expertise de la Régulation Numérique")).toBe(
      'pole+d+expertise+de+la+regulation+numerique',
    );
    expect(keywordSlug('  intelligence-artificielle ')).toBe('intelligence+artificielle');
    expect(searchUrl('data scientist', 3)).toBe(
      'https://choisirleservicepublic.gouv.fr/nos-offres/filtres/mot-cles/data+scientist/page/3/',
    );
  });

  it('reads the four known reference formats, long and short offer URLs', () => {
    const base = 'https://choisirleservicepublic.gouv.fr/offre-emploi/';
    expect(referenceFromUrl(`${base}data-engineer--intelligence-artificielle-reference-2026-2357158/`)).toBe(
      '2026-2357158',
    );
    expect(referenceFromUrl(`${base}responsable-produit-reference-MEF_2026-32366/`)).toBe('MEF_2026-32366');
    expect(referenceFromUrl(`${base}DEF_14-00069057/`)).toBe('DEF_14-00069057');
    expect(
      referenceFromUrl(
        `${base}charge-de-recrutement-hf---conseil-dpartemental-du-morbihan-reference-O056261001001569/`,
      ),
    ).toBe('O056261001001569');
    expect(referenceFromUrl(`${base}chef-de-projet-2026/`)).toBeNull();
    expect(referenceFromUrl('https://choisirleservicepublic.gouv.fr/nos-offres/')).toBeNull();
  });
});

describe('CSP RSS channel (Talentsoft export)', () => {
  it('reads the real item: reference, short offer URL, detail request', () => {
    const result = cspSource.parse(
      fetched(sample('csp-rss-item-excerpt.xml'), RSS_URL, { label: 'rss' }),
      settings({ rssEntity: '137' }),
    );
    expect(result.variant).toBe('talentsoft-rss');
    expect(result.postings).toHaveLength(1);
    const [entry] = result.postings;
    expect(entry!.posting.sourceId).toBe('DEF_14-00069057');
    expect(entry!.posting.reference).toBeNull();
    expect(entry!.posting.url).toBe('https://choisirleservicepublic.gouv.fr/offre-emploi/DEF_14-00069057/');
    expect(entry!.posting.title).toBe('CHARGE CLIENTELE ET GESTION LOCATIVE');
    expect(entry!.posting.publishedAt).toBe('2026-07-29T04:00:00+02:00');
    expect(entry!.orgHints).toEqual(['CHARGE CLIENTELE ET GESTION LOCATIVE']);
    expect(entry!.detail).toEqual({
      url: 'https://choisirleservicepublic.gouv.fr/offre-emploi/DEF_14-00069057/',
      role: 'detail',
      label: 'offer',
      sourceId: 'DEF_14-00069057',
    });
  });

  it('keeps the PEReN items of the constructed export by their titles', () => {
    const result = cspSource.parse(
      fetched(portalFile('rss-organisme-137.xml'), RSS_URL, { label: 'rss' }),
      settings({ rssEntity: '137' }),
    );
    const matcher = new OrganisationMatcher(['PEReN', "Pôle d'Expertise de la Régulation Numérique"]);
    expect(result.postings.map((entry) => entry.posting.sourceId)).toEqual([
      'MEF_2026-41872',
      'MEF_2026-41950',
      'MEF_2026-41905',
      'MEF_2026-42011',
    ]);
    expect(
      result.postings.filter((entry) => matcher.matchesAny(entry.orgHints)).map((entry) => entry.posting.sourceId),
    ).toEqual(['MEF_2026-41872', 'MEF_2026-41905']);
  });
});

interface Route {
  path: string;
  query?: Record<string, string>;
  file: string;
  constructed?: boolean;
  note?: string;
}

describe('CSP fixture portal', () => {
  const manifest = JSON.parse(readFileSync(`${PORTAL_DIR}manifest.json`, 'utf8')) as {
    description: string;
    routes: Route[];
  };
  const routeFor = (url: string): Route | undefined => {
    const { pathname } = new URL(url);
    return manifest.routes.find((route) => route.path === pathname && !route.query);
  };

  it('lists every file of the folder, each route constructed with a note and an existing file', () => {
    const files = readdirSync(PORTAL_DIR)
      .filter((name) => name !== 'manifest.json')
      .sort();
    expect([...new Set(manifest.routes.map((route) => route.file))].sort()).toEqual(files);
    for (const route of manifest.routes) {
      expect(existsSync(`${PORTAL_DIR}${route.file}`)).toBe(true);
      expect(route.constructed).toBe(true);
      expect(route.note).toBeTruthy();
    }
  });

  it('serves robots.txt and the first page of each default search', () => {
    expect(routeFor('https://choisirleservicepublic.gouv.fr/robots.txt')?.file).toBe('robots.txt');
    expect(cspSource.start(settings()).map((request) => routeFor(request.url)?.file)).toEqual([
      'listing-peren-page-1.html',
      'listing-pole-d-expertise.html',
    ]);
  });

  it('serves every page a scrape asks for: next pages and the offer page of every PEReN offer', () => {
    const matcher = new OrganisationMatcher(['PEReN', "Pôle d'Expertise de la Régulation Numérique"]);
    const queue = cspSource.start(settings());
    const offers = new Map<string, string>();
    while (queue.length) {
      const request = queue.shift()!;
      const route = routeFor(request.url);
      expect(route, request.url).toBeDefined();
      const result = cspSource.parse(fetched(portalFile(route!.file), request.url, request), settings());
      expect(result.variant).not.toBeNull();
      queue.push(...result.next);
      for (const entry of result.postings) {
        if (matcher.matchesAny(entry.orgHints)) offers.set(entry.posting.sourceId, entry.detail!.url);
      }
    }
    expect([...offers.keys()].sort()).toEqual([
      '2026-2450117',
      'MEF_2026-41872',
      'MEF_2026-41873',
      'MEF_2026-41905',
      'MEF_2026-42011',
    ]);
    for (const [sourceId, url] of offers) {
      const route = routeFor(url);
      expect(route?.file, url).toBe(`offre-${sourceId}.html`);
      const detail = cspSource.parse(fetched(portalFile(route!.file), url, { label: 'offer', sourceId }), settings());
      expect(detail.problems).toEqual([]);
      expect(detail.postings.map((entry) => entry.posting.url)).toEqual([url]);
    }
  });

  it('serves the RSS export and the short offer URLs it links', () => {
    const rss = manifest.routes.find((route) => route.path === '/handlers/offerRss.ashx');
    expect(rss).toMatchObject({ query: { LCID: '1036', Rss_Entity: '137' }, file: 'rss-organisme-137.xml' });
    expect(routeFor('https://choisirleservicepublic.gouv.fr/offre-emploi/MEF_2026-41872/')?.file).toBe(
      'offre-MEF_2026-41872.html',
    );
  });
});
