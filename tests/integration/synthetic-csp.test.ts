/**
 * The synthetic Choisir le service public of the scale bench, held to what the bench relies on:
 * the real CLI scrapes it to N healthy postings with their offer-page details, an unchanged re-run
 * fetches no offer page, and its "changed" state changes exactly 1 offer in 100 (so the bench's
 * figures cannot silently rot into measuring a broken or empty run).
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cspSource } from '../../scrapers/csp/index.ts';
import {
  SyntheticCspPortal,
  type SyntheticRequest,
  syntheticCspConfig,
} from '../../scripts/synthetic-portal/csp-portal.ts';
import type { Posting } from '../../src/model/posting.ts';
import { pageInHand } from '../../src/model/source.ts';
import { runCli, workspace } from '../support/cli.ts';

const N = 30;

function storedPostings(dbPath: string): Posting[] {
  const db = new Database(dbPath, { readonly: true });
  try {
    return (
      db.prepare(`SELECT data FROM postings JOIN posting_content ON posting_id = id WHERE source = 'csp'`).all() as {
        data: string;
      }[]
    ).map((r) => JSON.parse(r.data) as Posting);
  } finally {
    db.close();
  }
}

interface StatusJson {
  sources: {
    source: string;
    lastRun: { status: string; listed: number; declaredTotal: number; postingsFound: number } | null;
  }[];
  postings: { source: string; state: string; detailError: string | null }[];
}

describe('synthetic CSP portal through the real CLI', () => {
  let portal: SyntheticCspPortal;
  let ws: ReturnType<typeof workspace>;
  const requestsOfRun = async (): Promise<SyntheticRequest[]> => {
    const before = portal.requests.length;
    const run = await runCli([...ws.args, 'scrape', '--source', 'csp']);
    expect(run.code, run.stderr).toBe(0);
    return portal.requests.slice(before);
  };

  beforeAll(async () => {
    // Captured page weight (not the real 4.5 MB): what is tested is the markup, not the cost.
    portal = await SyntheticCspPortal.start({ offers: N, seed: 7, listingBytes: 0 });
    ws = workspace(syntheticCspConfig(portal));
  });
  afterAll(async () => portal.close());

  it('scrapes to N healthy postings, each with its offer-page details', async () => {
    const requests = await requestsOfRun();
    expect(requests.filter((r) => r.kind === 'offer' && r.status === 200)).toHaveLength(N);
    expect(requests.filter((r) => r.kind === 'listing').map((r) => r.path)).toEqual([
      '/nos-offres/filtres/mot-cles/dgfip/',
      '/nos-offres/filtres/mot-cles/dgfip/page/2/',
    ]);

    const status = JSON.parse((await runCli([...ws.args, 'status', '--json'])).stdout) as StatusJson;
    expect(status.sources.find((s) => s.source === 'csp')?.lastRun).toMatchObject({
      status: 'healthy',
      listed: N,
      declaredTotal: N,
      postingsFound: N,
    });
    const csp = status.postings.filter((p) => p.source === 'csp');
    expect(csp).toHaveLength(N);
    expect(csp.every((p) => p.state === 'open' && p.detailError === null)).toBe(true);

    const postings = storedPostings(ws.dbPath);
    expect(new Set(postings.map((p) => p.sourceId)).size).toBe(N);
    for (const p of postings) {
      // Fields only the offer page gives, and the organisation on every employer.
      expect(p.descriptionText, p.sourceId).toContain('Vos missions en quelques mots');
      expect(p.contractType, p.sourceId).not.toBeNull();
      expect(p.department, p.sourceId).not.toBeNull();
      expect(p.employer, p.sourceId).toMatch(/\bDGFiP\b/);
    }
    expect(postings.filter((p) => p.deadline !== null).length).toBeGreaterThan(N / 2);
    expect(new Set(postings.map((p) => p.title)).size).toBeGreaterThan(N / 2);
  });

  it('answers an unchanged re-run with 304s and no offer page', async () => {
    const requests = await requestsOfRun();
    expect(requests.filter((r) => r.kind === 'offer')).toEqual([]);
    expect(requests.every((r) => r.conditional && r.status === 304)).toBe(true);
  });

  it('in its changed state, makes a re-run fetch only the offer that changed, with its new deadline', async () => {
    const before = storedPostings(ws.dbPath);
    const changedIndexes = Array.from({ length: N }, (_, i) => i).filter((i) => SyntheticCspPortal.changes(i));
    expect(changedIndexes).toHaveLength(portal.changedOffers);
    expect(portal.changedOffers).toBe(1);
    portal.changed = true;
    const requests = await requestsOfRun();
    const changed = portal.offer(changedIndexes[0]!);
    expect(requests.filter((r) => r.kind === 'offer').map((r) => r.path)).toEqual([new URL(changed.url).pathname]);
    // Page 1 holds the changed card; page 2 did not change.
    expect(requests.filter((r) => r.kind === 'listing').map((r) => r.status)).toEqual([200, 304]);
    const after = storedPostings(ws.dbPath).find((p) => p.sourceId === changed.reference)!;
    const previous = before.find((p) => p.sourceId === changed.reference)!;
    expect(after.deadline).not.toBe(previous.deadline);
    expect(Date.parse(after.deadline!)).toBeGreaterThan(Date.parse(previous.deadline ?? '1970-01-01'));
  });
});

describe('synthetic CSP pages', () => {
  let portal: SyntheticCspPortal;
  beforeAll(async () => {
    portal = await SyntheticCspPortal.start({ offers: 45, seed: 3 });
  });
  afterAll(async () => portal.close());

  it('are cut from the real captures with nothing of the captured offer left', () => {
    const page = portal.offerPage(5);
    for (const left of ['DEF_15-00064919', 'DRSD', 'MALAKOFF', 'intradef', 'RECRUTEMENT ET DE LA MOBILITE'])
      expect(page).not.toContain(left);
    const listing = portal.listingPage(1)!;
    for (const left of ['2461230', 'DINUM', 'value="peren"']) expect(listing).not.toContain(left);
    // The real results page's weight, mostly facets.
    expect(listing.length).toBeGreaterThan(4_400_000);
    expect(listing.length).toBeLessThan(4_600_000);
  });

  it('parse as the real pages do: 20 cards a page, the announced total, pagination to the last page', () => {
    const settings = cspSource.settings.parse({ enabled: true, searchTerms: ['dgfip'], maxPages: 10 });
    const url = (page: number) =>
      `https://choisirleservicepublic.gouv.fr/nos-offres/filtres/mot-cles/dgfip/${page > 1 ? `page/${page}/` : ''}`;
    const pages = [1, 2, 3].map((page) =>
      cspSource.parse(
        pageInHand(
          { url: url(page), role: 'inventory', label: 'listing', series: 'dgfip', page },
          portal.listingPage(page)!,
        ),
        settings,
      ),
    );
    expect(pages.map((p) => [p.variant, p.postings.length, p.declaredTotal, p.next.map((n) => n.url)])).toEqual([
      ['csp-result-items', 20, 45, [url(2)]],
      ['csp-result-items', 20, 45, [url(3)]],
      ['csp-result-items', 5, 45, []],
    ]);
    expect(pages.flatMap((p) => p.problems)).toEqual([]);
    expect(portal.listingPage(4)).toBeNull();
  });

  it('are the same for the same seed and day, and differ with the seed', async () => {
    const today = new Date();
    const again = await SyntheticCspPortal.start({ offers: 45, seed: 3, today });
    const other = await SyntheticCspPortal.start({ offers: 45, seed: 4, today });
    try {
      expect(again.offerPage(12)).toBe(portal.offerPage(12));
      expect(
        other.offer(12).title === portal.offer(12).title && other.offer(12).employer === portal.offer(12).employer,
      ).toBe(false);
    } finally {
      await Promise.all([again.close(), other.close()]);
    }
  });

  it('serve ETags with 304s, no results for other searches, 404 elsewhere', async () => {
    const listing = `${portal.url}/nos-offres/filtres/mot-cles/dgfip/`;
    const first = await fetch(listing);
    const etag = first.headers.get('etag')!;
    await first.arrayBuffer();
    expect((await fetch(listing, { headers: { 'If-None-Match': etag } })).status).toBe(304);
    const other = await fetch(`${portal.url}/nos-offres/filtres/mot-cles/perenn/`);
    expect(await other.text()).toContain('Aucune offre ne correspond');
    const short = await fetch(`${portal.url}/offre-emploi/${portal.offer(0).reference}/`);
    expect(await short.text()).toContain(`data-reference="${portal.offer(0).reference}"`);
    expect((await fetch(`${portal.url}/offre-emploi/MEF_2026-1/`)).status).toBe(404);
    expect(await (await fetch(`${portal.url}/robots.txt`)).text()).toMatch(/User-agent/i);
  });
});
