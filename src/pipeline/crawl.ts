/**
 * Walks a source's inventory (feeds and listing pages), following pagination by the rules every
 * portal needs: a per-series page cap, stop when the announced total is reached, stop when a page
 * brings no new id (portals that loop back to page 1). Each page's postings go to the sink as soon
 * as the page is parsed, so the crawl holds one page at a time, never the inventory.
 */

import { releaseGarbage } from '../heap.ts';
import type { RunReason } from '../model/run.ts';
import type {
  BaseSourceSettings,
  FetchedPage,
  PageRequest,
  ParsedPosting,
  ParseResult,
  Problem,
  Source,
  SourceFacts,
} from '../model/source.ts';

export type PageFetcher = (request: PageRequest) => Promise<FetchedPage>;

/** A page fetched and read: the parser's result, and whether the server answered 304. */
interface ReadPage {
  result: ParseResult;
  notModified: boolean;
}

/** Fetches and parses a page (a run: in the parse pool, a 304 re-using the kept result). */
export type PageReader = (request: PageRequest) => Promise<ReadPage>;

/** Fetch, then parse in this thread: for doctor, tests and callers without a parse pool. */
export function readInProcess<S extends BaseSourceSettings>(
  source: Source<S>,
  settings: S,
  fetchPage: PageFetcher,
): PageReader {
  return async (request) => {
    const page = await fetchPage(request);
    return { result: source.parse(page, settings), notModified: page.notModified };
  };
}

export interface PageReport {
  url: string;
  label: string;
  variant: string | null;
  postings: number;
  notModified: boolean;
  error: string | null;
}

/** Where the postings of each inventory page go (the run's stage). */
export type InventorySink = (items: readonly ParsedPosting[]) => void;

export interface InventoryResult {
  /** Distinct postings the inventory listed, every employer included. */
  listed: number;
  pages: PageReport[];
  problems: Problem[];
  /** Why the inventory cannot be trusted as complete; empty when it can. */
  failures: RunReason[];
  declaredTotal: number | null;
  /** Each series (a search) that announced a total, with how many it listed: one truncated search is enough to doubt. */
  announcedBySeries: { series: string; listed: number; announced: number }[];
  /** Some inventory page stated that nothing matches (rather than failing to show anything). */
  statedEmpty: boolean;
}

interface SeriesState {
  pages: number;
  ids: Set<string>;
  declaredTotal: number | null;
}

export async function crawlInventory<S extends BaseSourceSettings>(
  source: SourceFacts<S>,
  settings: S,
  read: PageReader,
  sink: InventorySink,
  onPage?: (report: PageReport) => void,
  /** The first requests, when not the source's own from `settings` (several organisations' searches). */
  starts: readonly PageRequest[] = source.start(settings),
): Promise<InventoryResult> {
  const result: InventoryResult = {
    listed: 0,
    pages: [],
    problems: [],
    failures: [],
    declaredTotal: null,
    announcedBySeries: [],
    statedEmpty: false,
  };
  const queue: PageRequest[] = starts.filter((r) => r.role === 'inventory');
  const queued = new Set(queue.map((r) => r.url));
  const series = new Map<string, SeriesState>();
  const listed = new Set<string>();

  while (queue.length > 0) {
    const request = queue.shift()!;
    const report: PageReport = {
      url: request.url,
      label: request.label,
      variant: null,
      postings: 0,
      notModified: false,
      error: null,
    };
    let parsed: ParseResult;
    try {
      const page = await read(request);
      parsed = page.result;
      report.notModified = page.notModified;
    } catch (error) {
      report.error = (error as Error).message;
      result.failures.push({ code: 'fetch-failed', url: request.url, error: report.error });
      result.pages.push(report);
      onPage?.(report);
      continue;
    }
    report.variant = parsed.variant;
    report.postings = parsed.postings.length;
    if (parsed.explicitlyEmpty) result.statedEmpty = true;
    result.problems.push(...parsed.problems);
    for (const problem of parsed.problems) {
      if (problem.severity === 'error')
        result.failures.push({ code: 'page-not-understood', url: problem.url, message: problem.message });
    }
    if (parsed.variant === null && !parsed.problems.some((p) => p.severity === 'error')) {
      result.failures.push({
        code: 'page-not-understood',
        url: request.url,
        message: 'the page matched no known layout',
      });
    }

    const key = request.series ?? request.url;
    const state = series.get(key) ?? { pages: 0, ids: new Set<string>(), declaredTotal: null };
    series.set(key, state);
    state.pages += 1;
    if (parsed.declaredTotal !== undefined) {
      state.declaredTotal = parsed.declaredTotal;
      result.declaredTotal = Math.max(result.declaredTotal ?? 0, parsed.declaredTotal);
    }
    let newIds = 0;
    for (const item of parsed.postings) {
      const id = item.posting.sourceId;
      listed.add(id);
      if (!state.ids.has(id)) {
        state.ids.add(id);
        newIds += 1;
      }
    }
    sink(parsed.postings);
    releaseGarbage();
    result.pages.push(report);
    onPage?.(report);

    const next = parsed.next.filter((r) => r.role === 'inventory' && !queued.has(r.url));
    if (next.length === 0) continue;
    if (request.page !== undefined && parsed.postings.length > 0 && newIds === 0) continue; // looped back: the end
    if (state.declaredTotal !== null && state.ids.size >= state.declaredTotal) continue;
    if (request.page !== undefined && state.pages >= settings.maxPages) {
      result.failures.push({ code: 'page-cap', series: key, maxPages: settings.maxPages });
      continue;
    }
    for (const r of next) {
      queued.add(r.url);
      queue.push(r);
    }
  }
  result.listed = listed.size;
  for (const [key, state] of series)
    if (state.declaredTotal !== null)
      result.announcedBySeries.push({ series: key, listed: state.ids.size, announced: state.declaredTotal });
  return result;
}
