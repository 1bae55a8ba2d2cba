/**
 * Matrix room channel (Tchap is Matrix): `PUT /_matrix/client/v3/rooms/{room}/send/m.room.message/{txnId}`
 * with the access token as a Bearer header. The transaction id derives from the delivery id, so a
 * retry of a message the homeserver already took is recognised by it and never posted twice.
 */
import type { MatrixChannel } from '../settings.ts';
import type { ChannelAdapter } from './channel.ts';
import { type HttpAnswer, sendHttp } from './http-post.ts';

const matrixTxnId = (deliveryId: string) => `peren-openings.${deliveryId}`;

function matrixSendUrl(channel: MatrixChannel, txnId: string): string {
  const base = channel.homeserver.replace(/\/+$/, '');
  return `${base}/_matrix/client/v3/rooms/${encodeURIComponent(channel.room)}/send/m.room.message/${encodeURIComponent(txnId)}`;
}

/** M_LIMIT_EXCEEDED answers carry `retry_after_ms` in the body (older servers do not send Retry-After). */
function retryAfterFromBody(answer: HttpAnswer): number | null {
  try {
    const value = (JSON.parse(answer.body) as { retry_after_ms?: unknown }).retry_after_ms;
    return typeof value === 'number' && value >= 0 ? value : null;
  } catch {
    return null;
  }
}

export function matrixAdapter(
  channel: MatrixChannel,
  accessToken: string,
  options: { timeoutMs: number; userAgent: string },
): ChannelAdapter {
  return {
    async send(message) {
      const body = JSON.stringify({
        msgtype: 'm.text',
        body: message.rendered.chat.plain,
        format: 'org.matrix.custom.html',
        formatted_body: message.rendered.chat.htmlFragment,
        // Intentional mentions (Matrix 1.7): an empty set tells servers this message mentions no one.
        'm.mentions': {},
      });
      const headers = {
        authorization: `Bearer ${accessToken}`,
        'content-type': 'application/json',
        'user-agent': options.userAgent,
      };
      return sendHttp(
        matrixSendUrl(channel, matrixTxnId(message.deliveryId)),
        { method: 'PUT', headers, body, timeoutMs: options.timeoutMs },
        retryAfterFromBody,
      );
    },
    close() {},
  };
}
