/**
 * A run tells a changed posting by the hashes stored with its content (migration 013), through the
 * real CLI: an unchanged re-run records no change; rows stored before the hashes existed are
 * hashed the first time they are seen again, without a spurious change; a changed description is
 * recorded as the hashes of its text before and after.
 */
import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/database.ts';
import { descriptionHash, findPosting } from '../../db/postings.ts';
import type { FixturePortals } from '../../src/fixture-portal/server.ts';
import { runCli, workspace } from '../support/cli.ts';
import { fixtureBody, frenchDateIn, withDeadline } from '../support/fixture-edits.ts';
import { scenarioPortals, testConfig } from '../support/portals.ts';

const portalsNow = scenarioPortals(['csp']);
let portals: FixturePortals;
beforeEach(() => {
  portals = portalsNow();
});

const OFFER = 'MEF_2026-41905';
const config = () => testConfig(portals, ['csp'], { freshness: { detailRefreshHours: 0 } });

function read<T>(path: string, sql: string): T[] {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

const changesOf = (path: string) =>
  read<{ field: string; old_value: string | null; new_value: string | null }>(
    path,
    `SELECT field, old_value, new_value FROM posting_changes JOIN postings ON postings.id = posting_id WHERE source_id = '${OFFER}' ORDER BY posting_changes.id`,
  );
const changedEvents = (path: string) =>
  read<{ n: number }>(path, `SELECT COUNT(*) AS n FROM events WHERE type = 'changed'`)[0]!.n;

describe('changes told by content hashes', () => {
  it('records nothing on an unchanged re-run, also for rows stored before hashes were kept', async () => {
    const ws = workspace(config());
    expect((await runCli([...ws.args, 'scrape'])).code).toBe(0);
    const hashed = read<{ n: number }>(ws.dbPath, 'SELECT COUNT(*) AS n FROM postings WHERE content_hash IS NULL');
    expect(hashed[0]!.n).toBe(0);

    // As a database upgraded to 013 holds them: no hash yet.
    const db = new Database(ws.dbPath);
    db.prepare('UPDATE postings SET content_hash = NULL, description_hash = NULL').run();
    db.close();
    expect((await runCli([...ws.args, 'scrape'])).code).toBe(0);
    expect(changesOf(ws.dbPath)).toEqual([]);
    expect(changedEvents(ws.dbPath)).toBe(0);
    const after = read<{ n: number }>(
      ws.dbPath,
      `SELECT COUNT(*) AS n FROM postings WHERE content_hash IS NULL OR (description_hash IS NULL AND source_id = '${OFFER}')`,
    );
    expect(after[0]!.n).toBe(0);

    expect((await runCli([...ws.args, 'scrape'])).code).toBe(0);
    expect(changesOf(ws.dbPath)).toEqual([]);
    expect(changedEvents(ws.dbPath)).toBe(0);
  });

  it('records a changed description as the hashes of its text before and after, and stores the new text', async () => {
    const ws = workspace(config());
    expect((await runCli([...ws.args, 'scrape'])).code).toBe(0);
    const text = () =>
      read<{ text: string }>(
        ws.dbPath,
        `SELECT json_extract(data, '$.descriptionText') AS text FROM posting_content JOIN postings ON postings.id = posting_id WHERE source_id = '${OFFER}'`,
      )[0]!.text;
    const before = text();
    const file = `offre-${OFFER}.html`;
    // As the scenario serves it (deadline 60 days ahead), its description edited.
    const body = withDeadline(fixtureBody('csp', file), frenchDateIn(60));
    expect(body).toContain('vous développez les interfaces');
    portals.override('csp', file, body.replaceAll('vous développez les interfaces', 'vous concevez les interfaces'));
    expect((await runCli([...ws.args, 'scrape'])).code).toBe(0);

    const now = text();
    expect(now).toContain('vous concevez les interfaces');
    expect(changesOf(ws.dbPath)).toEqual([
      { field: 'description', old_value: descriptionHash(before), new_value: descriptionHash(now) },
    ]);
    expect(changedEvents(ws.dbPath)).toBe(1);
  });

  it("stores the offer page's description once, beside the posting's, and reads it back whole", async () => {
    const ws = workspace(config());
    expect((await runCli([...ws.args, 'scrape'])).code).toBe(0);
    const [row] = read<{ html: string | null; shared: number }>(
      ws.dbPath,
      `SELECT json_extract(detail_data, '$.descriptionHtml') AS html, json_extract(detail_data, '$.descriptionInData') AS shared
       FROM posting_content JOIN postings ON postings.id = posting_id WHERE source_id = '${OFFER}'`,
    );
    expect(row).toEqual({ html: null, shared: 1 });
    const db = openDatabase(ws.dbPath);
    try {
      const stored = findPosting(db, 'csp', OFFER)!;
      expect(stored.detail!.descriptionText).toContain('vous développez les interfaces');
      expect(stored.detail!.descriptionHtml).toBe(stored.posting.descriptionHtml);
      expect(stored.detail!.descriptionText).toBe(stored.posting.descriptionText);
    } finally {
      db.close();
    }
    // A re-run reuses that offer page (not fetched again): nothing changes.
    expect((await runCli([...ws.args, 'scrape'])).code).toBe(0);
    expect(changesOf(ws.dbPath)).toEqual([]);
  });
});
