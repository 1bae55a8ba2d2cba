/**
 * A PASS item linking another site (fixtures/hostile/pass-foreign-link) is no PASS offer: skipped
 * with a problem, never stored nor published as the PASS link.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixturePortals } from '../../src/fixture-portal/server.ts';
import type { Problem } from '../../src/model/source.ts';
import { runCli, workspace } from '../support/cli.ts';
import { startHostilePortals, testConfig } from '../support/portals.ts';

let hostile: FixturePortals;
beforeAll(async () => {
  hostile = await startHostilePortals(['pass-foreign-link']);
});
afterAll(async () => hostile.close());

describe('an item linking another site', () => {
  it('is skipped with a problem naming the link; the rest of the feed is kept', async () => {
    const ws = workspace(
      testConfig(hostile, ['pass'], { sources: { pass: { baseUrl: hostile.urls['pass-foreign-link'] } } }),
    );
    const run = await runCli([...ws.args, 'scrape']);
    expect(run.code, run.stderr).toBe(0);

    const db = new Database(ws.dbPath, { readonly: true });
    const postings = db.prepare('SELECT source_id, url FROM postings ORDER BY source_id').all();
    const problems = JSON.parse(
      (db.prepare('SELECT problems FROM runs ORDER BY id DESC LIMIT 1').get() as { problems: string }).problems,
    ) as Problem[];
    db.close();
    expect(postings).toEqual([
      {
        source_id: 'A-2026-201734',
        url: 'https://www.pass.fonction-publique.gouv.fr/offre/apprentie-data-scientist-peren-hf',
      },
      {
        source_id: 'S-2026-118842',
        url: 'https://www.pass.fonction-publique.gouv.fr/offre/stage-systemes-de-recommandation-peren',
      },
    ]);
    expect(problems).toContainEqual({
      severity: 'warning',
      message:
        'PASS item 2 skipped: its link https://emploi.example.com/offre/apprentie-developpeur-web-peren-hf leaves the portal ("Apprenti(e) développeur(se) web - PEReN H/F")',
      url: 'https://www.pass.fonction-publique.gouv.fr/flux/offres',
    });
    for (const format of ['rss', 'json'])
      expect((await runCli([...ws.args, 'export', '--format', format])).stdout).not.toContain('emploi.example.com');
  });
});
