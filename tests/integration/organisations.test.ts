/**
 * Several organisations, one deployment: one crawl fetches each page once, each organisation takes
 * its own postings (a post naming two belongs to both), and what each one holds is exactly what a
 * deployment of it alone holds. Fixture portals: the CSP searches for PEReN, DINUM and ANSSI
 * (constructed, fixtures/portals/csp/manifest.json) and PASS's feeds, which list everyone.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { startWebhookReceiver, type WebhookPeer } from '../notify/receivers.ts';
import { rewriteConfig, runCli, startServe, workspace } from '../support/cli.ts';
import { ANSSI, DINUM, PEREN } from '../support/organisations.ts';
import { scenarioPortals, testConfig } from '../support/portals.ts';

const ALL = { peren: PEREN, dinum: DINUM, anssi: ANSSI };

const portals = scenarioPortals(['csp', 'pass']);

/** What an organisation holds: its postings and how they are grouped into openings, ids aside. */
function holdings(dbPath: string, organisation: string) {
  const db = new Database(dbPath, { readonly: true });
  const postings = db
    .prepare(
      `SELECT p.source || ':' || p.source_id AS ref, p.state, p.title, p.deadline, p.has_detail AS hasDetail, c.data
       FROM postings p JOIN posting_content c ON c.posting_id = p.id WHERE p.organisation = ? ORDER BY ref`,
    )
    .all(organisation);
  const openings = (
    db
      .prepare(
        `SELECT group_concat(p.source || ':' || p.source_id, ' ') AS refs, o.status, o.title
         FROM openings o JOIN opening_links l ON l.opening_id = o.id JOIN postings p ON p.id = l.posting_id
         WHERE o.organisation = ? GROUP BY o.id`,
      )
      .all(organisation) as { refs: string; status: string; title: string }[]
  )
    .map((o) => ({ ...o, refs: o.refs.split(' ').sort().join(' ') }))
    .sort((a, b) => (a.refs < b.refs ? -1 : 1));
  const events = db
    .prepare(
      `SELECT scope, type, COUNT(*) AS n FROM events WHERE organisation = ? GROUP BY scope, type ORDER BY scope, type`,
    )
    .all(organisation);
  db.close();
  return { postings, openings, events };
}

describe('several organisations in one deployment', () => {
  it('fetches each page once and gives each organisation what it alone would hold', async () => {
    const ws = workspace(testConfig(portals(), ['csp', 'pass'], { organisations: ALL }));
    const scrape = await runCli([...ws.args, 'scrape']);
    expect(scrape.code, scrape.stderr).toBe(0);

    // One crawl: no URL asked twice, though 'numérique' is everyone's search and two searches list 2026-2460002.
    const urls = portals().requests.map((r) => `${r.portal} ${r.url}`);
    expect(urls.length).toBeGreaterThan(10);
    expect(urls.filter((u, i) => urls.indexOf(u) !== i)).toEqual([]);
    expect(urls.filter((u) => u.includes('/mot-cles/numerique/'))).toHaveLength(1);
    expect(urls.filter((u) => u.includes('reference-2026-2460002'))).toHaveLength(1);

    const each = Object.fromEntries(Object.keys(ALL).map((id) => [id, holdings(ws.dbPath, id)]));
    const refs = (id: string) => (each[id]!.postings as { ref: string }[]).map((p) => p.ref);
    // The shared post belongs to both organisations it names, and to no other.
    expect(refs('peren')).toContain('csp:2026-2460002');
    expect(refs('dinum')).toEqual(expect.arrayContaining(['csp:2026-2460001', 'csp:2026-2460002', 'csp:2026-2461230']));
    expect(refs('anssi')).toEqual(['csp:2026-2440193', 'csp:2026-2460003']);
    expect(refs('anssi')).not.toContain('csp:2026-2460002');
    expect(refs('peren').filter((r) => r.startsWith('pass:'))).toHaveLength(3);
    // It is in an opening of each, never one opening across organisations.
    const db = new Database(ws.dbPath, { readonly: true });
    const shared = db
      .prepare(
        `SELECT DISTINCT o.uid, o.organisation FROM openings o JOIN opening_links l ON l.opening_id = o.id
         JOIN postings p ON p.id = l.posting_id WHERE p.source_id = '2026-2460002' ORDER BY o.organisation`,
      )
      .all() as { uid: string; organisation: string }[];
    const mixed = db
      .prepare(
        `SELECT COUNT(*) FROM openings o JOIN opening_links l ON l.opening_id = o.id JOIN postings p ON p.id = l.posting_id
         WHERE p.organisation != o.organisation`,
      )
      .pluck()
      .get();
    db.close();
    expect(shared.map((s) => s.organisation)).toEqual(['dinum', 'peren']);
    expect(new Set(shared.map((s) => s.uid)).size).toBe(2);
    expect(mixed).toBe(0);

    // Each organisation alone, on a database of its own: the same postings, openings and events.
    for (const [id, organisation] of Object.entries(ALL)) {
      const alone = workspace(testConfig(portals(), ['csp', 'pass'], { organisations: { [id]: organisation } }));
      const run = await runCli([...alone.args, 'scrape']);
      expect(run.code, run.stderr).toBe(0);
      expect(holdings(alone.dbPath, id), id).toEqual(each[id]);
    }
  });

  it('serves, exports and corrects each organisation apart', async () => {
    const ws = workspace(testConfig(portals(), ['csp', 'pass'], { organisations: ALL }));
    const scrape = await runCli([...ws.args, 'scrape']);
    expect(scrape.code, scrape.stderr).toBe(0);
    const server = await startServe(ws.args);
    try {
      const get = (path: string) => fetch(`${server.base}${path}`);
      // `/` lists the organisations, each linking its page.
      const index = await (await get('/')).text();
      for (const id of Object.keys(ALL)) expect(index).toContain(`href="/o/${id}/"`);
      expect(index).toContain('DINUM');
      // Each one's freshness: every source that reads it had a healthy run.
      expect(index.match(/badge-ok">à jour</g)).toHaveLength(Object.keys(ALL).length);
      const page = await get('/o/dinum/');
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Offres de la DINUM : tableau de bord');
      expect((await get('/o/nobody/feed.rss')).status).toBe(404);
      expect((await get('/o/nobody/')).status).toBe(404);

      type Feed = { title: string; feed_url: string; items: { id: string; title: string }[] };
      const feeds = Object.fromEntries(
        await Promise.all(
          Object.keys(ALL).map(async (id) => [id, (await (await get(`/o/${id}/feed.json`)).json()) as Feed] as const),
        ),
      );
      expect(feeds.dinum!.title).toBe('Offres de la DINUM');
      expect(feeds.anssi!.title).toBe("Offres de l'ANSSI");
      expect(feeds.dinum!.feed_url).toBe(`${server.base}/o/dinum/feed.json`);
      const titles = (id: string) => feeds[id]!.items.map((i) => i.title);
      expect(titles('anssi').sort()).toEqual(
        [
          'Auditeur / Auditrice de sécurité numérique (H/F)',
          "Ingénieur(e) sécurité des systèmes d'information (H/F)",
        ].sort(),
      );
      // The shared post is in both feeds, under two openings (two guids).
      const shared = 'Data engineer (H/F) - poste partagé PEReN / DINUM';
      const sharedIds = ['peren', 'dinum'].map((id) => feeds[id]!.items.find((i) => i.title === shared)?.id);
      expect(sharedIds.every(Boolean)).toBe(true);
      expect(sharedIds[0]).not.toBe(sharedIds[1]);
      const api = (await (await get('/o/anssi/api/openings')).json()) as { total: number };
      expect(api.total).toBe(2);
      // Health and metrics stay global, with an organisation label where a figure is one organisation's.
      expect((await get('/healthz')).status).toBe(200);
      const metrics = await (await get('/metrics')).text();
      expect(metrics).toContain('openings_organisation_openings{organisation="anssi",status="open"} 2');
      expect(metrics).toMatch(/^openings_openings\{status="open"\} \d+$/m);
      const calendar = await (await get('/o/dinum/calendar.ics')).text();
      expect(calendar).toContain('Dates limites des offres de la DINUM');

      // export --org writes what the organisation's URL serves; without it, several organisations are ambiguous.
      const exported = JSON.parse(
        (await runCli([...ws.args, 'export', '--format', 'json', '--org', 'dinum'])).stdout,
      ) as Feed;
      expect(exported.items.map((i) => i.id)).toEqual(feeds.dinum!.items.map((i) => i.id));
      const ambiguous = await runCli([...ws.args, 'export', '--format', 'json']);
      expect(ambiguous.code).toBe(2);
      expect(ambiguous.stderr).toMatch(/--org <id> is needed/);
      const status = JSON.parse((await runCli([...ws.args, 'status', '--json', '--org', 'anssi'])).stdout) as {
        postings: unknown[];
      };
      expect(status.postings).toHaveLength(2);
      // Without --org every organisation's lines, a shared post once for each, saying whose.
      const everyone = (await runCli([...ws.args, 'status'])).stdout;
      expect(everyone).toMatch(/^ORG +SOURCE +ID /m);
      const sharedLines = everyone.split('\n').filter((line) => line.includes('2026-2460002'));
      expect(sharedLines.map((line) => line.split(/\s+/)[0]).sort()).toEqual(['dinum', 'peren']);

      // A person closes the shared post for one organisation; the other keeps it open.
      const unsure = await runCli([...ws.args, 'close', 'csp:2026-2460002']);
      expect(unsure.code).toBe(2);
      expect(unsure.stderr).toMatch(/several organisations \(dinum, peren\): name one with --org/);
      const closed = await runCli([...ws.args, 'close', 'csp:2026-2460002', '--org', 'dinum']);
      expect(closed.code, closed.stderr).toBe(0);
      const feedAfter = (id: string) =>
        runCli([...ws.args, 'export', '--format', 'json', '--org', id]).then((r) =>
          (JSON.parse(r.stdout) as Feed).items.map((i) => i.title),
        );
      expect(await feedAfter('dinum')).not.toContain(shared);
      expect(await feedAfter('peren')).toContain(shared);
    } finally {
      await server.stop();
    }
  });

  it('tells each channel of the organisations that name it; an organisation added later starts silent', async () => {
    const receivers: Record<string, WebhookPeer> = {};
    for (const name of ['pe', 'di', 'an']) receivers[name] = await startWebhookReceiver();
    try {
      const channels = Object.fromEntries(
        Object.entries(receivers).map(([name, r]) => [
          name,
          { type: 'webhook', url: `${r.url}/hook`, format: 'text', events: ['new'] },
        ]),
      );
      const config = (organisations: Record<string, unknown>, announceBacklog: boolean) =>
        testConfig(portals(), ['csp'], { organisations, notify: { announceBacklog, channels } });
      const ws = workspace(
        config({ peren: { ...PEREN, channels: ['pe'] }, dinum: { ...DINUM, channels: ['di'] } }, true),
      );
      const first = await runCli([...ws.args, 'scrape']);
      expect(first.code, first.stderr).toBe(0);
      const said = (name: string) => receivers[name]!.accepted.map((a) => (a.payload as { text: string }).text);
      const shared = 'Data engineer (H/F) - poste partagé PEReN / DINUM';
      expect(said('pe').length).toBeGreaterThan(0);
      expect(said('pe').some((t) => t.includes(shared))).toBe(true);
      expect(said('pe').some((t) => t.includes('Chef de projet data'))).toBe(false);
      expect(said('di').some((t) => t.includes('Chef de projet data'))).toBe(true);
      expect(said('di').some((t) => t.includes(shared))).toBe(true);
      expect(said('di').some((t) => t.includes('Juriste spécialisé(e)'))).toBe(false);
      expect(said('an')).toEqual([]);

      // ANSSI joins: its backlog is read by the next run without a word, as a source's first run.
      const before = { pe: said('pe').length, di: said('di').length };
      rewriteConfig(
        ws,
        config(
          {
            peren: { ...PEREN, channels: ['pe'] },
            dinum: { ...DINUM, channels: ['di'] },
            anssi: { ...ANSSI, channels: ['an'] },
          },
          false,
        ),
      );
      const second = await runCli([...ws.args, 'scrape']);
      expect(second.code, second.stderr).toBe(0);
      const status = JSON.parse((await runCli([...ws.args, 'status', '--json', '--org', 'anssi'])).stdout) as {
        postings: unknown[];
      };
      expect(status.postings).toHaveLength(2);
      expect(said('an')).toEqual([]);
      expect({ pe: said('pe').length, di: said('di').length }).toEqual(before);
    } finally {
      for (const r of Object.values(receivers)) await r.close();
    }
  });

  it('with one organisation, answers at / as always and at /o/<id>/ too', async () => {
    const ws = workspace(testConfig(portals(), ['csp', 'pass']));
    const scrape = await runCli([...ws.args, 'scrape']);
    expect(scrape.code, scrape.stderr).toBe(0);
    const server = await startServe(ws.args);
    try {
      const json = async (path: string) =>
        (await fetch(`${server.base}${path}`)).json() as Promise<Record<string, unknown>>;
      const root = (await json('/feed.json')) as { title: string; feed_url: string; items: unknown[] };
      const scoped = (await json('/o/peren/feed.json')) as typeof root;
      expect(root.title).toBe('Offres du PEReN');
      expect(root.feed_url).toBe(`${server.base}/feed.json`);
      expect(scoped.items).toEqual(root.items);
      expect(scoped.feed_url).toBe(`${server.base}/o/peren/feed.json`);
      expect(await json('/o/peren/api/openings')).toEqual(await json('/api/openings'));
      const page = await fetch(`${server.base}/`);
      expect(await page.text()).toContain('Offres du PEReN : tableau de bord');
      expect((await fetch(`${server.base}/o/peren/`)).status).toBe(200);
      expect((await fetch(`${server.base}/o/dinum/`)).status).toBe(404);
    } finally {
      await server.stop();
    }
  });

  it("/ says which organisations' sources are late or failing", async () => {
    // CSP points at a closed port: its run fails; PASS was never run: late.
    const ws = workspace(
      testConfig(portals(), ['csp', 'pass'], {
        organisations: ALL,
        sources: { csp: { baseUrl: 'http://127.0.0.1:9/' } },
      }),
    );
    const scrape = await runCli([...ws.args, 'scrape', '--source', 'csp']);
    expect(scrape.code).not.toBe(0);
    const server = await startServe(ws.args);
    try {
      const index = await (await fetch(`${server.base}/`)).text();
      const rows = index.split('<tr>').filter((r) => r.includes('href="/o/'));
      expect(rows).toHaveLength(3);
      for (const row of rows) {
        expect(row).toContain('badge-bad">en échec</span> Choisir le service public, PASS');
        expect(row).not.toContain('à jour');
      }
    } finally {
      await server.stop();
    }
  });

  it('a configuration names each organisation once, and keeps what is an organisation’s under it', async () => {
    const both = workspace({ organisation: { name: 'PEReN' }, organisations: { peren: PEREN } });
    const refused = await runCli([...both.args, 'status']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/give either organisation or organisations/);
    const misplaced = workspace({ organisations: { peren: PEREN }, sources: { csp: { searchTerms: ['peren'] } } });
    const told = await runCli([...misplaced.args, 'status']);
    expect(told.code).toBe(2);
    expect(told.stderr).toMatch(/sources\.csp\.searchTerms: belongs to each organisation/);
    const badId = workspace({ organisations: { 'Pôle Numérique': PEREN } });
    expect((await runCli([...badId.args, 'status'])).stderr).toMatch(/lowercase letters, digits and "-"/);
  });
});
