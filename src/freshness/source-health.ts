/**
 * Per source: its latest runs, whether its data is fresh, and its postings by state. One rule for
 * `openings status`, /healthz, the page and /metrics: a source is stale when it had no healthy run
 * within `freshness.staleAfterHours`, failing when its latest run was not healthy.
 */
import type { Db } from '../../db/database.ts';
import { postingCounts } from '../../db/postings.ts';
import { latestRun, type RunRow } from '../../db/runs.ts';
import type { Config } from '../config.ts';
import type { PostingState } from '../model/lifecycle.ts';
import { HOUR_MS } from '../model/time.ts';
import { organisationsOf } from '../organisations.ts';
import { sourceLabelFor } from '../wording/labels.ts';

/** `failing`: the latest run failed; `stale`: no healthy run for `freshness.staleAfterHours`. */
export type SourceVerdict = 'ok' | 'stale' | 'failing';

export interface SourceHealth {
  source: string;
  label: string;
  enabled: boolean;
  lastRun: RunRow | null;
  lastHealthyRun: RunRow | null;
  /** Latest unhealthy or aborted run. */
  lastFailure: RunRow | null;
  stale: boolean;
  verdict: SourceVerdict;
  postings: Record<PostingState, number>;
}

function isStale(lastHealthyRun: RunRow | null, config: Config, now: Date): boolean {
  const finished = lastHealthyRun?.finishedAt ? Date.parse(lastHealthyRun.finishedAt) : null;
  return finished === null || now.getTime() - finished > config.freshness.staleAfterHours * HOUR_MS;
}

/** Every configured source; `onlyEnabled` keeps those that scrapes run (what monitoring watches). */
/** Runs are every organisation's (one crawl); posting counts are one organisation's when it is named. */
export function sourceHealth(
  db: Db,
  config: Config,
  now: Date,
  onlyEnabled = true,
  organisation: string | null = null,
): SourceHealth[] {
  const counts = postingCounts(db, organisation);
  const readers = organisationsOf(config).filter((o) => organisation === null || o.id === organisation);
  const sources = Object.entries(config.sources).filter(([, settings]) => !onlyEnabled || settings.enabled);
  return sources.map(([source, settings]) => {
    const lastRun = latestRun(db, source) ?? null;
    const lastHealthyRun = latestRun(db, source, 'healthy') ?? null;
    const failures = [latestRun(db, source, 'unhealthy'), latestRun(db, source, 'aborted')].filter(
      (r): r is RunRow => r !== undefined,
    );
    const lastFailure = failures.sort((a, b) => b.id - a.id)[0] ?? null;
    const stale = settings.enabled && isStale(lastHealthyRun, config, now);
    const postings: Record<PostingState, number> = { open: 0, missing: 0, closed: 0 };
    for (const c of counts) if (c.source === source) postings[c.state] = c.n;
    return {
      source,
      label: sourceLabelFor(source, readers),
      enabled: settings.enabled,
      lastRun,
      lastHealthyRun,
      lastFailure,
      stale,
      verdict: lastRun && lastRun.status !== 'healthy' ? 'failing' : stale ? 'stale' : 'ok',
      postings,
    };
  });
}
