/**
 * Writes what is to be said into the outbox, inside the transaction of the run or action that
 * caused it: either both the events and their deliveries are committed, or neither. One row per
 * notification and channel (`each`), or one per run and channel (`digest`).
 */
import type { Db } from '../../db/database.ts';
import { lastEventId } from '../../db/events.ts';
import { insertDelivery } from '../../db/outbox.ts';
import type { Config } from '../config.ts';
import { type CollectContext, manualNotifications, runNotifications, staleNotifications } from './collect.ts';
import type { Notification, OutboxPayload } from './notification.ts';
import type { NotifySettings } from './settings.ts';

/** What enqueueing needs from the configuration, built once per scrape. */
export type NotifyContext = CollectContext;

export function notifyContext(config: Config): NotifyContext {
  const publicUrl = config.server.publicUrl ?? `http://${config.server.host}:${config.server.port}`;
  return {
    settings: config.notify,
    publicUrl: publicUrl.replace(/\/+$/, ''),
    staleAfterHours: config.freshness.staleAfterHours,
  };
}

/**
 * The messages of one run for one channel: one digest, or one each up to the cap, the last of
 * which is a digest of the rest (a thousand new offers make `cap` messages, not a thousand).
 */
function messages(
  mode: 'each' | 'digest',
  wanted: readonly Notification[],
  cap: number,
): { mode: 'each' | 'digest'; group: Notification[] }[] {
  if (mode === 'digest') return [{ mode, group: [...wanted] }];
  if (wanted.length <= cap) return wanted.map((n) => ({ mode, group: [n] }));
  return [
    ...wanted.slice(0, cap - 1).map((n) => ({ mode, group: [n] })),
    { mode: 'digest' as const, group: wanted.slice(cap - 1) },
  ];
}

function writeDeliveries(
  db: Db,
  settings: NotifySettings,
  notifications: readonly Notification[],
  runId: number | null,
  at: string,
): number {
  let rows = 0;
  for (const [name, channel] of Object.entries(settings.channels)) {
    const wanted = notifications.filter((n) => channel.events.includes(n.kind));
    if (wanted.length === 0) continue;
    for (const { mode, group } of messages(channel.mode, wanted, channel.maxMessagesPerRun)) {
      const payload: OutboxPayload = { notifications: group };
      insertDelivery(db, { channel: name, createdAt: at, runId, mode, kinds: group.map((n) => n.kind), payload });
      rows += 1;
    }
  }
  return rows;
}

/**
 * The hook of a source run: reads the run's events and the runs table, updates the per-source
 * and per-finding notification state and writes the outbox rows. Call inside the run's
 * transaction, after the lifecycle and finishRun. Returns the number of rows written.
 */
export function enqueueRunNotifications(db: Db, runId: number, ctx: NotifyContext): number {
  if (Object.keys(ctx.settings.channels).length === 0) return 0;
  const notifications = runNotifications(db, runId, ctx);
  const at = notifications[0]?.at ?? new Date().toISOString();
  return writeDeliveries(db, ctx.settings, notifications, runId, at);
}

/**
 * Runs `action` (a person's close or reopen) and enqueues what its events say, in one
 * transaction (nested transactions are savepoints, so the action's own stays atomic).
 */
export function withManualNotifications<T>(db: Db, ctx: NotifyContext, at: string, action: () => T): T {
  return db.transaction(() => {
    const mark = lastEventId(db);
    const result = action();
    if (Object.keys(ctx.settings.channels).length === 0) return result;
    writeDeliveries(db, ctx.settings, manualNotifications(db, mark, at, ctx), null, at);
    return result;
  })();
}

/** Staleness comes with time, not with a run: checked after each scrape and at each daemon tick. */
export function enqueueStaleNotifications(
  db: Db,
  config: Config,
  now: Date,
  ctx: NotifyContext = notifyContext(config),
): number {
  if (Object.keys(ctx.settings.channels).length === 0) return 0;
  return db.transaction(() =>
    writeDeliveries(db, ctx.settings, staleNotifications(db, config, now, ctx), null, now.toISOString()),
  )();
}
