/**
 * One source run, as a named list of steps: record the run → crawl the inventory into the run's
 * stage → judge the inventory → enrich new or changed postings from their offer pages (an offer
 * page in no known layout makes the run unhealthy too) → apply, in one transaction. A run that is
 * not healthy records itself and changes no posting. The run owns the record of its requests.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../../db/database.ts';
import { finishRun, latestRun, requestLog, startRun } from '../../db/runs.ts';
import { clearStage, stagedCounts, stagedDetailProblems } from '../../db/stage.ts';
import { clearStageMatches } from '../../db/stage-matches.ts';
import type { Derivation, Derived, Fetcher, RawPage } from '../http/fetcher.ts';
import { type ApplySettings, applyStagedRun } from '../lifecycle/apply-run.ts';
import type { Logger } from '../log.ts';
import { HiringPageClaim } from '../model/hiring-page-claim.ts';
import type { RunSummary } from '../model/run.ts';
import type {
  BaseSourceSettings,
  FetchedPage,
  PageRequest,
  ParseResult,
  Problem,
  SourceFacts,
} from '../model/source.ts';
import { HOUR_MS } from '../model/time.ts';
import { enqueueRunNotifications, type NotifyContext } from '../notify/enqueue.ts';
import { crawlInventory, type PageReader, type PageReport } from './crawl.ts';
import { enrichStaged } from './enrich.ts';
import { type HealthVerdict, judgeInventory } from './health.ts';
import type { ParsePool } from './parse-pool.ts';
import { parserFingerprint } from './parser-fingerprint.ts';
import { type StageOrganisation, stageSink } from './stage-inventory.ts';
import { crawlPolicy, unionStartRequests } from './start-requests.ts';

/** An organisation a run serves: its matcher, and its own settings of this source (its searches). */
interface RunOrganisation extends StageOrganisation {
  sourceSettings: Readonly<Record<string, unknown>>;
}

export interface RunContext {
  db: Db;
  fetcher: Fetcher;
  /** Whose postings the run stages and applies: one crawl for all of them. */
  organisations: readonly RunOrganisation[];
  lifecycle: ApplySettings & { plausibleDropRatio: number };
  /** Offer pages of unchanged listings are revalidated after this long. */
  detailRefreshHours: number;
  now: () => Date;
  onPage?: (source: string, report: PageReport) => void;
  /** What the run's events are to be told to; written to the outbox inside the run's transaction. */
  notify: NotifyContext;
  /** Where pages are parsed; in this thread without one. */
  parsePool: ParsePool;
  /** Each parse's start and end at debug level (what the server did meanwhile can be told apart). */
  log?: Logger;
}

export interface RunOutcome {
  runId: number;
  source: string;
  summary: RunSummary;
  /** Offer pages fetched in this run (zero on a second run with nothing new). */
  detailsFetched: number;
}

export async function runSource<S extends BaseSourceSettings>(
  source: SourceFacts<S>,
  settings: S,
  ctx: RunContext,
): Promise<RunOutcome> {
  const { db } = ctx;
  const iso = () => ctx.now().toISOString();
  const runId = startRun(db, source.id, iso());
  const requests = requestLog(db, runId);
  const organisations =
    source.kind === 'hiring-page' ? claimingPages(source, settings, ctx.organisations) : ctx.organisations;
  const starts = unionStartRequests(
    source,
    settings,
    organisations.map((o) => o.sourceSettings),
  );
  const target = { policy: crawlPolicy(source, starts), baseUrl: settings.baseUrl };
  const read = pageReader(source, settings, ctx, (request, derivation) =>
    ctx.fetcher.fetch(request, target, requests.record, derivation),
  );

  let summary: RunSummary;
  let detailsFetched = 0;
  try {
    const inventory = await crawlInventory(
      source,
      settings,
      read,
      stageSink(db, runId, organisations),
      (report) => ctx.onPage?.(source.id, report),
      starts,
    );
    const previousListed = latestRun(db, source.id, 'healthy')?.listed ?? null;
    let verdict: HealthVerdict = judgeInventory(inventory, previousListed, ctx.lifecycle.plausibleDropRatio);
    const detailWarnings: Problem[] = [];
    if (verdict.healthy) {
      const enriched = await enrichStaged(db, runId, source.id, read, iso, ctx.detailRefreshHours * HOUR_MS);
      detailsFetched = enriched.fetched;
      detailWarnings.push(...enriched.warnings);
      if (enriched.moreWarnings > 0)
        detailWarnings.push({
          severity: 'warning',
          message: `${enriched.moreWarnings} more warnings of offer pages`,
          url: enriched.warnings.at(-1)!.url,
        });
      // An offer page in no known layout means the portal was redesigned: loud, and nothing stored.
      if (enriched.notUnderstood)
        verdict = {
          healthy: false,
          reason: { reason: { code: 'offer-page-not-understood', ...enriched.notUnderstood }, more: 0 },
        };
    }
    const detailProblems = stagedDetailProblems(db, runId).filter((p) => p.state === 'failed');
    summary = {
      status: verdict.healthy ? 'healthy' : 'unhealthy',
      reason: verdict.reason,
      pages: inventory.pages.length,
      listed: inventory.listed,
      postingsFound: stagedCounts(db, runId).matched,
      declaredTotal: inventory.declaredTotal,
      problems: [
        ...inventory.problems,
        ...detailProblems.map((p) => ({ severity: 'warning' as const, message: p.error, url: p.url })),
        ...detailWarnings,
      ],
    };
  } catch (error) {
    // A bug or an unexpected page shape must still end as a recorded, harmless run.
    summary = {
      status: 'unhealthy',
      reason: { reason: { code: 'internal-error', message: (error as Error).message }, more: 0 },
      pages: 0,
      listed: null,
      postingsFound: 0,
      declaredTotal: null,
      problems: [],
    };
  }

  // Every page is read: the workers' heaps are not needed for the lifecycle step (another source's pages start one again).
  await ctx.parsePool.releaseIdle();
  const at = iso();
  db.transaction(() => {
    if (summary.status === 'healthy')
      for (const organisation of ctx.organisations)
        applyStagedRun(db, source.id, runId, at, ctx.lifecycle, organisation.id);
    finishRun(db, runId, at, summary, requests);
    clearStage(db, runId);
    clearStageMatches(db, runId);
    enqueueRunNotifications(db, runId, ctx.notify);
  })();

  return { runId, source: source.id, summary, detailsFetched };
}

type DerivingFetch = (
  request: PageRequest,
  derivation: Derivation,
) => Promise<{ page: FetchedPage; derived: string | null }>;

/**
 * Pages are parsed in the pool when there is one, and their parse result is what the cache keeps
 * with the validators (JSON, under a key naming the parsers' code, the source, its settings and
 * the request): a 304 re-uses it, nothing is decoded or parsed again. The result is the same a
 * new parse would give, so the run is judged on what it saw either way.
 */
function pageReader<S extends BaseSourceSettings>(
  source: SourceFacts<S>,
  settings: S,
  ctx: RunContext,
  fetch: DerivingFetch,
): PageReader {
  const parse = async (page: RawPage, keepText: boolean): Promise<Derived> => {
    const where = { source: source.id, url: page.url, bytes: page.bytes.byteLength };
    ctx.log?.debug(where, 'page parse started');
    const derived = await ctx.parsePool.parse(source.id, page, settings, keepText);
    ctx.log?.debug(where, 'page parse ended');
    return derived;
  };
  const runKey = createHash('sha256')
    .update(JSON.stringify([parserFingerprint(), source.id, settings]))
    .digest('hex')
    .slice(0, 16);
  const read: PageReader = async (request) => {
    const { label, series, page, sourceId } = request;
    const key = `${runKey}:${JSON.stringify([label, series ?? null, page ?? null, sourceId ?? null])}`;
    const { page: fetched, derived } = await fetch(request, {
      key,
      make: parse,
      keepBody: source.kind === 'hiring-page',
    });
    return { result: JSON.parse(derived!) as ParseResult, notModified: fetched.notModified };
  };
  return (request) => ctx.parsePool.admit(() => read(request));
}

/**
 * A hiring page's postings are the organisations' whose hiring pages list the page: each claims
 * the postings of its own pages (its start requests), whatever names the page shows.
 */
function claimingPages<S extends BaseSourceSettings>(
  source: SourceFacts<S>,
  settings: S,
  organisations: readonly RunOrganisation[],
): RunOrganisation[] {
  return organisations.map((organisation) => ({
    ...organisation,
    matcher: new HiringPageClaim(source.start({ ...settings, ...organisation.sourceSettings }).map((r) => r.url)),
  }));
}
