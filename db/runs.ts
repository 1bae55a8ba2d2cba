/** Source runs and the requests each made. */
import { z } from 'zod';
import type { RequestRecord, RunReason, RunStatus, RunSummary, RunVerdictReason } from '../src/model/run.ts';
import type { Problem } from '../src/model/source.ts';
import type { Db } from './database.ts';
import { prepared } from './statements.ts';

export interface RunRow {
  id: number;
  source: string;
  startedAt: string;
  finishedAt: string | null;
  status: RunStatus;
  reason: RunVerdictReason | null;
  pages: number;
  listed: number | null;
  postingsFound: number;
  declaredTotal: number | null;
  requests: number;
  bytes: number;
  problems: Problem[];
}

interface RawRunRow {
  id: number;
  source: string;
  started_at: string;
  finished_at: string | null;
  status: RunStatus;
  reason: string | null;
  pages: number;
  listed: number | null;
  postings_found: number;
  declared_total: number | null;
  requests: number;
  bytes: number;
  problems: string;
}

const text = z.string();
const count = z.number().int();
const runReason: z.ZodType<RunReason> = z.union([
  z.strictObject({ code: z.literal('no-inventory-request') }),
  z.strictObject({ code: z.literal('fetch-failed'), url: text, error: text }),
  z.strictObject({ code: z.literal('page-not-understood'), url: text, message: text }),
  z.strictObject({ code: z.literal('page-cap'), series: text, maxPages: count }),
  z.strictObject({ code: z.literal('count-below-announced'), listed: count, announced: count }),
  z.strictObject({ code: z.literal('count-below-previous'), listed: count, previous: count }),
  z.strictObject({ code: z.literal('nothing-listed'), previous: count }),
  z.strictObject({ code: z.literal('offer-page-not-understood'), url: text, message: text }),
  z.strictObject({ code: z.literal('internal-error'), message: text }),
  z.strictObject({ code: z.literal('interrupted') }),
  z.strictObject({ code: z.literal('legacy'), text }),
]);
const verdictReason = z.strictObject({ reason: runReason, more: count.min(0) });

/** A stored reason: JSON of a code; anything else (a hand-edited row) is kept as text, never dropped. */
function readReason(raw: string | null): RunVerdictReason | null {
  if (raw === null) return null;
  try {
    const parsed = verdictReason.safeParse(JSON.parse(raw));
    if (parsed.success) return parsed.data;
  } catch {
    // not JSON: below
  }
  return { reason: { code: 'legacy', text: raw }, more: 0 };
}

const toRun = (r: RawRunRow): RunRow => ({
  id: r.id,
  source: r.source,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  status: r.status,
  reason: readReason(r.reason),
  pages: r.pages,
  listed: r.listed,
  postingsFound: r.postings_found,
  declaredTotal: r.declared_total,
  requests: r.requests,
  bytes: r.bytes,
  problems: JSON.parse(r.problems) as Problem[],
});

/** Records the start of a source run (committed at once, so a crash leaves a visible trace). */
export function startRun(db: Db, source: string, at: string): number {
  const info = prepared(db, `INSERT INTO runs (source, started_at, status, pid) VALUES (?, ?, 'running', ?)`).run(
    source,
    at,
    process.pid,
  );
  return Number(info.lastInsertRowid);
}

/**
 * A run's requests, written to `requests` as the run goes rather than held to its end: at 20,000
 * offers a run makes 21,000 requests, about 10 MB of records, which held in memory made the peak
 * grow with the number of offers. A write that fails mid-run (a full disk) keeps its records
 * pending: the run's final transaction writes them, or fails as any of its writes would.
 */
export interface RequestLog {
  readonly record: (entry: RequestRecord) => void;
  /** Writes what is pending (the run's final transaction calls it through `finishRun`). */
  readonly flush: () => void;
  readonly count: () => number;
  readonly bytes: () => number;
}

const REQUESTS_PER_WRITE = 200;

export function requestLog(db: Db, runId: number): RequestLog {
  let pending: RequestRecord[] = [];
  let count = 0;
  let bytes = 0;
  const insert = prepared(
    db,
    `INSERT INTO requests (run_id, url, fetched_url, status, bytes, ms, conditional, revalidated, attempt, error, at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const write = db.transaction((records: readonly RequestRecord[]) => {
    for (const r of records)
      insert.run(
        runId,
        r.url,
        r.fetchedUrl,
        r.status,
        r.bytes,
        Math.round(r.ms),
        r.conditional ? 1 : 0,
        r.revalidated ? 1 : 0,
        r.attempt,
        r.error,
        r.at,
      );
  });
  const flush = () => {
    if (pending.length === 0) return;
    write(pending);
    pending = [];
  };
  return {
    record: (entry) => {
      pending.push(entry);
      count += 1;
      bytes += entry.bytes;
      if (pending.length < REQUESTS_PER_WRITE) return;
      try {
        flush();
      } catch {
        // Kept for the final transaction, which reports the failure with the run's.
      }
    },
    flush,
    count: () => count,
    bytes: () => bytes,
  };
}

/** Closes a run with its verdict and the requests it made; call inside the run's transaction. */
export function finishRun(db: Db, runId: number, at: string, summary: RunSummary, requests: RequestLog): void {
  requests.flush();
  prepared(
    db,
    `UPDATE runs SET finished_at = ?, status = ?, reason = ?, pages = ?, listed = ?, postings_found = ?, declared_total = ?,
       requests = ?, bytes = ?, problems = ? WHERE id = ?`,
  ).run(
    at,
    summary.status,
    summary.reason && JSON.stringify(summary.reason),
    summary.pages,
    summary.listed,
    summary.postingsFound,
    summary.declaredTotal,
    requests.count(),
    requests.bytes(),
    JSON.stringify(summary.problems),
    runId,
  );
}

/**
 * Runs left `running` when no scrape is going on (call under the scrape lock): their process ended
 * before they did (killed, out of memory, a full disk, a reboot). They become failed runs, said
 * interrupted, and whatever they staged is dropped: they changed nothing else.
 */
export function abortUnfinishedRuns(db: Db, at: string): void {
  const reason: RunVerdictReason = { reason: { code: 'interrupted' }, more: 0 };
  prepared(db, `UPDATE runs SET status = 'aborted', finished_at = ?, reason = ? WHERE status = 'running'`).run(
    at,
    JSON.stringify(reason),
  );
  prepared(db, `DELETE FROM run_stage WHERE run_id NOT IN (SELECT id FROM runs WHERE status = 'running')`).run();
  prepared(
    db,
    `DELETE FROM run_stage_matches WHERE run_id NOT IN (SELECT id FROM runs WHERE status = 'running')`,
  ).run();
}

/** The latest run of a source with the given status (any finished status when omitted). */
export function latestRun(db: Db, source: string, status?: RunStatus): RunRow | undefined {
  const row = status
    ? prepared<[string, string], RawRunRow>(
        db,
        'SELECT * FROM runs WHERE source = ? AND status = ? ORDER BY id DESC LIMIT 1',
      ).get(source, status)
    : prepared<[string], RawRunRow>(
        db,
        `SELECT * FROM runs WHERE source = ? AND status != 'running' ORDER BY id DESC LIMIT 1`,
      ).get(source);
  return row && toRun(row);
}

/** Finished runs by source and status (for /metrics): kept by a trigger, read in constant time. */
export function runCountsByStatus(db: Db): { source: string; status: RunStatus; n: number }[] {
  return prepared<[], { source: string; status: RunStatus; n: number }>(
    db,
    'SELECT source, status, n FROM run_counts',
  ).all();
}

/** Finished runs of a source, newest first (for "how many failures in a row"). */
export function recentRuns(db: Db, source: string, limit: number): RunRow[] {
  return prepared<[string, number], RawRunRow>(
    db,
    `SELECT * FROM runs WHERE source = ? AND status != 'running' ORDER BY id DESC LIMIT ?`,
  )
    .all(source, limit)
    .map(toRun);
}

export function getRun(db: Db, runId: number): RunRow | undefined {
  const row = prepared<[number], RawRunRow>(db, 'SELECT * FROM runs WHERE id = ?').get(runId);
  return row && toRun(row);
}
