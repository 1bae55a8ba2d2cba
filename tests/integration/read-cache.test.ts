/**
 * The read cache: `openings serve` renders once per change of the data. An unchanged database
 * answers a conditional request with 304; a scrape in another process (cron beside the server)
 * changes what the next request gets, never a stale feed.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixturePortals } from '../../src/fixture-portal/server.ts';
import { BIN, FIXTURE_PORTALS, runCli, workspace } from '../support/cli.ts';
import { startPortals, testConfig } from '../support/portals.ts';

let portals: FixturePortals;
let server: ChildProcess | undefined;
beforeAll(async () => {
  portals = await startPortals(['pass']);
});
afterAll(async () => {
  server?.kill('SIGTERM');
  await portals.close();
});

/** Starts `openings serve` on a free port and resolves with its URL once it listens. */
function serve(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    server = spawn(process.execPath, [BIN, ...args, 'serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    server.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /Serving on (http:\/\/[^/\s]+)\//.exec(out)?.[1];
      if (url) resolve(url);
    });
    server.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
  });
}

describe('the read cache', () => {
  it('answers 304 while nothing changed, and the new data after another process scrapes', async () => {
    const ws = workspace(testConfig(portals, ['pass']));
    expect((await runCli([...ws.args, 'scrape'])).code).toBe(0);
    const url = await serve(ws.args);

    const first = await fetch(`${url}/feed.json`);
    const etag = first.headers.get('etag')!;
    const before = (await first.json()) as { items: { title: string }[] };
    expect(before.items.map((i) => i.title)).toContain('Apprenti(e) data scientist - PEReN H/F');
    for (const path of ['/feed.json', '/feed.json']) {
      const again = await fetch(`${url}${path}`, { headers: { 'If-None-Match': etag } });
      expect(again.status).toBe(304);
    }

    // Cron's scrape, in its own process, sees the title changed on the portal.
    const feed = readFileSync(join(FIXTURE_PORTALS, 'pass/flux-offres.xml'), 'utf8');
    portals.override(
      'pass',
      'flux-offres.xml',
      feed.replace('Apprenti(e) data scientist - PEReN H/F', 'Apprenti(e) data scientist confirmé - PEReN H/F'),
    );
    expect((await runCli([...ws.args, 'scrape'])).code).toBe(0);

    const after = await fetch(`${url}/feed.json`, { headers: { 'If-None-Match': etag } });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(etag);
    const items = ((await after.json()) as { items: { title: string }[] }).items.map((i) => i.title);
    expect(items).toContain('Apprenti(e) data scientist confirmé - PEReN H/F');
    const api = (await (await fetch(`${url}/api/openings`)).json()) as { openings: { title: string }[] };
    expect(api.openings.map((o) => o.title)).toContain('Apprenti(e) data scientist confirmé - PEReN H/F');
  });
});
