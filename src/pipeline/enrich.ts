/**
 * Offer pages only enrich: they are fetched for staged postings that are new, whose listing entry
 * changed, whose last offer-page fetch failed, or whose copy is older than `refreshMs`. A page that
 * cannot be fetched is a problem of its posting (kept with what the inventory gave, retried next
 * run); a page fetched but matching no known layout means the portal changed: enrichment stops
 * there and the run is unhealthy. Works through the stage in batches, so memory stays flat.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../../db/database.ts';
import { type PreviousDetailRow, previousDetails } from '../../db/postings.ts';
import { type DetailState, matchedBatch, setStagedDetail } from '../../db/stage.ts';
import { stageMatchesOf } from '../../db/stage-matches.ts';
import { releaseGarbage } from '../heap.ts';
import { readParsedPosting } from '../model/parsed-posting-json.ts';
import type { Posting } from '../model/posting.ts';
import type { ParsedPosting, Problem } from '../model/source.ts';
import type { PageReader } from './crawl.ts';

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
function needsDetail(
  item: ParsedPosting,
  hash: string,
  previous: PreviousDetailRow | undefined,
  nowMs: number,
  refreshMs: number,
): boolean {
  if (!item.detail) return false;
  if (!previous || previous.inventoryHash !== hash || !previous.hasDetail || previous.detailError !== null) return true;
  return previous.detailAt === null || nowMs - Date.parse(previous.detailAt) >= refreshMs;
}

export interface EnrichOutcome {
  /** Offer pages requested in this run. */
  fetched: number;
  /** The first offer page that matched no known layout, with the parser's reason. */
  notUnderstood: { url: string; message: string } | null;
  /** What offer pages were read with but warned of (an impossible date left empty), the first ones. */
  warnings: Problem[];
  /** Warnings past the first ones, counted only: a redesign must not write a problem per offer. */
  moreWarnings: number;
}

const KEPT_WARNINGS = 20;

interface Fetched {
  sourceId: string;
  state: DetailState;
  detail: string | null;
  detailAt: string | null;
  detailError: string | null;
  filled: boolean;
}

const BATCH = 50;

export async function enrichStaged(
  db: Db,
  runId: number,
  sourceId: string,
  read: PageReader,
  now: () => string,
  refreshMs: number,
): Promise<EnrichOutcome> {
  const outcome: EnrichOutcome = { fetched: 0, notUnderstood: null, warnings: [], moreWarnings: 0 };
  const write = db.transaction((results: readonly Fetched[]) => {
    for (const r of results) setStagedDetail(db, runId, r.sourceId, r);
  });

  const fetchOne = async (sourceId: string, item: ParsedPosting): Promise<Fetched> => {
    const request = item.detail!;
    outcome.fetched += 1;
    try {
      const parsed = (await read(request)).result;
      const errors = parsed.problems.filter((p) => p.severity === 'error').map((p) => p.message);
      for (const warning of parsed.problems.filter((p) => p.severity === 'warning')) {
        if (outcome.warnings.length < KEPT_WARNINGS) outcome.warnings.push(warning);
        else outcome.moreWarnings += 1;
      }
      const found = parsed.postings[0];
      if (errors.length > 0 || !found) {
        const message = errors.join('; ') || `no offer found on ${request.url}`;
        outcome.notUnderstood ??= { url: request.url, message };
        return { sourceId, state: 'not-understood', detail: null, detailAt: null, detailError: message, filled: false };
      }
      return {
        sourceId,
        state: 'fetched',
        detail: JSON.stringify(found.posting),
        detailAt: now(),
        detailError: null,
        filled: found.filled === true,
      };
    } catch (error) {
      return {
        sourceId,
        state: 'failed',
        detail: null,
        detailAt: null,
        detailError: `could not fetch ${request.url}: ${(error as Error).message}`,
        filled: false,
      };
    }
  };

  for (let after = 0; outcome.notUnderstood === null; ) {
    const batch = matchedBatch(db, runId, after, BATCH);
    if (batch.length === 0) break;
    after = batch.at(-1)!.seq;
    const ids = batch.map((row) => row.sourceId);
    const previous = previousDetails(db, sourceId, ids);
    const matches = stageMatchesOf(db, runId, ids);
    const nowMs = Date.parse(now());
    const unfetched: Fetched[] = [];
    // Requests of a batch are queued together; the fetcher still sends them one at a time per host.
    // Each result is staged as it comes: the batch's offer pages are never all held at once.
    await Promise.all(
      batch.map(async (row) => {
        const item = readParsedPosting(row.item, `staged posting ${row.sourceId}`);
        // One fetch serves every organisation the posting names: it is fetched when any of their copies needs it.
        const copies = (matches.get(row.sourceId) ?? []).map((o) => previous.get(row.sourceId)?.get(o));
        if (copies.some((before) => needsDetail(item, row.inventoryHash, before, nowMs, refreshMs))) {
          const fetched = await fetchOne(row.sourceId, item);
          setStagedDetail(db, runId, row.sourceId, fetched);
          // Per page, not per batch: a batch's 50 pages of buffers and results is too much to wait for.
          releaseGarbage();
          return;
        }
        const state: DetailState = copies.length > 0 && copies.every((before) => before?.hasDetail) ? 'reused' : 'none';
        unfetched.push({
          sourceId: row.sourceId,
          state,
          detail: null,
          detailAt: null,
          detailError: null,
          filled: false,
        });
      }),
    );
    write(unfetched);
    releaseGarbage();
  }
  return outcome;
}
