/** Builds a database through the real lifecycle (runs, postings, openings, events) for page and metrics tests. */
import type { Db } from '../../db/database.ts';
import { openDatabase } from '../../db/database.ts';
import { finishRun, startRun, type RunSummary } from '../../db/runs.ts';
import type { RequestRecord } from '../../src/http/fetcher.ts';
import { applyHealthyRun } from '../../src/lifecycle/apply-run.ts';
import { emptyPosting, type Posting, type SourceId } from '../../src/model/posting.ts';

export const LIFECYCLE = { missingRunsToClose: 2, missingHoursToClose: 0, minimumPublicationDays: 30, similarityThreshold: 0.82 };

export function memoryDb(): Db {
  return openDatabase(':memory:');
}

export function posting(source: SourceId, sourceId: string, fields: Partial<Posting>): Posting {
  return { ...emptyPosting(source, sourceId, `https://example.gouv.fr/${source}/${sourceId}`, fields.title ?? sourceId), ...fields };
}

function requests(count: number, bytes: number, at: string): RequestRecord[] {
  return Array.from({ length: count }, (_, i) => ({
    url: `https://example.gouv.fr/page/${i}`,
    fetchedUrl: `https://example.gouv.fr/page/${i}`,
    status: 200,
    bytes: i === 0 ? bytes : 0,
    ms: 10,
    conditional: false,
    revalidated: false,
    attempt: 1,
    error: null,
    at,
  }));
}

/** A healthy run that saw exactly `seen` (absent postings of the source move toward closing). */
export function healthyRun(db: Db, source: SourceId, at: string, seen: Posting[], traffic = { requests: 2, bytes: 1000 }): number {
  const runId = startRun(db, source, at);
  db.transaction(() => {
    applyHealthyRun(
      db,
      source,
      runId,
      at,
      seen.map((p) => ({ posting: p, inventoryHash: JSON.stringify(p), detail: null, detailAt: null, detailError: null, filled: false })),
      LIFECYCLE,
    );
    const summary: RunSummary = { status: 'healthy', reason: null, pages: 1, listed: seen.length + 3, postingsFound: seen.length, declaredTotal: seen.length + 3, problems: [] };
    finishRun(db, runId, at, summary, requests(traffic.requests, traffic.bytes, at));
  })();
  return runId;
}

export function failedRun(db: Db, source: SourceId, at: string, reason: string): number {
  const runId = startRun(db, source, at);
  finishRun(db, runId, at, { status: 'unhealthy', reason, pages: 0, listed: null, postingsFound: 0, declaredTotal: null, problems: [] }, requests(1, 120, at));
  return runId;
}
