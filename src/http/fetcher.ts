/**
 * The polite HTTP client every source run goes through: robots.txt, one request at a time per host,
 * retries, conditional GET, redirects kept on the source's hosts, fixture portals behind `baseUrl`.
 */

import type { Readable } from 'node:stream';
import { decodeBody } from '../model/charset.ts';
import type { CachedResponse, HttpCache } from '../model/http-cache.ts';
import type { RequestRecord } from '../model/run.ts';
import { cachedBody, scrubbedText } from '../model/scrubbed-body.ts';
import type { FetchedPage, PageRequest } from '../model/source.ts';
import { ACCEPT_ENCODING, type BodyConsumer, describe, type ExchangeResult, exchange } from './exchange.ts';
import { FetchError } from './fetch-error.ts';
import { HostScheduler } from './host-scheduler.ts';
import { type PageText, type RawPage, readPageText, wrongCharsetMessage } from './page-text.ts';
import { backoffMs, isRetryableError, isRetryableStatus, retryAfterMs } from './retry.ts';
import { productToken, RobotsRules, type RobotsVerdict } from './robots.ts';
import type { HttpSettings } from './settings.ts';
import { type FetchTarget, followRedirect, type Location, locate } from './url-mapping.ts';

export type { CachedResponse, HttpCache } from '../model/http-cache.ts';
export type { RequestRecord } from '../model/run.ts';
export { FetchError } from './fetch-error.ts';
export type { RawPage } from './page-text.ts';
export type { HttpSettings } from './settings.ts';
export type { FetchTarget } from './url-mapping.ts';

/** Called with every HTTP request made for one fetch (robots.txt, redirect hops, retries). */
export type RequestRecorder = (record: RequestRecord) => void;

/**
 * What the caller makes of a page (its parse result, as text), kept in the cache in place of the
 * body: a 304 hands it back without the body, nothing decoded or parsed again. `key` says how it
 * was made (the parsers' code, their settings, the request); a value made under another key is
 * not trusted, and without a body to make it again the page is asked for unconditionally.
 */
export interface Derivation {
  key: string;
  /**
   * Makes it from the page's bytes (readPageText: decode, check, scrub, then parse), so that the
   * page's text need not exist where the fetch runs; the bytes are the maker's to keep or transfer.
   * With `keepText`, the scrubbed text comes back too.
   */
  make(page: RawPage, keepText: boolean): Promise<Derived>;
  /** Keep the body too (the hiring page: `openings hiring-page` rewrites its markup byte for byte). */
  keepBody?: boolean;
}

/** What a derivation made, or why the page could not be read (its text reads mis-decoded). */
export type Derived =
  | { value: string; charset: string; text: string | null }
  | { value: null; charset: string; wrongCharset: string };

export interface FetchMeta {
  /** Actual URLs: after baseUrl mapping, and after redirects. */
  fetchedUrl: string;
  finalUrl: string;
  /** The final response's status: 304 when the page was replayed from the cache. */
  status: number;
  contentType: string | null;
  /** The encoding the body was decoded with. */
  charset: string;
  /** Wire bytes and duration of the final response. */
  bytes: number;
  ms: number;
  etag: string | null;
  lastModified: string | null;
  headers: Record<string, string>;
  /** Verdict for the final URL; robotsUrl is the robots.txt actually fetched. */
  robots: RobotsVerdict;
}

/** A streamed fetch: its own byte cap, and who reads the body. */
interface Streaming {
  maxBytes: number;
  stream: BodyConsumer;
}

const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

interface Sent {
  response: ExchangeResult;
  bytes: number;
  ms: number;
}

interface Hop extends Sent {
  location: Location;
}

/** A response to a request that may have been conditional: a replayed or a fresh representation. */
interface Revalidated {
  hop: Hop;
  /** The representation to use, or null when the final status was not 2xx/304. */
  representation: Omit<CachedResponse, 'url' | 'derived'> | null;
  notModified: boolean;
}

export class Fetcher {
  private readonly http: HttpSettings;
  private readonly cache: HttpCache;
  private readonly token: string;
  private readonly scheduler = new HostScheduler();
  /** Per actual origin; a failure stays cached too, so one run never hammers a broken robots.txt. */
  private readonly robotsByOrigin = new Map<string, Promise<RobotsRules>>();

  constructor(options: { http: HttpSettings; cache: HttpCache }) {
    this.http = options.http;
    this.cache = options.cache;
    this.token = productToken(options.http.userAgent);
  }

  /**
   * Fetches a page; every HTTP request it takes (robots.txt included) is reported to `record`.
   * With a derivation, `derived` is what it made of the page (made now, or kept from an earlier
   * 200 when the server answers 304, in which case the page's body is empty).
   */
  async fetch(
    request: PageRequest,
    target: FetchTarget,
    record?: RequestRecorder,
    derive?: Derivation,
  ): Promise<{ page: FetchedPage; meta: FetchMeta; derived: string | null }> {
    const start = locate(request.url, target);
    try {
      return await this.fetchPage(request, start, target, record, derive);
    } catch (error) {
      throw forRequest(error, request.url);
    }
  }

  /** robots.txt verdict for a URL without fetching it (robots.txt itself is fetched and cached). */
  async robots(url: string, target: FetchTarget, record?: RequestRecorder): Promise<RobotsVerdict> {
    const location = locate(url, target);
    try {
      return (await this.rulesFor(location, target, record)).verdict(location.actual);
    } catch (error) {
      throw forRequest(error, url);
    }
  }

  private async fetchPage(
    request: PageRequest,
    start: Location,
    target: FetchTarget,
    record: RequestRecorder | undefined,
    derive: Derivation | undefined,
  ): Promise<{ page: FetchedPage; meta: FetchMeta; derived: string | null }> {
    const cached = this.cache.get(start.canonical);
    const kept = derive && cached?.derived?.key === derive.key ? cached.derived.value : null;
    // Validators are only worth sending when a 304 leaves something to use.
    const replayable = cached && (cached.body !== null || kept !== null) ? cached : undefined;
    const { hop, representation, notModified } = await this.revalidate(
      start,
      target,
      record,
      (location) => this.politeInterval(location, target, record),
      replayable,
    );
    const { status, headers } = hop.response;
    if (!representation)
      throw new FetchError('http', start.canonical, status, `${describe(hop.location)}: HTTP ${status}`);
    const { etag, lastModified, contentType, body } = representation;
    const robots = (await this.rulesFor(hop.location, target, record)).verdict(hop.location.actual);
    const meta = (charset: string): FetchMeta => ({
      fetchedUrl: start.actual,
      finalUrl: hop.location.actual,
      status,
      contentType,
      charset,
      bytes: hop.bytes,
      ms: hop.ms,
      etag,
      lastModified,
      headers,
      robots,
    });
    const page = (text: string): FetchedPage => ({
      request,
      url: hop.location.canonical,
      status: notModified ? 200 : status,
      contentType,
      body: text,
      notModified,
    });
    if (notModified && kept !== null) {
      // Scrubbed text is UTF-8 (scrubbed-body.ts); nothing is decoded.
      if (cached?.body && !derive!.keepBody)
        this.remember(start, representation, null, { key: derive!.key, value: kept });
      return { page: page(''), meta: meta('utf-8'), derived: kept };
    }
    const bytes = body ?? Buffer.alloc(0);
    // A page that still reads wrong would change titles and employers: it is not what the portal says.
    const unreadable = (read: PageText & { wrongCharset: string }) =>
      new FetchError(
        'charset',
        start.canonical,
        status,
        wrongCharsetMessage(describe(hop.location), read, contentType),
      );
    if (derive) {
      const raw: RawPage = {
        request,
        url: hop.location.canonical,
        status: page('').status,
        contentType,
        bytes,
        notModified,
      };
      const made = await derive.make(raw, derive.keepBody === true);
      if (made.value === null) throw unreadable({ text: null, ...made });
      const text = derive.keepBody ? made.text : null;
      if (status === 200 || notModified)
        this.remember(start, representation, text, { key: derive.key, value: made.value });
      return { page: page(text ?? ''), meta: meta(made.charset), derived: made.value };
    }
    const read = readPageText(bytes, contentType);
    if (read.wrongCharset !== null) throw unreadable(read);
    const fetched = page(read.text);
    if (status === 200) this.remember(start, representation, fetched.body, null);
    return { page: fetched, meta: meta(read.charset), derived: null };
  }

  /** robots.txt must allow the hop; the interval to keep before it (Crawl-delay as a floor). */
  private async politeInterval(location: Location, target: FetchTarget, record: RequestRecorder | undefined) {
    const rules = await this.rulesFor(location, target, record);
    if (!rules.verdict(location.actual).allowed) {
      const rule = rules.decidingRule(location.actual);
      const message = `${rules.robotsUrl} disallows ${describe(location)} for ${this.token}${rule ? ` (${rule})` : ''}`;
      throw new FetchError('robots', location.canonical, null, message);
    }
    return Math.max(this.http.minIntervalMs, (rules.crawlDelaySeconds ?? 0) * 1000);
  }

  /**
   * A file too big to hold (the weekly open-data CSV), with the same politeness, retries and
   * redirects as a page: a 2xx body goes to `stream.consume` as it arrives (called afresh on each
   * retry), under the caller's byte cap and body timeout. Conditional GET with the validators kept
   * by `keepStreamed` under the same `key`: a 304 hands back what was kept, nothing is read.
   */
  async fetchStream<T>(
    request: PageRequest,
    target: FetchTarget,
    record: RequestRecorder | undefined,
    stream: {
      key: string;
      maxBytes: number;
      bodyTimeoutMs: number;
      consume(body: Readable, headers: Record<string, string>): Promise<T>;
    },
  ): Promise<
    | { notModified: true; url: string; kept: string }
    | { notModified: false; url: string; value: T; headers: Record<string, string> }
  > {
    const start = locate(request.url, target);
    try {
      const cached = this.cache.get(start.canonical);
      const kept = cached?.derived?.key === stream.key ? cached : undefined;
      const hop = await this.follow(
        start,
        target,
        this.headers(kept),
        (location) => this.politeInterval(location, target, record),
        record,
        { maxBytes: stream.maxBytes, stream },
      );
      const { status, headers } = hop.response;
      const url = hop.location.canonical;
      if (status === 304 && kept?.derived) return { notModified: true, url, kept: kept.derived.value };
      if (status < 200 || status >= 300)
        throw new FetchError('http', start.canonical, status, `${describe(hop.location)}: HTTP ${status}`);
      return { notModified: false, url, value: hop.response.consumed as T, headers };
    } catch (error) {
      throw forRequest(error, request.url);
    }
  }

  /** Keeps a streamed file's validators (and what was made of it) for the next `fetchStream`. */
  keepStreamed(
    url: string,
    target: FetchTarget,
    headers: Record<string, string>,
    derived: { key: string; value: string },
  ): void {
    const representation = {
      etag: headers.etag ?? null,
      lastModified: headers['last-modified'] ?? null,
      contentType: headers['content-type'] ?? null,
      body: null,
    };
    this.remember(locate(url, target), representation, null, derived);
  }

  /**
   * Conditional GET, for pages and robots.txt alike: sends the cached validators and replays the
   * cached body on 304 (the caller keeps a new 200, see remember()).
   */
  private async revalidate(
    start: Location,
    target: FetchTarget,
    record: RequestRecorder | undefined,
    prepare: (location: Location) => Promise<number>,
    cached: CachedResponse | undefined,
  ): Promise<Revalidated> {
    const hop = await this.follow(start, target, this.headers(cached), prepare, record);
    const { status, headers } = hop.response;
    if (status === 304) {
      if (!cached)
        throw new FetchError(
          'http',
          start.canonical,
          status,
          `${describe(hop.location)}: HTTP 304 to a request that had nothing cached`,
        );
      const representation = {
        etag: headers.etag ?? cached.etag,
        lastModified: headers['last-modified'] ?? cached.lastModified,
        contentType: cached.contentType,
        body: cached.body,
      };
      return { hop, representation, notModified: true };
    }
    if (status < 200 || status >= 300) return { hop, representation: null, notModified: false };
    const representation = {
      etag: headers.etag ?? null,
      lastModified: headers['last-modified'] ?? null,
      contentType: headers['content-type'] ?? null,
      body: hop.response.body,
    };
    return { hop, representation, notModified: false };
  }

  /**
   * A response with validators is kept for the next conditional GET: the text parsers got
   * (scrubbed-body.ts), or only what the caller made of it.
   */
  private remember(
    location: Location,
    representation: Omit<CachedResponse, 'url' | 'derived'>,
    text: string | null,
    derived: CachedResponse['derived'],
  ): void {
    if (representation.etag === null && representation.lastModified === null) return;
    this.cache.put({
      url: location.canonical,
      ...representation,
      body: text === null ? null : cachedBody(text),
      derived,
    });
  }

  /** Sends the request and follows redirects; `prepare` vets each hop and returns its minimum interval. */
  private async follow(
    start: Location,
    target: FetchTarget,
    headers: Record<string, string>,
    prepare: (location: Location) => Promise<number>,
    record: RequestRecorder | undefined,
    streaming?: Streaming,
  ): Promise<Hop> {
    let location = start;
    for (let redirects = 0; ; redirects++) {
      const sent = await this.sendWithRetries(location, headers, await prepare(location), record, streaming);
      const { status } = sent.response;
      if (!REDIRECT_STATUSES.has(status)) return { ...sent, location };
      if (redirects === MAX_REDIRECTS) {
        throw new FetchError(
          'redirect',
          start.canonical,
          status,
          `${describe(start)}: more than ${MAX_REDIRECTS} redirects`,
        );
      }
      const href = sent.response.headers.location;
      if (!href)
        throw new FetchError(
          'http',
          location.canonical,
          status,
          `${describe(location)}: HTTP ${status} without a Location header`,
        );
      const next = followRedirect(location, href, target);
      if (!next) {
        throw new FetchError(
          'redirect',
          location.canonical,
          status,
          `${describe(location)} redirects to ${href}, outside the source's hosts`,
        );
      }
      location = next;
    }
  }

  /**
   * Retries wait by holding the whole host: a server that fails or asks for patience gets it from
   * every queued request, not only from the one that hit the problem.
   */
  private async sendWithRetries(
    location: Location,
    headers: Record<string, string>,
    intervalMs: number,
    record: RequestRecorder | undefined,
    streaming?: Streaming,
  ): Promise<Sent> {
    const { retries, retryBaseMs, maxRetryAfterMs } = this.http;
    const host = new URL(location.actual).host;
    for (let attempt = 1; ; attempt++) {
      const backoff = backoffMs(attempt - 1, retryBaseMs);
      let sent: Sent;
      try {
        sent = await this.send(location, headers, intervalMs, attempt, record, streaming);
      } catch (error) {
        if (!(error instanceof FetchError) || !isRetryableError(error) || attempt > retries) throw error;
        this.scheduler.defer(host, Date.now() + backoff);
        continue;
      }
      const { status } = sent.response;
      if (!isRetryableStatus(status) || attempt > retries) return sent;
      const waitMs = retryAfterMs(sent.response.headers['retry-after'], Date.now());
      if (waitMs !== null && waitMs > maxRetryAfterMs) {
        const message = `${describe(location)}: HTTP ${status} asks to retry after ${Math.ceil(waitMs / 1000)} s (Retry-After), more than the ${maxRetryAfterMs / 1000} s we wait: giving up`;
        throw new FetchError('http', location.canonical, status, message);
      }
      this.scheduler.defer(host, Date.now() + Math.max(waitMs ?? 0, backoff));
    }
  }

  /** One HTTP request, in its host's queue, recorded whatever its outcome. */
  private send(
    location: Location,
    headers: Record<string, string>,
    intervalMs: number,
    attempt: number,
    recorder: RequestRecorder | undefined,
    streaming?: Streaming,
  ): Promise<Sent> {
    const conditional = 'if-none-match' in headers || 'if-modified-since' in headers;
    return this.scheduler.run(new URL(location.actual).host, intervalMs, async (startedAt) => {
      const progress = { bytes: 0 };
      const record = (status: number | null, error: string | null): number => {
        const ms = Date.now() - startedAt;
        recorder?.({
          url: location.canonical,
          fetchedUrl: location.actual,
          status,
          bytes: progress.bytes,
          ms,
          revalidated: conditional && status === 304,
          conditional,
          attempt,
          error,
          at: new Date(startedAt).toISOString(),
        });
        return ms;
      };
      try {
        const response = await exchange(
          location,
          {
            headers,
            timeoutMs: this.http.timeoutMs,
            maxBytes: streaming?.maxBytes ?? this.http.maxBytes,
            ...(streaming ? { stream: streaming.stream } : {}),
          },
          progress,
        );
        const ms = record(response.status, response.status >= 400 ? `HTTP ${response.status}` : null);
        return { response, bytes: progress.bytes, ms };
      } catch (error) {
        record(
          error instanceof FetchError ? error.status : null,
          error instanceof Error ? error.message : String(error),
        );
        throw error;
      }
    });
  }

  private rulesFor(location: Location, target: FetchTarget, record: RequestRecorder | undefined): Promise<RobotsRules> {
    const origin = new URL(location.actual).origin;
    let rules = this.robotsByOrigin.get(origin);
    if (!rules) {
      rules = this.loadRobots(origin, location, target, record);
      this.robotsByOrigin.set(origin, rules);
    }
    return rules;
  }

  /** A missing robots.txt (4xx) allows everything; one we cannot read forbids crawling the site (RFC 9309). */
  private async loadRobots(
    origin: string,
    page: Location,
    target: FetchTarget,
    record: RequestRecorder | undefined,
  ): Promise<RobotsRules> {
    const robotsUrl = `${origin}/robots.txt`;
    const location: Location = { canonical: new URL('/robots.txt', page.canonical).href, actual: robotsUrl };
    const refusal = (reason: string) => `cannot read ${describe(location)} (${reason}): not crawling ${origin}`;
    let revalidated: Revalidated;
    try {
      // Revalidated like any page, so a second run downloads no unchanged robots.txt.
      const cached = this.cache.get(location.canonical);
      revalidated = await this.revalidate(
        location,
        target,
        record,
        async () => this.http.minIntervalMs,
        cached?.body ? cached : undefined,
      );
    } catch (error) {
      if (!(error instanceof FetchError)) throw error;
      throw new FetchError('robots', location.canonical, error.status, refusal(error.message), { cause: error });
    }
    const { hop, representation, notModified } = revalidated;
    const { status } = hop.response;
    if (representation) {
      const text = scrubbedText(decodeBody(representation.body ?? Buffer.alloc(0), representation.contentType).text);
      if (status === 200) this.remember(location, representation, text, null);
      return new RobotsRules(robotsUrl, notModified ? 200 : status, text, this.token);
    }
    if (status >= 400 && status < 500 && status !== 429) return new RobotsRules(robotsUrl, status, '', this.token);
    throw new FetchError('robots', location.canonical, status, refusal(`HTTP ${status}`));
  }

  private headers(cached: CachedResponse | undefined): Record<string, string> {
    const headers: Record<string, string> = {
      'user-agent': this.http.userAgent,
      accept: ACCEPT,
      'accept-encoding': ACCEPT_ENCODING,
    };
    if (cached?.etag) headers['if-none-match'] = cached.etag;
    if (cached?.lastModified) headers['if-modified-since'] = cached.lastModified;
    return headers;
  }
}

/** Every error of a fetch names the URL the caller asked for; the message still names the hop that failed. */
function forRequest(error: unknown, url: string): unknown {
  if (!(error instanceof FetchError) || error.url === url) return error;
  return new FetchError(error.kind, url, error.status, error.message, { cause: error });
}
