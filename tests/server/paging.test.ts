/**
 * Bounded responses: feeds, the events feed, the API and the page come a page at a time. Walking
 * the `next` links visits every item exactly once, filters apply before paging, and a limit or
 * cursor that is not one is a 400 naming what is allowed.
 */
import * as cheerio from 'cheerio';
import { XMLParser } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/database.ts';
import { PORTALS, SOURCE_IDS } from '../../scrapers/index.ts';
import { healthyRun, memoryDb, posting } from '../../scripts/synthetic-store.ts';
import { parseConfig } from '../../src/config.ts';
import { createApp } from '../../src/server/app.ts';

const ORIGIN = 'https://offres.example.fr';
const T0 = '2026-11-01T08:00:00.000Z';
const T1 = '2026-11-02T08:00:00.000Z';
const OPEN = 110;
const GONE = 7;

let db: Db;
let app: ReturnType<typeof createApp>;

/** Distinct titles in departments of their own, so no two postings are linked as one post. */
const offer = (i: number, source: 'passerelles' | 'csp') =>
  posting(source, `${source}-${i}`, {
    title: `Poste ${source} numéro ${i} ${String.fromCharCode(97 + (i % 26))}${i}`,
    department: source === 'csp' ? '971' : String(10 + (i % 80)),
    publishedAt: new Date(Date.parse('2026-10-01T00:00:00Z') + i * 3_600_000).toISOString(),
    contractType: i % 2 ? 'CDD' : 'Titulaire',
  });

beforeAll(() => {
  db = memoryDb();
  const passerelles = Array.from({ length: OPEN }, (_, i) => offer(i, 'passerelles'));
  const csp = Array.from({ length: 20 }, (_, i) => offer(i, 'csp'));
  healthyRun(db, 'passerelles', T0, passerelles);
  healthyRun(db, 'csp', T0, csp);
  // GONE passerelles postings go missing (still in the feed), the CSP ones all stay.
  healthyRun(db, 'passerelles', T1, passerelles.slice(GONE));
  const config = parseConfig({ server: { publicUrl: ORIGIN, pageSize: 25, maxPageSize: 60 } });
  app = createApp({ db, config, publicUrl: ORIGIN, now: () => new Date(T1) });
});

async function get(path: string, headers: Record<string, string> = {}) {
  const response = await app.request(path, { headers });
  return { status: response.status, headers: response.headers, body: await response.text() };
}

/** Follows `next` links from `first`, returning every item id in order. */
async function walk(
  first: string,
  read: (body: string) => { ids: string[]; next: string | null },
): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let next: string | null = first;
  let pages = 0;
  while (next) {
    const { status, body } = await get(next.replace(ORIGIN, ''));
    expect(status, next).toBe(200);
    const page = read(body);
    ids.push(...page.ids);
    next = page.next;
    pages += 1;
    expect(pages).toBeLessThan(50);
  }
  return { ids, pages };
}

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' });
const asArray = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

describe('feed paging', () => {
  const total = OPEN + 20;

  it('JSON Feed: next_url pages through every open and missing opening exactly once', async () => {
    const { ids, pages } = await walk('/feed.json', (body) => {
      const feed = JSON.parse(body) as { items: { id: string }[]; next_url?: string };
      expect(feed.items.length).toBeLessThanOrEqual(25);
      return { ids: feed.items.map((i) => i.id), next: feed.next_url ?? null };
    });
    expect(pages).toBe(Math.ceil(total / 25));
    expect(ids).toHaveLength(total);
    expect(new Set(ids).size).toBe(total);
  });

  it('Atom: the RFC 5005 next link does the same, newest first across pages', async () => {
    const updated: number[] = [];
    const { ids } = await walk('/feed.atom?limit=40', (body) => {
      const feed = xml.parse(body).feed;
      const entries = asArray<{ id: string; updated: string }>(feed.entry);
      updated.push(...entries.map((e) => Date.parse(e.updated)));
      const next = asArray<{ rel: string; href: string }>(feed.link).find((l) => l.rel === 'next');
      return { ids: entries.map((e) => e.id), next: next?.href ?? null };
    });
    expect(new Set(ids).size).toBe(total);
    expect(updated).toEqual([...updated].sort((a, b) => b - a));
  });

  it('RSS carries the next page as an atom:link', async () => {
    const { ids } = await walk('/feed.rss?limit=60', (body) => {
      const channel = xml.parse(body).rss.channel;
      const next = asArray<{ rel: string; href: string }>(channel['atom:link']).find((l) => l.rel === 'next');
      return {
        ids: asArray<{ guid: { '#text': string } }>(channel.item).map((i) => i.guid['#text']),
        next: next?.href ?? null,
      };
    });
    expect(new Set(ids).size).toBe(total);
  });

  it('the events feed pages by event with `before`', async () => {
    const { ids } = await walk('/feed/events.json?limit=30', (body) => {
      const feed = JSON.parse(body) as { items: { id: string }[]; next_url?: string };
      return { ids: feed.items.map((i) => i.id), next: feed.next_url ?? null };
    });
    // One "new" per opening; the postings that went missing are not published events.
    expect(ids).toHaveLength(total);
    expect(new Set(ids).size).toBe(total);
  });

  it('refuses limits and cursors that are not ones, naming what is allowed', async () => {
    for (const query of ['limit=0', 'limit=abc', 'limit=61', 'limit=-3', 'after=nope', 'after=WzEsMl0']) {
      const { status, headers, body } = await get(`/feed.json?${query}`);
      expect(status, query).toBe(400);
      expect(headers.get('x-content-type-options')).toBe('nosniff');
      expect(JSON.parse(body).parameter).toBe(query.split('=')[0]);
    }
    expect((await get('/feed/events.rss?before=x1')).status).toBe(400);
    expect(JSON.parse((await get('/feed.rss?limit=61')).body).error).toBe('limit must be a whole number from 1 to 60');
  });
});

describe('API paging', () => {
  it('pages /api/openings with a cursor, says the total, and filters before paging', async () => {
    const seen: string[] = [];
    let next: string | null = '/api/openings?status=open&limit=30';
    const totals = new Set<number>();
    while (next) {
      const { status, body } = await get(next.replace(ORIGIN, ''));
      expect(status).toBe(200);
      const page = JSON.parse(body) as {
        total: number;
        count: number;
        nextUrl: string | null;
        openings: { uid: string; status: string }[];
      };
      totals.add(page.total);
      expect(page.count).toBe(page.openings.length);
      expect(page.openings.every((o) => o.status === 'open')).toBe(true);
      seen.push(...page.openings.map((o) => o.uid));
      next = page.nextUrl;
    }
    expect([...totals]).toEqual([OPEN - GONE + 20]);
    expect(new Set(seen).size).toBe(OPEN - GONE + 20);

    const missing = JSON.parse((await get('/api/openings?status=missing')).body) as {
      total: number;
      openings: unknown[];
    };
    expect(missing.total).toBe(GONE);
    const csp = JSON.parse((await get('/api/openings?source=csp&limit=60')).body) as {
      total: number;
      next: string | null;
      openings: unknown[];
    };
    expect(csp).toMatchObject({ total: 20, next: null });
    expect(csp.openings).toHaveLength(20);
  });

  it('a cursor gives the same page while the data is unchanged', async () => {
    const first = JSON.parse((await get('/api/openings?limit=10')).body) as { next: string };
    const a = await get(`/api/openings?limit=10&after=${first.next}`);
    const b = await get(`/api/openings?limit=10&after=${first.next}`);
    expect(a.body).toBe(b.body);
  });

  it('pages /api/postings by id, with filters and a total', async () => {
    const seen: string[] = [];
    let next: string | null = '/api/postings?contractType=cdd&limit=17';
    while (next) {
      const page = JSON.parse((await get(next.replace(ORIGIN, ''))).body) as {
        total: number;
        nextUrl: string | null;
        postings: { sourceId: string; contractType: string }[];
      };
      expect(page.total).toBe(65);
      expect(page.postings.every((p) => p.contractType === 'CDD')).toBe(true);
      seen.push(...page.postings.map((p) => p.sourceId));
      next = page.nextUrl;
    }
    expect(new Set(seen).size).toBe(65);
  });

  it('answers 400 for values it does not know, naming the allowed ones', async () => {
    const status = await get('/api/openings?status=bogus');
    expect(status.status).toBe(400);
    expect(JSON.parse(status.body)).toMatchObject({ parameter: 'status', allowed: ['open', 'missing', 'closed'] });
    expect(JSON.parse((await get('/api/openings?source=bogus')).body).allowed).toEqual(PORTALS.map((s) => s.id));
    expect(JSON.parse((await get('/api/postings?source=bogus')).body).allowed).toEqual(SOURCE_IDS);
    expect(JSON.parse((await get('/api/postings?contractType=bogus')).body).allowed).toEqual(['CDD', 'Titulaire']);
    expect((await get('/api/postings?after=x')).status).toBe(400);
  });
});

describe('the page', () => {
  it('paginates the list of offers, filters kept in the links', async () => {
    const first = cheerio.load((await get('/?status=open')).body);
    expect(first('table.openings tbody tr')).toHaveLength(50);
    expect(first('nav.pager').text()).toContain('Page 1 sur 3');
    const nextHref = first('nav.pager a[rel=next]').attr('href')!;
    expect(nextHref).toBe('/?status=open&page=2#offres-titre');
    const last = cheerio.load((await get('/?status=open&page=3')).body);
    expect(last('table.openings tbody tr')).toHaveLength(OPEN - GONE + 20 - 100);
    expect(last('nav.pager a[rel=next]')).toHaveLength(0);
  });

  it('ignores a filter it does not know, and says so', async () => {
    const { status, body } = await get('/?status=bogus&source=nope');
    expect(status).toBe(200);
    const $ = cheerio.load(body);
    const notice = $('.notice').text();
    expect(notice).toContain('Filtre ignoré : status = « bogus » n’est pas une valeur connue');
    expect(notice).toContain('Filtre ignoré : source = « nope » n’est pas une valeur connue');
    // The list is the unfiltered one.
    expect($('table.openings tbody tr')).toHaveLength(50);
  });
});
