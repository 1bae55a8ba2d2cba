import type { Posting } from '../src/model/posting.ts';
import type { Db } from './database.ts';

export type PostingState = 'open' | 'missing' | 'closed';
export type CloseReason = 'gone' | 'deadline' | 'filled' | 'manual';

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
  missingSince: string | null;
  missingRuns: number;
  closedAt: string | null;
  closeReason: CloseReason | null;
  /** The run that decided the current state. */
  stateRun: number | null;
  shortLived: boolean;
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
  missing_since: string | null;
  missing_runs: number;
  closed_at: string | null;
  close_reason: CloseReason | null;
  state_run: number | null;
  short_lived: number;
}

const COLUMNS =
  'id, data, inventory_hash, detail_data, detail_at, detail_error, state, first_seen_at, first_seen_run, last_seen_at, last_seen_run, ' +
  'missing_since, missing_runs, closed_at, close_reason, state_run, short_lived';

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
  missingSince: r.missing_since,
  missingRuns: r.missing_runs,
  closedAt: r.closed_at,
  closeReason: r.close_reason,
  stateRun: r.state_run,
  shortLived: r.short_lived === 1,
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
         state, first_seen_at, first_seen_run, last_seen_at, last_seen_run, state_run)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?, ?)`,
    )
    .run(p.source, p.sourceId, p.url, p.title, p.reference, JSON.stringify(p), seen.inventoryHash, seen.detail && JSON.stringify(seen.detail), seen.detailAt, seen.detailError, at, runId, at, runId, runId);
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

export interface StateChange {
  state: PostingState;
  runId: number | null;
  missingSince: string | null;
  missingRuns: number;
  closedAt: string | null;
  closeReason: CloseReason | null;
  shortLived: boolean;
}

/** Writes a posting's lifecycle state and the run that decided it. */
export function setPostingState(db: Db, id: number, change: StateChange): void {
  db.prepare(
    `UPDATE postings SET state = ?, state_run = ?, missing_since = ?, missing_runs = ?, closed_at = ?, close_reason = ?, short_lived = ? WHERE id = ?`,
  ).run(change.state, change.runId, change.missingSince, change.missingRuns, change.closedAt, change.closeReason, change.shortLived ? 1 : 0, id);
}

export function insertPostingChange(db: Db, postingId: number, runId: number, at: string, field: string, oldValue: string | null, newValue: string | null): void {
  db.prepare('INSERT INTO posting_changes (posting_id, run_id, at, field, old_value, new_value) VALUES (?, ?, ?, ?, ?, ?)').run(postingId, runId, at, field, oldValue, newValue);
}

export interface PostingChangeRow {
  runId: number;
  at: string;
  field: string;
  oldValue: string | null;
  newValue: string | null;
}

export function postingChanges(db: Db, postingId: number): PostingChangeRow[] {
  return db
    .prepare<[number], PostingChangeRow>('SELECT run_id AS runId, at, field, old_value AS oldValue, new_value AS newValue FROM posting_changes WHERE posting_id = ? ORDER BY id')
    .all(postingId);
}
