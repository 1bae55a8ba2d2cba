/**
 * HTTP and decoding edges a one-line change could break unnoticed (issue 17's mutation pass): a
 * charset declared after a long head, UTF-8 read as windows-1252 without any `Ã`, robots.txt
 * answering 429 with no retry left, and the notification backoff growing.
 */
import iconv from 'iconv-lite';
import { afterEach, describe, expect, it } from 'vitest';
import { getDelivery, insertDelivery } from '../../db/outbox.ts';
import { memoryDb } from '../../scripts/synthetic-store.ts';
import { parseConfig } from '../../src/config.ts';
import { FetchError, Fetcher, type HttpSettings } from '../../src/http/fetcher.ts';
import { misdecodingIn } from '../../src/http/mis-decoding.ts';
import { createLogger } from '../../src/log.ts';
import { decodeBody } from '../../src/model/charset.ts';
import type { Notification } from '../../src/notify/notification.ts';
import { deliverDue } from '../../src/notify/sender.ts';
import { reply, startServer, type TestServer } from '../http/test-server.ts';
import { startWebhookReceiver } from '../notify/receivers.ts';

const toClose: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(toClose.splice(0).map((close) => close()));
});

describe('decoding', () => {
  it('a page declaring <meta charset=iso-8859-15> after a 1.5 kB head reads "cœur 30 €" intact', () => {
    const head = `<!doctype html><html lang="fr"><head><title>Offre</title>${'<meta name="description" content="une offre du pôle, rien de plus">'.repeat(25)}`;
    expect(head.length).toBeGreaterThan(1500);
    const html = `${head}<meta charset=iso-8859-15></head><body><p>cœur 30 €</p></body></html>`;
    const decoded = decodeBody(iconv.encode(html, 'iso-8859-15'), 'text/html');
    expect(decoded.charset).toBe('iso-8859-15');
    expect(decoded.text).toContain('<p>cœur 30 €</p>');
  });

  it('UTF-8 "n°" and a non-breaking space read as windows-1252 is seen as mis-decoded', () => {
    const misread = iconv.decode(Buffer.from('Offre n°\u00a012', 'utf8'), 'windows-1252');
    expect(misread).toBe('Offre nÂ°Â\u00a012');
    expect(misdecodingIn(misread)).toMatch(/read as single bytes/);
    // The control: the same text read right is fine.
    expect(misdecodingIn('Offre n°\u00a012')).toBeNull();
  });
});

describe('robots.txt', () => {
  it('answering 429 with no retry left stops the source: no page of the site is fetched', async () => {
    const server: TestServer = await startServer({
      '/robots.txt': reply('trop de requêtes', { 'content-type': 'text/plain' }, 429),
      '/a': reply('<p>a</p>'),
    });
    toClose.push(() => server.close());
    const settings: HttpSettings = {
      userAgent: 'peren-openings/0.1 (+https://example.org/contact)',
      minIntervalMs: 0,
      timeoutMs: 1000,
      maxBytes: 10_000,
      retries: 0,
      retryBaseMs: 10,
      maxRetryAfterMs: 2_000,
    };
    const fetcher = new Fetcher({ http: settings, cache: { get: () => undefined, put: () => undefined } });
    const target = { policy: { hosts: ['portail.example.gouv.fr'], aliases: {} }, baseUrl: server.origin };
    const error = await fetcher
      .fetch({ url: 'https://portail.example.gouv.fr/a', role: 'inventory', label: 'listing' }, target, () => undefined)
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(FetchError);
    expect(error).toMatchObject({ kind: 'robots', status: 429 });
    expect(server.paths()).toEqual(['/robots.txt']);
  });
});

describe('notification backoff', () => {
  it('a receiver answering 500 for ever, 1 min base: each wait doubles, the fourth at least 8 min', async () => {
    const receiver = await startWebhookReceiver({ answer: () => ({ status: 500 }) });
    toClose.push(receiver.close);
    const config = parseConfig({
      notify: {
        channels: { hook: { type: 'webhook', url: receiver.url, secretEnv: 'OPENINGS_WEBHOOK_SECRET' } },
        retry: { baseMs: 60_000, maxMs: 3_600_000, giveUpAfterHours: 24 },
        timeoutMs: 1500,
      },
    });
    const db = memoryDb();
    const t0 = Date.parse('2026-12-01T08:00:00Z');
    const notification: Notification = {
      kind: 'source-recovered',
      at: '2026-12-01T07:59:00.000Z',
      source: { id: 'pass', label: 'PASS', reason: null, unhealthyRuns: 0, lastHealthyAt: null, staleAfterHours: 24 },
    };
    const id = insertDelivery(db, {
      channel: 'hook',
      createdAt: new Date(t0).toISOString(),
      runId: null,
      mode: 'each',
      kinds: [notification.kind],
      payload: { notifications: [notification] },
    });
    const waits: number[] = [];
    let now = t0;
    for (let attempt = 0; attempt < 4; attempt++) {
      await deliverDue(db, config, {
        log: createLogger('silent'),
        now: () => new Date(now),
        env: { OPENINGS_WEBHOOK_SECRET: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' },
      });
      const next = Date.parse(getDelivery(db, id)!.nextAttemptAt);
      waits.push(next - now);
      now = next;
    }
    expect(receiver.requests).toHaveLength(4);
    for (const [i, wait] of waits.entries()) expect(wait).toBeGreaterThanOrEqual(60_000 * 2 ** i);
    expect(waits[3]).toBeGreaterThanOrEqual(8 * 60_000);
  });
});
