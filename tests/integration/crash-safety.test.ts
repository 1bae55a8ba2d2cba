/**
 * A scrape killed with SIGKILL at each write window (its run row committed, the middle of the
 * run's transaction, after one source's commit) leaves a sound database holding what some
 * complete run left and nothing of the killed one; the next scrape takes over and completes. A
 * second scrape while one runs is refused.
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FixturePortals } from '../../src/fixture-portal/server.ts';
import { BIN, runCli, workspace } from '../support/cli.ts';
import { startPortals, testConfig } from '../support/portals.ts';

let portals: FixturePortals;
beforeAll(async () => {
  portals = await startPortals(['pass', 'peren']);
});
afterAll(async () => portals.close());
beforeEach(() => portals.reset());

function scrapeInBackground(args: readonly string[]): { child: ChildProcess; closed: Promise<unknown> } {
  const child = spawn(process.execPath, [BIN, ...args, 'scrape'], { stdio: 'ignore' });
  return { child, closed: new Promise((resolve) => child.once('close', resolve)) };
}

/** Polls until `ready` holds (reading the database as another process would); the test's own limit ends a wait that never ends. */
async function waitFor(ready: () => boolean): Promise<void> {
  while (!ready()) await sleep(25);
}

function read<T>(dbPath: string, query: (db: Database.Database) => T): T | null {
  if (!existsSync(dbPath)) return null;
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    return query(db);
  } catch {
    return null; // not created or not migrated yet
  } finally {
    db.close();
  }
}

const runs = (dbPath: string) =>
  read(
    dbPath,
    (db) =>
      db.prepare('SELECT id, source, status FROM runs ORDER BY id').all() as {
        id: number;
        source: string;
        status: string;
      }[],
  ) ?? [];

/** True while another connection holds the write lock (a transaction that has written). */
function writeLocked(dbPath: string): boolean {
  const db = new Database(dbPath, { fileMustExist: true, timeout: 0 });
  try {
    db.exec('BEGIN IMMEDIATE; ROLLBACK');
    return false;
  } catch (error) {
    return (error as { code?: string }).code === 'SQLITE_BUSY';
  } finally {
    db.close();
  }
}

/** What the killed run left: the database must exist, be sound, and hold nothing of that run but its row. */
function leftBy(dbPath: string, runId: number) {
  expect(existsSync(dbPath)).toBe(true);
  const db = new Database(dbPath, { readonly: true });
  try {
    const count = (sql: string) => (db.prepare(sql).get({ run: runId }) as { n: number }).n;
    return {
      integrity: db.pragma('integrity_check', { simple: true }),
      run: (db.prepare('SELECT status FROM runs WHERE id = ?').get(runId) as { status: string }).status,
      postings: count(
        'SELECT count(*) AS n FROM postings WHERE first_seen_run = @run OR last_seen_run = @run OR state_run = @run',
      ),
      events: count('SELECT count(*) AS n FROM events WHERE run_id = @run'),
      changes: count('SELECT count(*) AS n FROM posting_changes WHERE run_id = @run'),
      requests: count('SELECT count(*) AS n FROM requests WHERE run_id = @run'),
    };
  } finally {
    db.close();
  }
}

const NOTHING_OF_IT = { integrity: 'ok', run: 'running', postings: 0, events: 0, changes: 0, requests: 0 };

/** The next scrape takes the dead process's lock over, marks its run aborted and completes. */
async function recovers(args: readonly string[], dbPath: string, killedRun: number): Promise<void> {
  const next = await runCli([...args, 'scrape']);
  expect(next.code, next.stderr).toBe(0);
  const after = runs(dbPath);
  expect(after.find((r) => r.id === killedRun)?.status).toBe('aborted');
  expect(after.filter((r) => r.id > killedRun).every((r) => r.status === 'healthy')).toBe(true);
}

describe('crash safety', () => {
  it('killed once its run row is committed, while fetching: only that row is left', async () => {
    const ws = workspace(testConfig(portals, ['pass']));
    portals.inject('pass', '/flux/offres', { kind: 'delay', ms: 20_000 }, { times: 1 });
    const { child, closed } = scrapeInBackground(ws.args);
    await waitFor(() => runs(ws.dbPath).some((r) => r.status === 'running'));
    child.kill('SIGKILL');
    await closed;
    const [killed] = runs(ws.dbPath);
    expect(killed).toMatchObject({ source: 'pass', status: 'running' });
    expect(leftBy(ws.dbPath, killed!.id)).toEqual(NOTHING_OF_IT);
    await recovers(ws.args, ws.dbPath, killed!.id);
  });

  it("killed in the middle of the run's transaction, some postings already updated: none of it is kept", async () => {
    const ws = workspace(testConfig(portals, ['pass']));
    expect((await runCli([...ws.args, 'scrape'])).code).toBe(0);
    const seenBefore = read(ws.dbPath, (db) =>
      db.prepare('SELECT source_id, last_seen_run, data FROM postings ORDER BY id').all(),
    );
    // A trigger that keeps the transaction busy for seconds after the first postings were updated.
    const db = new Database(ws.dbPath);
    db.exec(`CREATE TABLE burn (x INTEGER);
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 8000) INSERT INTO burn SELECT i FROM n;
      CREATE TRIGGER slow_write AFTER UPDATE OF last_seen_run ON postings WHEN NEW.source_id = 'S-2026-118842'
      BEGIN SELECT count(*) FROM burn a, burn b WHERE a.x * b.x = -1; END;`);
    db.close();

    const { child, closed } = scrapeInBackground(ws.args);
    await waitFor(() => runs(ws.dbPath).length === 2);
    await waitFor(() => writeLocked(ws.dbPath));
    child.kill('SIGKILL');
    await closed;
    const killed = runs(ws.dbPath)[1]!;
    expect(leftBy(ws.dbPath, killed.id)).toEqual(NOTHING_OF_IT);
    expect(
      read(ws.dbPath, (d) => d.prepare('SELECT source_id, last_seen_run, data FROM postings ORDER BY id').all()),
    ).toEqual(seenBefore);

    const cleanup = new Database(ws.dbPath);
    cleanup.exec('DROP TRIGGER slow_write; DROP TABLE burn');
    cleanup.close();
    await recovers(ws.args, ws.dbPath, killed.id);
  });

  it("killed after one source's commit: that run is kept whole, the next one left nothing", async () => {
    const ws = workspace(testConfig(portals, ['pass', 'peren']));
    portals.inject('peren', '/recrutement/', { kind: 'delay', ms: 20_000 }, { times: 1 });
    const { child, closed } = scrapeInBackground(ws.args);
    await waitFor(() => {
      const all = runs(ws.dbPath);
      return (
        all.some((r) => r.source === 'pass' && r.status === 'healthy') &&
        all.some((r) => r.source === 'peren' && r.status === 'running')
      );
    });
    child.kill('SIGKILL');
    await closed;
    const all = runs(ws.dbPath);
    const pass = all.find((r) => r.source === 'pass')!;
    const peren = all.find((r) => r.source === 'peren')!;
    expect(leftBy(ws.dbPath, peren.id)).toEqual(NOTHING_OF_IT);
    const kept = leftBy(ws.dbPath, pass.id);
    expect(kept).toMatchObject({ integrity: 'ok', run: 'healthy', postings: 3, changes: 0 });
    expect(kept.events).toBeGreaterThan(0);
    expect(kept.requests).toBeGreaterThan(0);
    await recovers(ws.args, ws.dbPath, peren.id);
  });

  it('refuses a second scrape while one is running', async () => {
    // A portal that does not answer keeps the first scrape holding the lock until it is killed.
    portals.inject('pass', '/flux/offres', { kind: 'delay', ms: 600_000 });
    const ws = workspace(testConfig(portals, ['pass'], { http: { timeoutMs: 600_000 } }));
    const { child, closed } = scrapeInBackground(ws.args);
    try {
      await waitFor(
        () =>
          (read(ws.dbPath, (db) => (db.prepare('SELECT count(*) AS n FROM locks').get() as { n: number }).n) ?? 0) > 0,
      );
      const second = await runCli([...ws.args, 'scrape']);
      expect(second.code).toBe(3);
      expect(second.stderr).toMatch(/^openings: another scrape is already running \(pid \d+/);
    } finally {
      child.kill('SIGKILL');
      await closed;
    }
  });
});
