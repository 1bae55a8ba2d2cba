/**
 * Openings across portals through the real CLI: the same post on Passerelles and on Choisir le
 * service public is one opening with both links; closing on one portal leaves it open; a deadline
 * that passes closes it; an extended deadline is kept in the history.
 */
import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/database.ts';
import { parseConfig } from '../../src/config.ts';
import type { FixturePortals } from '../../src/fixture-portal/server.ts';
import { scrape } from '../../src/pipeline/scrape.ts';
import { allOpeningViews } from '../../src/read-model/openings.ts';
import { runCli, workspace } from '../support/cli.ts';
import { fixtureBody, frenchDateIn, withDeadline, withoutCspCard } from '../support/fixture-edits.ts';
import { scenarioPortals, testConfig } from '../support/portals.ts';

const portalsNow = scenarioPortals(['passerelles', 'csp']);
let portals: FixturePortals;
beforeEach(() => {
  portals = portalsNow();
});

interface FeedItem {
  title: string;
  _peren: {
    status: string;
    deadline: string | null;
    postings: { source: string; sourceId: string; status: string; linkReason: string; manual: boolean }[];
  };
}
const feedItems = async (args: string[], feed = 'openings') =>
  (JSON.parse((await runCli([...args, 'export', '--format', 'json', '--feed', feed])).stdout) as { items: FeedItem[] })
    .items;
const openingOf = (items: FeedItem[], sourceId: string) =>
  items.find((i) => i._peren.postings.some((p) => p.sourceId === sourceId));

const lifecycle = { missingRunsToClose: 2, missingHoursToClose: 0 };

describe('one opening per real post, across portals', () => {
  it('links the Passerelles offer and its CSP re-publication into one opening with two links', async () => {
    const ws = workspace(testConfig(portals, ['passerelles', 'csp'], { lifecycle }));
    const run = await runCli([...ws.args, 'scrape']);
    expect(run.code).toBe(0);
    const items = await feedItems(ws.args);
    const opening = openingOf(items, '5373')!;
    expect(opening._peren.postings.map((p) => `${p.source}:${p.sourceId}`).sort()).toEqual([
      'csp:MEF_2026-41872',
      'passerelles:5373',
    ]);
    expect(opening._peren.postings.find((p) => p.source === 'csp')?.linkReason).toBe('url');
    // Two PEReN offers share the title "Data-scientist confirmé": they stay two openings.
    expect(openingOf(items, '5372')).not.toBe(opening);
    // The CSP duplicate of the front-end post (another reference) joins its opening by similarity.
    expect(openingOf(items, '2026-2450117')).toBe(openingOf(items, '4165'));
  });

  it('lets a person split and merge openings; runs keep their word and guids stay stable', async () => {
    const ws = workspace(testConfig(portals, ['passerelles', 'csp'], { lifecycle }));
    expect((await runCli([...ws.args, 'scrape'])).code).toBe(0);
    const guidOf = async (sourceId: string) =>
      (
        JSON.parse((await runCli([...ws.args, 'export', '--format', 'json'])).stdout) as {
          items: (FeedItem & { id: string })[];
        }
      ).items.find((i) => i._peren.postings.some((p) => p.sourceId === sourceId))!.id;
    const before = await guidOf('5373');

    const split = await runCli([...ws.args, 'unlink', 'csp:MEF_2026-41872']);
    expect(split.code, split.stderr).toBe(0);
    expect((await runCli([...ws.args, 'scrape'])).code).toBe(0);
    expect(await guidOf('5373')).toBe(before);
    expect(await guidOf('MEF_2026-41872')).not.toBe(before);

    const merge = await runCli([...ws.args, 'link', 'csp:MEF_2026-41872', 'passerelles:5373']);
    expect(merge.code, merge.stderr).toBe(0);
    expect(await guidOf('MEF_2026-41872')).toBe(before);
    const links = openingOf(await feedItems(ws.args), '5373')!._peren.postings;
    expect(links.find((p) => p.sourceId === 'MEF_2026-41872')).toMatchObject({ linkReason: 'manual', manual: true });

    const wrong = await runCli([...ws.args, 'link', 'csp:NOPE', 'passerelles:5373']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/no posting csp:NOPE/);
    expect((await runCli([...ws.args, 'unlink', '5373'])).stderr).toMatch(/<source>:<sourceId>/);
  });

  it('closing on one portal leaves the opening open', async () => {
    const ws = workspace(testConfig(portals, ['passerelles', 'csp'], { lifecycle }));
    expect((await runCli([...ws.args, 'scrape'])).code).toBe(0);
    for (const file of ['listing-peren-page-1.html', 'listing-pole-d-expertise.html']) {
      portals.override('csp', file, withoutCspCard(fixtureBody('csp', file), 'MEF_2026-41872'));
    }
    for (let i = 0; i < 2; i += 1) expect((await runCli([...ws.args, 'scrape', '--source', 'csp'])).code).toBe(0);
    const opening = openingOf(await feedItems(ws.args), '5373')!;
    expect(opening._peren.status).toBe('open');
    expect(opening._peren.postings.find((p) => p.source === 'csp')?.status).toBe('closed');

    const db = new Database(ws.dbPath, { readonly: true });
    const csp = db
      .prepare(`SELECT state, close_reason FROM postings WHERE source = 'csp' AND source_id = 'MEF_2026-41872'`)
      .get();
    db.close();
    expect(csp).toEqual({ state: 'closed', close_reason: 'gone' });
    const events = await feedItems(ws.args, 'events');
    expect(events.map((e) => e.title)).not.toContain('Offre fermée : Data-scientist confirmé - SEN PEReN 106 H/F');
  });

  it('keeps the history of an extended deadline and tells the events feed', async () => {
    const ws = workspace(testConfig(portals, ['csp'], { lifecycle, freshness: { detailRefreshHours: 0 } }));
    expect((await runCli([...ws.args, 'scrape'])).code).toBe(0);
    const later = frenchDateIn(120);
    portals.override(
      'csp',
      'offre-MEF_2026-41905.html',
      withDeadline(fixtureBody('csp', 'offre-MEF_2026-41905.html'), later),
    );
    expect((await runCli([...ws.args, 'scrape'])).code).toBe(0);

    const db = new Database(ws.dbPath, { readonly: true });
    const changes = db
      .prepare(
        `SELECT field, old_value, new_value FROM posting_changes JOIN postings ON postings.id = posting_id WHERE source_id = 'MEF_2026-41905'`,
      )
      .all() as { field: string; old_value: string; new_value: string }[];
    db.close();
    expect(changes).toEqual([
      {
        field: 'deadline',
        old_value: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T00:00:00\+0[12]:00$/),
        new_value: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      },
    ]);
    expect(changes[0]!.new_value.slice(0, 10)).toBe(later.split('/').reverse().join('-'));
    const events = await feedItems(ws.args, 'events');
    expect(events[0]!.title).toMatch(/^Offre modifiée : /);
    expect((events[0] as unknown as { summary: string }).summary).toBe('Champs modifiés : date limite de candidature.');
  });

  it('closes an opening once its deadline has passed, with the reason (clock advanced in-process)', async () => {
    const ws = workspace(testConfig(portals, ['csp'], { lifecycle }));
    const config = parseConfig(JSON.parse(JSON.stringify(testConfig(portals, ['csp'], { lifecycle }))));
    const db = openDatabase(ws.dbPath);
    try {
      const now = Date.now();
      await scrape(db, config, { now: () => new Date(now) });
      const before = allOpeningViews(db).find((o) =>
        o.postings.some((p) => p.stored.posting.sourceId === 'MEF_2026-42011'),
      )!;
      expect(before.status).toBe('open');
      // 61 days later the deadline (60 days ahead) has passed, though the portal still lists the offer.
      const outcomes = await scrape(db, config, { now: () => new Date(now + 61 * 86_400_000) });
      expect(outcomes[0]!.summary.status).toBe('healthy');
      const after = allOpeningViews(db).find((o) => o.id === before.id)!;
      expect(after.status).toBe('closed');
      expect(after.closeReasons).toEqual(['deadline']);
      expect(after.shortLived).toBe(false);
    } finally {
      db.close();
    }
  });
});
