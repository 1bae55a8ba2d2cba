/**
 * Offer pages only enrich: they are fetched for postings that are new, whose listing entry changed,
 * or whose last offer-page fetch failed. A page that cannot be fetched is a problem of its posting
 * (kept with what the inventory gave, retried next run); a page fetched but matching no known
 * layout is flagged, since the portal itself has changed (the run decides what that means).
 */
import { createHash } from 'node:crypto';
import type { Posting } from '../model/posting.ts';
import type { ParsedPosting, Source } from '../model/source.ts';
import type { BaseSourceSettings } from '../model/source.ts';
import type { PageFetcher } from './crawl.ts';

export interface PreviousDetail {
  inventoryHash: string;
  detail: Posting | null;
  detailAt: string | null;
  detailError: string | null;
}

export interface Enriched {
  item: ParsedPosting;
  inventoryHash: string;
  detail: Posting | null;
  detailAt: string | null;
  detailError: string | null;
  /** True when the offer page was requested in this run. */
  fetched: boolean;
  /** The offer page was fetched but matched no known layout: the portal changed, not the posting. */
  layoutError: boolean;
}

/** A fingerprint of what the feed or listing said about a posting. */
export function inventoryHash(posting: Posting): string {
  return createHash('sha256').update(JSON.stringify(posting)).digest('hex').slice(0, 32);
}

/**
 * An offer page is requested when the posting is new, its listing entry changed, the last attempt
 * failed, or the stored copy is older than `refreshMs` (offer pages change without their listing
 * entry: a deadline extended). The fetcher makes that last request conditional, so an unchanged
 * page costs a 304.
 */
export function needsDetail(item: ParsedPosting, hash: string, previous: PreviousDetail | undefined, nowMs: number, refreshMs: number): boolean {
  if (!item.detail) return false;
  if (!previous || previous.inventoryHash !== hash || previous.detail === null || previous.detailError !== null) return true;
  return previous.detailAt === null || nowMs - Date.parse(previous.detailAt) >= refreshMs;
}

export async function enrichWithDetail<S extends BaseSourceSettings>(
  source: Source<S>,
  settings: S,
  item: ParsedPosting,
  previous: PreviousDetail | undefined,
  fetchPage: PageFetcher,
  now: () => string,
  refreshMs: number,
): Promise<Enriched> {
  const hash = inventoryHash(item.posting);
  const kept = { detail: previous?.detail ?? null, detailAt: previous?.detailAt ?? null };
  if (!needsDetail(item, hash, previous, Date.parse(now()), refreshMs)) {
    return { item, inventoryHash: hash, ...kept, detailError: previous?.detailError ?? null, fetched: false, layoutError: false };
  }
  const request = item.detail!;
  try {
    const page = await fetchPage(request);
    const parsed = source.parse(page, settings);
    const errors = parsed.problems.filter((p) => p.severity === 'error').map((p) => p.message);
    const found = parsed.postings[0]?.posting;
    if (errors.length > 0 || !found) {
      const why = errors.join('; ') || `no offer found on ${request.url}`;
      return { item, inventoryHash: hash, ...kept, detailError: why, fetched: true, layoutError: true };
    }
    const filled = parsed.postings[0]?.filled ? { filled: true } : {};
    return { item: { ...item, ...filled }, inventoryHash: hash, detail: found, detailAt: now(), detailError: null, fetched: true, layoutError: false };
  } catch (error) {
    return { item, inventoryHash: hash, ...kept, detailError: `could not fetch ${request.url}: ${(error as Error).message}`, fetched: true, layoutError: false };
  }
}
