/** What every channel adapter does: send one message once, and say how it went. */
import type { Notification } from '../notification.ts';
import type { RenderedMessage } from '../render.ts';

export interface OutgoingMessage {
  /** Stable across retries: the webhook-id, the Matrix transaction id and the e-mail Message-ID derive from it. */
  deliveryId: string;
  /** `each`, `digest`, or `test` for `openings notify test`. */
  mode: 'each' | 'digest' | 'test';
  notifications: readonly Notification[];
  rendered: RenderedMessage;
}

export type AttemptResult =
  | { ok: true; response: string }
  | {
      ok: false;
      error: string;
      /** What the server answered, when it answered. */
      response: string | null;
      /** 5xx, 429, timeouts, SMTP 4xx, network errors: worth another attempt later. */
      retryable: boolean;
      /** The server's Retry-After (or Matrix retry_after_ms), when it gave one. */
      retryAfterMs: number | null;
      /** No answer at all (refused, timed out): the channel's other deliveries wait for the next pass. */
      unreachable: boolean;
    };

export interface ChannelAdapter {
  send(message: OutgoingMessage): Promise<AttemptResult>;
  close(): void;
}

/** Errors raised below HTTP or SMTP (refused, reset, DNS, timeout) as an unreachable, retryable result. */
export function unreachable(error: unknown): AttemptResult {
  const e = error as { code?: string; name?: string; message?: string };
  const what =
    e.name === 'TimeoutError' ||
    e.code === 'ETIMEDOUT' ||
    e.code === 'UND_ERR_HEADERS_TIMEOUT' ||
    e.code === 'UND_ERR_CONNECT_TIMEOUT'
      ? 'timed out'
      : 'unreachable';
  return {
    ok: false,
    error: `${what}: ${e.code ? `${e.code} ` : ''}${e.message ?? String(error)}`.trim(),
    response: null,
    retryable: true,
    retryAfterMs: null,
    unreachable: true,
  };
}
