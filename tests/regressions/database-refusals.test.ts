/**
 * Databases openings must refuse at open (issue 17's mutation pass): a schema one version newer
 * than the migrations this release carries (the version computed from db/migrations, which other
 * changes extend), and a file whose last index page was zeroed, which `quick_check` reports in
 * rows rather than by throwing (a zeroed table page makes it throw, which was already refused).
 */

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DatabaseError, openDatabase } from '../../db/database.ts';
import { healthyRun, posting } from '../../scripts/synthetic-store.ts';
import { ROOT } from '../support/cli.ts';
import { scratchDir } from '../support/scratch-dir.ts';

/** The newest schema version, from the migration files themselves. */
const CURRENT_VERSION = Math.max(
  ...readdirSync(join(ROOT, 'db/migrations'))
    .filter((f) => /^\d{3}-.+\.sql$/.test(f))
    .map((f) => Number.parseInt(f.slice(0, 3), 10)),
);

/** A database file with a run of 200 postings in it, checkpointed and vacuumed (no free page). */
function filledDatabase(): string {
  const dir = scratchDir('refusal');
  const path = join(dir, 'openings.db');
  const db = openDatabase(path);
  healthyRun(
    db,
    'pass',
    '2026-11-01T08:00:00Z',
    Array.from({ length: 200 }, (_, i) => posting('pass', `A-${i}`, { descriptionText: `Offre ${i} `.repeat(40) })),
  );
  db.close();
  const raw = new Database(path);
  raw.pragma('journal_mode = DELETE');
  raw.exec('VACUUM');
  raw.close();
  return path;
}

function refusal(path: string): string {
  try {
    openDatabase(path).close();
  } catch (error) {
    expect(error).toBeInstanceOf(DatabaseError);
    return (error as Error).message;
  }
  throw new Error(`${path} was opened`);
}

describe('databases refused at open', () => {
  it(`a schema version one above the newest migration (${CURRENT_VERSION} + 1)`, () => {
    const path = filledDatabase();
    const raw = new Database(path);
    expect(raw.pragma('user_version', { simple: true })).toBe(CURRENT_VERSION);
    raw.pragma(`user_version = ${CURRENT_VERSION + 1}`);
    raw.close();
    const before = readFileSync(path);
    expect(refusal(path)).toMatch(
      new RegExp(`its schema version ${CURRENT_VERSION + 1} is newer than this release knows \\(${CURRENT_VERSION}\\)`),
    );
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('a file whose last index page is zeroed (quick_check answers rows, it does not throw)', () => {
    const path = filledDatabase();
    const raw = new Database(path);
    const pageSize = raw.pragma('page_size', { simple: true }) as number;
    const { page } = raw
      .prepare(
        `SELECT max(pageno) AS page FROM dbstat WHERE name IN (SELECT name FROM sqlite_schema WHERE type = 'index')`,
      )
      .get() as { page: number };
    raw.close();
    const bytes = readFileSync(path);
    bytes.fill(0, (page - 1) * pageSize, page * pageSize);
    writeFileSync(path, bytes);
    const check = new Database(path, { readonly: true });
    const rows = (check.pragma('quick_check') as { quick_check: string }[]).map((r) => r.quick_check);
    check.close();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows).not.toEqual(['ok']);
    expect(refusal(path)).toMatch(/not a sound SQLite database \(\*\*\* in database main \*\*\*/);
  });

  it('the control: the same file untouched opens', () => {
    openDatabase(filledDatabase()).close();
  });
});
