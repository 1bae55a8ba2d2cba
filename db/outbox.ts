/**
 * The notification outbox and the state that makes each source or hiring-page alert said once.
 * Rows are written in the transaction of the run (or manual action) that causes them; the sender
 * marks them sent or failed afterwards. Also the few reads of events and runs the notifier needs.
 */
import type { Db } from './database.ts';

export type DeliveryStatus = 'pending' | 'sent' | 'failed';
export type DeliveryMode = 'each' | 'digest';

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

/** This database's random id: delivery ids stay unique even after the database is recreated. */
export function installId(db: Db): string {
  return db.prepare<[], { install_id: string }>('SELECT install_id FROM notify_install WHERE id = 1').get()!.install_id;
}

export function insertDelivery(db: Db, d: NewDelivery): number {
  const info = db
    .prepare(
      'INSERT INTO outbox (channel, created_at, run_id, mode, kinds, payload, next_attempt_at, organisation) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    )
    .run(
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
  const row = db.prepare<[number], RawDelivery>('SELECT * FROM outbox WHERE id = ?').get(id);
  return row && toDelivery(row);
}

/** Pending deliveries whose next attempt is due, oldest first. */
export function dueDeliveries(db: Db, now: string): DeliveryRow[] {
  return db
    .prepare<[string], RawDelivery>(
      `SELECT * FROM outbox WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY id`,
    )
    .all(now)
    .map(toDelivery);
}

export function markSent(db: Db, id: number, at: string, response: string): void {
  db.prepare(
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
  db.prepare(
    `UPDATE outbox SET attempts = attempts + 1, last_attempt_at = ?, next_attempt_at = ?, last_error = ?, response = ? WHERE id = ?`,
  ).run(at, nextAttemptAt, error, response, id);
}

export function markFailed(db: Db, id: number, at: string, error: string, response: string | null): void {
  db.prepare(
    `UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_attempt_at = ?, last_error = ?, response = ? WHERE id = ?`,
  ).run(at, error, response, id);
}

/** A delivery that cannot be attempted at all (its channel was removed from the configuration). */
export function markAbandoned(db: Db, id: number, at: string, error: string): void {
  db.prepare(`UPDATE outbox SET status = 'failed', last_attempt_at = ?, last_error = ? WHERE id = ?`).run(
    at,
    error,
    id,
  );
}

/** Failed deliveries, newest first (for `status` and the page). */
export function failedDeliveries(db: Db, limit: number): DeliveryRow[] {
  return db
    .prepare<[number], RawDelivery>(`SELECT * FROM outbox WHERE status = 'failed' ORDER BY id DESC LIMIT ?`)
    .all(limit)
    .map(toDelivery);
}

/** Deliveries counted by channel and status (for /metrics and `status`). */
export function deliveryCounts(db: Db): { channel: string; status: DeliveryStatus; n: number }[] {
  return db
    .prepare<[], { channel: string; status: DeliveryStatus; n: number }>(
      'SELECT channel, status, COUNT(*) AS n FROM outbox GROUP BY channel, status',
    )
    .all();
}

export interface SourceNotifyState {
  failing: boolean;
  stale: boolean;
}

export function sourceNotifyState(db: Db, source: string): SourceNotifyState {
  const row = db
    .prepare<[string], { failing: number; stale: number }>(
      'SELECT failing, stale FROM notify_source_state WHERE source = ?',
    )
    .get(source);
  return { failing: row?.failing === 1, stale: row?.stale === 1 };
}

export function setSourceNotifyState(db: Db, source: string, state: SourceNotifyState, at: string): void {
  db.prepare(
    `INSERT INTO notify_source_state (source, failing, stale, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (source) DO UPDATE SET failing = excluded.failing, stale = excluded.stale, updated_at = excluded.updated_at`,
  ).run(source, state.failing ? 1 : 0, state.stale ? 1 : 0, at);
}

export function announcedFindings(db: Db): Set<string> {
  return new Set(
    db
      .prepare<[], { key: string }>('SELECT key FROM notify_findings')
      .all()
      .map((r) => r.key),
  );
}

export function addAnnouncedFinding(db: Db, key: string, at: string): void {
  db.prepare('INSERT OR IGNORE INTO notify_findings (key, announced_at) VALUES (?, ?)').run(key, at);
}

export function removeAnnouncedFinding(db: Db, key: string): void {
  db.prepare('DELETE FROM notify_findings WHERE key = ?').run(key);
}

export function deadlineChangesOfRun(
  db: Db,
  runId: number,
): { postingId: number; oldValue: string | null; newValue: string | null }[] {
  return db
    .prepare<[number], { postingId: number; oldValue: string | null; newValue: string | null }>(
      `SELECT posting_id AS postingId, old_value AS oldValue, new_value AS newValue FROM posting_changes WHERE run_id = ? AND field = 'deadline' ORDER BY id`,
    )
    .all(runId);
}

/** Statuses of a source's latest finished runs, newest first. */
export function latestRunStatuses(db: Db, source: string, limit: number): string[] {
  return db
    .prepare<[string, number], { status: string }>(
      `SELECT status FROM runs WHERE source = ? AND status != 'running' ORDER BY id DESC LIMIT ?`,
    )
    .all(source, limit)
    .map((r) => r.status);
}

/** Whether the source had a healthy run before this one (its first healthy run reads a backlog). */
export function hadHealthyRunBefore(db: Db, source: string, runId: number): boolean {
  return (
    db
      .prepare<[string, number], { n: number }>(
        `SELECT COUNT(*) AS n FROM runs WHERE source = ? AND status = 'healthy' AND id < ?`,
      )
      .get(source, runId)!.n > 0
  );
}
