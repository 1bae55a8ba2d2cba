/**
 * The probe plan on the sources with listings and offer pages (Passerelles, Choisir le service
 * public) and on PEReN's hiring page, run in-process against their fixture portals.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SOURCES } from '../../scrapers/index.ts';
import { parseConfig } from '../../src/config.ts';
import type { SourceReport } from '../../src/doctor/report.ts';
import { runDoctor } from '../../src/doctor/run-doctor.ts';
import { FixturePortals } from '../../src/fixture-portal/server.ts';
import { POSTING_FIELDS, type PostingField } from '../../src/model/posting.ts';
import type { BaseSourceSettings } from '../../src/model/source.ts';
import { FIXTURE_PORTALS, TEST_HTTP } from '../support/cli.ts';

const NAMES = ['passerelles', 'csp', 'peren'] as const;
const PASSERELLES = 'https://passerelles.economie.gouv.fr';
const LISTING_1 = `${PASSERELLES}/offre-de-emploi/liste-offres.aspx?page=1&LCID=1036`;
const LISTING_2 = `${PASSERELLES}/offre-de-emploi/liste-offres.aspx?page=2&LCID=1036`;
const OFFER_5373 = `${PASSERELLES}/offre-de-emploi/emploi-data-scientist-confirme-sen-peren-106-h-f_5373.aspx`;
const CSP_SEARCH = 'https://choisirleservicepublic.gouv.fr/nos-offres/filtres/mot-cles';

let portals: FixturePortals;
beforeAll(async () => {
  portals = await FixturePortals.start(FIXTURE_PORTALS, NAMES);
});
afterAll(async () => portals.close());
beforeEach(() => portals.reset());

async function doctor(id: (typeof NAMES)[number]): Promise<SourceReport> {
  const config = parseConfig({ sources: { [id]: { baseUrl: portals.urls[id] } }, http: TEST_HTTP });
  const source = await SOURCES[id].load();
  const settings = (config.sources as Record<string, BaseSourceSettings>)[id]!;
  const { report } = await runDoctor([{ source, settings }], {
    http: config.http,
    organisation: config.organisation.match,
  });
  return report.sources[0]!;
}

function filled(shares: Record<PostingField, number> | null): string[] {
  return POSTING_FIELDS.filter((field) => (shares?.[field] ?? 0) > 0);
}

describe('doctor on Passerelles', () => {
  it('reads the feed, both listing pages and the PEReN offer page: ok', async () => {
    const report = await doctor('passerelles');
    expect(report.verdict).toBe('ok');
    expect(report.findings).toEqual([]);
    expect(report.pages.map((p) => [p.channel, p.label, p.url, p.variant, p.postings, p.declaredTotal])).toEqual([
      ['robots.txt', 'robots.txt', `${PASSERELLES}/robots.txt`, null, null, null],
      ['inventory', 'rss', `${PASSERELLES}/handlers/offerRss.ashx?LCID=1036&top=1000`, 'talentsoft-rss', 6, null],
      ['inventory', 'listing', LISTING_1, 'ts-offer-list-item', 10, 14],
      ['inventory', 'listing', LISTING_2, 'ts-offer-list-item', 4, 14],
      // The feed and the listing both lead to the same PEReN offer first: one offer page.
      ['detail', 'offer', OFFER_5373, 'ts-offer-page', 1, null],
    ]);
    const [, feed, first, second, offer] = report.pages;
    expect(feed!.pagination).toBeNull();
    expect(first!.pagination).toEqual({
      understood: true,
      explanation: `next page found and read (${LISTING_2}): 4 posting(s), 4 not on this page`,
    });
    expect(second!.pagination).toBeNull();
    expect(filled(first!.fieldShares)).toEqual([
      'reference',
      'url',
      'title',
      'location',
      'department',
      'contractType',
      'publishedAt',
    ]);
    expect(filled(offer!.fieldShares)).toEqual([
      'reference',
      'url',
      'title',
      'location',
      'department',
      'contractType',
      'category',
      'versant',
      'educationLevel',
      'experience',
      'jobFamily',
      'remote',
      'duration',
      'deadline',
      'descriptionHtml',
      'descriptionText',
    ]);
  });

  it('a redesigned listing is broken, and says so', async () => {
    portals.override(
      'passerelles',
      'liste-offres-page-1.html',
      readFileSync(join(FIXTURE_PORTALS, 'passerelles/changed-layout/liste-offres.html')),
    );
    const report = await doctor('passerelles');
    expect(report.verdict).toBe('broken');
    expect(report.pages.map((p) => p.url)).not.toContain(LISTING_2);
    expect(report.findings).toEqual([
      {
        severity: 'broken',
        url: LISTING_1,
        message: `listing page: layout not recognised, titled «Nos offres d'emploi | Passerelles», the portal may have redesigned or moved it — parser: Talentsoft listing: no offer card found (li.ts-offer-list-item with a.ts-offer-list-item__title-link, or .ts-offer-card with a.ts-offer-card__title-link) (${LISTING_1})`,
      },
    ]);
  });

  it('a failing offer page only degrades the source', async () => {
    portals.inject('passerelles', '/offre-de-emploi/emploi-data-scientist-confirme-sen-peren-106-h-f_5373.aspx', {
      kind: 'status',
      status: 404,
    });
    const report = await doctor('passerelles');
    expect(report.verdict).toBe('degraded');
    expect(report.findings).toEqual([
      {
        severity: 'degraded',
        url: OFFER_5373,
        message: `offer page: HTTP error: ${OFFER_5373} (fetched as ${portals.urls.passerelles}/offre-de-emploi/emploi-data-scientist-confirme-sen-peren-106-h-f_5373.aspx): HTTP 404`,
      },
    ]);
  });

  it('an unreadable second page is broken, and the pagination not understood', async () => {
    portals.inject(
      'passerelles',
      '/offre-de-emploi/liste-offres.aspx',
      { kind: 'status', status: 404 },
      { query: { page: '2' } },
    );
    const report = await doctor('passerelles');
    expect(report.verdict).toBe('broken');
    const failure = `${LISTING_2} (fetched as ${portals.urls.passerelles}/offre-de-emploi/liste-offres.aspx?page=2&LCID=1036): HTTP 404`;
    expect(report.pages.find((p) => p.url === LISTING_1)!.pagination).toEqual({
      understood: false,
      explanation: `a next page is named (${LISTING_2}) but could not be read: ${failure}`,
    });
    expect(report.findings.map((f) => [f.severity, f.url])).toEqual([
      ['degraded', LISTING_1],
      ['broken', LISTING_2],
    ]);
  });
});

describe('doctor on Choisir le service public', () => {
  it('follows each search to its second page or its announced total, and samples a PEReN offer: ok', async () => {
    const report = await doctor('csp');
    expect(report.verdict).toBe('ok');
    expect(
      report.pages.map((p) => [p.channel, p.url, p.postings, p.declaredTotal, p.pagination?.understood ?? null]),
    ).toEqual([
      ['robots.txt', 'https://choisirleservicepublic.gouv.fr/robots.txt', null, null, null],
      ['inventory', `${CSP_SEARCH}/peren/`, 20, 27, true],
      ['inventory', `${CSP_SEARCH}/peren/page/2/`, 7, 27, null],
      ['inventory', `${CSP_SEARCH}/pole+d+expertise+de+la+regulation+numerique/`, 6, 6, true],
      [
        'detail',
        'https://choisirleservicepublic.gouv.fr/offre-emploi/sen-peren-106---data-scientist-confirme-hf-reference-MEF_2026-41872/',
        1,
        null,
        null,
      ],
    ]);
    expect(report.pages[3]!.pagination!.explanation).toBe('last page: the announced total (6) is reached');
  });
});

describe("doctor on PEReN's hiring page", () => {
  it('reads both languages, whose tiles give only a title and a link: ok', async () => {
    const report = await doctor('peren');
    expect(report.verdict).toBe('ok');
    expect(report.pages.map((p) => [p.url, p.variant, p.postings])).toEqual([
      ['https://peren.gouv.fr/robots.txt', null, null],
      ['https://peren.gouv.fr/recrutement/', 'dsfr-tiles', 3],
      ['https://peren.gouv.fr/en/recrutement/', 'dsfr-tiles', 3],
    ]);
    expect(filled(report.pages[1]!.fieldShares)).toEqual(['url', 'title']);
  });
});
