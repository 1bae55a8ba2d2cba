/** `openings status`: the table, the JSON, and the exit code monitoring relies on. */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SOURCE_IDS } from '../../scrapers/index.ts';
import type { FixturePortals } from '../../src/fixture-portal/server.ts';
import { runCli, workspace } from '../support/cli.ts';
import { startPortals, testConfig } from '../support/portals.ts';

let portals: FixturePortals;
beforeAll(async () => {
  portals = await startPortals(['pass', 'peren']);
});
afterAll(async () => portals.close());

describe('openings status', () => {
  it('shows every source as a table and exits 0 when all are fresh', async () => {
    const ws = workspace(testConfig(portals, ['pass', 'peren']));
    expect((await runCli([...ws.args, 'scrape'])).code).toBe(0);
    const status = await runCli([...ws.args, 'status']);
    expect(status.code).toBe(0);
    const [sourceTable, postingTable] = status.stdout.split('\n\n');
    const cells = (table: string) =>
      table
        .trimEnd()
        .split('\n')
        .map((line) => line.split(/ {2,}/));
    const [header, ...sources] = cells(sourceTable!);
    expect(header).toEqual([
      'SOURCE',
      'LAST RUN',
      'RESULT',
      'LAST HEALTHY',
      'OPEN',
      'MISSING',
      'CLOSED',
      'SEEN/DECLARED',
      'REQUESTS',
      'BYTES',
      'LAST FAILURE',
    ]);
    const db = new Database(ws.dbPath, { readonly: true });
    const run = (source: string) =>
      db.prepare('SELECT finished_at AS at, requests, bytes FROM runs WHERE source = ?').get(source) as {
        at: string;
        requests: number;
        bytes: number;
      };
    const pass = run('pass');
    const peren = run('peren');
    db.close();
    // Every registered source has a row, in registry order; those not enabled say so.
    const rows: Record<string, string[]> = {
      pass: ['pass', pass.at, 'healthy', pass.at, '3', '0', '0', '11/-', String(pass.requests), String(pass.bytes)],
      peren: [
        'peren',
        peren.at,
        'healthy',
        peren.at,
        '3',
        '0',
        '0',
        '3/-',
        String(peren.requests),
        String(peren.bytes),
      ],
    };
    expect(sources).toEqual(
      SOURCE_IDS.map((id) => rows[id] ?? [`${id} (off)`, '-', '-', '-', '0', '0', '0', '-', '-', '-']),
    );
    expect(pass.requests).toBe(3); // robots.txt and the two feeds
    expect(pass.bytes).toBeGreaterThan(20_000);
    const [postingHeader, ...postings] = cells(postingTable!);
    expect(postingHeader).toEqual(['SOURCE', 'ID', 'STATE', 'FIRST SEEN', 'LAST SEEN', 'TITLE', 'OFFER PAGE PROBLEM']);
    expect(
      postings.map(([source, id, state, first, last, title]) => [
        source,
        id,
        state,
        first === pass.at || first === peren.at,
        last === first,
        title,
      ]),
    ).toEqual([
      ['pass', 'A-2026-201734', 'open', true, true, 'Apprenti(e) data scientist - PEReN H/F'],
      ['pass', 'A-2026-201655', 'open', true, true, 'Apprenti(e) développeur(se) web - PEReN H/F'],
      ['pass', 'S-2026-118842', 'open', true, true, 'Stage - Audit des systèmes de recommandation (PEReN) H/F'],
      ['peren', 'passerelles:4165', 'open', true, true, 'Développeur / Développeuse front'],
      ['peren', 'passerelles:5373', 'open', true, true, 'Data-scientist confirmé'],
      ['peren', 'passerelles:5372', 'open', true, true, 'Data-scientist confirmé'],
    ]);
  });

  it('exits 1 and says which source is stale or failing', async () => {
    // Stale 0.36 ms after a healthy run: any later command finds the source stale, however fast it starts.
    const ws = workspace(testConfig(portals, ['pass', 'peren'], { freshness: { staleAfterHours: 0.0000001 } }));
    expect((await runCli([...ws.args, 'scrape'])).code).toBe(0);
    portals.inject('peren', '/recrutement/', { kind: 'status', status: 503 });
    expect((await runCli([...ws.args, 'scrape', '--source', 'peren'])).code).toBe(1);
    portals.reset();
    const status = await runCli([...ws.args, 'status', '--json']);
    expect(status.code).toBe(1);
    const json = JSON.parse(status.stdout) as {
      sources: {
        source: string;
        stale: boolean;
        verdict: string;
        lastFailure: { at: string; status: string; reason: string } | null;
        lastHealthyRunAt: string | null;
      }[];
    };
    const pass = json.sources.find((s) => s.source === 'pass')!;
    const peren = json.sources.find((s) => s.source === 'peren')!;
    expect(pass).toMatchObject({
      stale: true,
      verdict: 'stale',
      lastFailure: null,
      lastHealthyRunAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(peren).toMatchObject({
      stale: true,
      verdict: 'failing',
      lastHealthyRunAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(peren.lastFailure).toEqual({
      at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      status: 'unhealthy',
      reason: expect.stringMatching(/^impossible de récupérer https:\/\/peren\.gouv\.fr\/recrutement\/ : .*HTTP 503/),
      reasonCode: 'fetch-failed',
    });
    expect(Date.parse(peren.lastFailure!.at)).toBeGreaterThan(Date.parse(peren.lastHealthyRunAt!));
  });
  it('starts without the logger, which only the commands that log load', async () => {
    // Reports at exit whether pino was loaded in the CLI's process (its CommonJS module cache).
    const probe = `import{createRequire}from'node:module';const c=createRequire('/probe.js').cache;process.on('exit',()=>process.stderr.write('pino loaded: '+Object.keys(c).some(k=>k.includes('/node_modules/pino/'))))`;
    const env = { NODE_OPTIONS: `--import=data:text/javascript,${encodeURIComponent(probe)}` };
    const ws = workspace(testConfig(portals, ['pass', 'peren']));
    const scrape = await runCli([...ws.args, 'scrape'], { env });
    expect(scrape.code).toBe(0);
    expect(scrape.stderr).toContain('pino loaded: true');
    const status = await runCli([...ws.args, 'status', '--json'], { env });
    expect(status.code).toBe(0);
    expect(status.stderr).toContain('pino loaded: false');
  });
});
