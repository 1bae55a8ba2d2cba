/** Events: what happened to postings and openings; the detail JSON is checked when read. */
import { type EventDetail, isPublished, type LifecycleEvent, readEventDetail } from '../src/model/events.ts';
import type { Db } from './database.ts';
import { prepared } from './statements.ts';

interface RawEvent {
  id: number;
  at: string;
  run_id: number | null;
  opening_id: number | null;
  posting_id: number | null;
  scope: string;
  type: string;
  detail: string;
}

const toEvent = (r: RawEvent): LifecycleEvent => ({
  id: r.id,
  at: r.at,
  runId: r.run_id,
  openingId: r.opening_id,
  postingId: r.posting_id,
  detail: readEventDetail(r.scope, r.type, r.detail, r.id),
});

export interface NewEvent {
  at: string;
  runId: number | null;
  openingId: number | null;
  postingId: number | null;
  detail: EventDetail;
}

/** Inserts an event, of the organisation whose posting (else opening) it is about; returns its id. */
export function insertEvent(db: Db, e: NewEvent): number {
  const { scope, type, ...rest } = e.detail;
  const info = prepared(
    db,
    `INSERT INTO events (at, run_id, opening_id, posting_id, scope, type, published, detail, organisation) VALUES (?, ?, ?, ?, ?, ?, ?, ?,
       coalesce((SELECT organisation FROM postings WHERE id = ?), (SELECT organisation FROM openings WHERE id = ?), ''))`,
  ).run(
    e.at,
    e.runId,
    e.openingId,
    e.postingId,
    scope,
    type,
    isPublished(e.detail) ? 1 : 0,
    JSON.stringify(rest),
    e.postingId,
    e.openingId,
  );
  return Number(info.lastInsertRowid);
}

/** Gives a run's posting events the opening their posting now belongs to. */
export function attachRunEventsToOpenings(db: Db, runId: number): void {
  prepared(
    db,
    'UPDATE events SET opening_id = (SELECT opening_id FROM opening_links WHERE posting_id = events.posting_id) WHERE run_id = ? AND opening_id IS NULL AND posting_id IS NOT NULL',
  ).run(runId);
}

/** Gives one posting event the opening its posting belongs to (a person's correction). */
export function attachEventToOpening(db: Db, eventId: number): void {
  prepared(
    db,
    'UPDATE events SET opening_id = (SELECT opening_id FROM opening_links WHERE posting_id = events.posting_id) WHERE id = ?',
  ).run(eventId);
}

/**
 * Published events of openings (see isPublished), newest first; `before` continues from an event
 * id of a previous page.
 */
export function publishedEvents(
  db: Db,
  limit: number,
  before?: number,
  organisation: string | null = null,
): LifecycleEvent[] {
  return prepared<[Record<string, unknown>], RawEvent>(
    db,
    `SELECT * FROM events WHERE published = 1 AND opening_id IS NOT NULL AND id < :before
       AND (:organisation IS NULL OR organisation = :organisation) ORDER BY id DESC LIMIT :limit`,
  )
    .all({ before: before ?? Number.MAX_SAFE_INTEGER, limit, organisation })
    .map(toEvent);
}

export function eventsOfPosting(db: Db, postingId: number): LifecycleEvent[] {
  return prepared<[number], RawEvent>(db, 'SELECT * FROM events WHERE posting_id = ? ORDER BY id')
    .all(postingId)
    .map(toEvent);
}

export function eventsOfOpening(db: Db, openingId: number): LifecycleEvent[] {
  return prepared<[number], RawEvent>(db, 'SELECT * FROM events WHERE opening_id = ? ORDER BY id')
    .all(openingId)
    .map(toEvent);
}

export function eventsOfRun(db: Db, runId: number): LifecycleEvent[] {
  return prepared<[number], RawEvent>(db, 'SELECT * FROM events WHERE run_id = ? ORDER BY id').all(runId).map(toEvent);
}

/** Events written by a person's action (no run) after the given event id. */
export function manualEventsAfter(db: Db, afterId: number): LifecycleEvent[] {
  return prepared<[number], RawEvent>(db, 'SELECT * FROM events WHERE run_id IS NULL AND id > ? ORDER BY id')
    .all(afterId)
    .map(toEvent);
}

export function lastEventId(db: Db): number {
  return prepared<[], { id: number | null }>(db, 'SELECT MAX(id) AS id FROM events').get()!.id ?? 0;
}
