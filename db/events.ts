import type { Db } from './database.ts';

export type EventType = 'new' | 'changed' | 'missing' | 'seen-again' | 'closed' | 'reopened' | 'linked' | 'unlinked';

export interface EventRow {
  id: number;
  at: string;
  runId: number | null;
  openingId: number | null;
  postingId: number | null;
  type: EventType;
  detail: Record<string, unknown>;
}

interface RawEvent {
  id: number;
  at: string;
  run_id: number | null;
  opening_id: number | null;
  posting_id: number | null;
  type: EventType;
  detail: string;
}

const toEvent = (r: RawEvent): EventRow => ({
  id: r.id,
  at: r.at,
  runId: r.run_id,
  openingId: r.opening_id,
  postingId: r.posting_id,
  type: r.type,
  detail: JSON.parse(r.detail) as Record<string, unknown>,
});

export interface NewEvent {
  at: string;
  runId: number | null;
  openingId: number | null;
  postingId: number | null;
  type: EventType;
  detail?: Record<string, unknown>;
}

export function insertEvent(db: Db, e: NewEvent): void {
  db.prepare('INSERT INTO events (at, run_id, opening_id, posting_id, type, detail) VALUES (?, ?, ?, ?, ?, ?)').run(
    e.at,
    e.runId,
    e.openingId,
    e.postingId,
    e.type,
    JSON.stringify(e.detail ?? {}),
  );
}

/** Newest first; only the given types when some are named. */
export function recentEvents(db: Db, limit: number, types?: readonly EventType[]): EventRow[] {
  if (!types) return db.prepare<[number], RawEvent>('SELECT * FROM events ORDER BY id DESC LIMIT ?').all(limit).map(toEvent);
  const marks = types.map(() => '?').join(', ');
  return db.prepare<unknown[], RawEvent>(`SELECT * FROM events WHERE type IN (${marks}) ORDER BY id DESC LIMIT ?`).all(...types, limit).map(toEvent);
}

export function eventsOfPosting(db: Db, postingId: number): EventRow[] {
  return db.prepare<[number], RawEvent>('SELECT * FROM events WHERE posting_id = ? ORDER BY id').all(postingId).map(toEvent);
}

export function eventsOfOpening(db: Db, openingId: number): EventRow[] {
  return db.prepare<[number], RawEvent>('SELECT * FROM events WHERE opening_id = ? ORDER BY id').all(openingId).map(toEvent);
}
