/**
 * The weekly open-data file's history through the real CLI and server: each organisation's ended
 * offers become closed openings by their real dates, never announced (no event, no outbox row),
 * absent from the feeds of open openings and the calendar, counted by the year charts; an ended
 * offer joins the organisation's closed CSP posting of its reference, never one CSP shows open; a
 * re-import is idempotent and a changed row updates its opening. Fields carry their origin in the
 * API and the feeds.
 */
import Database from 'better-sqlite3';
import * as cheerio from 'cheerio';
import { describe, expect, it } from 'vitest';
import { openForReading } from '../../db/database.ts';
import { parseConfig } from '../../src/config.ts';
import { createApp } from '../../src/server/app.ts';
import { runCli, startServe, workspace } from '../support/cli.ts';
import { fixtureBody } from '../support/fixture-edits.ts';
import { DINUM, PEREN } from '../support/organisations.ts';
import { scenarioPortals, testConfig } from '../support/portals.ts';

const CSV_FILE = 'offres-datagouv-20261130.csv';
const ATTRIBUTION = 'Source : DGAFP, data.gouv.fr, Licence Ouverte 2.0';
const CLOSED_BY_FILE = 'terminée selon le fichier officiel (DGAFP, data.gouv.fr)';
const BOTH = { peren: PEREN, dinum: DINUM };

// CSP's offers keep their deadlines ahead of today, so the scenarios read the same whatever the date.
const fixturePortals = scenarioPortals(['csp', 'csp-open-data']);

interface HistoryRow {
  organisation: string;
  source_id: string;
  state: string;
  close_reason: string;
  first_seen_at: string;
  closed_at: string;
  /** None: the end of publication is not an application deadline, and the calendar shows none. */
  deadline: null;
  opening_organisation: string;
  opening_id: number;
  reason: string;
}

function history(dbPath: string): HistoryRow[] {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db
      .prepare(
        `SELECT p.organisation, p.source_id, p.state, p.close_reason, p.first_seen_at, p.closed_at, p.deadline,
                o.organisation AS opening_organisation, o.id AS opening_id, l.reason
         FROM postings p JOIN opening_links l ON l.posting_id = p.id JOIN openings o ON o.id = l.opening_id
         WHERE p.source = 'csp-open-data' ORDER BY p.organisation, p.source_id`,
      )
      .all() as HistoryRow[];
  } finally {
    db.close();
  }
}

function counts(dbPath: string) {
  const db = new Database(dbPath, { readonly: true });
  try {
    const n = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    return {
      events: n('SELECT COUNT(*) AS n FROM events'),
      outbox: n('SELECT COUNT(*) AS n FROM outbox'),
      openings: n('SELECT COUNT(*) AS n FROM openings'),
      postings: n('SELECT COUNT(*) AS n FROM postings'),
    };
  } finally {
    db.close();
  }
}

function sql(dbPath: string, statement: string): void {
  const db = new Database(dbPath);
  db.prepare(statement).run();
  db.close();
}

describe("the weekly file's history", () => {
  it('makes each organisation its ended offers, closed and unannounced, with their fields and origin', async () => {
    const channel = { type: 'webhook', url: 'http://127.0.0.1:9/hook', format: 'text', events: ['new', 'closed'] };
    const ws = workspace(
      testConfig(fixturePortals(), ['csp', 'csp-open-data'], {
        organisations: { peren: { ...PEREN, channels: ['hook'] }, dinum: { ...DINUM, channels: ['hook'] } },
        notify: { announceBacklog: true, channels: { hook: channel } },
      }),
    );
    const csp = await runCli([...ws.args, 'scrape', '--source', 'csp']);
    expect(csp.code, csp.stderr).toBe(0);
    const before = counts(ws.dbPath);
    expect(before.outbox).toBeGreaterThan(0);

    const file = await runCli([...ws.args, 'scrape', '--source', 'csp-open-data']);
    expect(file.code, file.stderr).toBe(0);
    // Ended before the file's date, per organisation; the DINUM's 2026-2460001 stays CSP's (open
    // there); the prefecture's ended offer is nobody's here.
    expect(history(ws.dbPath).map(({ opening_id: _, ...row }) => row)).toEqual([
      {
        organisation: 'dinum',
        source_id: '2026-2400001',
        state: 'closed',
        close_reason: 'open-data',
        first_seen_at: '2026-02-01T00:00:00.000Z',
        closed_at: '2026-03-31T00:00:00.000Z',
        deadline: null,
        opening_organisation: 'dinum',
        reason: 'first',
      },
      ...[
        ['MEF_2025-30001', '2025-03-02', '2025-04-30'],
        ['MEF_2026-30002', '2026-04-15', '2026-06-30'],
        ['MEF_2026-30003', '2026-08-03', '2026-09-30'],
      ].map(([reference, from, to]) => ({
        organisation: 'peren',
        source_id: reference,
        state: 'closed',
        close_reason: 'open-data',
        first_seen_at: `${from}T00:00:00.000Z`,
        closed_at: `${to}T00:00:00.000Z`,
        deadline: null,
        opening_organisation: 'peren',
        reason: 'first',
      })),
    ]);
    // Nothing said: no event, so no notification.
    const after = counts(ws.dbPath);
    expect(after.events).toBe(before.events);
    expect(after.outbox).toBe(before.outbox);
    expect(after.openings).toBe(before.openings + 4);

    const server = await startServe(ws.args);
    try {
      const get = async (path: string) => (await fetch(`${server.base}${path}`)).text();
      const closed = JSON.parse(await get('/o/peren/api/openings?status=closed&limit=500')) as {
        openings: Record<string, unknown>[];
      };
      const designer = closed.openings.find((o) => o.reference === 'MEF_2026-30003')!;
      expect(designer).toMatchObject({
        status: 'closed',
        title: 'SEN PEReN 130 - Designer de services numériques (H/F)',
        publishedAt: '2026-08-03T00:00:00.000Z',
        closedAt: '2026-09-30T00:00:00.000Z',
        closeReasons: ['open-data'],
        fields: {
          duration: { value: '12 mois', source: 'csp-open-data' },
          trade: { value: 'Designer', source: 'csp-open-data' },
        },
        attribution: ATTRIBUTION,
      });
      expect(closed.openings.some((o) => o.reference === '2026-2400001')).toBe(false);

      // A CSP opening: the file fills the duration CSP lacks and names the trade, each with its origin.
      const open = JSON.parse(await get('/o/peren/api/openings?status=open&limit=500')) as {
        openings: { uid: string; id: string; links: { sourceId: string }[]; fields: unknown; employer: string }[];
      };
      const scientist = open.openings.find((o) => o.links.some((l) => l.sourceId === 'MEF_2026-41872'))!;
      expect(scientist.fields).toMatchObject({
        duration: { value: '36 mois', source: 'csp-open-data' },
        trade: { value: 'Data scientist', source: 'csp-open-data' },
      });
      expect(scientist.id).toBe(`tag:peren-openings,2026:opening:${scientist.uid}`);

      const feed = JSON.parse(await get('/o/peren/feed.json')) as {
        items: { id: string; title: string; _peren: Record<string, unknown> }[];
      };
      expect(feed.items.some((i) => i.title.includes('Designer de services'))).toBe(false);
      const item = feed.items.find((i) => i.id === scientist.id)!;
      expect(item._peren.fields).toMatchObject({ trade: { value: 'Data scientist', source: 'csp-open-data' } });
      expect(item._peren.attribution).toBe(ATTRIBUTION);
      const atom = await get('/o/peren/feed.atom');
      expect(atom).toMatch(/après le fichier open data de la DGAFP : [^<]*durée : 36 mois, métier : Data scientist/);
      expect(atom).not.toContain('Designer de services');
      const rss = await get('/o/peren/feed.rss');
      expect(rss).toContain('<category>Data scientist</category>');
      // RSS shows the content only: the file's line, with its attribution, follows the description.
      expect(rss).toMatch(
        /après le fichier open data de la DGAFP : [^<]*métier : Data scientist \(Source : DGAFP, data\.gouv\.fr, Licence Ouverte 2\.0\)/,
      );
      expect(rss).not.toContain('Designer de services');

      const calendar = await get('/o/peren/calendar.ics');
      const events = await get('/o/peren/feed/events.json');
      const designerUid = String(designer.uid);
      expect(calendar).not.toContain(designerUid);
      expect(events).not.toContain(designerUid);
      expect(events).not.toContain('Designer de services');

      const page = await get(`/offres/${designerUid}`);
      expect(page).toContain(CLOSED_BY_FILE);
      expect(page).toMatch(
        /<dt>Métier<\/dt><dd>Designer <small class="muted field-origin">\(fichier open data de la DGAFP\)/,
      );

      const home = cheerio.load(await get('/o/peren/'));
      const card = home('li.card[data-source="csp-open-data"]').text();
      expect(card).toContain('du 30/11/2026 : 19 lignes lues, 2 offres manquées');
      expect(card).not.toContain('Annonces');
    } finally {
      await server.stop();
    }
  });

  it("joins a closed CSP posting's opening and re-imports idempotently", async () => {
    const ws = workspace(testConfig(fixturePortals(), ['csp', 'csp-open-data'], { organisations: BOTH }));
    expect((await runCli([...ws.args, 'scrape', '--source', 'csp'])).code).toBe(0);
    const close = await runCli([...ws.args, 'close', 'csp:2026-2460001', '--org', 'dinum', '--note', 'pourvu']);
    expect(close.code, close.stderr).toBe(0);
    const before = counts(ws.dbPath);
    expect((await runCli([...ws.args, 'scrape', '--source', 'csp-open-data'])).code).toBe(0);

    const rows = history(ws.dbPath);
    expect(rows.map((r) => [r.organisation, r.source_id, r.reason])).toEqual([
      ['dinum', '2026-2400001', 'first'],
      ['dinum', '2026-2460001', 'reference'],
      ['peren', 'MEF_2025-30001', 'first'],
      ['peren', 'MEF_2026-30002', 'first'],
      ['peren', 'MEF_2026-30003', 'first'],
    ]);
    const db = new Database(ws.dbPath, { readonly: true });
    const joined = db
      .prepare(
        `SELECT p.source, o.status, o.published_ms FROM opening_links l JOIN postings p ON p.id = l.posting_id
         JOIN openings o ON o.id = l.opening_id WHERE l.opening_id = ? ORDER BY p.source`,
      )
      .all(rows[1]!.opening_id) as { source: string; status: string; published_ms: number }[];
    db.close();
    // One opening for the reference, still closed, published on the file's first publication date.
    expect(joined.map((j) => [j.source, j.status])).toEqual([
      ['csp', 'closed'],
      ['csp-open-data', 'closed'],
    ]);
    expect(joined[0]!.published_ms).toBeLessThanOrEqual(Date.parse('2026-06-01T00:00:00.000Z'));
    const imported = counts(ws.dbPath);
    expect(imported.openings).toBe(before.openings + 4);
    expect(imported.events).toBe(before.events);

    // The same file read again in full: nothing new.
    sql(ws.dbPath, 'DELETE FROM http_cache');
    expect((await runCli([...ws.args, 'scrape', '--source', 'csp-open-data'])).code).toBe(0);
    expect(counts(ws.dbPath)).toEqual(imported);
    expect(history(ws.dbPath)).toEqual(rows);

    // A newer file that edits an ended row updates its opening, silently.
    fixturePortals().override(
      'csp-open-data',
      CSV_FILE,
      fixtureBody('csp-open-data', CSV_FILE).replace(
        'SEN PEReN 120 - Ingénieur(e) logiciel',
        'SEN PEReN 120 - Ingénieur(e) logiciel senior',
      ),
    );
    expect((await runCli([...ws.args, 'scrape', '--source', 'csp-open-data'])).code).toBe(0);
    expect(counts(ws.dbPath)).toEqual(imported);
    const edited = new Database(ws.dbPath, { readonly: true });
    expect(
      edited
        .prepare('SELECT title FROM openings WHERE id = ?')
        .get(rows.find((r) => r.source_id === 'MEF_2026-30002')!.opening_id),
    ).toEqual({ title: expect.stringContaining('Ingénieur(e) logiciel senior') });
    edited.close();
  });

  it('joins the history to a CSP posting listed after it, at the next file once CSP closed it', async () => {
    const ws = workspace(testConfig(fixturePortals(), ['csp', 'csp-open-data'], { organisations: BOTH }));
    expect((await runCli([...ws.args, 'scrape', '--source', 'csp-open-data'])).code).toBe(0);
    const alone = history(ws.dbPath).find((r) => r.source_id === '2026-2460001')!;
    expect(alone.reason).toBe('first');
    // CSP lists it (its own opening, open: the portal wins), then a person closes it.
    expect((await runCli([...ws.args, 'scrape', '--source', 'csp'])).code).toBe(0);
    expect((await runCli([...ws.args, 'close', 'csp:2026-2460001', '--org', 'dinum'])).code).toBe(0);
    const before = counts(ws.dbPath);
    sql(ws.dbPath, 'DELETE FROM http_cache');
    expect((await runCli([...ws.args, 'scrape', '--source', 'csp-open-data'])).code).toBe(0);
    const joined = history(ws.dbPath).find((r) => r.source_id === '2026-2460001')!;
    expect(joined.reason).toBe('reference');
    const db = new Database(ws.dbPath, { readonly: true });
    const members = db
      .prepare(
        `SELECT p.source FROM opening_links l JOIN postings p ON p.id = l.posting_id WHERE l.opening_id = ? ORDER BY p.source`,
      )
      .all(joined.opening_id);
    const emptied = db.prepare('SELECT COUNT(*) AS n FROM openings WHERE id = ?').get(alone.opening_id);
    db.close();
    expect(members).toEqual([{ source: 'csp' }, { source: 'csp-open-data' }]);
    expect(emptied).toEqual({ n: 0 });
    expect(counts(ws.dbPath)).toEqual({ ...before, openings: before.openings - 1 });
  });

  it('leaves an ended offer CSP shows open to the portal', async () => {
    const ws = workspace(testConfig(fixturePortals(), ['csp', 'csp-open-data'], { organisations: BOTH }));
    expect((await runCli([...ws.args, 'scrape', '--source', 'csp'])).code).toBe(0);
    expect((await runCli([...ws.args, 'scrape', '--source', 'csp-open-data'])).code).toBe(0);
    expect(history(ws.dbPath).map((r) => r.source_id)).toEqual([
      '2026-2400001',
      'MEF_2025-30001',
      'MEF_2026-30002',
      'MEF_2026-30003',
    ]);
    const db = new Database(ws.dbPath, { readonly: true });
    expect(
      db
        .prepare(
          `SELECT o.status FROM postings p JOIN opening_links l ON l.posting_id = p.id JOIN openings o ON o.id = l.opening_id
           WHERE p.source = 'csp' AND p.source_id = '2026-2460001' AND p.organisation = 'dinum'`,
        )
        .get(),
    ).toEqual({ status: 'open' });
    db.close();
  });

  it('gives the year charts the history by its real dates', async () => {
    const raw = testConfig(fixturePortals(), ['csp-open-data']);
    const ws = workspace(raw);
    expect((await runCli([...ws.args, 'scrape'])).code).toBe(0);
    const db = openForReading(ws.dbPath);
    try {
      const config = parseConfig({ ...raw, server: { publicUrl: 'https://offres.example.fr' } });
      const app = createApp({
        db,
        config,
        publicUrl: config.server.publicUrl,
        now: () => new Date('2026-12-01T12:00:00Z'),
      });
      const $ = cheerio.load(await (await app.request('/')).text());
      const week = $('table.figures tr')
        .filter((_, tr) => $(tr).find('th[scope="row"]').text() === '10/08/2026')
        .first();
      // Only MEF_2026-30003 (03/08 to 30/09/2026) was open that week, counted as CSP's.
      expect(week.find('td').first().text()).toBe('1');
      const cspColumn =
        $('table.figures')
          .first()
          .find('thead th')
          .map((_, th) => $(th).text())
          .get()
          .indexOf('Choisir le service public') - 1;
      expect(week.find('td').eq(cspColumn).text()).toBe('1');
      // Closed within the twelve months: 30002 and 30003 (30001 ended in April 2025).
      expect($('#annee-durees').text()).toContain('2 offres fermées');
    } finally {
      db.close();
    }
  });
});
