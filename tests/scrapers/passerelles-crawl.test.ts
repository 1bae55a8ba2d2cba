/**
 * The Passerelles parsers driven by the pipeline's inventory crawl over the constructed fixture
 * portals, served from their manifest.json without a server.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { passerellesSource } from '../../scrapers/passerelles/index.ts';
import type { PageFetcher } from '../../src/pipeline/crawl.ts';
import { crawlToMemory } from '../support/crawl.ts';

const ORIGIN = 'https://passerelles.economie.gouv.fr';
const LISTING = `${ORIGIN}/offre-de-emploi/liste-offres.aspx`;
const RSS = `${ORIGIN}/handlers/offerRss.ashx?LCID=1036&top=1000`;

interface Route {
  path: string;
  query?: Record<string, string>;
  file: string;
  contentType?: string;
}

/** Serves a fixture portal folder the way docs/fixture-portals.md describes; `rewrite` alters bodies. */
function fixturePortal(folder: string, rewrite: (body: string, url: URL) => string = (body) => body) {
  const base = new URL(`../../fixtures/portals/${folder}/`, import.meta.url);
  const { routes } = JSON.parse(readFileSync(new URL('manifest.json', base), 'utf8')) as { routes: Route[] };
  const requested: string[] = [];
  const fetchPage: PageFetcher = async (request) => {
    requested.push(request.url);
    const url = new URL(request.url);
    const trim = (path: string) => path.replace(/\/$/, '');
    const route = routes
      .filter(
        (r) =>
          trim(r.path) === trim(url.pathname) &&
          Object.entries(r.query ?? {}).every(([key, value]) => url.searchParams.get(key) === value),
      )
      .sort((a, b) => Object.keys(b.query ?? {}).length - Object.keys(a.query ?? {}).length)[0];
    if (!route) throw new Error(`HTTP 404 for ${request.url}`);
    const body = rewrite(readFileSync(new URL(route.file, base), 'utf8'), url);
    return { request, url: request.url, status: 200, contentType: route.contentType ?? null, body, notModified: false };
  };
  return { fetchPage, requested };
}

/** A tenant that shows neither a total nor a pager: only the loop-back to page 1 ends the listing. */
function withoutPagination(body: string, url: URL): string {
  if (!url.pathname.endsWith('liste-offres.aspx')) return body;
  return body
    .replace(/<title>[^<]*<\/title>/, '<title>Offres</title>')
    .replace(/<div class="ts-ol-pagination__title[\s\S]*$/, '</body></html>');
}

const settings = (overrides: Record<string, unknown> = {}) =>
  passerellesSource.settings.parse({ enabled: true, ...overrides });

describe('crawling the Passerelles fixture portal', () => {
  it('reads the RSS and both listing pages, and stops at the announced total', async () => {
    const portal = fixturePortal('passerelles');
    const result = await crawlToMemory(passerellesSource, settings(), portal.fetchPage);
    expect(portal.requested).toEqual([RSS, `${LISTING}?page=1&LCID=1036`, `${LISTING}?page=2&LCID=1036`]);
    expect(result.failures).toEqual([]);
    expect(result.problems).toEqual([]);
    expect(result.declaredTotal).toBe(14);
    expect([...result.postings.keys()].sort()).toEqual([
      '4140',
      '4165',
      '5198',
      '5233',
      '5251',
      '5270',
      '5288',
      '5302',
      '5321',
      '5344',
      '5360',
      '5372',
      '5373',
      '5391',
    ]);
    const peren = result.postings.get('5372')!;
    // The feed's deadline survives the merge with the listing entry.
    expect(peren.posting).toMatchObject({
      reference: '2021-5372',
      deadline: '2027-01-31T00:00:00+01:00',
      location: '139 rue de Bercy 75012 Paris',
    });
    expect(peren.detail).toEqual({
      url: `${ORIGIN}/offre-de-emploi/emploi-data-scientist-confirme-sen-peren-156-h-f_5372.aspx`,
      role: 'detail',
      label: 'offer',
      sourceId: '5372',
    });
  });

  it('every PEReN offer page of the portal parses', async () => {
    const portal = fixturePortal('passerelles');
    const inventory = await crawlToMemory(passerellesSource, settings(), portal.fetchPage);
    const peren = [...inventory.postings.values()].filter((item) =>
      item.orgHints.some((hint) => /sen peren|sen-peren/i.test(hint)),
    );
    expect(peren.map((item) => item.posting.sourceId).sort()).toEqual(['4165', '5372', '5373']);
    for (const item of peren) {
      const page = await portal.fetchPage(item.detail!);
      const parsed = passerellesSource.parse(page, settings());
      expect(parsed.problems).toEqual([]);
      expect(parsed.postings[0]!.posting.sourceId).toBe(item.posting.sourceId);
      expect(parsed.postings[0]!.posting.descriptionHtml).toMatch(/^<h3>/);
    }
  });

  it('stops when page 3 loops back to page 1 on a tenant without total nor pager', async () => {
    const portal = fixturePortal('passerelles', withoutPagination);
    const result = await crawlToMemory(passerellesSource, settings(), portal.fetchPage);
    expect(portal.requested).toEqual([
      RSS,
      `${LISTING}?page=1&LCID=1036`,
      `${LISTING}?page=2&LCID=1036`,
      `${LISTING}?page=3&LCID=1036`,
    ]);
    expect(result.failures).toEqual([]);
    expect(result.declaredTotal).toBeNull();
    expect(result.postings.size).toBe(14);
  });

  it('stops at the page cap and says the listing was cut short', async () => {
    const portal = fixturePortal('passerelles');
    const result = await crawlToMemory(passerellesSource, settings({ maxPages: 1 }), portal.fetchPage);
    expect(portal.requested).toEqual([RSS, `${LISTING}?page=1&LCID=1036`]);
    expect(result.failures).toEqual([{ code: 'page-cap', series: 'listing', maxPages: 1 }]);
  });

  it('reads the card template when the listing path points at it', async () => {
    const portal = fixturePortal('passerelles');
    const result = await crawlToMemory(
      passerellesSource,
      settings({ listingPath: '/offre-de-emploi/liste-toutes-offres.aspx' }),
      portal.fetchPage,
    );
    expect(portal.requested).toEqual([RSS, `${ORIGIN}/offre-de-emploi/liste-toutes-offres.aspx?page=1&LCID=1036`]);
    expect(result.failures).toEqual([]);
    expect(result.pages.map((page) => page.variant)).toEqual(['talentsoft-rss', 'ts-offer-card']);
    expect(result.postings.size).toBe(14);
  });

  it('fails the inventory when the listing changed layout, though the RSS still parses', async () => {
    const portal = fixturePortal('passerelles/changed-layout');
    const result = await crawlToMemory(passerellesSource, settings(), portal.fetchPage);
    expect(portal.requested).toEqual([RSS, `${LISTING}?page=1&LCID=1036`]);
    expect(result.pages.map((page) => page.variant)).toEqual(['talentsoft-rss', null]);
    expect(result.failures).toEqual([
      {
        code: 'page-not-understood',
        url: `${LISTING}?page=1&LCID=1036`,
        message: `Talentsoft listing: no offer card found (li.ts-offer-list-item with a.ts-offer-list-item__title-link, or .ts-offer-card with a.ts-offer-card__title-link) (${LISTING}?page=1&LCID=1036)`,
      },
    ]);
  });
});
