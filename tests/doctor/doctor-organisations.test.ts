/**
 * `openings doctor` with several organisations probes what a scrape would start from: every
 * organisation's searches (each URL once), not the first organisation's alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchUrl } from '../../scrapers/csp/portal.ts';
import type { DoctorReport } from '../../src/doctor/report.ts';
import type { FixturePortals } from '../../src/fixture-portal/server.ts';
import { runCli, workspace } from '../support/cli.ts';
import { startPortals, testConfig } from '../support/portals.ts';

let portals: FixturePortals;
beforeAll(async () => {
  portals = await startPortals(['csp']);
});
afterAll(async () => portals.close());

describe('openings doctor with several organisations', () => {
  it("probes each organisation's searches once", async () => {
    const organisations = {
      peren: { name: 'PEReN', match: ['PEReN'], csp: { searchTerms: ['peren'] } },
      dinum: { name: 'DINUM', match: ['DINUM'], csp: { searchTerms: ['DINUM', 'peren'] } },
    };
    const ws = workspace(testConfig(portals, ['csp'], { organisations }));
    const run = await runCli([...ws.args, 'doctor', '--json', '--source', 'csp']);
    const report = JSON.parse(run.stdout) as DoctorReport;
    const probed = report.sources[0]!.pages.map((p) => new URL(p.url).pathname);
    const path = (words: string) => new URL(searchUrl(words)).pathname;
    expect(probed).toContain(path('peren'));
    expect(probed).toContain(path('DINUM'));
    expect(probed.filter((p) => p === path('peren'))).toHaveLength(1);
  });
});
