/**
 * What a client puts in a URL cannot grow the server's memory nor break it: parameters a resource
 * does not read share its render (same cache key, nothing of them in the body), the render cache
 * keeps to its byte budget, an out-of-range page or cursor is a 400 or an ignored value, and a
 * fault of ours is a logged 500.
 */
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/database.ts';
import { dataGeneration } from '../../db/generation.ts';
import { healthyRun, memoryDb, posting } from '../../scripts/synthetic-store.ts';
import { parseConfig } from '../../src/config.ts';
import { createApp } from '../../src/server/app.ts';
import { ReadCache } from '../../src/server/read-cache.ts';

const ORIGIN = 'https://offres.example.fr';
const T0 = '2026-11-01T08:00:00.000Z';
const config = parseConfig({ server: { publicUrl: ORIGIN, pageSize: 5, maxPageSize: 500 } });

let db: Db;
beforeAll(() => {
  db = memoryDb();
  const offers = Array.from({ length: 40 }, (_, i) =>
    posting('passerelles', `p-${i}`, {
      title: `Poste numéro ${i} ${String.fromCharCode(97 + (i % 26))}${i}`,
      department: String(10 + i),
      publishedAt: new Date(Date.parse('2026-10-01T00:00:00Z') + i * 3_600_000).toISOString(),
    }),
  );
  healthyRun(db, 'passerelles', T0, offers);
});

function appWith(cache: ReadCache, log = pino({ level: 'silent' })) {
  return createApp({ db, config, publicUrl: ORIGIN, now: () => new Date(T0), cache, log });
}

describe('unknown query parameters', () => {
  it('share the render of the resource: one cache entry, one render, the same body', async () => {
    const cache = new ReadCache(() => dataGeneration(db));
    const app = appWith(cache);
    for (const path of ['/feed.json', '/feed.rss', '/feed/events.atom', '/api/openings', '/api/postings', '/']) {
      const before = cache.stats();
      const bodies = new Set<string>();
      for (let z = 0; z < 30; z += 1) {
        const sep = path.includes('?') ? '&' : '?';
        const response = await app.request(`${path}${sep}limit=3&z=${z}&utm_source=x${z}`);
        expect(response.status, path).toBe(200);
        bodies.add(await response.text());
      }
      expect(cache.stats().renders - before.renders, path).toBe(1);
      expect(cache.stats().entries - before.entries, path).toBe(1);
      expect(bodies.size, path).toBe(1);
      expect([...bodies][0], path).not.toMatch(/[?&](z|utm_source)=/);
    }
  });

  it('are left out of the next links, the known ones kept', async () => {
    const app = appWith(new ReadCache(() => dataGeneration(db)));
    const body = (await (await app.request('/api/openings?limit=3&status=open&z=9')).json()) as { nextUrl: string };
    expect(body.nextUrl).toMatch(/^https:\/\/offres\.example\.fr\/api\/openings\?status=open&limit=3&after=/);
  });
});

describe('the render cache', () => {
  it('keeps to its byte budget whatever is asked', async () => {
    const budget = 40_000;
    const cache = new ReadCache(() => dataGeneration(db), 500, budget);
    const app = appWith(cache);
    let largest = 0;
    for (let limit = 1; limit <= 40; limit += 1) {
      for (const path of [`/feed.json?limit=${limit}`, `/api/openings?limit=${limit}`]) {
        const response = await app.request(path);
        expect(response.status).toBe(200);
        largest = Math.max(largest, (await response.arrayBuffer()).byteLength);
        expect(cache.stats().bytes).toBeLessThanOrEqual(budget);
      }
    }
    // The budget did bite: what was asked is far more than was kept.
    expect(largest).toBeGreaterThan(budget / 4);
    expect(cache.stats().renders).toBe(80);
    expect(cache.stats().entries).toBeLessThan(80);
  });
});

describe('out-of-range values', () => {
  it('a page past any list is ignored and said so; a cursor or limit that is not one is a 400', async () => {
    const app = appWith(new ReadCache(() => dataGeneration(db)));
    const page = await app.request('/?page=10000000000000000000');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('10000000000000000000');
    for (const path of [
      '/api/postings?after=99999999999999999999999',
      '/api/openings?limit=10000000000000000000',
      '/feed.json?limit=-1',
      '/feed/events.json?before=99999999999999999999',
      '/api/openings?after=bm90IGEgY3Vyc29y',
    ]) {
      expect((await app.request(path)).status, path).toBe(400);
    }
  });

  it('a fault of ours is a 500 with a JSON body, and logged', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const broken = memoryDb();
    const app = createApp({
      db: broken,
      config,
      publicUrl: ORIGIN,
      cache: new ReadCache(() => 1),
      log: pino({ level: 'warn' }, sink),
    });
    broken.close();
    const response = await app.request('/api/openings?z=1');
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: 'internal error', path: '/api/openings' });
    const logged = lines.map((l) => JSON.parse(l) as { level: number; msg: string; url: string; err: unknown });
    expect(logged).toEqual([
      expect.objectContaining({ level: 50, msg: 'request failed', url: 'http://localhost/api/openings?z=1' }),
    ]);
    expect(logged[0]!.err).toMatchObject({ message: expect.stringContaining('database connection is not open') });
  });
});
