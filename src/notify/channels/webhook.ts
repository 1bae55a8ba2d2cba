/**
 * Webhook channel. `standard`: the notifications as JSON, signed as the Standard Webhooks
 * specification says (webhook-id stable across retries so receivers drop replays, webhook-timestamp
 * of the attempt, webhook-signature `v1,` + base64 HMAC-SHA256 of `id.timestamp.body` under the
 * base64-decoded `whsec_` secret). `text`: `{"text": …}` for Mattermost and Slack incoming webhooks.
 */
import { createHmac } from 'node:crypto';
import type { Notification } from '../notification.ts';
import type { NotificationKind, WebhookChannel } from '../settings.ts';
import type { ChannelAdapter, OutgoingMessage } from './channel.ts';
import { sendHttp } from './http-post.ts';

const WEBHOOK_TYPES: Record<NotificationKind, string> = {
  new: 'opening.new',
  closed: 'opening.closed',
  reopened: 'opening.reopened',
  'deadline-changed': 'opening.deadline-changed',
  'source-failing': 'source.failing',
  'source-stale': 'source.stale',
  'source-recovered': 'source.recovered',
  'hiring-page-error': 'hiring-page.error',
};

function signWebhook(secret: string, id: string, timestampSeconds: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestampSeconds}.${body}`).digest('base64')}`;
}

const event = (n: Notification) => ({ type: WEBHOOK_TYPES[n.kind], timestamp: n.at, data: n });

/** The same body on every attempt: times come from the notifications, not from the attempt. */
function webhookBody(message: OutgoingMessage, now: string): string {
  const summary = message.rendered.subject;
  if (message.mode === 'test')
    return JSON.stringify({ type: 'test', timestamp: now, summary, data: { text: message.rendered.text } });
  if (message.mode === 'each') return JSON.stringify({ ...event(message.notifications[0]!), summary });
  return JSON.stringify({
    type: 'digest',
    timestamp: message.notifications[0]!.at,
    summary,
    data: { events: message.notifications.map(event) },
  });
}

export function webhookAdapter(
  channel: WebhookChannel,
  secret: string | null,
  options: { timeoutMs: number; userAgent: string },
): ChannelAdapter {
  return {
    async send(message) {
      const body =
        channel.format === 'text'
          ? JSON.stringify({ text: message.rendered.chat.markdown })
          : webhookBody(message, new Date().toISOString());
      const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': options.userAgent };
      if (secret) {
        const id = `msg_${message.deliveryId}`;
        const timestamp = Math.floor(Date.now() / 1000);
        Object.assign(headers, {
          'webhook-id': id,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': signWebhook(secret, id, timestamp, body),
        });
      }
      return sendHttp(channel.url, { method: 'POST', headers, body, timeoutMs: options.timeoutMs });
    },
    close() {},
  };
}
