/**
 * An impossible date on an offer page (not only on an inventory page) is refused and the run says
 * why: the offer page's warning reaches the run's problems, through the real CLI.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixturePortals } from '../../src/fixture-portal/server.ts';
import { runCli, workspace } from '../support/cli.ts';
import { startPortals, testConfig } from '../support/portals.ts';

const OFFER_PATH = '/offre-emploi/sen-peren-106---data-scientist-confirme-hf-reference-MEF_2026-41872/';
const OFFER_FILE = join(import.meta.dirname, '../../fixtures/portals/csp/offre-MEF_2026-41872.html');

let portals: FixturePortals;
beforeAll(async () => {
  portals = await startPortals(['csp']);
  const offer = readFileSync(OFFER_FILE, 'utf8');
  expect(offer).toContain('Date limite de candidature : 15/03/2027');
  // The 31st of November does not exist: read leniently it would become the 1st of December.
  const impossible = offer.replace(
    'Date limite de candidature : 15/03/2027',
    'Date limite de candidature : 31/11/2027',
  );
  portals.inject('csp', OFFER_PATH, { kind: 'body', body: impossible, contentType: 'text/html; charset=UTF-8' });
});
afterAll(async () => portals.close());

describe('an impossible date on an offer page', () => {
  it('leaves the deadline unshifted and the run names the date and why', async () => {
    const ws = workspace(testConfig(portals, ['csp']));
    const run = await runCli([...ws.args, 'scrape', '--source', 'csp']);
    expect(run.code, run.stderr).toBe(0);
    const db = new Database(ws.dbPath, { readonly: true });
    try {
      const { problems } = db.prepare(`SELECT problems FROM runs WHERE source = 'csp'`).get() as { problems: string };
      expect(JSON.parse(problems)).toContainEqual(
        expect.objectContaining({
          severity: 'warning',
          message: expect.stringMatching(/^impossible date "31\/11\/2027".*: the field is left empty$/),
          url: expect.stringContaining('MEF_2026-41872'),
        }),
      );
      const { data } = db
        .prepare(
          `SELECT data FROM postings JOIN posting_content ON posting_id = id WHERE source = 'csp' AND source_id = 'MEF_2026-41872'`,
        )
        .get() as { data: string };
      expect(JSON.parse(data).deadline ?? '').not.toMatch(/^2027-12-01/);
    } finally {
      db.close();
    }
  });
});
