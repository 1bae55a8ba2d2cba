/**
 * The HTTP face of the product: the team's page, feeds, JSON API, health, metrics. Reads the
 * database, never writes it. Feeds, API and pages are rendered once per change of the data (the
 * read cache); /healthz and /metrics are aggregate queries, computed on each request.
 */
import { type Context, Hono } from 'hono';
import type { Db } from '../../db/database.ts';
import { dataGeneration } from '../../db/generation.ts';
import { contractTypes, countPostings, pageOfPostings } from '../../db/postings.ts';
import { PORTALS, SOURCE_IDS } from '../../scrapers/index.ts';
import type { Config } from '../config.ts';
import { CALENDAR_CONTENT_TYPE, deadlinesCalendar } from '../feeds/calendar.ts';
import { type FeedFormat, renderFeed } from '../feeds/index.ts';
import {
  encodeCursor,
  eventsFeed,
  type FeedSite,
  openingGuid,
  openingsFeed,
  siteBase,
} from '../feeds/openings-feed.ts';
import { sourceHealth } from '../freshness/source-health.ts';
import { pageOpenings } from '../hiring-page/page-openings.ts';
import { hiringPageSettings, type LiveSectionReport, liveSectionReports } from '../hiring-page/report.ts';
import { createLogger, type Logger } from '../log.ts';
import { isoFromInstant } from '../model/dates.ts';
import type { StoredPosting } from '../model/lifecycle.ts';
import { foldForMatch } from '../model/text.ts';
import { newestOf } from '../model/time.ts';
import { type Organisation, organisationsOf } from '../organisations.ts';
import { fieldsWithOrigin } from '../read-model/open-data-fields.ts';
import { type OpeningStatus, type OpeningView, postingSummaries } from '../read-model/opening-view.ts';
import { allOpeningViews, openingByUid, pageOfOpenings } from '../read-model/openings.ts';
import { type Reconciliation, reconcile } from '../reconcile/reconcile.ts';
import type { SafeHtml } from '../render/html.ts';
import { conditionalResponse } from './conditional.ts';
import { jsonError, NO_SNIFF, onlyReadMethods, validHost } from './errors.ts';
import { METRICS_CONTENT_TYPE, renderMetrics } from './metrics.ts';
import { yearOfFigures, yearSection } from './pages/charts.ts';
import { dashboardData, parseFilters, renderDashboard } from './pages/dashboard.ts';
import { organisationIndex, renderIndex } from './pages/index-page.ts';
import { renderNotFound, renderOpeningPage } from './pages/opening-page.ts';
import { BadQuery, beforeOf, cursorOf, limitOf, oneOf, unknownValue } from './query.ts';
import { ReadCache, type Rendered, rendered } from './read-cache.ts';

export interface AppOptions {
  db: Db;
  config: Config;
  /** Absolute URL the server is reached at, for the feeds' self links; the request's origin when unset. */
  publicUrl?: string | undefined;
  now?: () => Date;
  log?: Logger;
  /** The rendered responses (a test may pass its own to look at). */
  cache?: ReadCache;
}

const FORMATS: Record<string, FeedFormat> = { rss: 'rss', atom: 'atom', json: 'json' };
const JSON_TYPE = 'application/json; charset=utf-8';
const HTML_TYPE = 'text/html; charset=utf-8';
const STATUSES: readonly OpeningStatus[] = ['open', 'missing', 'closed'];
/** The pages run no script and load nothing from elsewhere; a scraped string that slipped escaping could not run either. */
const PAGE_HEADERS = {
  'Content-Security-Policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};
/** The query parameters each resource reads: the others change nothing, so they are not part of its cache key. */
const FEED_PARAMS = ['limit', 'after'];
const EVENTS_FEED_PARAMS = ['limit', 'before'];
const OPENINGS_PARAMS = ['status', 'source', 'q', 'limit', 'after'];
const POSTINGS_PARAMS = ['source', 'contractType', 'q', 'limit', 'after'];
const PAGE_PARAMS = ['status', 'source', 'page'];
/** Pages show relative times ("il y a 3 h"): they are rendered again at most this often. */
const PAGE_FRESHNESS_MS = 60_000;

export function createApp(options: AppOptions): Hono {
  const { db, config } = options;
  const now = options.now ?? (() => new Date());
  const { pageSize, maxPageSize } = config.server;
  const cache = options.cache ?? new ReadCache(() => dataGeneration(db));
  const log = options.log ?? createLogger();
  const app = new Hono();
  app.use('*', onlyReadMethods, validHost(options.publicUrl));
  const organisations = organisationsOf(config);
  const several = organisations.length > 1;
  /** Where an organisation's page and feeds live: `/o/<id>`, and also the root when it is the only one. */
  const homeOf = (organisation: Organisation) => (several ? `/o/${organisation.id}` : '');
  const publicUrlOf = (c: Context) => (options.publicUrl ?? new URL(c.req.url).origin).replace(/\/+$/, '');
  /** Self links: the configured public URL, else the request's origin (validHost made sure it is one). */
  const siteFor = (c: Context, organisation: Organisation, basePath: string): FeedSite => ({
    publicUrl: publicUrlOf(c),
    organisationName: organisation.name,
    organisation: organisation.id,
    of: organisation.of,
    basePath,
    feedKey: several ? organisation.id : undefined,
  });
  /**
   * Cache key: origin and path as asked (self links depend on the origin; no parsing per request)
   * and the parameters the resource reads, nothing else: `?z=1`, `?z=2`… share one render.
   */
  const keyOf = (c: Context, known: readonly string[], extra: string) => {
    const at = c.req.url.indexOf('?');
    return `${at < 0 ? c.req.url : c.req.url.slice(0, at)}?${knownQuery(c, known)} ${extra}`;
  };
  const cached = (c: Context, known: readonly string[], render: () => Rendered, extra = '') =>
    cache.get(keyOf(c, known, extra), render);

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
    return c.json({ status: failing.length ? 'failing' : 'ok', failing, sources }, failing.length ? 503 : 200, {
      'Cache-Control': 'no-store',
      ...NO_SNIFF,
    });
  });

  const minute = () => String(Math.floor(now().getTime() / PAGE_FRESHNESS_MS));

  /** One value per organisation, made again when its key (the data, the day…) changes. */
  const perOrganisation = <T>() => {
    const entries = new Map<string, { key: string; value: T }>();
    return (organisation: Organisation, key: string, make: () => T): T => {
      let entry = entries.get(organisation.id);
      if (entry?.key !== key) {
        entry = { key, value: make() };
        entries.set(organisation.id, entry);
      }
      return entry.value;
    };
  };
  const dayKey = (at: Date) => `${dataGeneration(db)} ${isoFromInstant(at.getTime()).slice(0, 10)}`;

  // Reconciliation reads every opening; its findings only change with the data and the day ("depuis 3 jours").
  // An organisation without hiring pages has none.
  const reconciled = perOrganisation<Reconciliation | null>();
  const reconciliation = (organisation: Organisation, at: Date): Reconciliation | null =>
    organisation.hiringPages.length === 0
      ? null
      : reconciled(organisation, dayKey(at), () =>
          reconcile(db, { now: at, organisation: organisation.id, pages: organisation.hiringPages }),
        );
  // Pages are rendered again each minute; the calendar each day (closed openings leave it after some days).
  const today = () => isoFromInstant(now().getTime()).slice(0, 10);

  /** An organisation's feeds, API, page and calendar under `prefix` ('' for the root, or `/o/<id>`). */
  const mount = (prefix: string, organisation: Organisation) => {
    for (const [ext, format] of Object.entries(FORMATS)) {
      app.get(`${prefix}/feed.${ext}`, (c) => {
        const page = { limit: limitOf(c, pageSize, maxPageSize), after: cursorOf(c) };
        const r = cached(c, FEED_PARAMS, () => {
          const doc = openingsFeed(db, siteFor(c, organisation, prefix), page);
          const { body, contentType } = renderFeed(doc, format);
          return rendered(body, contentType, doc.updatedAt);
        });
        return conditionalResponse(c, r);
      });
      app.get(`${prefix}/feed/events.${ext}`, (c) => {
        const page = { limit: limitOf(c, pageSize, maxPageSize), before: beforeOf(c) };
        const r = cached(c, EVENTS_FEED_PARAMS, () => {
          const doc = eventsFeed(db, siteFor(c, organisation, prefix), page);
          const { body, contentType } = renderFeed(doc, format);
          return rendered(body, contentType, doc.updatedAt);
        });
        return conditionalResponse(c, r);
      });
    }

    app.get(`${prefix}/api/openings`, (c) => {
      const status = oneOf(c, 'status', STATUSES);
      const source = oneOf(
        c,
        'source',
        PORTALS.map((s) => s.id),
      );
      const q = c.req.query('q');
      const limit = limitOf(c, pageSize, maxPageSize);
      const after = cursorOf(c);
      const r = cached(c, OPENINGS_PARAMS, () => {
        const site = siteFor(c, organisation, prefix);
        const page = pageOfOpenings(
          db,
          {
            organisation: organisation.id,
            statuses: status ? [status] : undefined,
            source,
            q: q ? foldForMatch(q) : undefined,
          },
          limit,
          after,
        );
        const next = page.next ? encodeCursor(page.next) : null;
        const body = {
          total: page.total,
          count: page.views.length,
          next,
          nextUrl: next ? `${siteBase(site)}/api/openings?${withParam(c, OPENINGS_PARAMS, 'after', next)}` : null,
          openings: page.views.map((o) => apiOpening(db, o, site)),
        };
        return rendered(JSON.stringify(body, null, 2), JSON_TYPE, newestOf(page.views.map((o) => o.updatedAt)));
      });
      return conditionalResponse(c, r);
    });

    app.get(`${prefix}/api/postings`, (c) => {
      const source = oneOf(c, 'source', SOURCE_IDS);
      const contractType = c.req.query('contractType');
      if (contractType) {
        const known = contractTypes(db);
        if (!known.some((t) => foldForMatch(t) === foldForMatch(contractType)))
          throw unknownValue('contractType', contractType, known);
      }
      const q = c.req.query('q');
      const limit = limitOf(c, pageSize, maxPageSize);
      const afterText = c.req.query('after');
      if (afterText !== undefined && !(/^\d+$/.test(afterText) && Number.isSafeInteger(Number(afterText))))
        throw new BadQuery('after', 'after must be the cursor of a previous page (its next link)');
      const r = cached(c, POSTINGS_PARAMS, () => {
        const site = siteFor(c, organisation, prefix);
        const filter = {
          organisation: organisation.id,
          source,
          contractType: contractType ? foldForMatch(contractType) : undefined,
          q: q ? foldForMatch(q) : undefined,
        };
        const found = pageOfPostings(db, filter, limit + 1, afterText ? Number(afterText) : 0);
        const postings = found.slice(0, limit);
        const next = found.length > limit ? String(postings.at(-1)!.id) : null;
        const body = {
          total: countPostings(db, filter),
          count: postings.length,
          next,
          nextUrl: next ? `${siteBase(site)}/api/postings?${withParam(c, POSTINGS_PARAMS, 'after', next)}` : null,
          postings: postings.map(apiPosting),
        };
        return rendered(JSON.stringify(body, null, 2), JSON_TYPE, newestOf(postings.map((p) => p.lastSeenAt)));
      });
      return conditionalResponse(c, r);
    });

    app.get(`${prefix}/`, (c) => {
      const filters = parseFilters({
        status: c.req.query('status'),
        source: c.req.query('source'),
        page: c.req.query('page'),
      });
      const r = cached(
        c,
        PAGE_PARAMS,
        () => {
          const at = now();
          return rendered(
            renderDashboard(
              dashboardData(
                db,
                config,
                filters,
                at,
                reconciliation(organisation, at),
                organisation,
                prefix,
                hiringSections(organisation),
                yearInPictures(organisation, at),
              ),
            ),
            HTML_TYPE,
            null,
          );
        },
        minute(),
      );
      return conditionalResponse(c, r, PAGE_HEADERS);
    });

    app.get(`${prefix}/calendar.ics`, (c) => {
      const r = cached(
        c,
        [],
        () => {
          const { body, lastModified } = deadlinesCalendar(db, siteFor(c, organisation, prefix), now());
          return rendered(body, CALENDAR_CONTENT_TYPE, lastModified);
        },
        today(),
      );
      return conditionalResponse(c, r);
    });
  };
  // Each organisation's hiring pages' sections rewritten from its openings: they change with the data only.
  const sections = perOrganisation<LiveSectionReport[]>();
  const hiringSections = (organisation: Organisation): LiveSectionReport[] =>
    organisation.hiringPages.length === 0
      ? []
      : sections(organisation, String(dataGeneration(db)), () =>
          liveSectionReports(db, hiringPageSettings(organisation), pageOpenings(allOpeningViews(db, organisation.id))),
        );

  // Each organisation's year in pictures: twelve months to the day, drawn again when the data or the day changes.
  const years = perOrganisation<SafeHtml>();
  const yearInPictures = (organisation: Organisation, at: Date): SafeHtml => {
    const options = { minimumPublicationDays: config.lifecycle.minimumPublicationDays };
    return years(organisation, dayKey(at), () => yearSection(yearOfFigures(db, at, options, organisation.id), options));
  };

  for (const organisation of organisations) mount(`/o/${organisation.id}`, organisation);
  if (several) {
    app.get('/', (c) => {
      const r = cached(
        c,
        [],
        () => rendered(renderIndex(organisationIndex(db, config, organisations, now())), HTML_TYPE, null),
        minute(),
      );
      return conditionalResponse(c, r, PAGE_HEADERS);
    });
  } else mount('', organisations[0]!);

  /** An opening's page names its organisation (an id the configuration no longer has is still shown). */
  const openingSite = (id: string) => {
    const organisation = organisations.find((o) => o.id === id);
    return organisation
      ? { name: organisation.name, of: organisation.of, basePath: homeOf(organisation) }
      : { name: id, of: `de ${id}`, basePath: '' };
  };
  app.get('/offres/:uid', (c) => {
    const uid = c.req.param('uid');
    const r = cached(
      c,
      [],
      () => {
        const opening = openingByUid(db, uid);
        if (!opening)
          return rendered(
            renderNotFound(
              several ? 'tous les employeurs' : organisations[0]!.name,
              'Aucune offre ne porte cet identifiant. Elle a peut-être été fusionnée avec une autre.',
            ),
            HTML_TYPE,
            null,
            404,
          );
        return rendered(
          renderOpeningPage(
            db,
            opening,
            openingSite(opening.organisation),
            `${publicUrlOf(c)}/offres/${opening.uid}`,
            now(),
          ),
          HTML_TYPE,
          null,
        );
      },
      minute(),
    );
    return conditionalResponse(c, r, PAGE_HEADERS);
  });

  // One opening's deadline as iCalendar (the same UID as in its organisation's calendar, so both merge).
  app.get('/offres/:uid/agenda.ics', (c) => {
    const opening = openingByUid(db, c.req.param('uid'));
    if (!opening) return jsonError(404, { error: 'not found', path: c.req.path });
    const r = cached(
      c,
      [],
      () => {
        const organisation = organisations.find((o) => o.id === opening.organisation) ?? organisations[0]!;
        const site = siteFor(c, organisation, homeOf(organisation));
        const { body, lastModified } = deadlinesCalendar(db, site, now(), opening.uid);
        return rendered(body, CALENDAR_CONTENT_TYPE, lastModified);
      },
      today(),
    );
    return conditionalResponse(c, r);
  });

  app.get('/metrics', (c) =>
    c.body(renderMetrics(db, config, now()), 200, {
      'Content-Type': METRICS_CONTENT_TYPE,
      'Cache-Control': 'no-store',
      ...NO_SNIFF,
    }),
  );

  app.notFound((c) => jsonError(404, { error: 'not found', path: c.req.path }));
  app.onError((error, c) => {
    if (error instanceof BadQuery)
      return jsonError(400, {
        error: error.message,
        parameter: error.parameter,
        ...(error.allowed ? { allowed: error.allowed } : {}),
      });
    // A fault of ours: logged with what was asked, answered without the details.
    log.error({ err: error, method: c.req.method, url: c.req.url }, 'request failed');
    return jsonError(500, { error: 'internal error', path: c.req.path });
  });
  return app;
}

/** The parameters a resource reads, as it reads them (the first of each, empty ones left out). */
function knownQuery(c: Context, known: readonly string[]): URLSearchParams {
  const params = new URLSearchParams();
  for (const name of known) {
    const value = c.req.query(name);
    if (value !== undefined && value !== '') params.set(name, value);
  }
  return params;
}

/** The request's known parameters with one set (for `next` links). */
function withParam(c: Context, known: readonly string[], name: string, value: string): string {
  const params = knownQuery(c, known);
  params.set(name, value);
  return params.toString();
}

function apiPosting(p: StoredPosting) {
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

/** An opening as the API gives it; `fields`/`attribution`: the weekly file's fields with their origin. */
function apiOpening(db: Db, o: OpeningView, site: FeedSite) {
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
    ...fieldsWithOrigin(db, o),
  };
}
