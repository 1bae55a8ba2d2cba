import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/database.ts';
import { openDatabase } from '../../db/database.ts';
import { finishRun, latestRun, requestLog, startRun } from '../../db/runs.ts';
import type { RequestRecord } from '../../src/model/run.ts';
import { scratchDir } from '../support/scratch-dir.ts';

function database(): Db {
  const dir = scratchDir('request-log');
  return openDatabase(join(dir, 'openings.db'));
}

const request = (i: number): RequestRecord => ({
  url: `https://choisirleservicepublic.gouv.fr/offre-emploi/${i}/`,
  fetchedUrl: `https://choisirleservicepublic.gouv.fr/offre-emploi/${i}/`,
  status: 200,
  bytes: 1000,
  ms: 12.4,
  conditional: false,
  revalidated: false,
  attempt: 1,
  error: null,
  at: '2026-12-08T10:00:00.000Z',
});

const written = (db: Db, runId: number) =>
  (db.prepare('SELECT COUNT(*) AS n FROM requests WHERE run_id = ?').get(runId) as { n: number }).n;

const summary = {
  status: 'healthy' as const,
  reason: null,
  pages: 1,
  listed: 0,
  postingsFound: 0,
  declaredTotal: null,
  problems: [],
};

describe("a run's request log", () => {
  // Held to the run's end, 21,000 records (about 10 MB) made the peak grow with the number of offers.
  it('writes the requests as the run goes, and the rest with the run', () => {
    const db = database();
    try {
      const runId = startRun(db, 'csp', '2026-12-08T10:00:00.000Z');
      const log = requestLog(db, runId);
      for (let i = 0; i < 450; i++) log.record(request(i));
      expect(written(db, runId)).toBe(400);
      db.transaction(() => finishRun(db, runId, '2026-12-08T10:05:00.000Z', summary, log))();
      expect(written(db, runId)).toBe(450);
      expect(latestRun(db, 'csp')).toMatchObject({ requests: 450, bytes: 450_000 });
    } finally {
      db.close();
    }
  });

  it('keeps what a failed write could not store, for the run to write at its end', () => {
    const db = database();
    try {
      const runId = startRun(db, 'csp', '2026-12-08T10:00:00.000Z');
      const log = requestLog(db, runId);
      // A full disk, as far as the request log can tell.
      db.exec(
        `CREATE TRIGGER refuse BEFORE INSERT ON requests BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`,
      );
      for (let i = 0; i < 250; i++) log.record(request(i));
      expect(written(db, runId)).toBe(0);
      expect(() => db.transaction(() => finishRun(db, runId, '2026-12-08T10:05:00.000Z', summary, log))()).toThrow(
        /disk is full/,
      );
      db.exec('DROP TRIGGER refuse');
      db.transaction(() => finishRun(db, runId, '2026-12-08T10:05:00.000Z', summary, log))();
      expect(written(db, runId)).toBe(250);
      expect(latestRun(db, 'csp')).toMatchObject({ requests: 250, bytes: 250_000 });
    } finally {
      db.close();
    }
  });
});
