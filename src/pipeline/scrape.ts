/** `openings scrape`: one run of each selected source, under the database's scrape lock. */
import type { Db } from '../../db/database.ts';
import { sqliteHttpCache } from '../../db/http-cache.ts';
import { acquireLock } from '../../db/lock.ts';
import { getSource } from '../../scrapers/index.ts';
import type { Config } from '../config.ts';
import { Fetcher, type RequestRecord } from '../http/fetcher.ts';
import { OrganisationMatcher } from '../model/organisation.ts';
import type { BaseSourceSettings } from '../model/source.ts';
import { enqueueStaleNotifications, notifyContext } from '../notify/enqueue.ts';
import { deliverAfterScrape } from '../notify/sender.ts';
import type { PageReport } from './crawl.ts';
import { runSource, type RunOutcome } from './run-source.ts';

export const SCRAPE_LOCK = 'scrape';

export interface ScrapeOptions {
  /** Source ids to run; all enabled sources when empty. */
  only?: readonly string[];
  now?: () => Date;
  onPage?: (source: string, report: PageReport) => void;
  onRunEnd?: (outcome: RunOutcome) => void;
}

/** The sources a scrape runs: the requested ones (enabled or not), else every enabled one. */
export function selectSources(config: Config, only: readonly string[] = []): string[] {
  const all = Object.keys(config.sources) as (keyof Config['sources'])[];
  for (const id of only) {
    if (!all.includes(id as keyof Config['sources'])) throw new Error(`unknown source "${id}" (known: ${all.join(', ')})`);
  }
  return only.length > 0 ? [...only] : all.filter((id) => config.sources[id].enabled);
}

/** The runs, then one bounded delivery pass of what they wrote to the outbox (which never fails the scrape). */
export async function scrape(db: Db, config: Config, options: ScrapeOptions = {}): Promise<RunOutcome[]> {
  const outcomes = await runSources(db, config, options);
  await deliverAfterScrape(db, config, options.now);
  return outcomes;
}

async function runSources(db: Db, config: Config, options: ScrapeOptions): Promise<RunOutcome[]> {
  const ids = selectSources(config, options.only);
  const release = acquireLock(db, SCRAPE_LOCK);
  try {
    let requests: RequestRecord[] = [];
    const fetcher = new Fetcher({ http: config.http, cache: sqliteHttpCache(db), onRequest: (r) => requests.push(r) });
    const matcher = new OrganisationMatcher(config.organisation.match);
    const notify = notifyContext(config);
    const outcomes: RunOutcome[] = [];
    for (const id of ids) {
      const source = getSource(id)!;
      const settings = config.sources[id as keyof Config['sources']] as BaseSourceSettings;
      requests = [];
      const outcome = await runSource(source, settings, {
        db,
        fetcher,
        matcher,
        lifecycle: config.lifecycle,
        detailRefreshHours: config.freshness.detailRefreshHours,
        now: options.now ?? (() => new Date()),
        requests,
        notify,
        ...(options.onPage ? { onPage: options.onPage } : {}),
      });
      outcomes.push(outcome);
      options.onRunEnd?.(outcome);
    }
    enqueueStaleNotifications(db, config, (options.now ?? (() => new Date()))(), notify);
    return outcomes;
  } finally {
    release();
  }
}
