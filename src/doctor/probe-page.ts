/** Fetches one page through the polite fetcher and records everything doctor reports about it. */
import { FetchError, type Fetcher, type FetchTarget } from '../http/fetcher.ts';
import type { BaseSourceSettings, FetchedPage, PageRequest, ParseResult, Source } from '../model/source.ts';
import { unrecognisedPage } from '../model/source.ts';
import { fieldShares } from './field-shares.ts';
import type { Channel, PageProbe, RobotsCheck } from './report.ts';

export interface ProbeContext {
  source: Source;
  settings: BaseSourceSettings;
  fetcher: Fetcher;
  target: FetchTarget;
  now: () => Date;
}

export interface ProbedPage {
  request: PageRequest;
  probe: PageProbe;
  /** The page as the parser saw it, and the response headers, for findings and `--save`; null when the fetch failed. */
  page: FetchedPage | null;
  headers: Record<string, string>;
  /** Null for robots.txt and for pages that could not be fetched. */
  parsed: ParseResult | null;
}

async function probePage(ctx: ProbeContext, request: PageRequest, channel: Channel): Promise<ProbedPage> {
  const probe = emptyProbe(request, channel, ctx.now().toISOString());
  if (channel !== 'robots.txt') probe.robots = await robotsCheck(ctx, request.url);
  let fetched: Awaited<ReturnType<Fetcher['fetch']>>;
  try {
    fetched = await ctx.fetcher.fetch(request, ctx.target);
  } catch (error) {
    probe.fetchError =
      error instanceof FetchError
        ? { kind: error.kind, message: error.message }
        : { kind: 'internal', message: String(error) };
    probe.status = error instanceof FetchError ? error.status : null;
    return { request, probe, page: null, headers: {}, parsed: null };
  }
  const { page, meta } = fetched;
  Object.assign(probe, {
    fetchedUrl: meta.fetchedUrl,
    finalUrl: meta.finalUrl,
    status: meta.status,
    contentType: meta.contentType,
    charset: meta.charset,
    bytes: meta.bytes,
    ms: meta.ms,
    etag: meta.etag,
    lastModified: meta.lastModified,
  });
  if (channel === 'robots.txt') return { request, probe, page, headers: meta.headers, parsed: null };

  let parsed: ParseResult;
  try {
    parsed = ctx.source.parse(page, ctx.settings);
  } catch (error) {
    // A parser must never throw; when one does, the page is as unusable as an unrecognised one.
    parsed = unrecognisedPage(page.url, `the parser threw: ${(error as Error).message}`);
  }
  probe.variant = parsed.variant;
  probe.postings = parsed.postings.length;
  probe.declaredTotal = parsed.declaredTotal ?? null;
  probe.explicitlyEmpty = parsed.explicitlyEmpty ?? false;
  probe.fieldShares = fieldShares(parsed.postings.map((p) => p.posting));
  probe.problems = parsed.problems;
  if (parsed.variant === null) probe.looksLike = ctx.source.classify(page.body);
  return { request, probe, page, headers: meta.headers, parsed };
}

/** The robots.txt verdict before fetching, so that a refused page still shows which robots.txt refused it. */
async function robotsCheck(ctx: ProbeContext, url: string): Promise<RobotsCheck> {
  try {
    const verdict = await ctx.fetcher.robots(url, ctx.target);
    return {
      allowed: verdict.allowed,
      crawlDelaySeconds: verdict.crawlDelaySeconds,
      robotsUrl: verdict.robotsUrl,
      error: null,
    };
  } catch (error) {
    return { allowed: null, crawlDelaySeconds: null, robotsUrl: null, error: (error as Error).message };
  }
}

function emptyProbe(request: PageRequest, channel: Channel, fetchedAt: string): PageProbe {
  return {
    channel,
    label: request.label,
    url: request.url,
    fetchedAt,
    fetchedUrl: null,
    finalUrl: null,
    status: null,
    contentType: null,
    charset: null,
    bytes: null,
    ms: null,
    etag: null,
    lastModified: null,
    robots: null,
    fetchError: null,
    variant: null,
    looksLike: null,
    postings: null,
    declaredTotal: null,
    explicitlyEmpty: false,
    fieldShares: null,
    problems: [],
    pagination: null,
  };
}

/** Every page of one source fetched at most once, whichever step (probe plan, capture) asks for it. */
export class PageVisits {
  private readonly pages = new Map<string, ProbedPage>();

  constructor(
    private readonly ctx: ProbeContext,
    private readonly onPage?: (probe: PageProbe) => void,
  ) {}

  async visit(request: PageRequest, channel: Channel): Promise<ProbedPage> {
    const known = this.pages.get(request.url);
    if (known) return known;
    const probed = await probePage(this.ctx, request, channel);
    this.pages.set(request.url, probed);
    this.onPage?.(probed.probe);
    return probed;
  }

  all(): ProbedPage[] {
    return [...this.pages.values()];
  }
}
