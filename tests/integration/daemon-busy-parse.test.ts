/**
 * The daemon while a big page parses (issue 17, point 6): its server keeps answering, and SIGTERM
 * lets the run finish and record itself. Ordering, never timing: the test waits for the daemon's
 * own "page parse started" log line, asks /healthz, then compares when the answer came with the
 * time the daemon logged the end of that parse. A parse on the event loop would log its end before
 * it could answer.
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixturePortals } from '../../src/fixture-portal/server.ts';
import { BIN, workspace } from '../support/cli.ts';
import { startPortals, testConfig } from '../support/portals.ts';

const FEED = join(import.meta.dirname, '../../fixtures/portals/pass/flux-offres.xml');

/** The bundled PASS feed with its items repeated `copies` times, each copy's offers renamed so every id is distinct. */
function bigFeed(copies: number): string {
  const xml = readFileSync(FEED, 'utf8');
  const start = xml.indexOf('<item>');
  const end = xml.lastIndexOf('</item>') + '</item>'.length;
  const items = xml.slice(start, end);
  const copy = (k: number) =>
    items
      .replace(/(\/offre\/[^"<\s]+)/g, `$1-copie-${k}`)
      .replace(/<dc:identifier>([^<]+)<\/dc:identifier>/g, `<dc:identifier>$1-${k}</dc:identifier>`);
  return xml.slice(0, start) + Array.from({ length: copies }, (_, k) => copy(k)).join('\n') + xml.slice(end);
}

interface LogLine {
  msg: string;
  time: number;
  url?: string;
}

/** The daemon's JSON log lines as they come (stderr), with a way to wait for one. */
function watchLog(child: ChildProcess) {
  const lines: LogLine[] = [];
  const waiters: { test: (l: LogLine) => boolean; resolve: (l: LogLine) => void }[] = [];
  let rest = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    const parts = (rest + chunk.toString()).split('\n');
    rest = parts.pop()!;
    for (const part of parts) {
      if (!part.startsWith('{')) continue;
      const line = JSON.parse(part) as LogLine;
      lines.push(line);
      for (const w of waiters.splice(0)) {
        if (w.test(line)) w.resolve(line);
        else waiters.push(w);
      }
    }
  });
  return {
    lines,
    next: (test: (l: LogLine) => boolean) =>
      new Promise<LogLine>((resolve, reject) => {
        const seen = lines.find(test);
        if (seen) return resolve(seen);
        waiters.push({ test, resolve });
        child.once('exit', (code) => reject(new Error(`daemon exited (${code}) before the awaited log line`)));
      }),
  };
}

let portals: FixturePortals;
beforeAll(async () => {
  portals = await startPortals(['pass']);
  // About 5 MB and 1,800 offers: a parse of seconds, where a local request takes milliseconds.
  portals.inject('pass', '/flux/offres', { kind: 'body', body: bigFeed(200), contentType: 'application/rss+xml' });
});
afterAll(async () => portals.close());

describe('openings daemon while a big page parses', () => {
  it('answers /healthz before the parse ends, and SIGTERM waits for the run to record itself', async () => {
    // One scrape at start; the schedule's next tick is a year away.
    const ws = workspace(testConfig(portals, ['pass'], { schedule: '0 0 1 1 *', server: { port: 0 } }));
    const daemon = spawn(process.execPath, [BIN, ...ws.args, 'daemon'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, OPENINGS_LOG_LEVEL: 'debug' },
    });
    const log = watchLog(daemon);
    const exited = new Promise<number | null>((resolve) => daemon.once('exit', resolve));
    try {
      const base = await new Promise<string>((resolve) => {
        daemon.stdout!.on('data', (d: Buffer) => {
          const m = /running: (http:\/\/[^/\s]+)/.exec(d.toString());
          if (m) resolve(m[1]!);
        });
      });
      const isBigFeed = (l: LogLine) => l.url?.endsWith('/flux/offres') === true;
      await log.next((l) => l.msg === 'page parse started' && isBigFeed(l));
      const health = await fetch(`${base}/healthz`);
      const answeredAt = Date.now();
      expect(health.status).toBeLessThan(600); // any answer: the point is that it came
      expect(log.lines.some((l) => l.msg === 'page parse ended' && isBigFeed(l))).toBe(false);

      daemon.kill('SIGTERM');
      const ended = await log.next((l) => l.msg === 'page parse ended' && isBigFeed(l));
      expect(answeredAt).toBeLessThan(ended.time);
      expect(await exited).toBe(0);
    } finally {
      if (daemon.exitCode === null) daemon.kill('SIGKILL');
    }
    // The run the signal interrupted finished and says so: nothing left "running".
    const db = new Database(ws.dbPath, { readonly: true });
    const runs = db.prepare(`SELECT status, listed FROM runs WHERE source = 'pass'`).all() as {
      status: string;
      listed: number;
    }[];
    db.close();
    expect(runs.map((r) => r.status)).toEqual(['healthy']);
    expect(runs[0]!.listed).toBeGreaterThan(1800); // the big feed was read whole, not cut by the signal
  });
});
