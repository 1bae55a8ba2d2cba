/**
 * A scrape killed while it stages its inventory (out of memory, kill -9) leaves the open set as the
 * last complete run left it; the next scrape recognises the dead run, records it as failed, drops
 * what it staged and runs healthy.
 */

import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixturePortals } from '../../src/fixture-portal/server.ts';
import { BIN, runCli, workspace } from '../support/cli.ts';
import { deadlinesAhead } from '../support/fixture-edits.ts';
import { startPortals, testConfig } from '../support/portals.ts';

let portals: FixturePortals;
beforeAll(async () => {
  portals = await startPortals(['csp']);
  deadlinesAhead(portals);
});
afterAll(async () => portals.close());

function read<T>(dbPath: string, sql: string): T[] {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

describe('a scrape killed while staging', () => {
  it('changes nothing, and the next run records it as failed and runs healthy', async () => {
    const ws = workspace(testConfig(portals, ['csp'], { http: { minIntervalMs: 0, timeoutMs: 600_000 } }));
    expect((await runCli([...ws.args, 'scrape'])).code).toBe(0);
    const openSet = () =>
      read<{ source_id: string; state: string; last_seen_run: number }>(
        ws.dbPath,
        'SELECT source_id, state, last_seen_run FROM postings ORDER BY source_id',
      );
    const before = openSet();
    expect(before.length).toBeGreaterThan(0);

    // Results page 2 does not answer (within a timeout longer than the test): the second scrape has
    // staged page 1 and waits there until it is killed.
    portals.inject('csp', '/nos-offres/filtres/mot-cles/peren/page/2', { kind: 'delay', ms: 600_000 });
    const child = spawn(process.execPath, [BIN, ...ws.args, 'scrape'], { stdio: 'ignore' });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    let staged = 0;
    while (staged === 0) {
      await sleep(100);
      staged = read<{ n: number }>(ws.dbPath, 'SELECT COUNT(*) AS n FROM run_stage')[0]!.n;
    }
    child.kill('SIGKILL');
    await exited;
    expect(staged).toBeGreaterThan(0);
    expect(openSet()).toEqual(before);
    expect(read<{ status: string }>(ws.dbPath, 'SELECT status FROM runs ORDER BY id').map((r) => r.status)).toEqual([
      'healthy',
      'running',
    ]);

    portals.reset();
    deadlinesAhead(portals);
    const next = await runCli([...ws.args, 'scrape']);
    expect(next.code, next.stderr).toBe(0);
    const runs = read<{ status: string; reason: string | null }>(
      ws.dbPath,
      'SELECT status, reason FROM runs ORDER BY id',
    );
    expect(runs.map((r) => r.status)).toEqual(['healthy', 'aborted', 'healthy']);
    expect(JSON.parse(runs[1]!.reason!)).toEqual({ reason: { code: 'interrupted' }, more: 0 });
    expect(read<{ n: number }>(ws.dbPath, 'SELECT COUNT(*) AS n FROM run_stage')[0]!.n).toBe(0);
    expect(openSet().map(({ source_id, state }) => ({ source_id, state }))).toEqual(
      before.map(({ source_id, state }) => ({ source_id, state })),
    );
  });
});
