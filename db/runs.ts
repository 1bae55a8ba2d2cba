import type { RequestRecord } from '../src/http/fetcher.ts';
import type { Problem } from '../src/model/source.ts';
import type { Db } from './database.ts';

export type RunStatus = 'running' | 'healthy' | 'unhealthy' | 'aborted';

export interface RunSummary {
  status: Exclude<RunStatus, 'running'>;
  reason: string | null;
  pages: number;
  /** Postings the inventory listed, every employer included (the plausibility check compares it). */
  listed: number | null;
  postingsFound: number;
  declaredTotal: number | null;
  problems: Problem[];
}

export interface RunRow {
  id: number;
  source: string;
  startedAt: string;
  finishedAt: string | null;
  status: RunStatus;
  reason: string | null;
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

const toRun = (r: RawRunRow): RunRow => ({
  id: r.id,
  source: r.source,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  status: r.status,
  reason: r.reason,
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
  const info = db.prepare(`INSERT INTO runs (source, started_at, status, pid) VALUES (?, ?, 'running', ?)`).run(source, at, process.pid);
  return Number(info.lastInsertRowid);
}

/** Closes a run with its verdict and the requests it made; call inside the run's transaction. */
export function finishRun(db: Db, runId: number, at: string, summary: RunSummary, requests: readonly RequestRecord[]): void {
  const insert = db.prepare(
    `INSERT INTO requests (run_id, url, fetched_url, status, bytes, ms, conditional, revalidated, attempt, error, at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const r of requests) {
    insert.run(runId, r.url, r.fetchedUrl, r.status, r.bytes, Math.round(r.ms), r.conditional ? 1 : 0, r.revalidated ? 1 : 0, r.attempt, r.error, r.at);
  }
  const bytes = requests.reduce((sum, r) => sum + r.bytes, 0);
  db.prepare(
    `UPDATE runs SET finished_at = ?, status = ?, reason = ?, pages = ?, listed = ?, postings_found = ?, declared_total = ?,
       requests = ?, bytes = ?, problems = ? WHERE id = ?`,
  ).run(at, summary.status, summary.reason, summary.pages, summary.listed, summary.postingsFound, summary.declaredTotal, requests.length, bytes, JSON.stringify(summary.problems), runId);
}


/** The latest run of a source with the given status (any finished status when omitted). */
export function latestRun(db: Db, source: string, status?: RunStatus): RunRow | undefined {
  const row = status
    ? db.prepare<[string, string], RawRunRow>('SELECT * FROM runs WHERE source = ? AND status = ? ORDER BY id DESC LIMIT 1').get(source, status)
    : db.prepare<[string], RawRunRow>(`SELECT * FROM runs WHERE source = ? AND status != 'running' ORDER BY id DESC LIMIT 1`).get(source);
  return row && toRun(row);
}


/** Finished runs counted by source and status (for /metrics). */
export function runCountsByStatus(db: Db): { source: string; status: RunStatus; n: number }[] {
  return db.prepare<[], { source: string; status: RunStatus; n: number }>(`SELECT source, status, COUNT(*) AS n FROM runs WHERE status != 'running' GROUP BY source, status`).all();
}
