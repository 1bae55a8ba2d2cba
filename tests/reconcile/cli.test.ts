/** `openings reconcile` through the real CLI, after real scrapes of the fixture portals. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FixturePortals } from '../../src/fixture-portal/server.ts';
import type { Reconciliation } from '../../src/reconcile/reconcile.ts';
import { FIXTURE_PORTALS, runCli, workspace } from '../support/cli.ts';
import { deadlinesAsFirstWritten } from '../support/fixture-edits.ts';
import { startPortals, testConfig } from '../support/portals.ts';

let portals: FixturePortals;
beforeAll(async () => {
  portals = await startPortals(['passerelles', 'pass', 'peren']);
});
afterAll(async () => portals.close());
beforeEach(() => {
  portals.reset();
  // The scenarios were written against the fixtures' first, now past, deadlines.
  deadlinesAsFirstWritten(portals);
});

const FRENCH_ONLY = { sources: { peren: { pages: ['https://peren.gouv.fr/recrutement/'] } } };

async function scraped(sources: string[]): Promise<string[]> {
  const ws = workspace(testConfig(portals, sources, FRENCH_ONLY));
  expect((await runCli([...ws.args, 'scrape'])).code).toBe(0);
  return ws.args;
}

describe('openings reconcile', () => {
  it('exits 1 when a tile points at an offer closed everywhere, with a table or JSON', async () => {
    // The fixture's Passerelles offers are past their deadlines (2021 and January 2022): all closed.
    const args = await scraped(['passerelles', 'peren']);

    const json = await runCli([...args, 'reconcile', '--json']);
    expect(json.code).toBe(1);
    const result = JSON.parse(json.stdout) as Reconciliation;
    expect(result.pageReadAs).toEqual(['dsfr-tiles']);
    expect(result.lastHiringPageRun).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(result.findings.map((f) => [f.severity, f.kind, f.tile?.title, f.opening?.status])).toEqual([
      ['error', 'tile-offer-closed', 'Développeur / Développeuse front', 'closed'],
      ['error', 'tile-offer-closed', 'Data-scientist confirmé', 'closed'],
      ['error', 'tile-offer-closed', 'Data-scientist confirmé', 'closed'],
    ]);
    expect(result.findings[0]!.evidence).toMatch(
      /^vue sur Passerelles le \d{2}\/\d{2}\/\d{4}, fermée le \d{2}\/\d{2}\/\d{4} \(date limite passée\)$/,
    );

    const text = await runCli([...args, 'reconcile']);
    expect(text.code).toBe(1);
    const lines = text.stdout.split('\n');
    expect(lines[0]).toMatch(
      /^Hiring page: last healthy read \S+ \(dsfr-tiles\); 3 finding\(s\): 3 error, 0 warning, 0 info$/,
    );
    expect(lines[2]).toMatch(/^SEVERITY\s+KIND\s+MESSAGE\s+EVIDENCE$/);
    expect(lines[3]).toMatch(
      /^error\s+tile-offer-closed\s+La tuile « Développeur \/ Développeuse front » renvoie vers une offre fermée sur tous les portails/,
    );
    // What `openings hiring-page --write` would do about it: the three tiles go.
    expect(lines.slice(7, 11)).toEqual([
      'Hiring page section (fr, https://peren.gouv.fr/recrutement/): `openings hiring-page --lang fr --write FILE` would remove 3 tile(s) and add 0',
      '  - Développeur / Développeuse front https://passerelles.economie.gouv.fr/offre-de-emploi/emploi-developpeur-front-end-sen-peren-155-h-f_4165.aspx',
      '  - Data-scientist confirmé https://passerelles.economie.gouv.fr/offre-de-emploi/emploi-data-scientist-confirme-sen-peren-106-h-f_5373.aspx',
      '  - Data-scientist confirmé https://passerelles.economie.gouv.fr/offre-de-emploi/emploi-data-scientist-confirme-sen-peren-156-h-f_5372.aspx',
    ]);
    const sections = (
      JSON.parse(json.stdout) as { hiringPageSections: { lang: string; changed: boolean; generated: string }[] }
    ).hiringPageSections;
    expect(sections.map((s) => [s.lang, s.changed])).toEqual([['fr', true]]);
    expect(sections[0]!.generated).toBe(
      '## Nos offres en cours\n\n<div class="fr-grid-row fr-grid-row--gutters fr-grid-row--center recrutements fr-my-0">\n</div>\n',
    );
  });

  it('exits 0 when every finding is a warning or information', async () => {
    portals.override(
      'peren',
      'recrutement-fr.html',
      readFileSync(join(FIXTURE_PORTALS, 'peren/variants/no-openings-empty-grid.html')),
    );
    const args = await scraped(['pass', 'peren']);

    const json = await runCli([...args, 'reconcile', '--json']);
    expect(json.code).toBe(0);
    const result = JSON.parse(json.stdout) as Reconciliation;
    expect(result.pageReadAs).toEqual([]);
    expect(result.findings.map((f) => [f.severity, f.kind, f.opening?.title])).toEqual([
      ['info', 'opening-missing-from-page', 'Apprenti(e) data scientist - PEReN H/F'],
      ['info', 'opening-missing-from-page', 'Apprenti(e) développeur(se) web - PEReN H/F'],
      ['info', 'opening-missing-from-page', 'Stage - Audit des systèmes de recommandation (PEReN) H/F'],
    ]);
    const text = await runCli([...args, 'reconcile']);
    expect(text.code).toBe(0);
    expect(text.stdout.split('\n')[0]).toMatch(/\(no tile\); 3 finding\(s\): 0 error, 0 warning, 3 info$/);
  });

  it('says there is nothing to compare before the hiring page was read', async () => {
    const ws = workspace(testConfig(portals, ['peren']));
    expect((await runCli([...ws.args, 'notify', 'send'])).code).toBe(0); // reconcile reads a database: an empty one
    const json = await runCli([...ws.args, 'reconcile', '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({
      pageReadAs: [],
      lastHiringPageRun: null,
      findings: [],
      hiringPageSections: [],
    });
    const text = await runCli([...ws.args, 'reconcile']);
    expect(text).toMatchObject({
      code: 0,
      stdout: 'Hiring page: never read by a healthy run, nothing to compare (run `openings scrape --source peren`).\n',
    });
  });
});
