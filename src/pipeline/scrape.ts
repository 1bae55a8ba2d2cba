/**
 * `openings scrape`: one run of each selected source, under the database's scrape lock. Sources
 * run concurrently, each paced per host by the shared fetcher, so a polite scrape takes about the
 * time of its slowest portal rather than the sum.
 */
import type { Db } from '../../db/database.ts';
import { sqliteHttpCache } from '../../db/http-cache.ts';
import { acquireLock, SCRAPE_LOCK } from '../../db/lock.ts';
import { pruneOldRecords } from '../../db/maintenance.ts';
import { registerOrganisations } from '../../db/organisations.ts';
import type { OpenDataSettings } from '../../scrapers/csp-open-data/facts.ts';
import { getSource, isSourceId, SOURCE_IDS } from '../../scrapers/index.ts';
import type { Config } from '../config.ts';
import { Fetcher } from '../http/fetcher.ts';
import type { Logger } from '../log.ts';
import type { BaseSourceSettings, Source } from '../model/source.ts';
import { DAY_MS } from '../model/time.ts';
import { enqueueStaleNotifications, notifyContext } from '../notify/enqueue.ts';
import { deliverAfterScrape } from '../notify/sender.ts';
import { organisationsOf } from '../organisations.ts';
import { runReasonText } from '../wording/reasons.ts';
import type { PageReport } from './crawl.ts';
import { ParsePool } from './parse-pool.ts';
import { runOpenData } from './run-open-data.ts';
import { type RunOutcome, runSource } from './run-source.ts';

export { SCRAPE_LOCK };

export interface ScrapeOptions {
  /** Source ids to run; all enabled sources when empty. */
  only?: readonly string[];
  now?: () => Date;
  onPage?: (source: string, report: PageReport) => void;
  onRunEnd?: (outcome: RunOutcome) => void;
  /** Each run's end is logged at info (the daemon, which has no terminal line, warns of failures itself). */
  log?: Logger;
}

class UnknownSourceError extends Error {}

/** The sources a scrape runs: the requested ones (enabled or not), else every enabled one. */
export function selectSources(config: Config, only: readonly string[] = []): string[] {
  for (const id of only) {
    if (!isSourceId(id)) throw new UnknownSourceError(`unknown source "${id}" (known: ${SOURCE_IDS.join(', ')})`);
  }
  return only.length > 0 ? [...new Set(only)] : SOURCE_IDS.filter((id) => config.sources[id].enabled);
}

/**
 * The runs, then one bounded delivery pass of what they wrote to the outbox (which never fails the
 * scrape). Outcomes come in registry order, whichever source finished first.
 */
export async function scrape(db: Db, config: Config, options: ScrapeOptions = {}): Promise<RunOutcome[]> {
  const outcomes = await runSources(db, config, options);
  await deliverAfterScrape(db, config, options.now);
  return outcomes;
}

async function runSources(db: Db, config: Config, options: ScrapeOptions): Promise<RunOutcome[]> {
  const ids = selectSources(config, options.only);
  const release = acquireLock(db, SCRAPE_LOCK);
  const parsePool = new ParsePool();
  try {
    const now = options.now ?? (() => new Date());
    pruneOldRecords(db, now().getTime() - config.retention.days * DAY_MS);
    const fetcher = new Fetcher({ http: config.http, cache: sqliteHttpCache(db) });
    const organisations = organisationsOf(config);
    registerOrganisations(db, organisations, now().toISOString());
    const notify = notifyContext(config);
    // The fetcher's per-host queues (p-queue) pace each portal; sources themselves run side by side.
    const outcomes = await Promise.all(
      ids.map(async (id) => {
        const source = getSource(id)!;
        const settings = (config.sources as Record<string, BaseSourceSettings>)[id]!;
        // The open-data file is streamed and stored beside the postings, not crawled into them.
        const outcome =
          source.kind === 'open-data'
            ? await runOpenData((await source.load()) as Source<OpenDataSettings>, settings as OpenDataSettings, {
                db,
                fetcher,
                organisations,
                now,
                notify,
                ...(options.log ? { log: options.log } : {}),
              })
            : await runSource(source, settings, {
                db,
                fetcher,
                organisations: organisations.map((o) => ({
                  id: o.id,
                  matcher: o.matcher,
                  sourceSettings: o.sourceSettings[id] ?? {},
                })),
                lifecycle: config.lifecycle,
                detailRefreshHours: config.freshness.detailRefreshHours,
                now,
                notify,
                parsePool,
                ...(options.log ? { log: options.log } : {}),
                ...(options.onPage ? { onPage: options.onPage } : {}),
              });
        logRun(options.log, outcome);
        options.onRunEnd?.(outcome);
        return outcome;
      }),
    );
    enqueueStaleNotifications(db, config, now(), notify);
    return outcomes;
  } finally {
    await parsePool.close();
    release();
  }
}

function logRun(log: Logger | undefined, o: RunOutcome): void {
  const { status, reason, pages, listed, postingsFound } = o.summary;
  const entry = {
    source: o.source,
    runId: o.runId,
    status,
    pages,
    listed,
    postings: postingsFound,
    offerPages: o.detailsFetched,
    ...(reason ? { reasonCode: reason.reason.code, reason: runReasonText(reason) } : {}),
  };
  log?.info(entry, status === 'healthy' ? 'source run finished' : 'source run unhealthy');
}
