/**
 * Passerelles and Choisir le service public end to end through the CLI: the PEReN offers stored
 * with their offer-page details; a second run that only revalidates; a re-designed portal that
 * ends unhealthy and stores nothing; `openings parse` on real and constructed pages.
 */

import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { FixturePortals } from '../../src/fixture-portal/server.ts';
import type { Posting } from '../../src/model/posting.ts';
import type { Problem } from '../../src/model/source.ts';
import { FIXTURE_PORTALS, runCli, SAMPLES, workspace } from '../support/cli.ts';
import { fixtureBody } from '../support/fixture-edits.ts';
import { scenarioPortals, testConfig } from '../support/portals.ts';

const portalsNow = scenarioPortals(['passerelles', 'csp']);
let portals: FixturePortals;
beforeEach(() => {
  portals = portalsNow();
});

function stored(dbPath: string, source: string): Posting[] {
  const db = new Database(dbPath, { readonly: true });
  try {
    return (
      db
        .prepare(
          'SELECT data FROM postings JOIN posting_content ON posting_id = id WHERE source = ? ORDER BY source_id',
        )
        .all(source) as { data: string }[]
    ).map((r) => JSON.parse(r.data) as Posting);
  } finally {
    db.close();
  }
}

describe('passerelles', () => {
  it('stores the PEReN offers with their offer-page details', async () => {
    const ws = workspace(testConfig(portals, ['passerelles']));
    const run = await runCli([...ws.args, 'scrape', '--source', 'passerelles']);
    expect(run.code, run.stderr).toBe(0);
    const postings = stored(ws.dbPath, 'passerelles');
    expect(postings.map((p) => p.sourceId)).toEqual(['4165', '5372', '5373']);
    const p5372 = postings.find((p) => p.sourceId === '5372')!;
    expect(p5372).toMatchObject({
      reference: '2021-5372',
      url: 'https://passerelles.economie.gouv.fr/offre-de-emploi/emploi-data-scientist-confirme-sen-peren-156-h-f_5372.aspx',
      department: '75',
    });
    for (const field of ['contractType', 'jobFamily', 'descriptionHtml', 'location', 'deadline'] as const)
      expect(p5372[field], field).not.toBeNull();
  });

  it('makes only conditional requests on the second run and fetches no unchanged offer page', async () => {
    const ws = workspace(testConfig(portals, ['passerelles']));
    expect((await runCli([...ws.args, 'scrape', '--source', 'passerelles'])).code).toBe(0);
    const firstRun = portals.requests.length;
    expect(portals.requests.filter((r) => /_\d+\.aspx/.test(r.url))).toHaveLength(3);
    expect((await runCli([...ws.args, 'scrape', '--source', 'passerelles'])).code).toBe(0);
    const second = portals.requests.slice(firstRun);
    expect(second.length).toBeGreaterThan(0);
    expect(second.filter((r) => !r.conditional)).toEqual([]);
    expect(second.every((r) => r.status === 304)).toBe(true);
    expect(second.filter((r) => /_\d+\.aspx/.test(r.url))).toEqual([]);
  });

  it('an offer page that cannot be fetched is a problem of its posting, not of the run', async () => {
    const ws = workspace(testConfig(portals, ['passerelles']));
    portals.inject('passerelles', '/offre-de-emploi/emploi-data-scientist-confirme-sen-peren-156-h-f_5372.aspx', {
      kind: 'status',
      status: 404,
    });
    const run = await runCli([...ws.args, 'scrape', '--source', 'passerelles']);
    expect(run.code, run.stderr).toBe(0);
    const p5372 = stored(ws.dbPath, 'passerelles').find((p) => p.sourceId === '5372')!;
    expect(p5372.title).toBe('Data-scientist confirmé - SEN PEReN 156 H/F');
    const status = JSON.parse((await runCli([...ws.args, 'status', '--json'])).stdout) as {
      postings: { sourceId: string; detailError: string | null }[];
    };
    expect(status.postings.find((p) => p.sourceId === '5372')?.detailError).toMatch(/HTTP 404/);
    expect((await runCli([...ws.args, 'status'])).stdout).toMatch(/passerelles\s+5372\s+open .*HTTP 404/);
  });

  it('an offer page in no known layout makes the run unhealthy and stores nothing', async () => {
    const ws = workspace(testConfig(portals, ['passerelles']));
    portals.override(
      'passerelles',
      'offre-5372.html',
      fixtureBody('passerelles', 'changed-layout/offre-nouvelle-maquette.html'),
    );
    const run = await runCli([...ws.args, 'scrape', '--source', 'passerelles']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/passerelles: unhealthy .*page d’offre non comprise.*_5372\.aspx/);
    expect(stored(ws.dbPath, 'passerelles')).toEqual([]);
  });

  it('a re-designed portal ends the run unhealthy and stores nothing', async () => {
    const changed = await FixturePortals.start(join(FIXTURE_PORTALS, 'passerelles'), ['changed-layout']);
    try {
      const ws = workspace(
        testConfig(portals, ['passerelles'], { sources: { passerelles: { baseUrl: changed.urls['changed-layout'] } } }),
      );
      const run = await runCli([...ws.args, 'scrape', '--source', 'passerelles']);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/passerelles: unhealthy .*liste-offres\.aspx/);
      expect(stored(ws.dbPath, 'passerelles')).toEqual([]);
    } finally {
      await changed.close();
    }
  });
});

describe('csp', () => {
  it("stores PEReN's offers with full details, and revalidates only on the second run", async () => {
    const ws = workspace(testConfig(portals, ['csp']));
    const run = await runCli([...ws.args, 'scrape', '--source', 'csp']);
    expect(run.code, run.stderr).toBe(0);
    const postings = stored(ws.dbPath, 'csp');
    expect(postings.map((p) => p.sourceId)).toEqual([
      '2026-2450117',
      'MEF_2026-41872',
      'MEF_2026-41873',
      'MEF_2026-41905',
      'MEF_2026-42011',
    ]);
    const mef = postings.find((p) => p.sourceId === 'MEF_2026-41872')!;
    for (const field of [
      'employer',
      'versant',
      'category',
      'deadline',
      'descriptionHtml',
      'department',
      'publishedAt',
    ] as const)
      expect(mef[field], field).not.toBeNull();
    expect(mef.title).toBe('SEN PEReN 106 - Data-scientist confirmé (H/F)');

    const firstRun = portals.requests.length;
    expect((await runCli([...ws.args, 'scrape', '--source', 'csp'])).code).toBe(0);
    const second = portals.requests.slice(firstRun);
    expect(second.every((r) => r.conditional && r.status === 304)).toBe(true);
    expect(second.filter((r) => r.url.startsWith('/offre-emploi/'))).toEqual([]);
  });

  it('reads the Talentsoft RSS channel when an entity is configured', async () => {
    const ws = workspace(testConfig(portals, ['csp'], { sources: { csp: { rssEntity: '137' } } }));
    expect((await runCli([...ws.args, 'scrape', '--source', 'csp'])).code).toBe(0);
    expect(
      portals.requests.some(
        (r) => r.url.startsWith('/handlers/offerRss.ashx') && r.url.includes('Rss_Entity=137') && r.status === 200,
      ),
    ).toBe(true);
    expect(stored(ws.dbPath, 'csp').length).toBeGreaterThanOrEqual(5);
  });

  it('a results page without recognisable cards is an unhealthy run, never an empty success', async () => {
    const ws = workspace(testConfig(portals, ['csp']));
    portals.inject('csp', '/nos-offres/filtres/mot-cles/peren/', {
      kind: 'body',
      body: '<!doctype html><html><body><main><div class="results-v2"><article>Offre</article></div></main></body></html>',
    });
    const run = await runCli([...ws.args, 'scrape', '--source', 'csp']);
    expect(run.code).toBe(1);
    expect(stored(ws.dbPath, 'csp')).toEqual([]);
  });
});

describe('openings parse', () => {
  const parse = async (source: string, file: string, extra: string[] = []) => {
    const out = await runCli(['parse', '--source', source, file, ...extra]);
    return {
      code: out.code,
      stderr: out.stderr,
      json: out.stdout
        ? (JSON.parse(out.stdout) as { kind: string; variant: string | null; postings: Posting[]; problems: Problem[] })
        : null,
    };
  };

  it('prints the postings of real and constructed pages of every portal', async () => {
    const pass = await parse('pass', join(SAMPLES, 'pass-flux-offres.xml'));
    expect(pass.json?.postings).toHaveLength(7);
    const cspOffer = await parse('csp', join(SAMPLES, 'csp-offer-detail.html'));
    expect(cspOffer.json?.kind).toBe('offer');
    expect(cspOffer.json?.postings.map((p) => p.sourceId)).toEqual(['DEF_15-00064919']);
    const cspCards = await parse('csp', join(SAMPLES, 'csp-listing-cards-excerpt.html'));
    expect(cspCards.json?.postings.map((p) => p.sourceId)).toEqual(['MEF_2026-32366', '2026-2357158']);
    // Another Talentsoft tenant's feed: its items link that tenant, which --url names.
    const rss = await parse('passerelles', join(SAMPLES, 'talentsoft-rss-item-excerpt.xml'), [
      '--url',
      'https://recrutement.matmut.fr/handlers/offerRss.ashx?LCID=1036',
    ]);
    expect(rss.json?.postings.map((p) => p.title)).toEqual(['Ingénieur DevOps F/H']);
    const elsewhere = await parse('passerelles', join(SAMPLES, 'talentsoft-rss-item-excerpt.xml'));
    expect(elsewhere.json?.postings).toEqual([]);
    expect(elsewhere.code).toBe(1);
    expect(elsewhere.json?.problems).toContainEqual(
      expect.objectContaining({
        message: expect.stringMatching(
          /item 1 skipped, its link https:\/\/recrutement\.matmut\.fr\/\S+ leaves the portal/,
        ),
      }),
    );
    const listing = await parse('passerelles', join(FIXTURE_PORTALS, 'passerelles/liste-offres-page-1.html'));
    expect(listing.json?.postings.length).toBeGreaterThan(0);
    const offer = await parse('passerelles', join(FIXTURE_PORTALS, 'passerelles/offre-5372.html'));
    expect(offer.json?.postings.map((p) => p.sourceId)).toEqual(['5372']);
    const tiles = await parse('peren', join(SAMPLES, 'peren-recrutement-fr-2021-08-25-21e9acd.md'));
    expect(tiles.json?.postings.map((p) => p.sourceId)).toEqual([
      'passerelles:4093',
      'passerelles:4165',
      'passerelles:4208',
      'passerelles:4207',
    ]);
  });

  it('says clearly when a file matches no known page', async () => {
    const notCsp = await parse('csp', join(SAMPLES, 'pass-flux-offres.xml'));
    expect(notCsp.code).toBe(1);
    expect(notCsp.json?.variant).toBeNull();
    const notPass = await parse('pass', join(SAMPLES, 'csp-offer-detail.html'));
    expect(notPass.code).toBe(1);
    expect(notPass.stderr).toMatch(/does not look like any page the pass parser knows/);
    const unknown = await runCli(['parse', '--source', 'nope', join(SAMPLES, 'pass-flux-offres.xml')]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown source "nope"/);
  });
});
