/** Deliveries as `openings status`, the page and /metrics show them: counts per channel, and the failed ones. */
import type { Db } from '../../db/database.ts';
import { type DeliveryStatus, deliveryCounts, failedDeliveries } from '../../db/outbox.ts';
import type { Config } from '../config.ts';

interface ChannelDeliveries {
  channel: string;
  /** Null for a channel no longer configured that still has deliveries. */
  type: 'email' | 'webhook' | 'matrix' | null;
  counts: Record<DeliveryStatus, number>;
}

export interface FailedDelivery {
  id: number;
  channel: string;
  kinds: string[];
  createdAt: string;
  attempts: number;
  lastAttemptAt: string | null;
  error: string | null;
  response: string | null;
}

export interface DeliveryOverview {
  channels: ChannelDeliveries[];
  failed: FailedDelivery[];
}

export function deliveryOverview(db: Db, config: Config, limit = 20): DeliveryOverview {
  const channels = new Map<string, ChannelDeliveries>();
  for (const [name, channel] of Object.entries(config.notify.channels))
    channels.set(name, { channel: name, type: channel.type, counts: { pending: 0, sent: 0, failed: 0 } });
  for (const row of deliveryCounts(db)) {
    const entry = channels.get(row.channel) ?? {
      channel: row.channel,
      type: null,
      counts: { pending: 0, sent: 0, failed: 0 },
    };
    entry.counts[row.status] = row.n;
    channels.set(row.channel, entry);
  }
  const failed = failedDeliveries(db, limit).map((d) => ({
    id: d.id,
    channel: d.channel,
    kinds: d.kinds,
    createdAt: d.createdAt,
    attempts: d.attempts,
    lastAttemptAt: d.lastAttemptAt,
    error: d.lastError,
    response: d.response,
  }));
  return { channels: [...channels.values()], failed };
}
