/** One HTTP request of a channel (webhook POST, Matrix PUT), its answer read into an attempt result. */
import { type Dispatcher, request } from 'undici';
import { retryAfterMs } from '../../http/retry.ts';
import { type AttemptResult, unreachable } from './channel.ts';

const KEPT_BODY = 300;
/** Most of an answer's body ever read: a server that never ends its body cannot fill our memory. */
const READ_BODY_BYTES = 4096;

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** The first `max` bytes of a body, then the connection is dropped: the rest is never read. */
async function readCapped(body: Dispatcher.ResponseData['body'], max: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= max) break;
  }
  // Leaving the loop early destroys the stream; an unread rest is discarded with the socket.
  if (!body.destroyed) body.destroy();
  return Buffer.concat(chunks).subarray(0, max).toString('utf8');
}

export async function sendHttp(
  url: string,
  init: { method: 'POST' | 'PUT'; headers: Record<string, string>; body: string; timeoutMs: number },
  readRetryAfter: (answer: HttpAnswer) => number | null = () => null,
): Promise<AttemptResult> {
  let answer: HttpAnswer;
  try {
    const res = await request(url, {
      method: init.method,
      headers: init.headers,
      body: init.body,
      signal: AbortSignal.timeout(init.timeoutMs),
    });
    answer = { status: res.statusCode, headers: res.headers, body: await readCapped(res.body, READ_BODY_BYTES) };
  } catch (error) {
    return unreachable(error);
  }
  const response = `HTTP ${answer.status}${answer.body.trim() ? ` ${answer.body.trim().slice(0, KEPT_BODY)}` : ''}`;
  if (answer.status >= 200 && answer.status < 300) return { ok: true, response };
  const header = answer.headers['retry-after'];
  const retryAfter = retryAfterMs(Array.isArray(header) ? header[0] : header, Date.now()) ?? readRetryAfter(answer);
  const retryable = answer.status === 408 || answer.status === 429 || answer.status >= 500;
  const error =
    answer.status >= 300 && answer.status < 400
      ? `HTTP ${answer.status}: redirects are not followed (${String(answer.headers.location ?? '')})`
      : `HTTP ${answer.status}`;
  return { ok: false, error, response, retryable, retryAfterMs: retryAfter, unreachable: false };
}
