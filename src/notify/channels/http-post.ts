/** One HTTP request of a channel (webhook POST, Matrix PUT), its answer read into an attempt result. */
import { request } from 'undici';
import { retryAfterMs } from '../../http/retry.ts';
import { type AttemptResult, unreachable } from './channel.ts';

const KEPT_BODY = 300;

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
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
    answer = { status: res.statusCode, headers: res.headers, body: (await res.body.text()).slice(0, 4096) };
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
