/**
 * A database written by 0.1 (fixtures/databases/openings-0.1.db: one scrape of every fixture
 * portal, then a failed PASS run) opens with this version: content moved beside the postings,
 * openings summarised, old events and reasons still readable, and a scrape after the upgrade finds
 * nothing new to say.
 */

import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixturePortals } from '../../src/fixture-portal/server.ts';
import { ROOT, runCli, workspace } from '../support/cli.ts';
import { startPortals, testConfig } from '../support/portals.ts';

let portals: FixturePortals;
beforeAll(async () => {
  portals = await startPortals();
});
afterAll(async () => portals.close());

describe('upgrading a 0.1 database', () => {
  it('keeps every posting, opening and event, and the next scrape only confirms them', async () => {
    const ws = workspace(testConfig(portals, ['passerelles', 'csp', 'pass', 'peren']));
    copyFileSync(join(ROOT, 'fixtures/databases/openings-0.1.db'), ws.dbPath);

    const status = await runCli([...ws.args, 'status', '--json']);
    expect(status.stderr).toBe('');
    const json = JSON.parse(status.stdout) as {
      sources: { source: string; lastFailure: { reason: string; reasonCode: string } | null }[];
      postings: unknown[];
    };
    expect(json.postings).toHaveLength(14);
    // A 0.1 reason was free English text: shown as it was written.
    expect(json.sources.find((s) => s.source === 'pass')?.lastFailure).toMatchObject({
      reasonCode: 'legacy',
      reason: expect.stringContaining('HTTP 503'),
    });

    const feed = JSON.parse((await runCli([...ws.args, 'export', '--format', 'json'])).stdout) as {
      items: { id: string; title: string }[];
    };
    expect(feed.items).toHaveLength(7);
    const events = JSON.parse(
      (await runCli([...ws.args, 'export', '--format', 'json', '--feed', 'events'])).stdout,
    ) as { items: { title: string }[] };
    expect(events.items.filter((i) => i.title.startsWith('Nouvelle offre'))).toHaveLength(7);

    const db = new Database(ws.dbPath, { readonly: true });
    const summaries = db.prepare(`SELECT COUNT(*) AS n FROM openings WHERE updated_at IS NULL OR title = ''`).get() as {
      n: number;
    };
    const content = db.prepare('SELECT COUNT(*) AS n FROM posting_content').get() as { n: number };
    const eventCount = (db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n;
    const lastRun = (db.prepare('SELECT MAX(id) AS id FROM runs').get() as { id: number }).id;
    const openingsBefore = db.prepare('SELECT uid FROM openings ORDER BY uid').pluck().all();
    db.close();
    expect(summaries.n).toBe(0);
    expect(content.n).toBe(14);

    const scrape = await runCli([...ws.args, 'scrape']);
    expect(scrape.code, scrape.stderr).toBe(0);
    const after = new Database(ws.dbPath, { readonly: true });
    // Nothing appeared or changed (the 2027 fixture deadlines may have passed by the time this runs: deadline closes are allowed).
    const newEvents = after
      .prepare(`SELECT type, scope FROM events WHERE id > ? AND type IN ('new', 'changed', 'linked')`)
      .all(eventCount);
    // Closes by this scrape are deadline closes only, and no opening was founded.
    const closeReasons = after
      .prepare(`SELECT DISTINCT close_reason FROM postings WHERE state = 'closed' AND state_run > ?`)
      .pluck()
      .all(lastRun);
    const openingsAfter = after.prepare('SELECT uid FROM openings ORDER BY uid').pluck().all();
    after.close();
    expect(newEvents).toEqual([]);
    expect(closeReasons.filter((r) => r !== 'deadline')).toEqual([]);
    expect(openingsAfter).toEqual(openingsBefore);
    const again = JSON.parse((await runCli([...ws.args, 'export', '--format', 'json'])).stdout) as {
      items: { id: string }[];
    };
    const before = new Set(feed.items.map((i) => i.id));
    expect(again.items.filter((i) => !before.has(i.id))).toEqual([]);
    // Today's date decides how many deadlines have passed, never whether the upgrade kept the openings.
    if (closeReasons.length === 0) expect(again.items).toHaveLength(feed.items.length);
  });
});
