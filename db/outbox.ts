/**
 * The notification outbox and the state that makes each source or hiring-page alert said once.
 * Rows are written in the transaction of the run (or manual action) that causes them; the sender
 * marks them sent or failed afterwards. Also the few reads of events and runs the notifier needs.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from './database.ts';
import { prepared } from './statements.ts';

export type DeliveryStatus = 'pending' | 'sent' | 'failed';
type DeliveryMode = 'each' | 'digest';

export interface NewDelivery {
  channel: string;
  /** Whose news it is; null for news of a source (failing, stale, recovered), which is everyone's. */
  organisation?: string | null;
  createdAt: string;
  runId: number | null;
  mode: DeliveryMode;
  kinds: readonly string[];
  payload: unknown;
}

export interface DeliveryRow {
  id: number;
  /** The id every attempt of this delivery goes out under (webhook-id, Matrix txnId, Message-ID). */
  deliveryId: string;
  channel: string;
  /** Whose news; null for a source's. */
  organisation: string | null;
  createdAt: string;
  runId: number | null;
  mode: DeliveryMode;
  kinds: string[];
  payload: unknown;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: string;
  lastAttemptAt: string | null;
  lastError: string | null;
  response: string | null;
  sentAt: string | null;
}

interface RawDelivery {
  id: number;
  delivery_id: string;
  channel: string;
  organisation: string | null;
  created_at: string;
  run_id: number | null;
  mode: DeliveryMode;
  kinds: string;
  payload: string;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: string;
  last_attempt_at: string | null;
  last_error: string | null;
  response: string | null;
  sent_at: string | null;
}

const toDelivery = (r: RawDelivery): DeliveryRow => ({
  id: r.id,
  deliveryId: r.delivery_id,
  channel: r.channel,
  organisation: r.organisation,
  createdAt: r.created_at,
  runId: r.run_id,
  mode: r.mode,
  kinds: r.kinds ? r.kinds.split(',') : [],
  payload: JSON.parse(r.payload) as unknown,
  status: r.status,
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at,
  lastAttemptAt: r.last_attempt_at,
  lastError: r.last_error,
  response: r.response,
  sentAt: r.sent_at,
});

/** This database's random id (the delivery ids of rows written before migration 008 begin with it). */
export function installId(db: Db): string {
  return prepared<[], { install_id: string }>(db, 'SELECT install_id FROM notify_install WHERE id = 1').get()!
    .install_id;
}

/**
 * Enqueues a delivery under a fresh random id, fixed now: its retries repeat it, and no other
 * delivery ever has it, even in a database restored from a backup (whose row ids run again).
 */
export function insertDelivery(db: Db, d: NewDelivery): number {
  const info = prepared(
    db,
    'INSERT INTO outbox (delivery_id, channel, created_at, run_id, mode, kinds, payload, next_attempt_at, organisation) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(
    randomUUID(),
    d.channel,
    d.createdAt,
    d.runId,
    d.mode,
    [...new Set(d.kinds)].join(','),
    JSON.stringify(d.payload),
    d.createdAt,
    d.organisation ?? null,
  );
  return Number(info.lastInsertRowid);
}

export function getDelivery(db: Db, id: number): DeliveryRow | undefined {
  const row = prepared<[number], RawDelivery>(db, 'SELECT * FROM outbox WHERE id = ?').get(id);
  return row && toDelivery(row);
}

/** Pending deliveries whose next attempt is due, oldest first. */
export function dueDeliveries(db: Db, now: string): DeliveryRow[] {
  return prepared<[string], RawDelivery>(
    db,
    `SELECT * FROM outbox WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY id`,
  )
    .all(now)
    .map(toDelivery);
}

export function markSent(db: Db, id: number, at: string, response: string): void {
  prepared(
    db,
    `UPDATE outbox SET status = 'sent', attempts = attempts + 1, last_attempt_at = ?, sent_at = ?, response = ?, last_error = NULL WHERE id = ?`,
  ).run(at, at, response, id);
}

export function markRetry(
  db: Db,
  id: number,
  at: string,
  nextAttemptAt: string,
  error: string,
  response: string | null,
): void {
  prepared(
    db,
    `UPDATE outbox SET attempts = attempts + 1, last_attempt_at = ?, next_attempt_at = ?, last_error = ?, response = ? WHERE id = ?`,
  ).run(at, nextAttemptAt, error, response, id);
}

export function markFailed(db: Db, id: number, at: string, error: string, response: string | null): void {
  prepared(
    db,
    `UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_attempt_at = ?, last_error = ?, response = ? WHERE id = ?`,
  ).run(at, error, response, id);
}

/** A delivery that cannot be attempted at all (its channel was removed from the configuration). */
export function markAbandoned(db: Db, id: number, at: string, error: string): void {
  prepared(db, `UPDATE outbox SET status = 'failed', last_attempt_at = ?, last_error = ? WHERE id = ?`).run(
    at,
    error,
    id,
  );
}

/** Failed deliveries, newest first (for `status` and the page). */
export function failedDeliveries(db: Db, limit: number): DeliveryRow[] {
  return prepared<[number], RawDelivery>(db, `SELECT * FROM outbox WHERE status = 'failed' ORDER BY id DESC LIMIT ?`)
    .all(limit)
    .map(toDelivery);
}

/** Deliveries counted by channel and status (for /metrics and `status`). */
export function deliveryCounts(db: Db): { channel: string; status: DeliveryStatus; n: number }[] {
  return prepared<[], { channel: string; status: DeliveryStatus; n: number }>(
    db,
    'SELECT channel, status, COUNT(*) AS n FROM outbox GROUP BY channel, status',
  ).all();
}

export interface SourceNotifyState {
  failing: boolean;
  stale: boolean;
}

export function sourceNotifyState(db: Db, source: string): SourceNotifyState {
  const row = prepared<[string], { failing: number; stale: number }>(
    db,
    'SELECT failing, stale FROM notify_source_state WHERE source = ?',
  ).get(source);
  return { failing: row?.failing === 1, stale: row?.stale === 1 };
}

export function setSourceNotifyState(db: Db, source: string, state: SourceNotifyState, at: string): void {
  prepared(
    db,
    `INSERT INTO notify_source_state (source, failing, stale, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (source) DO UPDATE SET failing = excluded.failing, stale = excluded.stale, updated_at = excluded.updated_at`,
  ).run(source, state.failing ? 1 : 0, state.stale ? 1 : 0, at);
}

export function announcedFindings(db: Db): Set<string> {
  return new Set(
    prepared<[], { key: string }>(db, 'SELECT key FROM notify_findings')
      .all()
      .map((r) => r.key),
  );
}

export function addAnnouncedFinding(db: Db, key: string, at: string): void {
  prepared(db, 'INSERT OR IGNORE INTO notify_findings (key, announced_at) VALUES (?, ?)').run(key, at);
}

export function removeAnnouncedFinding(db: Db, key: string): void {
  prepared(db, 'DELETE FROM notify_findings WHERE key = ?').run(key);
}

export function deadlineChangesOfRun(
  db: Db,
  runId: number,
): { postingId: number; oldValue: string | null; newValue: string | null }[] {
  return prepared<[number], { postingId: number; oldValue: string | null; newValue: string | null }>(
    db,
    `SELECT posting_id AS postingId, old_value AS oldValue, new_value AS newValue FROM posting_changes WHERE run_id = ? AND field = 'deadline' ORDER BY id`,
  ).all(runId);
}
