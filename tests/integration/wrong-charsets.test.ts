/**
 * Portals whose bytes and charset labels disagree (fixtures/hostile/*-charsets, pass-mojibake),
 * through the real CLI. The clean portal is scraped first; the second run reads the hostile copy.
 * Decoded by the bytes, nothing changes; still garbled, the run is unhealthy (a feed) or the
 * posting has an offer-page problem (an offer page), and no field changes, no posting goes missing.
 */

import { gunzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FixturePortals } from '../../src/fixture-portal/server.ts';
import { rewriteConfig, runCli, workspace } from '../support/cli.ts';
import { hostileDeadlinesAhead } from '../support/fixture-edits.ts';
import { scenarioPortals, startHostilePortals, testConfig } from '../support/portals.ts';

const PASS_FEED = 'https://www.pass.fonction-publique.gouv.fr/flux/offres';

interface Row {
  source_id: string;
  state: string;
  data: string;
  detail_error: string | null;
}

function inspect(dbPath: string) {
  const db = new Database(dbPath, { readonly: true });
  try {
    return {
      postings: db
        .prepare(
          'SELECT source_id, state, data, detail_error FROM postings JOIN posting_content ON posting_id = id ORDER BY source_id',
        )
        .all() as Row[],
      changes: (db.prepare('SELECT count(*) AS n FROM posting_changes').get() as { n: number }).n,
      events: (
        db.prepare(`SELECT type FROM events WHERE type IN ('changed', 'missing', 'closed') ORDER BY id`).all() as {
          type: string;
        }[]
      ).map((e) => e.type),
      cachedFeed: cached(db, PASS_FEED),
    };
  } finally {
    db.close();
  }
}

function cached(db: Database.Database, url: string): string | null {
  const row = db.prepare('SELECT derived FROM http_cache WHERE url = ?').get(url) as { derived: Buffer } | undefined;
  return row ? gunzipSync(row.derived).toString('utf8') : null;
}

const fields = (rows: Row[]) =>
  rows.map(({ source_id, state, data }) => ({ source_id, state, data: JSON.parse(data) as unknown }));

const clean = scenarioPortals(['pass', 'passerelles']);
let portals: FixturePortals;
let hostile: FixturePortals;
beforeAll(async () => {
  hostile = await startHostilePortals(['pass-wrong-charsets', 'pass-mojibake', 'passerelles-wrong-charsets']);
});
afterAll(async () => hostile.close());
beforeEach(() => {
  portals = clean();
  hostile.reset();
  hostileDeadlinesAhead(hostile, 'passerelles-wrong-charsets');
});

describe('a PASS feed whose charset label lies', () => {
  it('is decoded by its bytes (windows-1252 served as UTF-8, UTF-8 served as ISO-8859-1): healthy, no field changed, nothing missing', async () => {
    const ws = workspace(testConfig(portals, ['pass']));
    expect((await runCli([...ws.args, 'scrape'])).code).toBe(0);
    const before = inspect(ws.dbPath);
    expect(before.postings.map((p) => p.source_id)).toEqual(['A-2026-201655', 'A-2026-201734', 'S-2026-118842']);

    rewriteConfig(
      ws,
      testConfig(portals, ['pass'], { sources: { pass: { baseUrl: hostile.urls['pass-wrong-charsets'] } } }),
    );
    const run = await runCli([...ws.args, 'scrape']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    // Both hostile feeds were read in full, not replayed from the cache.
    expect(hostile.requests.filter((r) => r.url.startsWith('/flux/')).map((r) => [r.url, r.status])).toEqual([
      ['/flux/offres', 200],
      ['/flux/offres_stages', 200],
    ]);
    const after = inspect(ws.dbPath);
    expect(fields(after.postings)).toEqual(fields(before.postings));
    expect(JSON.parse(after.postings[0]!.data)).toMatchObject({
      title: 'Apprenti(e) développeur(se) web - PEReN H/F',
      employer: 'PEReN',
    });
    expect(after.changes).toBe(0);
    expect(after.events).toEqual([]);
  });

  it('still garbled once decoded: the run is unhealthy naming the feed, and nothing changes nor goes missing', async () => {
    const ws = workspace(testConfig(portals, ['pass']));
    expect((await runCli([...ws.args, 'scrape'])).code).toBe(0);
    const before = inspect(ws.dbPath);

    rewriteConfig(ws, testConfig(portals, ['pass'], { sources: { pass: { baseUrl: hostile.urls['pass-mojibake'] } } }));
    const run = await runCli([...ws.args, 'scrape']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      new RegExp(
        `^pass: unhealthy .*impossible de récupérer ${PASS_FEED} : .*the text looks decoded with the wrong charset: \\d+ UTF-8 sequence\\(s\\) read as single bytes \\("Ã´", "â€™", "Ã©"\\)`,
      ),
    );
    const after = inspect(ws.dbPath);
    expect(fields(after.postings)).toEqual(fields(before.postings));
    expect(after.events).toEqual([]);
    // The garbled body is not cached: the next run asks for the feed in full again.
    expect(after.cachedFeed).toBe(before.cachedFeed);
    expect(after.cachedFeed).toContain('Apprenti(e) développeur(se) web');

    const status = JSON.parse((await runCli([...ws.args, 'status', '--json'])).stdout) as {
      sources: { source: string; lastRun: { status: string; reason: string } }[];
    };
    expect(status.sources.find((s) => s.source === 'pass')?.lastRun).toMatchObject({
      status: 'unhealthy',
      reason: expect.stringContaining(PASS_FEED),
    });
  });
});

describe('Passerelles offer pages whose charset label lies', () => {
  it('reads 5372 and 5373 by their bytes, and makes the garbled 4165 a problem of its posting, never a changed field', async () => {
    const settings = { freshness: { detailRefreshHours: 0 } };
    const ws = workspace(testConfig(portals, ['passerelles'], settings));
    expect((await runCli([...ws.args, 'scrape'])).code).toBe(0);
    const before = inspect(ws.dbPath);
    expect(before.postings.map((p) => [p.source_id, p.detail_error])).toEqual([
      ['4165', null],
      ['5372', null],
      ['5373', null],
    ]);

    rewriteConfig(
      ws,
      testConfig(portals, ['passerelles'], {
        ...settings,
        sources: { passerelles: { baseUrl: hostile.urls['passerelles-wrong-charsets'] } },
      }),
    );
    const run = await runCli([...ws.args, 'scrape']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(hostile.requests.filter((r) => /_\d+\.aspx$/.test(r.url)).map((r) => r.status)).toEqual([200, 200, 200]);

    const after = inspect(ws.dbPath);
    expect(fields(after.postings)).toEqual(fields(before.postings));
    expect(after.postings.map((p) => [p.source_id, p.detail_error])).toEqual([
      [
        '4165',
        expect.stringMatching(
          /^could not fetch https:\/\/passerelles\.economie\.gouv\.fr\/offre-de-emploi\/emploi-developpeur-front-end-sen-peren-155-h-f_4165\.aspx: .*the text looks decoded with the wrong charset/,
        ),
      ],
      ['5372', null],
      ['5373', null],
    ]);
    expect(after.changes).toBe(0);
    expect(after.events).toEqual([]);
  });
});
