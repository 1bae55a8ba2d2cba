/** The HTTP face of the product: feeds, JSON API, health. Reads the database; never writes it. */
import { Hono } from 'hono';
import type { Db } from '../../db/database.ts';
import { allPostings, type StoredPosting } from '../../db/postings.ts';
import { latestRun } from '../../db/runs.ts';
import type { Config } from '../config.ts';
import { renderFeed, type FeedFormat } from '../feeds/index.ts';
import { mainFeedFromDatabase } from '../feeds/postings-feed.ts';
import { foldForMatch } from '../model/text.ts';
import { conditionalResponse } from './conditional.ts';

export interface AppOptions {
  db: Db;
  config: Config;
  /** Absolute URL the server is reached at, for the feeds' self links; the request's origin when unset. */
  publicUrl?: string | undefined;
  now?: () => Date;
}

const FEED_PATHS: Record<string, FeedFormat> = { '/feed.rss': 'rss', '/feed.atom': 'atom', '/feed.json': 'json' };

export function createApp(options: AppOptions): Hono {
  const { db, config } = options;
  const now = options.now ?? (() => new Date());
  const app = new Hono();
  const siteFor = (requestUrl: string) => ({
    publicUrl: (options.publicUrl ?? new URL(requestUrl).origin).replace(/\/+$/, ''),
    organisationName: config.organisation.name,
  });

  for (const [path, format] of Object.entries(FEED_PATHS)) {
    app.get(path, (c) => {
      const doc = mainFeedFromDatabase(db, siteFor(c.req.url));
      const { body, contentType } = renderFeed(doc, format);
      return conditionalResponse(c, body, contentType, doc.updatedAt);
    });
  }

  app.get('/api/postings', (c) => {
    const source = c.req.query('source');
    const q = c.req.query('q');
    const contractType = c.req.query('contractType');
    const postings = allPostings(db).filter(
      (p) =>
        (!source || p.posting.source === source) &&
        (!contractType || foldForMatch(p.posting.contractType ?? '') === foldForMatch(contractType)) &&
        (!q || matchesQuery(p, q)),
    );
    const body = JSON.stringify({ count: postings.length, postings: postings.map(apiPosting) }, null, 2);
    return conditionalResponse(c, body, 'application/json; charset=utf-8', newestOf(postings.map((p) => p.lastSeenAt)));
  });

  app.get('/healthz', (c) => {
    const staleMs = config.freshness.staleAfterHours * 3_600_000;
    const sources = Object.entries(config.sources)
      .filter(([, s]) => s.enabled)
      .map(([id]) => {
        const healthy = latestRun(db, id, 'healthy');
        const ok = Boolean(healthy?.finishedAt && now().getTime() - Date.parse(healthy.finishedAt) <= staleMs);
        return { source: id, ok, lastHealthyRunAt: healthy?.finishedAt ?? null, lastRun: latestRun(db, id)?.status ?? null };
      });
    const failing = sources.filter((s) => !s.ok).map((s) => s.source);
    return c.json({ status: failing.length ? 'failing' : 'ok', failing, sources }, failing.length ? 503 : 200, { 'Cache-Control': 'no-store' });
  });

  app.get('/', (c) => {
    const site = siteFor(c.req.url);
    return c.html(
      `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Offres du ${site.organisationName}</title></head><body>` +
        `<h1>Offres du ${site.organisationName}</h1><ul><li><a href="/feed.rss">RSS</a></li><li><a href="/feed.atom">Atom</a></li>` +
        `<li><a href="/feed.json">JSON Feed</a></li><li><a href="/api/postings">API JSON</a></li><li><a href="/healthz">État</a></li></ul></body></html>`,
    );
  });

  app.notFound((c) => c.json({ error: 'not found', path: c.req.path }, 404));
  return app;
}

export function apiPosting(p: StoredPosting) {
  return {
    ...p.posting,
    status: p.state,
    firstSeenAt: p.firstSeenAt,
    lastSeenAt: p.lastSeenAt,
    detailError: p.detailError,
  };
}

function matchesQuery(p: StoredPosting, q: string): boolean {
  const needle = foldForMatch(q);
  const hay = [p.posting.title, p.posting.employer, p.posting.location, p.posting.reference, p.posting.descriptionText].filter(Boolean).join(' ');
  return foldForMatch(hay).includes(needle);
}

function newestOf(dates: readonly string[]): string | null {
  return dates.reduce<string | null>((max, d) => (max === null || Date.parse(d) > Date.parse(max) ? d : max), null);
}
