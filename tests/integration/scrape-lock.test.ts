/**
 * The scrape lock is one the kernel holds for the scraping process: a scrape killed with kill -9
 * in a container (its own PID namespace, where it was pid 1) leaves no lock behind for the next
 * container's pid 1 to mistake for itself, a scrape in another namespace is still refused while
 * the first runs, and readers and `serve` work meanwhile. Through the real CLI under `unshare`.
 */

import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixturePortals } from '../../src/fixture-portal/server.ts';
import { BIN, runCli, startServe, workspace } from '../support/cli.ts';
import { startPortals, testConfig } from '../support/portals.ts';

const UNSHARE = ['--pid', '--fork', '--kill-child', '--mount-proc'];

/** Why this machine cannot make PID namespaces, or null when it can (root, util-linux). */
function noNamespaces(): string | null {
  const probe = spawnSync('unshare', [...UNSHARE, 'true'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0)
    return `cannot make a PID namespace here (${(probe.error?.message ?? probe.stderr).trim()}); this test needs root and util-linux's unshare, as in CI`;
  return null;
}

let portals: FixturePortals;
beforeAll(async () => {
  portals = await startPortals(['pass']);
});
afterAll(async () => portals.close());

/** `openings … <command>` as pid 1 of a new PID namespace, as a container starts it. */
function inContainer(args: readonly string[]): { child: ChildProcess; closed: Promise<number | null> } {
  const child = spawn('unshare', [...UNSHARE, process.execPath, BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout!.resume();
  const closed = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  Object.defineProperty(child, 'stderrText', { get: () => stderr });
  return { child, closed };
}

function read<T>(dbPath: string, sql: string): T[] {
  if (!existsSync(dbPath)) return [];
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all() as T[];
  } catch {
    return []; // not migrated yet
  } finally {
    db.close();
  }
}

async function waitFor(what: string, ready: () => boolean): Promise<void> {
  for (let i = 0; i < 1200; i += 1) {
    if (ready()) return;
    await sleep(25);
  }
  throw new Error(`never happened: ${what}`);
}

describe('the scrape lock across PID namespaces', () => {
  it('a scrape killed as pid 1 of a container leaves nothing that blocks the next container', async (context) => {
    const why = noNamespaces();
    if (why) {
      if (process.env.CI === 'true') throw new Error(why);
      return context.skip(why);
    }
    // The portal holds its feed back for longer than the test takes, and the scrape waits for it.
    const ws = workspace(testConfig(portals, ['pass'], { http: { timeoutMs: 300_000 } }));
    expect((await runCli([...ws.args, 'scrape'])).code).toBe(0);
    portals.inject('pass', '/flux/offres', { kind: 'delay', ms: 300_000 }, { times: 1 });
    const first = inContainer([...ws.args, 'scrape']);
    await waitFor('the run row', () =>
      read<{ status: string }>(ws.dbPath, 'SELECT status FROM runs').some((r) => r.status === 'running'),
    );
    expect(read<{ pid: number }>(ws.dbPath, "SELECT pid FROM locks WHERE name = 'scrape'")).toEqual([{ pid: 1 }]);

    // Another container on the same volume is refused while the first runs…
    const second = await runCliIn(ws.args);
    expect(second.stderr).toMatch(/^openings: another scrape is already running \(pid 1, since [^)]+\); try again/m);
    expect(second.code).toBe(3);
    // …and readers and the server work meanwhile.
    const status = await runCli([...ws.args, 'status', '--json']);
    expect(status.stderr).toBe('');
    expect(JSON.parse(status.stdout).sources.find((s: { source: string }) => s.source === 'pass').postings.open).toBe(
      3,
    );
    const server = await startServe(ws.args);
    try {
      expect((await fetch(`${server.base}/feed.rss`)).status).toBe(200);
    } finally {
      await server.stop();
    }

    // kill -9 of the scrape itself (pid 1 inside; its own pid out here).
    const inside = Number(readFileSync(`/proc/${first.child.pid}/task/${first.child.pid}/children`, 'utf8').trim());
    process.kill(inside, 'SIGKILL');
    await first.closed;
    const killed = read<{ id: number }>(ws.dbPath, "SELECT id FROM runs WHERE status = 'running'");
    expect(killed).toHaveLength(1);
    // What a pid-based lock would have trusted: pid 1, alive in every container.
    expect(read<{ pid: number }>(ws.dbPath, "SELECT pid FROM locks WHERE name = 'scrape'")).toEqual([{ pid: 1 }]);

    const next = await runCliIn(ws.args);
    expect(next.code, next.stderr).toBe(0);
    const runs = read<{ id: number; status: string; reason: string | null }>(
      ws.dbPath,
      'SELECT id, status, reason FROM runs',
    );
    const aborted = runs.find((r) => r.id === killed[0]!.id)!;
    expect(aborted.status).toBe('aborted');
    expect(JSON.parse(aborted.reason!).reason.code).toBe('interrupted');
    expect(runs.filter((r) => r.id > aborted.id).map((r) => r.status)).toEqual(['healthy']);
  });
});

/** A scrape in its own container, to its end. */
async function runCliIn(args: readonly string[]): Promise<{ code: number | null; stderr: string }> {
  const { child, closed } = inContainer([...args, 'scrape']);
  const code = await closed;
  return { code, stderr: (child as unknown as { stderrText: string }).stderrText };
}
