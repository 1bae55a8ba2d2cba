/**
 * The whole pipeline on PASS through the real CLI: fixture portal → scrape → SQLite → export/serve,
 * revalidation on the second run, and failing runs that leave postings untouched.
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FixturePortals } from '../../src/fixture-portal/server.ts';
import { BIN, runCli, workspace } from '../support/cli.ts';
import { validateAtom, validateJsonFeed, validateRss } from '../support/feed-validation.ts';
import { startPortals, testConfig } from '../support/portals.ts';

let portals: FixturePortals;
beforeAll(async () => {
  portals = await startPortals(['pass']);
});
afterAll(async () => portals.close());
beforeEach(() => portals.reset());

const PEREN_IDS = ['A-2026-201655', 'A-2026-201734', 'S-2026-118842'];

function storedPostings(dbPath: string) {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db
      .prepare(
        'SELECT source_id, last_seen_run, data FROM postings JOIN posting_content ON posting_id = id ORDER BY source_id',
      )
      .all() as { source_id: string; last_seen_run: number; data: string }[];
  } finally {
    db.close();
  }
}

describe('scrape → store → export on PASS', () => {
  it('keeps exactly the PEReN offers, healthy, with the run recorded', async () => {
    const ws = workspace(testConfig(portals, ['pass']));
    const run = await runCli([...ws.args, 'scrape']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(storedPostings(ws.dbPath).map((p) => p.source_id)).toEqual(PEREN_IDS);
    expect(readFileSync(ws.dbPath).includes('mail@mail.fr')).toBe(false);

    const status = await runCli([...ws.args, 'status', '--json']);
    expect(status.code).toBe(0);
    const parsed = JSON.parse(status.stdout) as {
      sources: { source: string; lastRun: { status: string; postingsFound: number } }[];
    };
    expect(parsed.sources.find((s) => s.source === 'pass')?.lastRun).toMatchObject({
      status: 'healthy',
      postingsFound: 3,
    });
  });

  it('shows progress on a terminal (and stays silent without one, as the first test checks)', async () => {
    const ws = workspace(testConfig(portals, ['pass']));
    // `script` gives the CLI a pseudo-terminal, as a person at a shell would.
    const command = [process.execPath, BIN, ...ws.args, 'scrape'].map((a) => `'${a}'`).join(' ');
    const tty = spawn('script', ['-qec', command, '/dev/null'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    tty.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise((resolve) => tty.once('close', resolve));
    expect(code).toBe(0);
    expect(out).toMatch(/pass: 2 page\(s\), 11 posting\(s\) listed, 0 error\(s\)/);
    expect(out).toMatch(/pass: healthy — 2 page\(s\), 3 posting\(s\) matched/);
  });

  it('exports valid RSS, Atom and JSON Feed 1.1 with one item per PEReN offer', async () => {
    const ws = workspace(testConfig(portals, ['pass']));
    expect((await runCli([...ws.args, 'scrape'])).code).toBe(0);
    const rss = await runCli([...ws.args, 'export', '--format', 'rss']);
    const atom = await runCli([...ws.args, 'export', '--format', 'atom']);
    const out = join(ws.dir, 'feed.json');
    expect((await runCli([...ws.args, 'export', '--format', 'json', '--out', out])).code).toBe(0);
    validateRss(rss.stdout);
    validateAtom(atom.stdout);
    const jsonText = readFileSync(out, 'utf8');
    validateJsonFeed(jsonText);
    const json = JSON.parse(jsonText) as { version: string; items: { title: string }[] };
    expect(json.version).toBe('https://jsonfeed.org/version/1.1');
    expect(json.items.map((i) => i.title).sort()).toEqual([
      'Apprenti(e) data scientist - PEReN H/F',
      'Apprenti(e) développeur(se) web - PEReN H/F',
      'Stage - Audit des systèmes de recommandation (PEReN) H/F',
    ]);
    expect((await runCli([...ws.args, 'export', '--format', 'html'])).code).not.toBe(0);
  });

  it('revalidates on the second run and downloads no unchanged body', async () => {
    const ws = workspace(testConfig(portals, ['pass']));
    expect((await runCli([...ws.args, 'scrape'])).code).toBe(0);
    const firstRunRequests = portals.requests.length;
    expect((await runCli([...ws.args, 'scrape'])).code).toBe(0);
    const second = portals.requests.slice(firstRunRequests).filter((r) => r.url.startsWith('/flux/'));
    expect(second).toHaveLength(2);
    expect(second.every((r) => r.conditional && r.status === 304)).toBe(true);
    const postings = storedPostings(ws.dbPath);
    expect(postings.map((p) => p.source_id)).toEqual(PEREN_IDS);
    expect(new Set(postings.map((p) => p.last_seen_run)).size).toBe(1);
    expect(postings[0]!.last_seen_run).toBe(2);
  });

  it('a failing portal makes the run unhealthy and leaves the postings untouched', async () => {
    const ws = workspace(testConfig(portals, ['pass']));
    expect((await runCli([...ws.args, 'scrape'])).code).toBe(0);
    const before = storedPostings(ws.dbPath);
    portals.inject('pass', '/flux/offres', { kind: 'status', status: 500 });
    const failed = await runCli([...ws.args, 'scrape']);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/pass: unhealthy .*flux\/offres/);
    expect(storedPostings(ws.dbPath)).toEqual(before);
    const status = JSON.parse((await runCli([...ws.args, 'status', '--json'])).stdout) as {
      sources: { source: string; lastRun: { status: string; reason: string } }[];
    };
    expect(status.sources.find((s) => s.source === 'pass')?.lastRun).toMatchObject({
      status: 'unhealthy',
      reason: expect.stringContaining('500'),
    });
  });

  it('waits out a 429 with Retry-After and then succeeds', async () => {
    const ws = workspace(testConfig(portals, ['pass']));
    portals.inject('pass', '/flux/offres', { kind: 'status', status: 429, retryAfter: '1' }, { times: 1 });
    const run = await runCli([...ws.args, 'scrape']);
    expect(run.code).toBe(0);
    const feedHits = portals.requests.filter((r) => r.url === '/flux/offres').map((r) => r.status);
    expect(feedHits).toEqual([429, 200]);
  });
});

describe('serve', () => {
  let server: ChildProcess | undefined;
  afterAll(() => server?.kill('SIGTERM'));

  it('serves the feeds and the API with ETag/304 and health', async () => {
    const ws = workspace(testConfig(portals, ['pass']));
    expect((await runCli([...ws.args, 'scrape'])).code).toBe(0);
    server = spawn(process.execPath, [BIN, ...ws.args, 'serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const base = await new Promise<string>((resolve, reject) => {
      server!.stdout!.on('data', (d: Buffer) => {
        const m = /Serving on (http:\/\/[^/\s]+)/.exec(d.toString());
        if (m) resolve(m[1]!);
      });
      server!.on('exit', (code) => reject(new Error(`serve exited with ${code}`)));
    });

    const rss = await fetch(`${base}/feed.rss`);
    expect(rss.status).toBe(200);
    expect(rss.headers.get('content-type')).toMatch(/^application\/rss\+xml/);
    const etag = rss.headers.get('etag')!;
    validateRss(await rss.text());
    expect((await fetch(`${base}/feed.rss`, { headers: { 'If-None-Match': etag } })).status).toBe(304);
    const lastModified = rss.headers.get('last-modified')!;
    expect((await fetch(`${base}/feed.rss`, { headers: { 'If-Modified-Since': lastModified } })).status).toBe(304);

    const atom = await fetch(`${base}/feed.atom`);
    expect(atom.headers.get('content-type')).toMatch(/^application\/atom\+xml/);
    validateAtom(await atom.text());
    const json = await fetch(`${base}/feed.json`);
    expect(json.headers.get('content-type')).toMatch(/^application\/feed\+json/);
    validateJsonFeed(await json.text());

    const api = (await (await fetch(`${base}/api/postings?source=pass&contractType=stage`)).json()) as {
      count: number;
      postings: { sourceId: string; status: string }[];
    };
    expect(api.postings.map((p) => p.sourceId)).toEqual(['S-2026-118842']);
    expect(api.postings[0]!.status).toBe('open');
    const q = (await (await fetch(`${base}/api/postings?q=developpeur`)).json()) as {
      postings: { sourceId: string }[];
    };
    expect(q.postings.map((p) => p.sourceId)).toEqual(['A-2026-201655']);
    const apiEtag = (await fetch(`${base}/api/postings`)).headers.get('etag')!;
    expect((await fetch(`${base}/api/postings`, { headers: { 'If-None-Match': apiEtag } })).status).toBe(304);

    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });
});
