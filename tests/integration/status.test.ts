/** `openings status`: the table, the JSON, and the exit code monitoring relies on. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
    const [header, ...rows] = status.stdout.split('\n');
    expect(header).toMatch(/^SOURCE\s+LAST RUN\s+RESULT\s+LAST HEALTHY\s+OPEN\s+MISSING\s+CLOSED\s+SEEN\/DECLARED\s+REQUESTS\s+BYTES\s+LAST FAILURE/);
    expect(rows.find((r) => r.startsWith('pass '))).toMatch(/healthy\s+\S+\s+3\s+0\s+0\s+11\/-\s+\d+\s+\d+/);
    expect(rows.find((r) => r.startsWith('csp (off)'))).toBeDefined();
    expect(status.stdout).toMatch(/A-2026-201734\s+open\s+\S+\s+\S+\s+Apprenti\(e\) data scientist - PEReN H\/F/);
  });

  it('exits 1 and says which source is stale or failing', async () => {
    const ws = workspace(testConfig(portals, ['pass', 'peren'], { freshness: { staleAfterHours: 0.0001 } }));
    expect((await runCli([...ws.args, 'scrape'])).code).toBe(0);
    await new Promise((r) => setTimeout(r, 800));
    portals.inject('peren', '/recrutement/', { kind: 'status', status: 503 });
    expect((await runCli([...ws.args, 'scrape', '--source', 'peren'])).code).toBe(1);
    portals.reset();
    const status = await runCli([...ws.args, 'status', '--json']);
    expect(status.code).toBe(1);
    const json = JSON.parse(status.stdout) as { sources: { source: string; stale: boolean; lastFailure: { reason: string } | null }[] };
    expect(json.sources.find((s) => s.source === 'pass')?.stale).toBe(true);
    expect(json.sources.find((s) => s.source === 'peren')?.lastFailure?.reason).toMatch(/HTTP 503/);
  });
});
