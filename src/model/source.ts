/**
 * The contract every portal scraper honours. A scraper is pure: it turns a fetched page into
 * postings and further requests and never does I/O; the fetcher and the pipeline do the rest.
 */
import { z } from 'zod';
import type { Posting } from './posting.ts';
import type { HostPolicy } from './urls.ts';

export interface PageRequest {
  /** Canonical URL (real portal host). The fetcher maps it to `baseUrl` when one is configured. */
  url: string;
  /**
   * `inventory` pages (feeds, listings, the hiring page) say which postings exist and decide
   * whether a run is healthy; `detail` pages only enrich one posting.
   */
  role: 'inventory' | 'detail';
  /** What the page is, for the parser to dispatch on: `rss`, `listing`, `offer`, … */
  label: string;
  /** Pagination: the series this page belongs to (one per search or listing) and its 1-based number. */
  series?: string;
  page?: number;
  /** Detail requests: the posting (sourceId) this page enriches. */
  sourceId?: string;
}

export interface FetchedPage {
  request: PageRequest;
  /** Canonical URL of the page finally served (after redirects), real portal host. */
  url: string;
  status: number;
  contentType: string | null;
  /** Decoded text of the body. */
  body: string;
  /** True when the server answered 304 and this body was replayed from the cache. */
  notModified: boolean;
}

export interface Problem {
  severity: 'error' | 'warning';
  message: string;
  url: string;
}

export interface ParsedPosting {
  posting: Posting;
  /** Texts that may name the organisation (title, slug, employer…): the pipeline's filter reads them. */
  orgHints: string[];
  /** The offer page to fetch when this posting is new or has changed. */
  detail?: PageRequest;
  /** The portal itself says the post is filled or withdrawn. */
  filled?: boolean;
}

export interface ParseResult {
  /** Which known layout matched (`rss`, `ts-offer-card`, …); null when none did, always with an error problem. */
  variant: string | null;
  postings: ParsedPosting[];
  next: PageRequest[];
  /** Total the portal announces for the whole listing, when it shows one. */
  declaredTotal?: number;
  /** The page states that nothing matches ("aucun résultat"): an empty result that is not a failure. */
  explicitlyEmpty?: boolean;
  problems: Problem[];
}

/** Settings every source has; each source extends this schema with its own keys. */
export const baseSourceSettings = z.strictObject({
  /** Defaults to the source's `defaultEnabled` (see config.ts): a source new to a configuration stays off. */
  enabled: z.boolean(),
  /** Replaces the origin of every URL on the source's hosts (fixture portals, demo, tests). */
  baseUrl: z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' }).optional(),
  /** Hard cap on listing pages per series, against portals that never stop paginating. */
  maxPages: z.number().int().min(1).max(10_000).default(30),
});
export type BaseSourceSettings = z.infer<typeof baseSourceSettings>;

/**
 * `portal`: a job portal; its postings are offers, gathered into openings across portals.
 * `hiring-page`: the organisation's own hiring page; its postings are the page's links to offers,
 * checked against the openings (src/reconcile/), never openings themselves.
 * `open-data`: a published file read whole (streamed) beside the postings; only the offers it
 * says ended become postings, closed from the start (its history), never crawled or linked.
 */
type SourceKind = 'portal' | 'hiring-page' | 'open-data';

/** The fields of a posting its identity keys are computed from (stored as columns). */
export type IdentityFields = Pick<Posting, 'url' | 'originalUrl' | 'reference'>;

/**
 * What the product knows about one source without reading any of its pages (scrapers/<id>/facts.ts):
 * enough for the configuration, the lifecycle, the linking, the readers and `status`, none of
 * which need a parser (or its libraries) loaded.
 */
export interface SourceFacts<S extends BaseSourceSettings = BaseSourceSettings> {
  /** The key under `sources` in the configuration, stored with every posting and run. */
  id: string;
  /** Shown in the page and the feeds. */
  label: string;
  kind: SourceKind;
  /**
   * Portals: whose fields an opening shows first when several portals list it (lower wins), e.g. the
   * ministry's own offer before a re-publication of it.
   */
  precedence: number;
  /** Run by a configuration that does not mention the source. False for every source added after 0.1. */
  defaultEnabled: boolean;
  policy: HostPolicy;
  /**
   * Hosts of the sites whose offers this portal re-publishes (emploi-territorial.fr for CSP): a
   * posting's `originalUrl` may point there, and the same URL on another portal is the same post.
   */
  republisherHosts: readonly string[];
  /**
   * Keys, beyond the offer's own URL and its original URL, that say another portal's posting is the
   * same post (a ministry reference carried by both). Two postings sharing a key are one opening.
   */
  identityKeys(posting: IdentityFields): string[];
  /**
   * Reconciliation: how loudly to report an open opening, listed only on this portal, that the
   * hiring page does not link, and why when it is only information (French, shown to the team):
   * PASS lists internships and apprenticeships, which the hiring page never did.
   */
  unlinkedFromHiringPage: { severity: 'warning' } | { severity: 'info'; because: string };
  /** An open-data source's history postings are that portal's past offers (the charts count them as its). */
  historyOf?: string;
  /** The source's settings with their defaults; composed into the configuration schema. */
  settings: z.ZodType<S>;
  /**
   * The settings that belong to an organisation rather than the crawl (what to search for), under
   * `organisations.<id>.<source id>`: each organisation's values replace the crawl's for its own
   * start requests, and a run fetches the union of them once.
   */
  organisationSettings?: z.ZodObject;
  /** The first requests of a run (no parser needed: a run's main thread never loads one). */
  start(settings: S): PageRequest[];
}

/** A whole source (scrapers/<id>/index.ts): its facts, and how its pages are requested and read. */
export interface Source<S extends BaseSourceSettings = BaseSourceSettings> extends SourceFacts<S> {
  parse(page: FetchedPage, settings: S): ParseResult;
  /** The label a saved body looks like (for `openings parse` and `doctor`), or null when it matches none. */
  classify(body: string): string | null;
}

/** Identity keys every posting has: its offer URL and the original offer it re-publishes. */
export function urlIdentityKeys(posting: IdentityFields): string[] {
  return posting.originalUrl ? [`url:${posting.url}`, `url:${posting.originalUrl}`] : [`url:${posting.url}`];
}

/** Builds a problem and its result in one go, for parsers that must give up on a page loudly. */
export function unrecognisedPage(url: string, what: string): ParseResult {
  return { variant: null, postings: [], next: [], problems: [{ severity: 'error', message: `${what} (${url})`, url }] };
}

/**
 * A page already in hand (a saved file, a capture, a test body) as the fetcher would hand it over:
 * a 200 at the request's canonical URL. For `openings parse`, the bench and parser tests.
 */
export function pageInHand(request: PageRequest, body: string, contentType: string | null = null): FetchedPage {
  return { request, url: request.url, status: 200, contentType, body, notModified: false };
}
