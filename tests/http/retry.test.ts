import { describe, expect, it } from 'vitest';
import { backoffMs, isRetryableStatus, retryAfterMs } from '../../src/http/retry.ts';

describe('retry rules', () => {
  it('retries 429 and 5xx only', () => {
    expect([429, 500, 503, 400, 403, 404].map(isRetryableStatus)).toEqual([true, true, true, false, false, false]);
  });

  it('backs off exponentially with up to one base of jitter', () => {
    expect([0, 1, 2].map((n) => backoffMs(n, 100, () => 0))).toEqual([100, 200, 400]);
    expect(backoffMs(2, 100, () => 0.5)).toBe(450);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-09-30T15:04:00Z');
    expect(retryAfterMs('120', now)).toBe(120_000);
    expect(retryAfterMs('Wed, 30 Sep 2026 15:04:39 GMT', now)).toBe(39_000);
    expect(retryAfterMs('Wed, 30 Sep 2026 15:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs('bientôt', now)).toBeNull();
    expect(retryAfterMs(undefined, now)).toBeNull();
  });
});
