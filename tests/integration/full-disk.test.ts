/**
 * A server's full disk, through the real CLI on a small tmpfs: it is named as such, never taken for
 * a damaged database; readers (status, export, serve) go on serving what the database holds; a
 * scrape killed by it is recorded as failed by the next command that writes; once space is freed
 * the database is whole and scraping resumes.
 */

import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import type { FixturePortals } from '../../src/fixture-portal/server.ts';
import { runCli, startServe, workspace } from '../support/cli.ts';
import { startPortals, testConfig } from '../support/portals.ts';
import { mountTmpfs, type Tmpfs } from '../support/tmpfs.ts';

let portals: FixturePortals;
beforeAll(async () => {
  portals = await startPortals(['pass', 'peren']);
});
afterAll(async () => portals.close());

const mounted: Tmpfs[] = [];
afterEach(() => {
  for (const disk of mounted.splice(0)) disk.unmount();
});

/** A 4 MiB tmpfs holding the database; skipped, in one line, where none can be mounted (never under CI). */
function smallDisk(context: TestContext): { disk: Tmpfs; args: string[]; dbPath: string } {
  const disk = mountTmpfs(4 * 1024 * 1024);
  if (typeof disk === 'string') {
    if (process.env.CI === 'true') throw new Error(disk);
    return context.skip(disk);
  }
  mounted.push(disk);
  const ws = workspace(testConfig(portals, ['pass', 'peren']));
  const dbPath = `${disk.dir}/openings.db`;
  return { disk, dbPath, args: ['--config', ws.configPath, '--db', dbPath] };
}

const NO_SPACE =
  /^openings: database \S+openings\.db: no space left on the device holding \/\S+ \(\d+ bytes free\); the database is not damaged/;

function query<T>(dbPath: string, sql: string): T[] {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

describe('a full disk', () => {
  it('is named, not called a damaged database; readers serve what the database holds; nothing is lost', async (context) => {
    const { disk, args, dbPath } = smallDisk(context);
    expect((await runCli([...args, 'scrape'])).code).toBe(0);
    const exported = await runCli([...args, 'export', '--format', 'json']);
    expect(exported.code).toBe(0);
    const titles = (JSON.parse(exported.stdout) as { items: { title: string }[] }).items.map((i) => i.title);
    expect(titles.length).toBeGreaterThan(0);
    disk.fill();

    const scrape = await runCli([...args, 'scrape']);
    expect(scrape.stderr).toMatch(NO_SPACE);
    expect(scrape.stderr).not.toMatch(/not a sound|restore it from a backup/);
    expect(scrape.code).toBe(2);

    const status = await runCli([...args, 'status', '--json']);
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout).sources.find((s: { source: string }) => s.source === 'pass').lastRun.status).toBe(
      'healthy',
    );
    const again = await runCli([...args, 'export', '--format', 'json']);
    expect(again.code, again.stderr).toBe(0);
    expect((JSON.parse(again.stdout) as { items: { title: string }[] }).items.map((i) => i.title)).toEqual(titles);
    const server = await startServe(args);
    try {
      const feed = await fetch(`${server.base}/feed.json`);
      expect(feed.status).toBe(200);
      expect(((await feed.json()) as { items: { title: string }[] }).items.map((i) => i.title)).toEqual(titles);
      expect((await fetch(`${server.base}/`)).status).toBe(200);
    } finally {
      await server.stop();
    }

    disk.unfill();
    expect(query<{ integrity_check: string }>(dbPath, 'PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    const resumed = await runCli([...args, 'scrape']);
    expect(resumed.code, resumed.stderr).toBe(0);
  });

  it('leaves no run `running`: the next command that writes records the killed runs as failed', async (context) => {
    const { disk, args, dbPath } = smallDisk(context);
    // A new, empty database (notify send writes), then a disk with room for the runs' rows but not their pages.
    expect((await runCli([...args, 'notify', 'send'])).code).toBe(0);
    disk.fill(96 * 1024);
    const scrape = await runCli([...args, 'scrape']);
    expect(scrape.stderr).toMatch(NO_SPACE);
    expect(scrape.code).toBe(2);
    const left = query<{ id: number; source: string; status: string }>(
      dbPath,
      'SELECT id, source, status FROM runs ORDER BY id',
    );
    expect(left.length).toBeGreaterThan(0);
    expect(left.every((r) => r.status === 'running')).toBe(true);

    disk.unfill();
    expect((await runCli([...args, 'notify', 'send'])).code).toBe(0);
    const after = query<{ id: number; status: string; reason: string }>(
      dbPath,
      'SELECT id, status, reason FROM runs ORDER BY id',
    );
    expect(after.map((r) => r.id)).toEqual(left.map((r) => r.id));
    expect(after.every((r) => r.status === 'aborted' && JSON.parse(r.reason).reason.code === 'interrupted')).toBe(true);
    expect(query(dbPath, 'SELECT 1 FROM run_stage')).toEqual([]);

    const status = await runCli([...args, 'status', '--json']);
    const sources = JSON.parse(status.stdout).sources as { source: string; lastRun: unknown; lastFailure: unknown }[];
    for (const { source } of left) {
      const health = sources.find((s) => s.source === source)!;
      expect(health.lastRun).toMatchObject({ status: 'aborted', reasonCode: 'interrupted' });
      expect(health.lastFailure).toMatchObject({ status: 'aborted', reason: expect.stringMatching(/^interrompu/) });
    }
  });
});
