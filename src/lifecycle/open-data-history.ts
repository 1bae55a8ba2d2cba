/**
 * The weekly open-data file's history: each organisation's offers that ended before the file's
 * date become closed postings of `csp-open-data` (closed by the file, spanning first publication to
 * end). An offer whose reference the organisation's closed CSP posting has joins that posting's
 * opening (the portal's fields win, the file fills the gaps and the earlier dates), also when CSP
 * listed it only after its history was written; one a live CSP posting still shows open or
 * missing is left to the portal. Written silently: no event, so no
 * notification and nothing in the events feed; summaries are set without the new/closed events
 * a run's refresh writes. A newer file's edit of a row rewrites its posting; the same row is skipped.
 */
import type { Db } from '../../db/database.ts';
import { cspPostingOfReference, historyPostingOf, setHistorySpan } from '../../db/open-data.ts';
import {
  createOpening,
  deleteEmptyOpenings,
  openingMembers,
  openingRows,
  setLink,
  setOpeningSummary,
} from '../../db/openings.ts';
import { contentOf, insertPosting, updateSeenPosting } from '../../db/postings.ts';
import { historyEntry } from '../../scrapers/csp-open-data/history-posting.ts';
import type { OpenDataOffer } from '../../scrapers/csp-open-data/weekly-file.ts';
import { buildOpeningView, summaryOf } from '../read-model/opening-view.ts';

export interface HistoryCounts {
  /** History postings written for the first time (their own opening or a CSP posting's). */
  added: number;
  /** Joined to the organisation's closed CSP posting of the same reference (new, or history written before CSP listed it). */
  joined: number;
  /** Rewritten because the file's row changed. */
  updated: number;
  /** Left alone: the organisation's CSP posting of that reference is open or missing. */
  leftToPortal: number;
}

/** Writes one organisation's history from its rows of a healthy file; call inside the run's transaction. */
export function importOpenDataHistory(
  db: Db,
  organisation: string,
  offers: Iterable<OpenDataOffer>,
  file: { date: string; runId: number },
): HistoryCounts {
  const counts: HistoryCounts = { added: 0, joined: 0, updated: 0, leftToPortal: 0 };
  const touched = new Set<number>();
  for (const offer of offers) {
    const entry = historyEntry(offer, file.date);
    if (!entry) continue;
    const seen = { posting: entry.posting, inventoryHash: entry.hash, detail: null, detailAt: null, detailError: null };
    const span = { publishedAt: entry.publishedAt, endedAt: entry.endedAt, runId: file.runId };
    const existing = historyPostingOf(db, organisation, offer.reference);
    const csp = cspPostingOfReference(db, organisation, offer.reference);
    // The portal wins: the file never closes what a live source shows.
    const joinable = csp && csp.state === 'closed' ? csp.openingId : null;
    if (existing) {
      // CSP listed the offer after the history was written, and has closed it since: one opening
      // (unless a person placed the posting).
      if (joinable !== null && existing.openingId !== joinable && !existing.manual) {
        setLink(db, {
          postingId: existing.id,
          openingId: joinable,
          reason: 'reference',
          score: null,
          manual: false,
          linkedAt: entry.publishedAt,
        });
        if (existing.openingId !== null) touched.add(existing.openingId);
        touched.add(joinable);
        counts.joined++;
      }
      if (existing.inventoryHash === entry.hash) continue;
      updateSeenPosting(db, existing.id, file.runId, entry.endedAt, seen, contentOf(seen), true);
      setHistorySpan(db, existing.id, span);
      if (existing.openingId !== null) touched.add(existing.openingId);
      counts.updated++;
      continue;
    }
    if (csp && csp.state !== 'closed') {
      counts.leftToPortal++;
      continue;
    }
    const postingId = insertPosting(db, organisation, file.runId, entry.publishedAt, seen);
    setHistorySpan(db, postingId, span);
    const openingId = joinable ?? createOpening(db, entry.publishedAt, organisation);
    setLink(db, {
      postingId,
      openingId,
      reason: joinable === null ? 'first' : 'reference',
      score: null,
      manual: false,
      linkedAt: entry.publishedAt,
    });
    touched.add(openingId);
    counts.added++;
    if (joinable !== null) counts.joined++;
  }
  summariseSilently(db, [...touched]);
  // A history opening left empty by a join goes (it was never announced).
  deleteEmptyOpenings(db);
  return counts;
}

function summariseSilently(db: Db, ids: readonly number[]): void {
  const BATCH = 500;
  for (let i = 0; i < ids.length; i += BATCH) {
    const batch = ids.slice(i, i + BATCH);
    const members = openingMembers(db, batch);
    for (const row of openingRows(db, batch)) {
      const view = buildOpeningView(row, members.get(row.id) ?? []);
      if (view) setOpeningSummary(db, row.id, summaryOf(view));
    }
  }
}
