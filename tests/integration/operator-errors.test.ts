/**
 * A careless operator's mistakes, through the real CLI: each ends in one line
 * `openings: <thing>: <problem>` with the documented exit code (README, "Exit codes"), no stack
 * trace, no hang; a database that is damaged, read-only or from a newer release is refused before
 * anything is written to it.
 */

import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SOURCE_IDS } from '../../scrapers/index.ts';
import type { FixturePortals } from '../../src/fixture-portal/server.ts';
import { BIN, type CliResult, ROOT, runCli, workspace } from '../support/cli.ts';
import { startPortals, testConfig } from '../support/portals.ts';

/** The CLI, killed if it has not ended after `ms`: a hang or a spin fails the test instead of stalling it. */
async function runBounded(args: readonly string[], ms = 300_000): Promise<CliResult & { timedOut: boolean }> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, ms);
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  clearTimeout(timer);
  return { code, stdout, stderr, timedOut };
}

/** One line on stderr, the exit code, nothing on stdout. */
function expectRefusal(result: CliResult, code: number, line: RegExp): void {
  expect(result.stderr).toMatch(/^openings: [^\n]+\n$/);
  expect(result.stderr).toMatch(line);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(result.code).toBe(code);
}

/** Root ignores file modes; an immutable file is read-only even for root. */
function makeReadOnly(path: string): (() => void) | null {
  if (process.getuid?.() !== 0) {
    chmodSync(path, 0o444);
    return () => chmodSync(path, 0o644);
  }
  if (spawnSync('chattr', ['+i', path]).status !== 0) return null;
  return () => void spawnSync('chattr', ['-i', path]);
}

let portals: FixturePortals;
beforeAll(async () => {
  portals = await startPortals(['pass']);
});
afterAll(async () => portals.close());

/** A database a healthy PASS run wrote, and its bytes. */
async function scrapedDatabase() {
  const ws = workspace(testConfig(portals, ['pass']));
  expect((await runCli([...ws.args, 'scrape'])).code).toBe(0);
  const db = new Database(ws.dbPath);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return ws;
}

describe('databases openings cannot use', () => {
  it('refuses random bytes and a damaged file at open, saying what to do, for every command', async () => {
    const ws = await scrapedDatabase();
    const random = join(ws.dir, 'random.db');
    writeFileSync(random, Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 7919 + 13) % 251)));
    const notADatabase =
      /^openings: database \S+random\.db: not a sound SQLite database \(file is not a database\); restore it from a backup, or move it away/;
    expectRefusal(await runCli(['--config', ws.configPath, '--db', random, 'status']), 2, notADatabase);

    // A real database whose pages were overwritten past its header.
    const damaged = join(ws.dir, 'damaged.db');
    const bytes = readFileSync(ws.dbPath);
    for (let i = 4096; i < bytes.length; i += 1) bytes[i] = (i * 31) & 0xff;
    writeFileSync(damaged, bytes);
    const args = ['--config', ws.configPath, '--db', damaged];
    for (const command of [['scrape'], ['export', '--format', 'rss'], ['serve', '--port', '0']]) {
      const result = await runBounded([...args, ...command]);
      expect(result.timedOut, command.join(' ')).toBe(false);
      expectRefusal(
        result,
        2,
        /^openings: database \S+damaged\.db: not a sound SQLite database \(database disk image is malformed/,
      );
    }
  });

  it('refuses a schema newer than this release, writing nothing', async () => {
    const ws = await scrapedDatabase();
    const db = new Database(ws.dbPath);
    db.pragma('user_version = 99');
    db.close();
    const before = readFileSync(ws.dbPath);
    const requests = portals.requests.length;
    expectRefusal(
      await runCli([...ws.args, 'scrape']),
      2,
      /^openings: database \S+: its schema version 99 is newer than this release knows \(\d+\); .*upgrade/,
    );
    expect(readFileSync(ws.dbPath).equals(before)).toBe(true);
    expect(portals.requests.length).toBe(requests);
  });

  it('refuses a read-only file before scraping, naming the file', async (context) => {
    const ws = await scrapedDatabase();
    const undo = makeReadOnly(ws.dbPath);
    if (!undo) return context.skip();
    try {
      const requests = portals.requests.length;
      expectRefusal(
        await runCli([...ws.args, 'scrape']),
        2,
        /^openings: database \S+openings\.db: the file cannot be read and written \(E(ACCES|PERM)\); .*permissions/,
      );
      expect(portals.requests.length).toBe(requests);
    } finally {
      undo();
    }
  });

  it('ends at once on a path it cannot create (no spin under /proc)', async () => {
    const result = await runBounded(['--db', '/proc/nope/x.db', 'notify', 'send']);
    expect(result.timedOut).toBe(false);
    expectRefusal(
      result,
      2,
      /^openings: database \/proc\/nope\/x\.db: cannot create its folder \/proc\/nope \(ENOENT\)$/m,
    );
  });
});

describe('bad usage', () => {
  it('names the unknown source, the bad port, the bad format and the unwritable file, exit 2', async () => {
    const ws = workspace(testConfig(portals, ['pass']));
    expectRefusal(
      await runCli([...ws.args, 'scrape', '--source', 'bogus']),
      2,
      new RegExp(`^openings: --source: unknown source "bogus" \\(known: ${SOURCE_IDS.join(', ')}\\)$`, 'm'),
    );
    expect(existsSync(ws.dbPath)).toBe(false);
    for (const port of ['abc', '99999']) {
      expectRefusal(
        await runBounded([...ws.args, 'serve', '--port', port]),
        2,
        new RegExp(
          `^openings: option '--port <port>' argument '${port}' is invalid\\. A port is an integer from 0 to 65535\\.`,
        ),
      );
    }
    const demo = await runBounded(['demo', '--port', 'abc']);
    expect(demo.timedOut).toBe(false);
    expectRefusal(demo, 2, /^openings: option '--port <port>' argument 'abc' is invalid/);
    expectRefusal(
      await runCli([...ws.args, 'export', '--format', 'xml']),
      2,
      /^openings: option '--format <format>' argument 'xml' is invalid\. Allowed choices are rss, atom, json, ics\./,
    );
    expect((await runCli([...ws.args, 'notify', 'send'])).code).toBe(0); // readers need a database: an empty one
    expectRefusal(
      await runCli([...ws.args, 'export', '--format', 'rss', '--out', '/nonexistent/f.xml']),
      2,
      /^openings: --out \/nonexistent\/f\.xml: cannot write the file \(ENOENT\)$/m,
    );
  });

  it('names a port already in use, exit 2', async () => {
    const ws = workspace(testConfig(portals, ['pass']));
    expect((await runCli([...ws.args, 'notify', 'send'])).code).toBe(0); // serve needs a database: an empty one
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as { port: number };
    try {
      const result = await runBounded([...ws.args, 'serve', '--port', String(port)]);
      expect(result.timedOut).toBe(false);
      expectRefusal(result, 2, new RegExp(`^openings: 127\\.0\\.0\\.1:${port}: cannot listen there \\(EADDRINUSE\\)`));
    } finally {
      taken.close();
    }
  });

  it('ends quietly when the reader of its output goes away (`reconcile --json | head -c 1500`)', async () => {
    const ws = await scrapedDatabase();
    const child = spawn(process.execPath, [BIN, ...ws.args, 'reconcile', '--json'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // The reader leaves before the command has written anything.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});

describe('configuration files', () => {
  it.each(['javascript:alert(1)', 'file:///etc/passwd', 'ftp://pass.fonction-publique.gouv.fr/'])(
    'refuses a baseUrl of %s before any request',
    async (baseUrl) => {
      const ws = workspace(testConfig(portals, ['pass'], { sources: { pass: { baseUrl } } }));
      const requests = portals.requests.length;
      expectRefusal(
        await runCli([...ws.args, 'scrape']),
        2,
        /^openings: \S+openings\.config\.json: invalid configuration: sources\.pass\.baseUrl: expected an http:\/\/ or https:\/\/ URL$/m,
      );
      expect(portals.requests.length).toBe(requests);
    },
  );

  it('accepts a UTF-8 byte order mark and refuses null with a message', async () => {
    const ws = workspace(testConfig(portals, ['pass']));
    writeFileSync(ws.configPath, `\ufeff${JSON.stringify(testConfig(portals, ['pass']))}`);
    expect((await runCli([...ws.args, 'scrape'])).code).toBe(0);
    writeFileSync(ws.configPath, 'null\n');
    expectRefusal(
      await runCli([...ws.args, 'status']),
      2,
      /^openings: \S+openings\.config\.json: the configuration file holds null; it must hold a JSON object, \{\} for every default$/m,
    );
  });
});
