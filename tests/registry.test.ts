/**
 * Every registered source honours the same contract, so adding a portal is its folder and one
 * registry line: it has a fixture portal, a scrape reads it healthy, and what it lists reaches the
 * readers (portals: the openings feed; the hiring page: the reconciliation).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/database.ts';
import { latestOpenDataFile } from '../db/open-data.ts';
import { register, SOURCE_LIST, SOURCES } from '../scrapers/index.ts';
import { parseConfig } from '../src/config.ts';
import { openingsFeed } from '../src/feeds/openings-feed.ts';
import type { FixturePortals } from '../src/fixture-portal/server.ts';
import { pageInHand } from '../src/model/source.ts';
import { scrape } from '../src/pipeline/scrape.ts';
import { reconcile } from '../src/reconcile/reconcile.ts';
import { FIXTURE_PORTALS } from './support/cli.ts';
import { deadlinesAhead } from './support/fixture-edits.ts';
import { startPortals, testConfig } from './support/portals.ts';

/** The sources of the first release; any source added since must ship turned off. */
const FIRST_RELEASE = ['passerelles', 'csp', 'pass', 'peren'];

let portals: FixturePortals;
beforeAll(async () => {
  portals = await startPortals();
  deadlinesAhead(portals);
});
afterAll(async () => portals.close());

describe('the source registry', () => {
  it('keys every source by its own id, portals with distinct precedences', () => {
    for (const [key, source] of Object.entries(SOURCES)) expect(source.id).toBe(key);
    const portalsOnly = SOURCE_LIST.filter((s) => s.kind === 'portal');
    expect(new Set(portalsOnly.map((s) => s.precedence)).size).toBe(portalsOnly.length);
  });

  it('turns on by default only the sources of the first release', () => {
    for (const source of SOURCE_LIST) expect(source.defaultEnabled, source.id).toBe(FIRST_RELEASE.includes(source.id));
    // A configuration that does not mention a source leaves it as its record says.
    const config = parseConfig({ sources: { pass: { enabled: false } } });
    for (const source of SOURCE_LIST)
      expect(config.sources[source.id as keyof typeof config.sources].enabled).toBe(
        source.id === 'pass' ? false : source.defaultEnabled,
      );
  });

  it("files every posting a source's parser reads under that source, whatever id the parser wrote", async () => {
    // A new source reusing the PASS feed parser, as a contributor copying one would.
    const pass = await SOURCES.pass.load();
    const copy = register({ ...SOURCES.pass, id: 'copy' }, async () => ({ ...pass, id: 'copy' }));
    const body = readFileSync(join(FIXTURE_PORTALS, 'pass/flux-offres.xml'), 'utf8');
    const page = pageInHand(
      { url: 'https://www.pass.fonction-publique.gouv.fr/flux/offres', role: 'inventory', label: 'rss' },
      body,
    );
    const { postings } = (await copy.load()).parse(page, SOURCES.pass.settings.parse({ enabled: true }));
    expect(postings.length).toBeGreaterThan(0);
    expect(new Set(postings.map((p) => p.posting.source))).toEqual(new Set(['copy']));
  });

  for (const source of SOURCE_LIST) {
    it(`${source.id}: has a fixture portal that a scrape reads healthy, and what it lists reaches the readers`, async () => {
      expect(existsSync(join(FIXTURE_PORTALS, source.id, 'manifest.json'))).toBe(true);
      const db = openDatabase(':memory:');
      const config = parseConfig(testConfig(portals, [source.id]));
      const [outcome] = await scrape(db, config);
      expect(outcome).toMatchObject({ source: source.id, summary: { status: 'healthy' } });
      expect(outcome!.summary.postingsFound).toBeGreaterThan(0);
      if (source.kind === 'portal') {
        const feed = openingsFeed(
          db,
          { publicUrl: 'https://offres.example.fr', organisationName: 'PEReN' },
          { limit: 500 },
        );
        expect(feed.items.length).toBeGreaterThan(0);
        expect(
          feed.items.every((item) =>
            (item.extensions!.postings as { source: string }[]).some((p) => p.source === source.id),
          ),
        ).toBe(true);
      } else if (source.kind === 'hiring-page') {
        expect(reconcile(db).pageReadAs.length).toBeGreaterThan(0);
      } else {
        // An open-data file: the organisation's rows stored beside the postings; only its ended
        // offers become postings, closed (the history), none open.
        expect(latestOpenDataFile(db)).toBeDefined();
        expect(db.prepare("SELECT COUNT(*) AS n FROM postings WHERE state != 'closed'").get()).toEqual({ n: 0 });
      }
      db.close();
    });
  }
});
