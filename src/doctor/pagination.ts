/**
 * Whether doctor understood a listing's pagination: a next page named and read, or an end the page
 * itself shows (the announced total reached, "no result"). The pipeline's crawl relies on exactly
 * these signals, so a listing that shows none of them would be scraped incompletely.
 */
import type { PageRequest, ParseResult } from '../model/source.ts';
import type { Pagination } from './report.ts';

export interface SecondPage {
  request: PageRequest;
  /** Null when page 2 could not be fetched or parsed; `failure` says why. */
  parsed: ParseResult | null;
  failure: string | null;
}

/** The listing page that follows `first`, as the crawl would take it. */
export function nextInventoryRequest(parsed: ParseResult): PageRequest | undefined {
  return parsed.next.find((request) => request.role === 'inventory');
}

/** Null for pages that are not paginated (feeds, single pages naming no next page). */
export function assessPagination(
  request: PageRequest,
  parsed: ParseResult,
  second: SecondPage | null,
): Pagination | null {
  const next = nextInventoryRequest(parsed);
  if (request.page === undefined && !next) return null;
  if (next) {
    if (!second?.parsed) {
      return {
        understood: false,
        explanation: `a next page is named (${next.url}) but could not be read: ${second?.failure ?? 'not fetched'}`,
      };
    }
    const firstIds = new Set(parsed.postings.map((p) => p.posting.sourceId));
    const fresh = second.parsed.postings.filter((p) => !firstIds.has(p.posting.sourceId)).length;
    if (second.parsed.postings.length > 0 && fresh === 0) {
      return {
        understood: true,
        explanation: `the next page (${next.url}) repeats this page's postings: the portal loops back, where a scrape stops`,
      };
    }
    return {
      understood: true,
      explanation: `next page found and read (${next.url}): ${second.parsed.postings.length} posting(s), ${fresh} not on this page`,
    };
  }
  if (parsed.explicitlyEmpty) return { understood: true, explanation: 'the listing states that nothing matches' };
  const shown = parsed.postings.length;
  if (parsed.declaredTotal !== undefined) {
    if (shown >= parsed.declaredTotal)
      return { understood: true, explanation: `last page: the announced total (${parsed.declaredTotal}) is reached` };
    return {
      understood: false,
      explanation: `the page announces ${parsed.declaredTotal} posting(s), shows ${shown} and names no next page`,
    };
  }
  return {
    understood: true,
    explanation: `last page: no next page named and no total announced (${shown} posting(s))`,
  };
}
