/**
 * Lifecycle scenarios on PASS through the real CLI, over several runs: a posting disappears and
 * reappears, one disappears for good and closes, and broken runs close nothing and say why. After
 * each scrape the state is read in-process, as `status --json` prints it (its output has its own
 * tests in status.test.ts): one process per run instead of two.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/database.ts';
import { collectStatus } from '../../src/cli/commands/status.ts';
import { loadConfig } from '../../src/config.ts';
import type { Fault, FixturePortals } from '../../src/fixture-portal/server.ts';
import { FIXTURE_PORTALS, runCli, workspace } from '../support/cli.ts';
import { startPortals, testConfig } from '../support/portals.ts';

let portals: FixturePortals;
beforeAll(async () => {
  portals = await startPortals(['pass']);
});
afterAll(async () => portals.close());
/**
 * The bundled feed with its offers published yesterday (its items' ISO `pubDate`), so that a close
 * in these scenarios is always a close soon after publication, whatever today's date.
 */
const FEED = readFileSync(join(FIXTURE_PORTALS, 'pass/flux-offres.xml'), 'utf8').replace(
  /(<pubDate>)\d{4}-\d{2}-\d{2}T/g,
  `$1${new Date(Date.now() - 86_400_000).toISOString().slice(0, 10)}T`,
);
/** The portal as bundled, but for the publication dates (above). */
function servedAsBundled(): void {
  portals.reset();
  portals.override('pass', 'flux-offres.xml', FEED);
}
beforeEach(servedAsBundled);

const STAGES = readFileSync(join(FIXTURE_PORTALS, 'pass/flux-offres-stages.xml'), 'utf8');
/** The feed without one item, as the portal serves it once the offer is withdrawn. */
const withoutItem = (id: string) =>
  FEED.replace(
    new RegExp(`<item>(?:(?!</item>)[\\s\\S])*<dc:identifier>${id}</dc:identifier>[\\s\\S]*?</item>\\s*`),
    '',
  );

type StatusJson = ReturnType<typeof collectStatus>;
type Workspace = ReturnType<typeof workspace>;

async function scrapeAndStatus(ws: Workspace): Promise<{ code: number | null; status: StatusJson }> {
  const run = await runCli([...ws.args, 'scrape', '--source', 'pass']);
  const db = openDatabase(ws.dbPath);
  try {
    return { code: run.code, status: collectStatus(db, loadConfig(ws.configPath), new Date()) };
  } finally {
    db.close();
  }
}
const stateOf = (s: StatusJson, id: string) => s.postings.find((p) => p.sourceId === id)?.state;

describe('posting lifecycle on PASS', () => {
  const lifecycle = { missingRunsToClose: 2, missingHoursToClose: 0 };

  it('a posting that disappears is missing, then open again when it reappears; no close', async () => {
    const ws = workspace(testConfig(portals, ['pass'], { lifecycle }));
    expect((await scrapeAndStatus(ws)).code).toBe(0);
    portals.override('pass', 'flux-offres.xml', withoutItem('A-2026-201734'));
    const gone = await scrapeAndStatus(ws);
    expect(gone.code).toBe(0);
    expect(stateOf(gone.status, 'A-2026-201734')).toBe('missing');
    servedAsBundled();
    const back = await scrapeAndStatus(ws);
    expect(stateOf(back.status, 'A-2026-201734')).toBe('open');
    const feed = JSON.parse((await runCli([...ws.args, 'export', '--format', 'json', '--feed', 'events'])).stdout) as {
      items: { title: string }[];
    };
    expect(feed.items.map((i) => i.title)).not.toContain(expect.stringMatching(/^Offre fermée/));
  });

  it('a posting gone for good closes after N healthy runs, with an event, and reopens if it returns', async () => {
    const ws = workspace(testConfig(portals, ['pass'], { lifecycle }));
    await scrapeAndStatus(ws);
    portals.override('pass', 'flux-offres.xml', withoutItem('A-2026-201734'));
    expect(stateOf((await scrapeAndStatus(ws)).status, 'A-2026-201734')).toBe('missing');
    const closed = await scrapeAndStatus(ws);
    expect(stateOf(closed.status, 'A-2026-201734')).toBe('closed');
    const api = JSON.parse((await runCli([...ws.args, 'export', '--format', 'json'])).stdout) as {
      items: { title: string }[];
    };
    expect(api.items.map((i) => i.title)).not.toContain('Apprenti(e) data scientist - PEReN H/F');
    const events = JSON.parse(
      (await runCli([...ws.args, 'export', '--format', 'json', '--feed', 'events'])).stdout,
    ) as { items: { title: string; summary?: string }[] };
    const closedEvent = events.items.find((i) => i.title === 'Offre fermée : Apprenti(e) data scientist - PEReN H/F');
    expect(closedEvent?.summary).toMatch(/retirée du portail.*à vérifier/s);

    servedAsBundled();
    const reopened = await scrapeAndStatus(ws);
    expect(stateOf(reopened.status, 'A-2026-201734')).toBe('open');
    const after = JSON.parse((await runCli([...ws.args, 'export', '--format', 'json', '--feed', 'events'])).stdout) as {
      items: { title: string }[];
    };
    expect(after.items[0]!.title).toBe('Offre rouverte : Apprenti(e) data scientist - PEReN H/F');
  });

  it('a posting closed by hand stays closed while listed, until reopened by hand', async () => {
    const ws = workspace(testConfig(portals, ['pass'], { lifecycle }));
    await scrapeAndStatus(ws);
    const close = await runCli([
      ...ws.args,
      'close',
      'pass:A-2026-201734',
      '--note',
      'poste pourvu, annonce non retirée',
    ]);
    expect(close.code, close.stderr).toBe(0);
    const after = await scrapeAndStatus(ws);
    expect(stateOf(after.status, 'A-2026-201734')).toBe('closed');
    const events = JSON.parse(
      (await runCli([...ws.args, 'export', '--format', 'json', '--feed', 'events'])).stdout,
    ) as { items: { title: string; summary?: string }[] };
    expect(
      events.items.find((i) => i.title === 'Offre fermée : Apprenti(e) data scientist - PEReN H/F')?.summary,
    ).toMatch(/fermée à la main/);
    expect((await runCli([...ws.args, 'close', 'pass:A-2026-201734'])).stderr).toMatch(/already closed/);

    expect((await runCli([...ws.args, 'reopen', 'pass:A-2026-201734'])).code).toBe(0);
    expect(stateOf((await scrapeAndStatus(ws)).status, 'A-2026-201734')).toBe('open');
    const refused = await runCli([...ws.args, 'reopen', 'pass:A-2026-201655']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/was not closed by hand/);
  });

  it('a feed whose items are all unreadable is an unhealthy run, not a feed stating there is nothing: nothing goes missing', async () => {
    // Two items only, below the size where the drop ratio applies: just "stated empty" tells the cases apart.
    const ws = workspace(
      testConfig(portals, ['pass'], { lifecycle, sources: { pass: { feeds: ['/flux/offres_stages'] } } }),
    );
    const first = await scrapeAndStatus(ws);
    expect(first.code).toBe(0);
    expect(first.status.postings.map((p) => [p.sourceId, p.state])).toEqual([['S-2026-118842', 'open']]);
    const untitled = STAGES.replace(/<title><a [\s\S]*?<\/title>/g, '');
    expect(untitled.match(/<item>/g)).toHaveLength(2);
    portals.override('pass', 'flux-offres-stages.xml', untitled);
    for (let i = 0; i < 2; i += 1) {
      const broken = await scrapeAndStatus(ws);
      expect(broken.code).toBe(1);
      expect(broken.status.sources.find((s) => s.source === 'pass')?.lastRun).toMatchObject({
        status: 'unhealthy',
        reason:
          'nombre invraisemblable : aucune annonce listée (2 au dernier relevé sain) et aucune page ne dit qu’il n’y en a pas',
      });
      expect(broken.status.postings.map((p) => [p.sourceId, p.state])).toEqual([['S-2026-118842', 'open']]);
    }
  });

  it("a portal changing an offer's URL keeps its opening and its feed guid", async () => {
    const ws = workspace(testConfig(portals, ['pass'], { lifecycle }));
    expect((await scrapeAndStatus(ws)).code).toBe(0);
    const item = async () => {
      const feed = JSON.parse((await runCli([...ws.args, 'export', '--format', 'json'])).stdout) as {
        items: { id: string; url: string; title: string }[];
      };
      return feed.items.find((i) => i.title === 'Apprenti(e) développeur(se) web - PEReN H/F')!;
    };
    const before = await item();
    expect(before.id).toMatch(/^tag:peren-openings,2026:opening:[0-9a-f-]{36}$/);
    // A new URL and a reworded description: still the portal's offer A-2026-201655.
    const moved = FEED.replaceAll(
      '/offre/apprentie-developpeur-web-peren-hf',
      '/offre/apprenti-developpeur-web-peren-2026',
    ).replace('ses outils open source.', 'ses outils libres.');
    portals.override('pass', 'flux-offres.xml', moved);
    expect((await scrapeAndStatus(ws)).code).toBe(0);
    const after = await item();
    expect(after.url).toBe('https://www.pass.fonction-publique.gouv.fr/offre/apprenti-developpeur-web-peren-2026');
    expect(after.id).toBe(before.id);
  });

  const brokenRuns: [string, (p: FixturePortals) => void, RegExp][] = [
    ['a 500', (p) => p.inject('pass', '/flux/offres', { kind: 'status', status: 500 }), /HTTP 500/],
    [
      'a timeout',
      // The feed does not answer within the test; the healthy runs have all of timeoutMs for theirs.
      (p) => p.inject('pass', '/flux/offres', { kind: 'delay', ms: 600_000 } satisfies Fault),
      /within 5000 ms/,
    ],
    ['a truncated page', (p) => p.inject('pass', '/flux/offres', { kind: 'truncate' }), /impossible de récupérer/],
    [
      'an empty 200 page',
      (p) => p.inject('pass', '/flux/offres', { kind: 'body', body: '', contentType: 'application/rss+xml' }),
      /no RSS <channel>/,
    ],
    [
      'an empty but valid feed',
      (p) =>
        p.inject('pass', '/flux/offres', {
          kind: 'body',
          body: '<?xml version="1.0"?><rss version="2.0"><channel><title>Flux rss sortant</title></channel></rss>',
        }),
      /nombre invraisemblable/,
    ],
    [
      'a re-designed page',
      (p) =>
        p.inject('pass', '/flux/offres', {
          kind: 'body',
          body: '<!doctype html><html><body><main class="new-design"><h1>Nos offres</h1></main></body></html>',
        }),
      /not the expected feed/,
    ],
  ];

  for (const [name, breakIt, why] of brokenRuns) {
    it(`${name} closes nothing, marks nothing missing, and status says why`, async () => {
      const ws = workspace(testConfig(portals, ['pass'], { lifecycle, http: { timeoutMs: 5000 } }));
      const first = await scrapeAndStatus(ws);
      portals.override('pass', 'flux-offres.xml', withoutItem('A-2026-201734'));
      const missing = await scrapeAndStatus(ws);
      expect(stateOf(missing.status, 'A-2026-201734')).toBe('missing');
      breakIt(portals);
      for (let i = 0; i < 2; i += 1) {
        const broken = await scrapeAndStatus(ws);
        expect(broken.code).toBe(1);
        const pass = broken.status.sources.find((s) => s.source === 'pass')!;
        expect(pass.lastRun?.status).toBe('unhealthy');
        expect(pass.lastRun?.reason).toMatch(why);
        expect(stateOf(broken.status, 'A-2026-201734')).toBe('missing');
        expect(pass.postings).toEqual({
          open: first.status.sources.find((s) => s.source === 'pass')!.postings.open - 1,
          missing: 1,
          closed: 0,
        });
      }
    });
  }
});
