/**
 * A year of runs must not bloat the file: each scrape prunes per-request records, run details and
 * cached bodies older than `retention.days`, and keeps postings, history, events and runs.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixturePortals } from '../../src/fixture-portal/server.ts';
import { runCli, workspace } from '../support/cli.ts';
import { startPortals, testConfig } from '../support/portals.ts';

let portals: FixturePortals;
beforeAll(async () => {
  portals = await startPortals(['pass']);
});
afterAll(async () => portals.close());

describe('retention', () => {
  it('a scrape prunes old requests, run details and unused cached bodies, and keeps the rest', async () => {
    const ws = workspace(testConfig(portals, ['pass'], { retention: { days: 30 } }));
    expect((await runCli([...ws.args, 'scrape'])).code).toBe(0);

    // Age the first run by a year, and leave a cached body nobody asked for since.
    const db = new Database(ws.dbPath);
    const old = '2025-11-01T08:00:00.000Z';
    db.prepare(`UPDATE requests SET at = ?`).run(old);
    db.prepare(`UPDATE runs SET finished_at = ?, problems = '[{"severity":"warning","message":"old","url":"u"}]'`).run(
      old,
    );
    db.prepare(
      `INSERT INTO http_cache (url, etag, content_type, body, stored_at, used_at) VALUES ('https://gone.example/offre', '"x"', 'text/html', x'00', ?, ?)`,
    ).run(old, old);
    const counts = () =>
      db
        .prepare(`SELECT (SELECT COUNT(*) FROM requests) AS requests, (SELECT COUNT(*) FROM runs) AS runs, (SELECT COUNT(*) FROM postings) AS postings,
      (SELECT COUNT(*) FROM events) AS events, (SELECT COUNT(*) FROM http_cache WHERE url LIKE 'https://gone%') AS goneBodies,
      (SELECT COUNT(*) FROM runs WHERE problems != '[]') AS runsWithDetails`)
        .get() as Record<string, number>;
    const before = counts();
    db.close();
    expect(before.requests).toBeGreaterThan(0);

    expect((await runCli([...ws.args, 'scrape'])).code).toBe(0);
    const reopened = new Database(ws.dbPath, { readonly: true });
    const after = reopened
      .prepare(`SELECT (SELECT COUNT(*) FROM requests WHERE at < '2026-01-01') AS oldRequests, (SELECT COUNT(*) FROM requests) AS requests,
      (SELECT COUNT(*) FROM runs) AS runs, (SELECT COUNT(*) FROM postings) AS postings, (SELECT COUNT(*) FROM events) AS events,
      (SELECT COUNT(*) FROM http_cache WHERE url LIKE 'https://gone%') AS goneBodies, (SELECT COUNT(*) FROM runs WHERE problems LIKE '%old%') AS oldDetails,
      (SELECT COUNT(*) FROM http_cache) AS cached`)
      .get() as Record<string, number>;
    reopened.close();
    expect(after).toMatchObject({
      oldRequests: 0,
      goneBodies: 0,
      oldDetails: 0,
      runs: before.runs! + 1,
      postings: before.postings,
      events: before.events,
    });
    // This run's own requests and the bodies it revalidated stay.
    expect(after.requests).toBeGreaterThan(0);
    expect(after.cached).toBeGreaterThan(0);
  });
});
