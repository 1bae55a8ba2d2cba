/**
 * Recruiters' contacts (fixtures/hostile/pass-contacts) are kept nowhere: not in the cached bodies,
 * the postings, the API, the feeds nor the opening page; and a database an earlier release filled
 * with them is scrubbed by migration 003, after which a run changes nothing.
 */

import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixturePortals } from '../../src/fixture-portal/server.ts';
import { ROOT, runCli, startServe, workspace } from '../support/cli.ts';
import { databaseText } from '../support/database-text.ts';
import { startHostilePortals, testConfig } from '../support/portals.ts';

/** Every contact the hostile feed carries, in some spelling each. */
const CONTACTS = [
  /jean\.dupont/i,
  /claire\.martin/i,
  /marie\.curie/i,
  /recrutement\.peren/i,
  /rh@peren/i,
  /44\D{0,6}87\D{0,6}17\D{0,6}17/,
  /6 12 34 56 78/,
  /98\.76\.54\.32/,
  /40 00 00 01/,
];

const leaks = (text: string) => CONTACTS.filter((contact) => contact.test(text)).map(String);

let hostile: FixturePortals;
beforeAll(async () => {
  hostile = await startHostilePortals(['pass-contacts']);
});
afterAll(async () => hostile.close());

const config = () => testConfig(hostile, ['pass'], { sources: { pass: { baseUrl: hostile.urls['pass-contacts'] } } });

describe('personal data', () => {
  it('is replaced before anything is cached, stored or published', async () => {
    const ws = workspace(config());
    const run = await runCli([...ws.args, 'scrape']);
    expect(run.code, run.stderr).toBe(0);

    const stored = databaseText(ws.dbPath);
    expect(leaks(stored)).toEqual([]);
    // What revalidation needs is kept: the validators and the parse result (contacts replaced), not the body.
    const db = new Database(ws.dbPath, { readonly: true });
    const cache = db.prepare(`SELECT etag, body, derived FROM http_cache WHERE url LIKE '%/flux/offres'`).get() as {
      etag: string;
      body: Buffer;
      derived: Buffer;
    };
    const description = (
      JSON.parse(
        (
          db
            .prepare(
              `SELECT data FROM postings JOIN posting_content ON posting_id = id WHERE source_id = 'A-2026-201734'`,
            )
            .get() as { data: string }
        ).data,
      ) as { descriptionText: string }
    ).descriptionText;
    db.close();
    expect(cache.etag).toMatch(/^"[0-9a-f]+"$/);
    expect(cache.body).toHaveLength(0);
    expect(gunzipSync(cache.derived).toString('utf8')).toContain(
      'Contact : Jean Dupont, mail@example.invalid, tél. 00 00 00 00 00 ou 00 00 00 00 00.',
    );
    expect(description).toContain(
      'Contact : Jean Dupont, mail@example.invalid, tél. 00 00 00 00 00 ou 00 00 00 00 00.',
    );
    expect(description).toContain(
      'Candidatures à mail@example.invalid ou par courriel, secrétariat mail@example.invalid, 00 00 00 00 00.',
    );
    for (const file of [ws.dbPath, `${ws.dbPath}-wal`].filter(existsSync))
      expect(leaks(readFileSync(file).toString('latin1'))).toEqual([]);

    const server = await startServe(ws.args);
    try {
      const openings = (await (await fetch(`${server.base}/api/openings`)).json()) as { openings: { uid: string }[] };
      const published = await Promise.all(
        [
          '/api/postings',
          '/api/openings',
          '/feed.rss',
          '/feed.atom',
          '/feed.json',
          '/feed/events.json',
          '/',
          ...openings.openings.map((o) => `/offres/${o.uid}`),
        ].map(async (path) => {
          const response = await fetch(`${server.base}${path}`);
          expect(response.status, path).toBe(200);
          return [path, await response.text()] as const;
        }),
      );
      for (const [path, body] of published) expect(leaks(body), path).toEqual([]);
      // The offer whose description held contacts shows it, placeholders in their place.
      const pages = published.filter(([path]) => path.startsWith('/offres/')).map(([, body]) => body);
      expect(pages.some((page) => page.includes('Contact : Jean Dupont, mail@example.invalid'))).toBe(true);
    } finally {
      await server.stop();
    }
  });

  it('is scrubbed from a database an earlier release wrote, and the next run changes nothing', async () => {
    // The 0.1 database was written on a fixed day: however long ago that is, its source must not be
    // stale (status would exit 1) nor its cached bodies pruned (no 304): this test is about scrubbing.
    const ws = workspace({ ...config(), freshness: { staleAfterHours: 1e7 }, retention: { days: 100_000 } });
    // What 0.1 left after a scrape of this portal: raw bodies cached, contacts in the postings.
    copyFileSync(join(ROOT, 'fixtures/databases/openings-0.1-contacts.db'), ws.dbPath);
    const db = new Database(ws.dbPath);
    const posting = db
      .prepare(`SELECT id, last_seen_run AS run FROM postings WHERE source_id = 'A-2026-201734'`)
      .get() as { id: number; run: number };
    db.prepare(
      `INSERT INTO posting_changes (posting_id, run_id, at, field, old_value, new_value) VALUES (?, ?, '2026-01-01T00:00:00Z', 'salary', 'appeler le 06.98.76.54.32', 'voir avec claire.martin@pass.gouv.fr')`,
    ).run(posting.id, posting.run);
    db.prepare(
      `UPDATE events SET detail = '{"reason":"écrire à marie.curie@finances.gouv.fr"}' WHERE id = (SELECT min(id) FROM events)`,
    ).run();
    db.prepare(`UPDATE runs SET reason = 'injoignable au 01 44 87 17 17'`).run();
    db.close();
    expect(leaks(databaseText(ws.dbPath)).length).toBeGreaterThan(5);

    const status = await runCli([...ws.args, 'status']);
    expect(status.code, status.stderr).toBe(0);
    expect(leaks(databaseText(ws.dbPath))).toEqual([]);
    const migrated = new Database(ws.dbPath, { readonly: true });
    expect(migrated.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(3);
    const changesBefore = (migrated.prepare('SELECT count(*) AS n FROM posting_changes').get() as { n: number }).n;
    migrated.close();

    // The scrubbed cached body still revalidates and re-parses to the same postings.
    const requests = hostile.requests.length;
    const run = await runCli([...ws.args, 'scrape']);
    expect(run.code, run.stderr).toBe(0);
    expect(
      hostile.requests
        .slice(requests)
        .filter((r) => r.url === '/flux/offres')
        .map((r) => r.status),
    ).toEqual([304]);
    const after = new Database(ws.dbPath, { readonly: true });
    expect((after.prepare('SELECT count(*) AS n FROM posting_changes').get() as { n: number }).n).toBe(changesBefore);
    expect(after.prepare(`SELECT type FROM events WHERE type = 'changed'`).all()).toEqual([]);
    after.close();
  });
});
