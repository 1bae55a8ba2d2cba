/**
 * What a careless command line must not do to the database, through the real CLI: `export --out`
 * naming the database or one of its files (directly, through a symlink, as a hard link) is refused
 * and the database stays whole; a reader pointed at a database that does not exist says so and
 * creates nothing; a notification channel named `__proto__` is refused, not silently dropped.
 */

import { existsSync, linkSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixturePortals } from '../../src/fixture-portal/server.ts';
import { type CliResult, runCli, workspace } from '../support/cli.ts';
import { startPortals, testConfig } from '../support/portals.ts';

let portals: FixturePortals;
beforeAll(async () => {
  portals = await startPortals(['pass']);
});
afterAll(async () => portals.close());

function expectRefusal(result: CliResult, line: RegExp): void {
  expect(result.stderr).toMatch(/^openings: [^\n]+\n$/);
  expect(result.stderr).toMatch(line);
  expect(result.stdout).toBe('');
  expect(result.code).toBe(2);
}

describe('export --out', () => {
  it('refuses the database, its -wal/-shm/-journal and lock files, through symlinks and hard links', async () => {
    const ws = workspace(testConfig(portals, ['pass']));
    expect((await runCli([...ws.args, 'scrape'])).code).toBe(0);
    const before = readFileSync(ws.dbPath);
    const viaLink = join(ws.dir, 'feed.xml');
    symlinkSync(ws.dbPath, viaLink);
    const hardLink = join(ws.dir, 'hard.xml');
    linkSync(ws.dbPath, hardLink);
    const walLink = join(ws.dir, 'wal-feed.xml');
    symlinkSync(`${ws.dbPath}-wal`, walLink); // dangling: the scrape has ended and removed its log
    const cases: [string, RegExp][] = [
      [ws.dbPath, /that is the database /],
      [viaLink, /that is the database /],
      [hardLink, /that is the database /],
      [join(ws.dir, '.', 'sub', '..', 'openings.db'), /that is the database /],
      [`${ws.dbPath}-wal`, /that is the wal file of the database /],
      [walLink, /that is the wal file of the database /],
      [`${ws.dbPath}-shm`, /that is the shm file of the database /],
      [`${ws.dbPath}-journal`, /that is the journal file of the database /],
      [`${ws.dbPath}-scrape.lock`, /that is the scrape\.lock file of the database /],
    ];
    for (const [out, line] of cases) {
      const result = await runCli([...ws.args, 'export', '--format', 'rss', '--out', out]);
      expectRefusal(
        result,
        new RegExp(`^openings: --out \\S+: ${line.source}\\S+; writing the feed there would destroy it`),
      );
    }
    expect(readFileSync(ws.dbPath).equals(before)).toBe(true);
    expect(existsSync(`${ws.dbPath}-wal`)).toBe(false);
    const db = new Database(ws.dbPath, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();

    const fine = join(ws.dir, 'out.xml');
    expect((await runCli([...ws.args, 'export', '--format', 'rss', '--out', fine])).code).toBe(0);
    expect(readFileSync(fine, 'utf8')).toMatch(/^<\?xml/);
  });
});

describe('a database that is not there', () => {
  it('readers say so, exit 2, and create nothing', async () => {
    const ws = workspace(testConfig(portals, ['pass']));
    const missing = join(ws.dir, 'typo', 'opnings.db');
    for (const command of [
      ['status'],
      ['status', '--json'],
      ['export', '--format', 'rss'],
      ['reconcile'],
      ['serve', '--port', '0'],
    ]) {
      expectRefusal(
        await runCli(['--config', ws.configPath, '--db', missing, ...command]),
        /^openings: database \S+opnings\.db: there is none \(no such file\); check --db or \$OPENINGS_DB, or run `openings scrape` to create it$/m,
      );
    }
    expect(existsSync(join(ws.dir, 'typo'))).toBe(false);
  });
});

describe('a notification channel named __proto__', () => {
  it('is refused by the configuration check, naming it', async () => {
    const ws = workspace({});
    writeFileSync(
      ws.configPath,
      '{"notify": {"channels": {"__proto__": {"type": "webhook", "url": "http://127.0.0.1:9/", "format": "text"}}}}',
    );
    expectRefusal(
      await runCli([...ws.args, 'notify', 'send']),
      /^openings: \S+openings\.config\.json: invalid configuration: notify\.channels\.__proto__: channel names are lower-case letters, digits, - and _$/m,
    );
  });
});
