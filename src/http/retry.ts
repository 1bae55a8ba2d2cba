/** When to try a request again, and how long to wait first. */
import type { FetchError } from './fetch-error.ts';

/** 429 and 5xx say "not now", not "never". */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/** Failures worth another attempt: the server or the path to it may recover. */
export function isRetryableError(error: FetchError): boolean {
  return error.kind === 'network' || error.kind === 'timeout';
}

/** Exponential backoff with jitter, so that several clients do not retry in lockstep. */
export function backoffMs(retryIndex: number, baseMs: number, random: () => number = Math.random): number {
  return baseMs * 2 ** retryIndex + Math.round(random() * baseMs);
}

/** Milliseconds a `Retry-After` header asks us to wait (delta-seconds or HTTP date); null when absent or unreadable. */
export function retryAfterMs(value: string | undefined, now: number): number | null {
  if (value === undefined) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}
