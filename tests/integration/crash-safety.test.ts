/**
 * A scrape killed with SIGKILL at random points leaves a sound database with no half-applied run,
 * and a second scrape while one is running is refused.
 */
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixturePortals } from '../../src/fixture-portal/server.ts';
import { BIN, runCli, workspace } from '../support/cli.ts';
import { deadlinesAhead } from '../support/fixture-edits.ts';
import { startPortals, testConfig } from '../support/portals.ts';

let portals: FixturePortals;
beforeAll(async () => {
  portals = await startPortals(['passerelles', 'csp', 'pass']);
  deadlinesAhead(portals);
  // Slow portals, so a kill lands in the middle of fetching, parsing or storing.
  for (const name of ['passerelles', 'csp', 'pass']) portals.inject(name, '*', { kind: 'delay', ms: 40 });
});
afterAll(async () => portals.close());

const SOURCES = ['passerelles', 'csp', 'pass'];

function inspect(dbPath: string) {
  // Killed before it created the database: nothing was written, nothing to check.
  if (!existsSync(dbPath)) return { integrity: 'ok', touched: 0, orphanLinks: 0 };
  const db = new Database(dbPath);
  try {
    const integrity = db.pragma('integrity_check', { simple: true });
    const tables = new Set((db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]).map((t) => t.name));
    // Killed while migrating: each migration is one transaction, so a schema is either whole or absent.
    if (!tables.has('events')) return { integrity, touched: 0, orphanLinks: 0 };
    const unfinished = db.prepare(`SELECT id FROM runs WHERE status IN ('running', 'aborted')`).all() as { id: number }[];
    const ids = unfinished.map((r) => r.id);
    const touched = ids.length
      ? (db
          .prepare(
            `SELECT (SELECT count(*) FROM postings WHERE last_seen_run IN (${ids.join(',')}) OR first_seen_run IN (${ids.join(',')}) OR state_run IN (${ids.join(',')}))
                  + (SELECT count(*) FROM events WHERE run_id IN (${ids.join(',')}))
                  + (SELECT count(*) FROM posting_changes WHERE run_id IN (${ids.join(',')}))
                  + (SELECT count(*) FROM requests WHERE run_id IN (${ids.join(',')})) AS n`,
          )
          .get() as { n: number }).n
      : 0;
    const orphanLinks = (db.prepare('SELECT count(*) AS n FROM postings WHERE source != \'peren\' AND id NOT IN (SELECT posting_id FROM opening_links)').get() as { n: number }).n;
    return { integrity, touched, orphanLinks };
  } finally {
    db.close();
  }
}

describe('crash safety', () => {
  it('kill -9 at random points never leaves a half-applied run', async () => {
    const ws = workspace(testConfig(portals, SOURCES, { http: { minIntervalMs: 0 } }));
    const delays: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      // Halfway, one complete run, so later kills land on updates of stored postings too.
      if (i === 3) expect((await runCli([...ws.args, 'scrape'])).code).toBe(0);
      const delay = 300 + Math.floor(Math.random() * 2200);
      delays.push(delay);
      const child = spawn(process.execPath, [BIN, ...ws.args, 'scrape'], { stdio: 'ignore' });
      const closed = new Promise((resolve) => child.once('close', resolve));
      await sleep(delay);
      child.kill('SIGKILL'); // a no-op when the run already finished: that end state must be sound too
      await closed;
      const state = inspect(ws.dbPath);
      expect(state, `after a kill at ${delay} ms (kills so far: ${delays.join(', ')})`).toEqual({ integrity: 'ok', touched: 0, orphanLinks: 0 });
    }
    // The next scrape takes over the dead process's lock, marks its run aborted and completes.
    const finish = await runCli([...ws.args, 'scrape']);
    expect(finish.code).toBe(0);
    const db = new Database(ws.dbPath, { readonly: true });
    const running = db.prepare(`SELECT count(*) AS n FROM runs WHERE status = 'running'`).get() as { n: number };
    db.close();
    expect(running.n).toBe(0);
    expect(inspect(ws.dbPath).integrity).toBe('ok');
  }, 180_000);

  it('refuses a second scrape while one is running', async () => {
    // A slow portal keeps the first scrape holding the lock for several seconds.
    portals.reset();
    portals.inject('pass', '*', { kind: 'delay', ms: 2500 });
    const ws = workspace(testConfig(portals, ['pass']));
    const first = spawn(process.execPath, [BIN, ...ws.args, 'scrape'], { stdio: 'ignore' });
    try {
      // Wait until the first scrape holds the lock.
      for (let i = 0; i < 100; i += 1) {
        await sleep(100);
        try {
          const db = new Database(ws.dbPath, { readonly: true, fileMustExist: true });
          const held = db.prepare('SELECT count(*) AS n FROM locks').get() as { n: number };
          db.close();
          if (held.n > 0) break;
        } catch {
          // not created yet
        }
      }
      const second = await runCli([...ws.args, 'scrape']);
      expect(second.code).toBe(3);
      expect(second.stderr).toMatch(/another scrape is already running \(pid \d+/);
    } finally {
      first.kill('SIGKILL');
    }
  });
});
