import type { Posting } from '../src/model/posting.ts';
import type { Db } from './database.ts';

export type PostingState = 'open' | 'missing' | 'closed';

export interface StoredPosting {
  id: number;
  posting: Posting;
  inventoryHash: string;
  detail: Posting | null;
  detailAt: string | null;
  detailError: string | null;
  state: PostingState;
  firstSeenAt: string;
  firstSeenRun: number;
  lastSeenAt: string;
  lastSeenRun: number;
}

interface RawPosting {
  id: number;
  data: string;
  inventory_hash: string;
  detail_data: string | null;
  detail_at: string | null;
  detail_error: string | null;
  state: PostingState;
  first_seen_at: string;
  first_seen_run: number;
  last_seen_at: string;
  last_seen_run: number;
}

const COLUMNS = 'id, data, inventory_hash, detail_data, detail_at, detail_error, state, first_seen_at, first_seen_run, last_seen_at, last_seen_run';

const toStored = (r: RawPosting): StoredPosting => ({
  id: r.id,
  posting: JSON.parse(r.data) as Posting,
  inventoryHash: r.inventory_hash,
  detail: r.detail_data ? (JSON.parse(r.detail_data) as Posting) : null,
  detailAt: r.detail_at,
  detailError: r.detail_error,
  state: r.state,
  firstSeenAt: r.first_seen_at,
  firstSeenRun: r.first_seen_run,
  lastSeenAt: r.last_seen_at,
  lastSeenRun: r.last_seen_run,
});

export function findPosting(db: Db, source: string, sourceId: string): StoredPosting | undefined {
  const row = db.prepare<[string, string], RawPosting>(`SELECT ${COLUMNS} FROM postings WHERE source = ? AND source_id = ?`).get(source, sourceId);
  return row && toStored(row);
}

export function getPosting(db: Db, id: number): StoredPosting | undefined {
  const row = db.prepare<[number], RawPosting>(`SELECT ${COLUMNS} FROM postings WHERE id = ?`).get(id);
  return row && toStored(row);
}

export function postingsOfSource(db: Db, source: string): StoredPosting[] {
  return db.prepare<[string], RawPosting>(`SELECT ${COLUMNS} FROM postings WHERE source = ? ORDER BY id`).all(source).map(toStored);
}

export function allPostings(db: Db): StoredPosting[] {
  return db.prepare<[], RawPosting>(`SELECT ${COLUMNS} FROM postings ORDER BY id`).all().map(toStored);
}

export interface SeenPosting {
  posting: Posting;
  inventoryHash: string;
  detail: Posting | null;
  detailAt: string | null;
  detailError: string | null;
}

/** Inserts a posting seen for the first time; returns its id. */
export function insertPosting(db: Db, runId: number, at: string, seen: SeenPosting): number {
  const p = seen.posting;
  const info = db
    .prepare(
      `INSERT INTO postings (source, source_id, url, title, reference, data, inventory_hash, detail_data, detail_at, detail_error,
         state, first_seen_at, first_seen_run, last_seen_at, last_seen_run)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?)`,
    )
    .run(p.source, p.sourceId, p.url, p.title, p.reference, JSON.stringify(p), seen.inventoryHash, seen.detail && JSON.stringify(seen.detail), seen.detailAt, seen.detailError, at, runId, at, runId);
  return Number(info.lastInsertRowid);
}

/** Records that a known posting was seen again in a run, with its current fields. */
export function updateSeenPosting(db: Db, id: number, runId: number, at: string, seen: SeenPosting): void {
  const p = seen.posting;
  db.prepare(
    `UPDATE postings SET url = ?, title = ?, reference = ?, data = ?, inventory_hash = ?, detail_data = ?, detail_at = ?, detail_error = ?,
       last_seen_at = ?, last_seen_run = ? WHERE id = ?`,
  ).run(p.url, p.title, p.reference, JSON.stringify(p), seen.inventoryHash, seen.detail && JSON.stringify(seen.detail), seen.detailAt, seen.detailError, at, runId, id);
}
