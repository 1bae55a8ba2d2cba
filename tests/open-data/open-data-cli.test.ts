/**
 * The weekly open-data file through the real CLI and server, against the fixture CSP portal and the
 * fixture data.gouv.fr: the offers CSP missed exactly, the employers counted, an unchanged file
 * answered 304 and not read, and every bad file refused without losing the last good one.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FixturePortals } from '../../src/fixture-portal/server.ts';
import { FIXTURE_PORTALS, runCli, startServe, workspace } from '../support/cli.ts';
import { startPortals, testConfig } from '../support/portals.ts';

const CSV_PATH =
  '/resources/les-offres-diffusees-sur-choisir-le-service-public/20261130-060000/offres-datagouv-20261130.csv';
const CSV_FILE = 'offres-datagouv-20261130.csv';
const ATTRIBUTION = 'Source : DGAFP, data.gouv.fr, Licence Ouverte 2.0';
const MISSED = ['MEF_2026-43002', 'MEF_2026-43001'];

let portals: FixturePortals;
beforeAll(async () => {
  portals = await startPortals(['csp', 'csp-open-data']);
});
afterAll(async () => portals.close());
beforeEach(() => portals.reset());

const bothSources = () => workspace(testConfig(portals, ['csp', 'csp-open-data']));

async function missedJson(args: string[]) {
  const run = await runCli([...args, 'missed', '--json']);
  return { code: run.code, stderr: run.stderr, json: run.stdout ? JSON.parse(run.stdout) : null };
}

const missedReferences = (json: { organisations: { missed: { Référence: string }[] }[] }) =>
  json.organisations[0]!.missed.map((o) => o.Référence);

/** The history the file made: its postings, their state and content hash, and their openings. */
function historyOf(dbPath: string) {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db
      .prepare(
        `SELECT p.source_id, p.state, p.inventory_hash, p.closed_at, o.status, o.title FROM postings p
         JOIN opening_links l ON l.posting_id = p.id JOIN openings o ON o.id = l.opening_id
         WHERE p.source = 'csp-open-data' ORDER BY p.source_id`,
      )
      .all();
  } finally {
    db.close();
  }
}

function csvRequests() {
  return portals.requests.filter((r) => r.portal === 'csp-open-data' && r.url === CSV_PATH);
}

describe('the weekly open-data file', () => {
  it('names exactly the active offers no CSP run saw, with their fields and the attribution', async () => {
    const ws = bothSources();
    const scrape = await runCli([...ws.args, 'scrape']);
    expect(scrape.stderr).toBe('');
    expect(scrape.code).toBe(0);

    const { code, json } = await missedJson(ws.args);
    expect(code).toBe(1);
    expect(json.attribution).toBe(ATTRIBUTION);
    expect(json.organisations).toHaveLength(1);
    expect(json.organisations[0]).toMatchObject({ id: 'peren', fileDate: '2026-11-30' });
    // Seen on CSP: 41872, 41873, 41905, 2450117, 42011. Ended: 30001, 30002. After the file's date: 43100.
    expect(missedReferences(json)).toEqual(MISSED);
    expect(json.organisations[0].missed[1]).toEqual({
      Référence: 'MEF_2026-43001',
      // A quoted ';' stays in the field; the employer's address lines are dropped.
      title: 'SEN PEReN 160 - Chef(fe) de projet ; intelligence artificielle (H/F)',
      employer: "Pôle d'Expertise de la Régulation Numérique (PEReN)",
      organisme: "Ministère de l'Économie, des Finances et de la Souveraineté industrielle et numérique",
      firstPublished: '2026-11-12',
      publicationEnd: null,
      url: 'https://choisirleservicepublic.gouv.fr/offre-emploi/MEF_2026-43001/',
    });
    // The reference given twice: the later row wins.
    expect(json.organisations[0].missed[0]).toMatchObject({
      title: 'SEN PEReN 161 - Juriste du numérique (H/F)',
      organisme: 'Direction générale des Entreprises (DGE)',
      publicationEnd: '2027-01-15',
    });

    const text = await runCli([...ws.args, 'missed']);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('PEReN: 2 offer(s) active in the weekly file of 2026-11-30 that no CSP run saw');
    expect(text.stdout).toContain(ATTRIBUTION);

    const db = new Database(ws.dbPath, { readonly: true });
    expect(db.prepare('SELECT rows, active_rows, bad_dates, duplicates FROM open_data_files').all()).toEqual([
      { rows: 19, active_rows: 11, bad_dates: 1, duplicates: 1 },
    ]);
    // Only the organisation's own rows are stored, not the file.
    expect(db.prepare('SELECT COUNT(*) AS n FROM open_data_offers').get()).toEqual({ n: 11 });
    db.close();

    const status = JSON.parse((await runCli([...ws.args, 'status', '--json'])).stdout);
    expect(status.missedOffers.peren.state).toBe('checked');
    expect(status.missedOffers.peren.missed.map((o: { reference: string }) => o.reference)).toEqual(MISSED);

    const server = await startServe(ws.args);
    try {
      const metrics = await (await fetch(`${server.base}/metrics`)).text();
      expect(metrics).toContain('openings_open_data_missed_offers{organisation="peren"} 2\n');
      const page = await (await fetch(`${server.base}/`)).text();
      expect(page).toContain('Offres manquées par le relevé');
      expect(page).toContain(
        '2 offres actives dans le fichier du 30/11/2026, jamais vues sur Choisir le service public',
      );
      for (const reference of MISSED) expect(page).toContain(`data-reference="${reference}"`);
      expect(page).not.toContain('data-reference="MEF_2026-43100"');
      expect(page).toContain(ATTRIBUTION);

      // The opening of MEF_2026-41872: the file fills what the CSP posting lacks and says so.
      const api = (await (await fetch(`${server.base}/api/openings?source=csp&limit=500`)).json()) as {
        openings: { uid: string; links: { sourceId: string }[] }[];
      };
      const opening = api.openings.find((o) => o.links.some((p) => p.sourceId === 'MEF_2026-41872'));
      const offerPage = await (await fetch(`${server.base}/offres/${opening!.uid}`)).text();
      expect(offerPage).toMatch(
        /<dt>Durée<\/dt><dd>36 mois <small class="muted field-origin">\(fichier open data de la DGAFP\)<\/small><\/dd>/,
      );
      expect(offerPage).toMatch(
        /<dt>Métier<\/dt><dd>Data scientist <small class="muted field-origin">\(fichier open data de la DGAFP\)<\/small><\/dd>/,
      );
      expect(offerPage).toMatch(
        /<dt>Employeur<\/dt><dd>[^<]+ <small class="muted field-origin">\(Choisir le service public\)<\/small>/,
      );
      expect(offerPage).toContain(ATTRIBUTION);
    } finally {
      await server.stop();
    }
  });

  it('lists the employers with their organisme and active offers, filtered by words', async () => {
    const ws = bothSources();
    expect((await runCli([...ws.args, 'scrape', '--source', 'csp-open-data'])).code).toBe(0);
    const all = JSON.parse((await runCli([...ws.args, 'employers', '--json'])).stdout);
    expect(all.employers).toHaveLength(6);
    const peren = await runCli([...ws.args, 'employers', 'PEReN', '--json']);
    expect(peren.code).toBe(0);
    expect(JSON.parse(peren.stdout).employers).toEqual([
      {
        employer: "Pôle d'Expertise de la Régulation Numérique (PEReN)",
        organisme: "Ministère de l'Économie, des Finances et de la Souveraineté industrielle et numérique",
        offers: 9,
        active: 5,
      },
      {
        employer: "Pôle d'Expertise de la Régulation Numérique (PEReN)",
        organisme: 'Direction générale des Entreprises (DGE)',
        offers: 1,
        active: 1,
      },
    ]);
    // Words are folded: "premier ministre" finds the DINUM's organisme.
    const text = await runCli([...ws.args, 'employers', 'premier', 'MINISTRE']);
    expect(text.stdout).toContain('1 employer(s) in the weekly file of 2026-11-30');
    expect(text.stdout).toMatch(
      /2\s+4\s+Direction interministérielle du numérique \(DINUM\)\s+Services du Premier ministre/,
    );
    expect(text.stdout).toContain(ATTRIBUTION);
  });

  it('reads an unchanged file not at all: the CSV is answered 304', async () => {
    const ws = bothSources();
    expect((await runCli([...ws.args, 'scrape', '--source', 'csp-open-data'])).code).toBe(0);
    const before = csvRequests().length;
    expect((await runCli([...ws.args, 'scrape', '--source', 'csp-open-data'])).code).toBe(0);
    expect(csvRequests().slice(before)).toEqual([expect.objectContaining({ status: 304, conditional: true })]);
    const db = new Database(ws.dbPath, { readonly: true });
    expect(db.prepare('SELECT COUNT(*) AS n FROM open_data_files').get()).toEqual({ n: 1 });
    expect(db.prepare("SELECT status FROM runs WHERE source = 'csp-open-data' ORDER BY id").all()).toEqual([
      { status: 'healthy' },
      { status: 'healthy' },
    ]);
    db.close();
  });

  it('says it cannot tell without a healthy CSP run since the file', async () => {
    const ws = workspace(testConfig(portals, ['csp-open-data']));
    expect((await runCli([...ws.args, 'scrape'])).code).toBe(0);
    const run = await runCli([...ws.args, 'missed']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^openings: missed: PEReN: no healthy csp run since the weekly file of 2026-11-30/);
    const status = JSON.parse((await runCli([...ws.args, 'status', '--json'])).stdout);
    expect(status.missedOffers.peren.state).toBe('no-csp-run');
  });

  it('doctor reads the dataset API that names the file, and never fetches the file as a page', async () => {
    const ws = workspace(testConfig(portals, ['csp-open-data']));
    const before = csvRequests().length;
    const run = await runCli([...ws.args, 'doctor', '--source', 'csp-open-data']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('parser      variant dataset');
    expect(run.stdout).toMatch(/csp-open-data\s+ok/);
    expect(csvRequests().length).toBe(before);
  });

  it('says so before any file was read', async () => {
    const ws = workspace(testConfig(portals, ['csp']));
    expect((await runCli([...ws.args, 'scrape'])).code).toBe(0);
    const run = await runCli([...ws.args, 'missed']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^openings: missed: no weekly open-data file stored yet/);
  });

  const original = readFileSync(join(FIXTURE_PORTALS, 'csp-open-data', CSV_FILE), 'utf8');
  const badFiles: [string, () => void, RegExp][] = [
    [
      'a renamed column',
      () =>
        portals.override(
          'csp-open-data',
          CSV_FILE,
          original.replace('"Date de fin de publication par défaut"', '"Fin"'),
        ),
      /no column "Date de fin de publication par défaut"/,
    ],
    [
      'an HTML error page served with 200',
      () =>
        portals.inject('csp-open-data', CSV_PATH, {
          kind: 'body',
          body: '<!DOCTYPE html><html><body><h1>Maintenance</h1></body></html>',
        }),
      /an HTML page, not the CSV file/,
    ],
    [
      'an HTML page served as CSV',
      () =>
        portals.inject('csp-open-data', CSV_PATH, {
          kind: 'body',
          body: '<!DOCTYPE html>\n<html><body><h1>Maintenance</h1></body></html>',
          contentType: 'text/csv',
        }),
      /an HTML page, not the CSV file/,
    ],
    [
      'a download cut short',
      () => portals.inject('csp-open-data', CSV_PATH, { kind: 'truncate' }, { times: 2 }),
      /offres-datagouv-20261130\.csv/,
    ],
    [
      'an unclosed quote',
      () => portals.override('csp-open-data', CSV_FILE, `${original}"MEF_2026-49999;"unclosed\r\n`),
      /not a readable CSV file/,
    ],
  ];
  for (const [what, spoil, reason] of badFiles) {
    it(`refuses ${what}: the run is unhealthy, and the last good file's missed offers stay`, async () => {
      const ws = bothSources();
      expect((await runCli([...ws.args, 'scrape'])).code).toBe(0);
      const history = historyOf(ws.dbPath);
      expect(history.length).toBe(3);
      spoil();
      const scrape = await runCli([...ws.args, 'scrape', '--source', 'csp-open-data']);
      expect(scrape.code).toBe(1);
      const status = JSON.parse((await runCli([...ws.args, 'status', '--json'])).stdout);
      const source = status.sources.find((s: { source: string }) => s.source === 'csp-open-data');
      expect(source.lastRun.status).toBe('unhealthy');
      expect(source.lastRun.reason).toMatch(reason);
      const { code, json } = await missedJson(ws.args);
      expect(code).toBe(1);
      expect(missedReferences(json)).toEqual(MISSED);
      // Nor does the history change: no posting or opening added, rewritten or reopened.
      expect(historyOf(ws.dbPath)).toEqual(history);
      // The good file is read again once it is back (the bad one left no validators behind).
      portals.reset();
      expect((await runCli([...ws.args, 'scrape', '--source', 'csp-open-data'])).code).toBe(0);
    });
  }
});
