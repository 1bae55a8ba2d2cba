/**
 * Delivers what the outbox holds, after the transactions that wrote it. One pass makes at most one
 * attempt per due delivery, each bounded by `notify.timeoutMs`, and skips the rest of a channel
 * that did not answer at all, so a dead server delays a scrape by about one timeout per channel,
 * never fails it. Failures are retried by later passes (the next scrape, `notify send`, the
 * daemon's tick) with exponential backoff, `Retry-After` honoured, until `retry.giveUpAfterHours`
 * after the delivery was written: then it is marked failed. Permanent refusals (HTTP 4xx, SMTP 5xx)
 * fail at once. Only one process sends at a time (the `notify` lock), so no row goes out twice
 * from two senders; a crash after the server took a message and before it was marked sent makes
 * the next pass send it again under the same delivery id (webhook-id, Matrix txnId, Message-ID),
 * which receivers use to drop the repeat.
 */

import type { Db } from '../../db/database.ts';
import { acquireLock, LockHeldError } from '../../db/lock.ts';
import { type DeliveryRow, dueDeliveries, markAbandoned, markFailed, markRetry, markSent } from '../../db/outbox.ts';
import type { Config } from '../config.ts';
import { backoffMs } from '../http/retry.ts';
import { createLogger, type Logger } from '../log.ts';
import { HOUR_MS } from '../model/time.ts';
import { organisationsOf } from '../organisations.ts';
import type { AttemptResult, ChannelAdapter, OutgoingMessage } from './channels/channel.ts';
import { matrixAdapter } from './channels/matrix.ts';
import { webhookAdapter } from './channels/webhook.ts';
import type { OutboxPayload } from './notification.ts';
import { renderMessage } from './render.ts';
import { channelSecrets } from './secrets.ts';
import type { ChannelSettings } from './settings.ts';

const NOTIFY_LOCK = 'notify';

export interface DeliveryReport {
  /** Another process was sending: this pass did nothing. */
  skipped: boolean;
  sent: number;
  retrying: number;
  failed: number;
  /** Due deliveries left for the next pass because their channel did not answer. */
  deferred: number;
}

export interface SendOptions {
  now?: () => Date;
  log?: Logger;
  env?: NodeJS.ProcessEnv;
}

export async function createAdapter(
  name: string,
  channel: ChannelSettings,
  config: Config,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ChannelAdapter> {
  const { secret } = channelSecrets(name, channel, env);
  const options = { timeoutMs: config.notify.timeoutMs, userAgent: config.http.userAgent };
  // nodemailer is loaded only when an e-mail goes out, not by every scrape and command.
  if (channel.type === 'email') return (await import('./channels/email.ts')).emailAdapter(channel, secret, options);
  if (channel.type === 'webhook') return webhookAdapter(channel, secret, options);
  return matrixAdapter(channel, secret!, options);
}

/** When to try again, or null to give up (the give-up time would be passed). */
function nextAttempt(
  row: DeliveryRow,
  result: Extract<AttemptResult, { ok: false }>,
  config: Config,
  now: number,
): number | null {
  const { baseMs, maxMs, giveUpAfterHours } = config.notify.retry;
  const backoff = Math.min(maxMs, backoffMs(row.attempts, baseMs));
  const at = now + Math.max(backoff, result.retryAfterMs ?? 0);
  return at > Date.parse(row.createdAt) + giveUpAfterHours * HOUR_MS ? null : at;
}

export async function deliverDue(db: Db, config: Config, options: SendOptions = {}): Promise<DeliveryReport> {
  const report: DeliveryReport = { skipped: false, sent: 0, retrying: 0, failed: 0, deferred: 0 };
  const now = options.now ?? (() => new Date());
  const due = dueDeliveries(db, now().toISOString());
  if (due.length === 0) return report;
  let release: () => void;
  try {
    release = acquireLock(db, NOTIFY_LOCK);
  } catch (error) {
    if (error instanceof LockHeldError) return { ...report, skipped: true };
    throw error;
  }
  const log = options.log ?? createLogger();
  const adapters = new Map<string, ChannelAdapter>();
  const silent = new Set<string>();
  try {
    // Re-read under the lock: another sender may have finished some of them meanwhile.
    for (const row of dueDeliveries(db, now().toISOString())) {
      const channel = config.notify.channels[row.channel];
      if (!channel) {
        markAbandoned(db, row.id, now().toISOString(), `channel "${row.channel}" is no longer configured`);
        report.failed += 1;
        continue;
      }
      if (silent.has(row.channel)) {
        report.deferred += 1;
        continue;
      }
      let adapter = adapters.get(row.channel);
      if (!adapter) {
        adapter = await createAdapter(row.channel, channel, config, options.env);
        adapters.set(row.channel, adapter);
      }
      const message: OutgoingMessage = {
        deliveryId: row.deliveryId,
        mode: row.mode,
        notifications: (row.payload as OutboxPayload).notifications,
        rendered: renderFor(config, row),
      };
      const result = await adapter.send(message);
      const at = now();
      const entry = { channel: row.channel, delivery: message.deliveryId, attempt: row.attempts + 1 };
      if (result.ok) {
        markSent(db, row.id, at.toISOString(), result.response);
        report.sent += 1;
        log.info({ ...entry, response: result.response }, 'notification delivered');
        continue;
      }
      if (result.unreachable) silent.add(row.channel);
      const retryAt = result.retryable ? nextAttempt(row, result, config, at.getTime()) : null;
      if (retryAt === null) {
        const why = result.retryable ? `gave up after ${row.attempts + 1} attempt(s): ${result.error}` : result.error;
        markFailed(db, row.id, at.toISOString(), why, result.response);
        report.failed += 1;
        log.warn({ ...entry, error: why, response: result.response }, 'notification failed');
      } else {
        markRetry(db, row.id, at.toISOString(), new Date(retryAt).toISOString(), result.error, result.response);
        report.retrying += 1;
        log.info(
          { ...entry, error: result.error, retryAt: new Date(retryAt).toISOString() },
          'notification delivery will be retried',
        );
      }
    }
  } finally {
    for (const adapter of adapters.values()) adapter.close();
    release();
  }
  return report;
}

/** The scrape's pass: whatever goes wrong is logged, never thrown, so the scrape's result stands. */
export async function deliverAfterScrape(
  db: Db,
  config: Config,
  now?: () => Date,
  log: Logger = createLogger(),
): Promise<DeliveryReport | null> {
  try {
    return await deliverDue(db, config, { log, ...(now ? { now } : {}) });
  } catch (error) {
    log.error({ err: error }, 'notification delivery pass failed');
    return null;
  }
}

/** A delivery speaks as its organisation ("Offres de la DINUM"); a source's news as the first one. */
function renderFor(config: Config, row: DeliveryRow) {
  const organisations = organisationsOf(config);
  const organisation = organisations.find((o) => o.id === row.organisation) ?? organisations[0]!;
  return renderMessage((row.payload as OutboxPayload).notifications, organisation.name, organisation.of);
}
