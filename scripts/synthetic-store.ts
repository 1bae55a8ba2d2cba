/** Builds a database through the real lifecycle (runs, postings, openings, events): for `npm run bench` and the page and metrics tests. */
import type { Db } from '../db/database.ts';
import { openDatabase } from '../db/database.ts';
import { finishRun, type RequestLog, requestLog, startRun } from '../db/runs.ts';
import { clearStage, stageItem } from '../db/stage.ts';
import { clearStageMatches, setStageMatches } from '../db/stage-matches.ts';
import type { SourceId } from '../scrapers/index.ts';
import { applyStagedRun } from '../src/lifecycle/apply-run.ts';
import { writeParsedPosting } from '../src/model/parsed-posting-json.ts';
import { emptyPosting, type Posting } from '../src/model/posting.ts';
import type { RunSummary } from '../src/model/run.ts';

export const LIFECYCLE = {
  missingRunsToClose: 2,
  missingHoursToClose: 0,
  minimumPublicationDays: 30,
  similarityThreshold: 0.82,
};

export function memoryDb(): Db {
  return openDatabase(':memory:');
}

export function posting(source: SourceId, sourceId: string, fields: Partial<Posting>): Posting {
  return {
    ...emptyPosting(source, sourceId, `https://example.gouv.fr/${source}/${sourceId}`, fields.title ?? sourceId),
    ...fields,
  };
}

function requests(db: Db, runId: number, count: number, bytes: number, at: string): RequestLog {
  const log = requestLog(db, runId);
  for (let i = 0; i < count; i++)
    log.record({
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
    });
  return log;
}

/** A healthy run that saw exactly `seen` (absent postings of the source move toward closing). */
export function healthyRun(
  db: Db,
  source: SourceId,
  at: string,
  seen: Posting[],
  traffic = { requests: 2, bytes: 1000 },
  organisation = 'peren',
): number {
  const runId = startRun(db, source, at);
  for (const [i, p] of seen.entries()) {
    stageItem(db, runId, {
      sourceId: p.sourceId,
      seq: i + 1,
      matchesOrganisation: true,
      item: writeParsedPosting({ posting: p, orgHints: [] }),
      inventoryHash: JSON.stringify(p),
    });
    setStageMatches(db, runId, p.sourceId, [organisation]);
  }
  db.transaction(() => {
    applyStagedRun(db, source, runId, at, LIFECYCLE, organisation);
    clearStage(db, runId);
    clearStageMatches(db, runId);
    const summary: RunSummary = {
      status: 'healthy',
      reason: null,
      pages: 1,
      listed: seen.length + 3,
      postingsFound: seen.length,
      declaredTotal: seen.length + 3,
      problems: [],
    };
    finishRun(db, runId, at, summary, requests(db, runId, traffic.requests, traffic.bytes, at));
  })();
  return runId;
}

/** A failed run whose inventory page could not be fetched (`error`, e.g. `HTTP 503`). */
export function failedRun(db: Db, source: SourceId, at: string, url: string, error: string): number {
  const runId = startRun(db, source, at);
  const reason = { reason: { code: 'fetch-failed' as const, url, error }, more: 0 };
  finishRun(
    db,
    runId,
    at,
    { status: 'unhealthy', reason, pages: 0, listed: null, postingsFound: 0, declaredTotal: null, problems: [] },
    requests(db, runId, 1, 120, at),
  );
  return runId;
}
