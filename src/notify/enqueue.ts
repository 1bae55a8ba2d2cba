/**
 * Writes what is to be said into the outbox, inside the transaction of the run or action that
 * caused it: either both the events and their deliveries are committed, or neither. One row per
 * notification and channel (`each`), or one per run and channel (`digest`).
 */
import type { Db } from '../../db/database.ts';
import { lastEventId } from '../../db/events.ts';
import { insertDelivery } from '../../db/outbox.ts';
import type { Config } from '../config.ts';
import { organisationsOf } from '../organisations.ts';
import { type CollectContext, manualNotifications, runNotifications, staleNotifications } from './collect.ts';
import type { Notification, OutboxPayload } from './notification.ts';

/** What enqueueing needs from the configuration, built once per scrape. */
export type NotifyContext = CollectContext;

export function notifyContext(config: Config): NotifyContext {
  const publicUrl = config.server.publicUrl ?? `http://${config.server.host}:${config.server.port}`;
  return {
    settings: config.notify,
    organisations: organisationsOf(config),
    publicUrl: publicUrl.replace(/\/+$/, ''),
    staleAfterHours: config.freshness.staleAfterHours,
  };
}

/**
 * The messages of one run for one channel: one digest per organisation, or one each up to the cap,
 * past which the rest go in a digest per organisation (a thousand new offers make about `cap`
 * messages, not a thousand). A channel hears of the organisations that name it (every channel: of
 * those that name none) and of sources.
 */
function messages(
  mode: 'each' | 'digest',
  wanted: readonly Notification[],
  cap: number,
): { mode: 'each' | 'digest'; group: Notification[] }[] {
  const digests = (ns: readonly Notification[]) =>
    digestsByOrganisation(ns).map((group) => ({ mode: 'digest' as const, group }));
  if (mode === 'digest') return digests(wanted);
  if (wanted.length <= cap) return wanted.map((n) => ({ mode, group: [n] }));
  return [...wanted.slice(0, cap - 1).map((n) => ({ mode, group: [n] })), ...digests(wanted.slice(cap - 1))];
}

function writeDeliveries(
  db: Db,
  ctx: NotifyContext,
  notifications: readonly Notification[],
  runId: number | null,
  at: string,
): number {
  let rows = 0;
  const hears = (name: string, n: Notification) => {
    if (n.organisation === undefined) return true;
    const channels = ctx.organisations.find((o) => o.id === n.organisation)?.channels;
    return !channels || channels.includes(name);
  };
  for (const [name, channel] of Object.entries(ctx.settings.channels)) {
    const wanted = notifications.filter((n) => channel.events.includes(n.kind) && hears(name, n));
    if (wanted.length === 0) continue;
    for (const { mode, group } of messages(channel.mode, wanted, channel.maxMessagesPerRun)) {
      const payload: OutboxPayload = { notifications: group };
      insertDelivery(db, {
        organisation: group[0]!.organisation ?? null,
        channel: name,
        createdAt: at,
        runId,
        mode,
        kinds: group.map((n) => n.kind),
        payload,
      });
      rows += 1;
    }
  }
  return rows;
}

/** A digest speaks for one organisation (news of sources go with the first one). */
function digestsByOrganisation(notifications: readonly Notification[]): Notification[][] {
  const byOrganisation = new Map<string | undefined, Notification[]>();
  for (const n of notifications) byOrganisation.set(n.organisation, [...(byOrganisation.get(n.organisation) ?? []), n]);
  const sources = byOrganisation.get(undefined) ?? [];
  byOrganisation.delete(undefined);
  const groups = [...byOrganisation.values()];
  if (groups.length <= 1) return [[...notifications]];
  groups[0]!.push(...sources);
  return groups;
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
  return writeDeliveries(db, ctx, notifications, runId, at);
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
    writeDeliveries(db, ctx, manualNotifications(db, mark, at, ctx), null, at);
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
    writeDeliveries(db, ctx, staleNotifications(db, config, now, ctx), null, now.toISOString()),
  )();
}
