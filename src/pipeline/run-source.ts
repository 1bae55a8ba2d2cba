/**
 * One source run, as a named list of steps: crawl the inventory → keep the organisation's
 * postings → judge the inventory → enrich new or changed ones from their offer pages (an offer
 * page in no known layout makes the run unhealthy too) → store, in one transaction. A run that is
 * not healthy records itself and changes no posting.
 */
import type { Db } from '../../db/database.ts';
import { findPosting } from '../../db/postings.ts';
import { finishRun, latestRun, startRun, type RunSummary } from '../../db/runs.ts';
import type { Fetcher, RequestRecord } from '../http/fetcher.ts';
import { applyHealthyRun, type ApplySettings } from '../lifecycle/apply-run.ts';
import type { OrganisationMatcher } from '../model/organisation.ts';
import { mergePostings } from '../model/posting.ts';
import type { BaseSourceSettings, ParsedPosting, Source } from '../model/source.ts';
import { enqueueRunNotifications, type NotifyContext } from '../notify/enqueue.ts';
import { crawlInventory, type PageFetcher, type PageReport } from './crawl.ts';
import { enrichWithDetail, type Enriched } from './enrich.ts';
import { judgeInventory } from './health.ts';

export interface RunContext {
  db: Db;
  fetcher: Fetcher;
  matcher: OrganisationMatcher;
  lifecycle: ApplySettings & { plausibleDropRatio: number };
  /** Offer pages of unchanged listings are revalidated after this long. */
  detailRefreshHours: number;
  now: () => Date;
  /** Every HTTP request the fetcher makes is routed here by the caller while this run is active. */
  requests: RequestRecord[];
  onPage?: (source: string, report: PageReport) => void;
  /** What the run's events are to be told to; written to the outbox inside the run's transaction. */
  notify: NotifyContext;
}

export interface RunOutcome {
  runId: number;
  source: string;
  summary: RunSummary;
  /** Offer pages fetched in this run (zero on a second run with nothing new). */
  detailsFetched: number;
  detailProblems: number;
}

export async function runSource<S extends BaseSourceSettings>(source: Source<S>, settings: S, ctx: RunContext): Promise<RunOutcome> {
  const iso = () => ctx.now().toISOString();
  const runId = startRun(ctx.db, source.id, iso());
  const fetchPage: PageFetcher = async (request) => (await ctx.fetcher.fetch(request, { policy: source.policy, baseUrl: settings.baseUrl })).page;

  let summary: RunSummary;
  let enriched: Enriched[] = [];
  try {
    const inventory = await crawlInventory(source, settings, fetchPage, (report) => ctx.onPage?.(source.id, report));
    const kept = keepOrganisation([...inventory.postings.values()], ctx.matcher);
    const previousListed = latestRun(ctx.db, source.id, 'healthy')?.listed ?? null;
    let verdict = judgeInventory(inventory, previousListed, ctx.lifecycle.plausibleDropRatio);
    if (verdict.healthy) {
      enriched = await enrichAll(source, settings, kept, fetchPage, ctx, iso);
      // An offer page in no known layout means the portal was redesigned: loud, and nothing stored.
      const redesigned = enriched.find((e) => e.layoutError);
      if (redesigned) verdict = { healthy: false, reason: `offer page not understood: ${redesigned.detailError}` };
    }
    summary = {
      status: verdict.healthy ? 'healthy' : 'unhealthy',
      reason: verdict.reason,
      pages: inventory.pages.length,
      listed: inventory.postings.size,
      postingsFound: kept.length,
      declaredTotal: inventory.declaredTotal,
      problems: [
        ...inventory.problems,
        ...enriched.filter((e) => e.detailError && e.fetched).map((e) => ({ severity: 'warning' as const, message: e.detailError!, url: e.item.detail?.url ?? e.item.posting.url })),
      ],
    };
  } catch (error) {
    // A bug or an unexpected page shape must still end as a recorded, harmless run.
    summary = { status: 'unhealthy', reason: `internal error: ${(error as Error).message}`, pages: 0, listed: null, postingsFound: 0, declaredTotal: null, problems: [] };
    enriched = [];
  }

  const at = iso();
  ctx.db.transaction(() => {
    if (summary.status === 'healthy') {
      applyHealthyRun(
        ctx.db,
        source.id,
        runId,
        at,
        enriched.map((e) => ({
          posting: e.detail ? mergePostings(e.item.posting, e.detail) : e.item.posting,
          inventoryHash: e.inventoryHash,
          detail: e.detail,
          detailAt: e.detailAt,
          detailError: e.detailError,
          filled: e.item.filled === true,
        })),
        ctx.lifecycle,
      );
    }
    finishRun(ctx.db, runId, at, summary, ctx.requests);
    enqueueRunNotifications(ctx.db, runId, ctx.notify);
  })();

  return {
    runId,
    source: source.id,
    summary,
    detailsFetched: enriched.filter((e) => e.fetched).length,
    detailProblems: enriched.filter((e) => e.detailError).length,
  };
}

/** Portals list every employer's offers: keep those whose hints name the organisation. */
function keepOrganisation(items: ParsedPosting[], matcher: OrganisationMatcher): ParsedPosting[] {
  return items.filter((item) => matcher.matchesAny(item.orgHints));
}

async function enrichAll<S extends BaseSourceSettings>(
  source: Source<S>,
  settings: S,
  items: ParsedPosting[],
  fetchPage: PageFetcher,
  ctx: RunContext,
  iso: () => string,
): Promise<Enriched[]> {
  const out: Enriched[] = [];
  for (const item of items) {
    const stored = findPosting(ctx.db, source.id, item.posting.sourceId);
    out.push(await enrichWithDetail(source, settings, item, stored, fetchPage, iso, ctx.detailRefreshHours * 3_600_000));
  }
  return out;
}
