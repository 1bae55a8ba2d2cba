/** The daemon: a scrape at start and on the cron schedule, never two at once, and the server. */

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixturePortals } from '../../src/fixture-portal/server.ts';
import { BIN, workspace } from '../support/cli.ts';
import { startPortals, testConfig } from '../support/portals.ts';

let portals: FixturePortals;
beforeAll(async () => {
  portals = await startPortals(['pass']);
  // Each run takes longer than the one-second schedule, so runs would overlap if allowed to.
  portals.inject('pass', '*', { kind: 'delay', ms: 700 });
});
afterAll(async () => portals.close());

/** Runs of the daemon that have ended, read as another process would (0 before the schema exists). */
function finishedRuns(dbPath: string): number {
  if (!existsSync(dbPath)) return 0;
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare(`SELECT COUNT(*) AS n FROM runs WHERE status != 'running'`).get() as { n: number }).n;
  } catch {
    return 0; // not migrated yet
  } finally {
    db.close();
  }
}

describe('openings daemon', () => {
  it('scrapes on schedule without overlapping runs, and serves meanwhile', async () => {
    const ws = workspace(testConfig(portals, ['pass'], { schedule: '* * * * * *', server: { port: 0 } }));
    const daemon = spawn(process.execPath, [BIN, ...ws.args, 'daemon'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const base = await new Promise<string>((resolve, reject) => {
        daemon.stdout!.on('data', (d: Buffer) => {
          const m = /running: (http:\/\/[^/\s]+)/.exec(d.toString());
          if (m) resolve(m[1]!);
        });
        daemon.once('exit', (code) => reject(new Error(`daemon exited with ${code}`)));
      });
      // Wait for two finished runs (the schedule ticks every second), then ask the server meanwhile.
      while (finishedRuns(ws.dbPath) < 2) await sleep(200);
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
    } finally {
      daemon.kill('SIGTERM');
      await new Promise((resolve) => daemon.once('close', resolve));
    }
    const db = new Database(ws.dbPath, { readonly: true });
    const runs = db
      .prepare(`SELECT started_at, finished_at, status FROM runs WHERE source = 'pass' ORDER BY id`)
      .all() as { started_at: string; finished_at: string | null; status: string }[];
    db.close();
    // SIGTERM lets the run in progress finish: every run has ended, healthy.
    expect(runs.length).toBeGreaterThanOrEqual(2);
    expect(runs.map((r) => r.status)).toEqual(runs.map(() => 'healthy'));
    const spans = runs.map((r) => ({ start: Date.parse(r.started_at), end: Date.parse(r.finished_at!) }));
    // Each run outlasts the one-second schedule, so a run started on every tick would overlap the previous one.
    for (const span of spans) expect(span.end - span.start).toBeGreaterThan(1000);
    for (let i = 1; i < spans.length; i += 1) expect(spans[i]!.start).toBeGreaterThanOrEqual(spans[i - 1]!.end);
  });
});
