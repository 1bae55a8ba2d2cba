/** The HTTP face of the product: the team's page, feeds, JSON API, health, metrics. Reads the database; never writes it. */
import { Hono, type Context } from 'hono';
import type { Db } from '../../db/database.ts';
import { allPostings, type StoredPosting } from '../../db/postings.ts';
import type { Config } from '../config.ts';
import { renderFeed, type FeedFormat } from '../feeds/index.ts';
import { eventsFeed, openingGuid, openingsFeed, type FeedSite } from '../feeds/openings-feed.ts';
import { openingViews, postingSummaries, type OpeningView } from '../lifecycle/opening-view.ts';
import { sourceHealth } from '../freshness/source-health.ts';
import { PORTAL_SOURCES } from '../lifecycle/link-openings.ts';
import { SOURCE_IDS } from '../model/posting.ts';
import { foldForMatch } from '../model/text.ts';
import { conditionalResponse } from './conditional.ts';
import { jsonError, noSniffing, onlyReadMethods, validHost } from './errors.ts';
import { invalidQuery } from './query-params.ts';
import { METRICS_CONTENT_TYPE, renderMetrics } from './metrics.ts';
import { dashboardData, parseFilters, renderDashboard } from './pages/dashboard.ts';
import { findOpening, renderNotFound, renderOpeningPage } from './pages/opening-page.ts';

export interface AppOptions {
  db: Db;
  config: Config;
  /** Absolute URL the server is reached at, for the feeds' self links; the request's origin when unset. */
  publicUrl?: string | undefined;
  now?: () => Date;
}

const FORMATS: Record<string, FeedFormat> = { rss: 'rss', atom: 'atom', json: 'json' };
const OPENING_STATUSES = ['open', 'missing', 'closed'];
const JSON_TYPE = 'application/json; charset=utf-8';
const HTML_TYPE = 'text/html; charset=utf-8';
/** The pages run no script and load nothing from elsewhere; a scraped string that slipped escaping could not run either. */
const PAGE_HEADERS = {
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

function pageResponse(c: Context, body: string, status: 200 | 404 = 200): Response {
  const response = status === 200 ? conditionalResponse(c, body, HTML_TYPE, null) : new Response(body, { status, headers: { 'Content-Type': HTML_TYPE } });
  for (const [name, value] of Object.entries(PAGE_HEADERS)) response.headers.set(name, value);
  return response;
}

export function createApp(options: AppOptions): Hono {
  const { db, config } = options;
  const now = options.now ?? (() => new Date());
  const app = new Hono();
  app.use('*', noSniffing, onlyReadMethods, validHost(options.publicUrl));
  const siteFor = (requestUrl: string): FeedSite => ({
    publicUrl: (options.publicUrl ?? new URL(requestUrl).origin).replace(/\/+$/, ''),
    organisationName: config.organisation.name,
  });

  for (const [ext, format] of Object.entries(FORMATS)) {
    for (const [path, build] of [[`/feed.${ext}`, openingsFeed], [`/feed/events.${ext}`, eventsFeed]] as const) {
      app.get(path, (c) => {
        const doc = build(db, siteFor(c.req.url));
        const { body, contentType } = renderFeed(doc, format);
        return conditionalResponse(c, body, contentType, doc.updatedAt);
      });
    }
  }

  app.get('/api/openings', (c) => {
    const invalid = invalidQuery(c, { status: { values: OPENING_STATUSES }, source: { values: [...PORTAL_SOURCES] } });
    if (invalid) return invalid;
    const status = c.req.query('status');
    const source = c.req.query('source');
    const q = c.req.query('q');
    const site = siteFor(c.req.url);
    const views = openingViews(db).filter(
      (o) =>
        (!status || o.status === status) &&
        (!source || o.postings.some((m) => m.stored.posting.source === source)) &&
        (!q || matchesQuery([o.posting.title, o.posting.employer, o.posting.location, o.posting.descriptionText], q)),
    );
    const body = JSON.stringify({ count: views.length, openings: views.map((o) => apiOpening(o, site)) }, null, 2);
    return conditionalResponse(c, body, JSON_TYPE, newestOf(views.map((o) => o.updatedAt)));
  });

  app.get('/api/postings', (c) => {
    const stored = allPostings(db);
    const contractTypes = [...new Set(stored.map((p) => p.posting.contractType).filter((t): t is string => t !== null))].sort();
    const invalid = invalidQuery(c, {
      source: { values: SOURCE_IDS },
      contractType: { values: contractTypes, same: (given, type) => foldForMatch(given) === foldForMatch(type) },
    });
    if (invalid) return invalid;
    const source = c.req.query('source');
    const q = c.req.query('q');
    const contractType = c.req.query('contractType');
    const postings = stored.filter(
      (p) =>
        (!source || p.posting.source === source) &&
        (!contractType || foldForMatch(p.posting.contractType ?? '') === foldForMatch(contractType)) &&
        (!q || matchesQuery([p.posting.title, p.posting.employer, p.posting.location, p.posting.reference, p.posting.descriptionText], q)),
    );
    const body = JSON.stringify({ count: postings.length, postings: postings.map(apiPosting) }, null, 2);
    return conditionalResponse(c, body, JSON_TYPE, newestOf(postings.map((p) => p.lastSeenAt)));
  });

  // Staleness, not one failed run, turns health red: the lifecycle already rides out a hiccup.
  app.get('/healthz', (c) => {
    const sources = sourceHealth(db, config, now()).map((h) => ({
      source: h.source,
      ok: !h.stale,
      verdict: h.verdict,
      lastHealthyRunAt: h.lastHealthyRun?.finishedAt ?? null,
      lastRun: h.lastRun?.status ?? null,
    }));
    const failing = sources.filter((s) => !s.ok).map((s) => s.source);
    return c.json({ status: failing.length ? 'failing' : 'ok', failing, sources }, failing.length ? 503 : 200, { 'Cache-Control': 'no-store' });
  });

  app.get('/', (c) => {
    const filters = parseFilters({ status: c.req.query('status'), source: c.req.query('source') });
    return pageResponse(c, renderDashboard(dashboardData(db, config, filters, now())));
  });

  app.get('/offres/:uid', (c) => {
    const opening = findOpening(db, c.req.param('uid'));
    if (!opening) return pageResponse(c, renderNotFound(config.organisation.name, 'Aucune offre ne porte cet identifiant. Elle a peut-être été fusionnée avec une autre.'), 404);
    const pageUrl = `${siteFor(c.req.url).publicUrl}/offres/${opening.uid}`;
    return pageResponse(c, renderOpeningPage(db, opening, config, pageUrl, now()));
  });

  app.get('/metrics', (c) => c.body(renderMetrics(db, config, now()), 200, { 'Content-Type': METRICS_CONTENT_TYPE, 'Cache-Control': 'no-store' }));

  app.notFound((c) => jsonError(404, { error: 'not found', path: c.req.path }));
  return app;
}

export function apiPosting(p: StoredPosting) {
  return {
    ...p.posting,
    status: p.state,
    firstSeenAt: p.firstSeenAt,
    lastSeenAt: p.lastSeenAt,
    missingSince: p.missingSince,
    closedAt: p.closedAt,
    closeReason: p.closeReason,
    shortLived: p.shortLived,
    detailError: p.detailError,
  };
}

export function apiOpening(o: OpeningView, site: FeedSite) {
  return {
    id: openingGuid(o),
    uid: o.uid,
    status: o.status,
    page: `${site.publicUrl}/offres/${o.uid}`,
    ...o.posting,
    publishedAt: o.publishedAt,
    updatedAt: o.updatedAt,
    firstSeenAt: o.firstSeenAt,
    lastSeenAt: o.lastSeenAt,
    closedAt: o.closedAt,
    closeReasons: o.closeReasons,
    shortLived: o.shortLived,
    links: postingSummaries(o),
  };
}

function matchesQuery(fields: readonly (string | null)[], q: string): boolean {
  return foldForMatch(fields.filter(Boolean).join(' ')).includes(foldForMatch(q));
}

function newestOf(dates: readonly string[]): string | null {
  return dates.reduce<string | null>((max, d) => (max === null || Date.parse(d) > Date.parse(max) ? d : max), null);
}
