/**
 * A database written by the release before organisations (fixtures/databases/openings-schema-006.db:
 * two scrapes of every fixture portal, manual links and a manual close, pending notifications)
 * becomes a one-organisation database, the organisation taken from the configuration, losing
 * nothing: postings, openings (uids, so feed guids and calendar UIDs), links, manual decisions,
 * history, events and outbox rows keep their ids and their contents.
 */

import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixturePortals } from '../../src/fixture-portal/server.ts';
import { ROOT, runCli, workspace } from '../support/cli.ts';
import { startPortals, testConfig } from '../support/portals.ts';

const FIXTURE = join(ROOT, 'fixtures/databases/openings-schema-006.db');

/** Everything the upgrade must keep, as rows in id order. */
function snapshot(path: string) {
  const db = new Database(path, { readonly: true });
  const all = (sql: string) => db.prepare(sql).all();
  const taken = {
    postings: all(
      'SELECT id, source, source_id, state, close_reason, first_seen_at, last_seen_at, deadline FROM postings ORDER BY id',
    ),
    content: all('SELECT posting_id, data, detail_data FROM posting_content ORDER BY posting_id'),
    openings: all('SELECT id, uid, status, title, updated_at FROM openings ORDER BY id'),
    links: all('SELECT posting_id, opening_id, reason, score, manual FROM opening_links ORDER BY posting_id'),
    changes: all('SELECT * FROM posting_changes ORDER BY id'),
    events: all(
      'SELECT id, at, run_id, opening_id, posting_id, scope, type, published, detail FROM events ORDER BY id',
    ),
    outbox: all('SELECT id, channel, run_id, mode, kinds, payload, status, next_attempt_at FROM outbox ORDER BY id'),
    runs: all('SELECT id, source, status, reason FROM runs ORDER BY id'),
  };
  db.close();
  return taken;
}

const organisationsOfRows = (path: string) => {
  const db = new Database(path, { readonly: true });
  const rows = ['postings', 'openings', 'events', 'outbox'].map(
    (table) =>
      [table, (db.prepare(`SELECT DISTINCT organisation FROM ${table}`).pluck().all() as string[]).sort()] as const,
  );
  const organisations = db.prepare('SELECT id, name FROM organisations').all();
  db.close();
  return { tables: Object.fromEntries(rows), organisations };
};

let portals: FixturePortals;
beforeAll(async () => {
  portals = await startPortals();
});
afterAll(async () => portals.close());

describe('upgrading a database from before organisations', () => {
  it('keeps every row, all of them now the configured organisation’s', async () => {
    const before = snapshot(FIXTURE);
    expect(before.links.filter((l) => (l as { manual: number }).manual === 1)).toHaveLength(2);
    expect(before.outbox).toHaveLength(10);

    const ws = workspace(testConfig(portals, ['passerelles', 'csp', 'pass', 'peren']));
    copyFileSync(FIXTURE, ws.dbPath);
    const status = await runCli([...ws.args, 'status', '--json']);
    expect(status.stderr).toBe('');

    expect(snapshot(ws.dbPath)).toEqual(before);
    expect(organisationsOfRows(ws.dbPath)).toEqual({
      tables: { postings: ['peren'], openings: ['peren'], events: ['peren'], outbox: ['peren'] },
      organisations: [{ id: 'peren', name: 'PEReN' }],
    });

    // Feed guids and calendar UIDs are the openings' uids, unchanged.
    const uids = new Set(before.openings.map((o) => (o as { uid: string }).uid));
    const feed = JSON.parse((await runCli([...ws.args, 'export', '--format', 'json'])).stdout) as {
      items: { id: string }[];
    };
    expect(feed.items.length).toBeGreaterThan(0);
    for (const item of feed.items) expect(uids).toContain(item.id.replace(/^tag:peren-openings,2026:opening:/, ''));
    const ics = (await runCli([...ws.args, 'export', '--format', 'ics'])).stdout;
    const icsUids = [...ics.matchAll(/^UID:(.+?)\r?$/gm)].map((m) => m[1]!.replace(/@.*$/, ''));
    expect(icsUids.length).toBeGreaterThan(0);
    for (const uid of icsUids) expect(uids).toContain(uid);

    // The manual close holds, and the next scrape finds no posting and founds no opening.
    const scrape = await runCli([...ws.args, 'scrape']);
    expect(scrape.code, scrape.stderr).toBe(0);
    const after = snapshot(ws.dbPath);
    expect(after.postings).toHaveLength(before.postings.length);
    expect(after.openings.map((o) => (o as { uid: string }).uid)).toEqual([...uids]);
    expect(after.links).toEqual(before.links);
    expect(after.postings.find((p) => (p as { source_id: string }).source_id === 'S-2026-118842')).toMatchObject({
      state: 'closed',
      close_reason: 'manual',
    });
  });

  it('gives the rows to the organisation the configuration names first', async () => {
    const ws = workspace(
      testConfig(portals, [], {
        organisations: {
          pole: { name: 'PEReN', of: 'du PEReN', match: ['PEReN'] },
          dinum: { name: 'DINUM', of: 'de la DINUM', match: ['DINUM'] },
        },
      }),
    );
    copyFileSync(FIXTURE, ws.dbPath);
    const status = await runCli([...ws.args, 'status', '--json']);
    expect(status.stderr).toBe('');
    expect(organisationsOfRows(ws.dbPath)).toEqual({
      tables: { postings: ['pole'], openings: ['pole'], events: ['pole'], outbox: ['pole'] },
      organisations: [{ id: 'pole', name: 'PEReN' }],
    });
  });
});
