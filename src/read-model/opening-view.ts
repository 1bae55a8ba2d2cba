/**
 * What an opening looks like to readers: its status from its postings, its fields from the best
 * source (each portal's `precedence` on its source record; open postings before others).
 */
import {
  type OpeningMember,
  type OpeningRow,
  type OpeningStatus,
  type OpeningSummary,
  SUMMARY_DESCRIPTION_CHARS,
} from '../../db/openings.ts';
import { getSource } from '../../scrapers/index.ts';
import type { CloseReason, StoredPosting } from '../model/lifecycle.ts';
import type { Posting } from '../model/posting.ts';
import { foldForMatch } from '../model/text.ts';
import { newestOf, oldestOf } from '../model/time.ts';

export type { OpeningMember, OpeningStatus } from '../../db/openings.ts';

export interface OpeningView {
  id: number;
  uid: string;
  /** Whose opening: linking never joins postings of two organisations. */
  organisation: string;
  createdAt: string;
  status: OpeningStatus;
  /** Fields of the best posting, gaps filled from the others. */
  posting: Posting;
  postings: OpeningMember[];
  firstSeenAt: string;
  lastSeenAt: string;
  publishedAt: string;
  /** Latest change of any of its postings' content or state. */
  updatedAt: string;
  closedAt: string | null;
  closeReasons: CloseReason[];
  /** Closed less than a month after publication: shown as doubtful. */
  shortLived: boolean;
}

const precedence = (source: string) => getSource(source)?.precedence ?? Number.MAX_SAFE_INTEGER;
const stateRank = { open: 0, missing: 1, closed: 2 } as const;

function openingStatus(postings: readonly StoredPosting[]): OpeningStatus {
  if (postings.some((p) => p.state === 'open')) return 'open';
  if (postings.some((p) => p.state === 'missing')) return 'missing';
  return 'closed';
}

/**
 * The best posting's fields, gaps filled from postings on the same side of closed only: a closed
 * posting's old deadline must not show on an opening that is open elsewhere.
 */
function bestFields(ordered: readonly StoredPosting[]): Posting {
  const [best, ...rest] = ordered;
  const merged: Posting = { ...best!.posting, extra: { ...best!.posting.extra } };
  for (const other of rest.filter((p) => (p.state === 'closed') === (best!.state === 'closed'))) {
    for (const [key, value] of Object.entries(other.posting)) {
      const current = (merged as unknown as Record<string, unknown>)[key];
      if ((current === null || current === '') && value !== null)
        (merged as unknown as Record<string, unknown>)[key] = value;
    }
  }
  return merged;
}

/** An opening's view from its row and its postings; null when no posting belongs to it. */
export function buildOpeningView(opening: OpeningRow, members: readonly OpeningMember[]): OpeningView | null {
  if (members.length === 0) return null;
  const sorted = [...members].sort(
    (a, b) =>
      stateRank[a.stored.state] - stateRank[b.stored.state] ||
      precedence(a.stored.posting.source) - precedence(b.stored.posting.source) ||
      a.stored.id - b.stored.id,
  );
  const stored = sorted.map((m) => m.stored);
  const status = openingStatus(stored);
  const publishedAt = oldestOf(stored.map((p) => p.posting.publishedAt ?? p.firstSeenAt))!;
  return {
    id: opening.id,
    organisation: opening.organisation,
    uid: opening.uid,
    createdAt: opening.createdAt,
    status,
    posting: bestFields(stored),
    postings: sorted,
    firstSeenAt: oldestOf(stored.map((p) => p.firstSeenAt))!,
    lastSeenAt: newestOf(stored.map((p) => p.lastSeenAt))!,
    publishedAt,
    updatedAt: newestOf([
      ...stored.map((p) => p.posting.updatedAt),
      ...stored.map((p) => p.closedAt),
      ...stored.map((p) => p.missingSince),
      publishedAt,
      opening.createdAt,
    ])!,
    closedAt: status === 'closed' ? newestOf(stored.map((p) => p.closedAt)) : null,
    closeReasons:
      status === 'closed'
        ? [...new Set(stored.map((p) => p.closeReason).filter((r): r is CloseReason => r !== null))]
        : [],
    shortLived: status === 'closed' && stored.some((p) => p.shortLived),
  };
}

/** What the openings table keeps of a view, so readers filter and page in SQL. */
export function summaryOf(view: OpeningView): OpeningSummary {
  const p = view.posting;
  return {
    status: view.status,
    title: p.title,
    updatedAt: view.updatedAt,
    publishedAt: view.publishedAt,
    searchText: foldForMatch(
      [p.title, p.employer, p.location, p.descriptionText?.slice(0, SUMMARY_DESCRIPTION_CHARS)]
        .filter(Boolean)
        .join(' '),
    ),
  };
}

/** Each portal posting of an opening as feeds and the API describe it. */
export function postingSummaries(o: OpeningView) {
  return o.postings.map(({ stored, link }) => ({
    source: stored.posting.source,
    sourceId: stored.posting.sourceId,
    reference: stored.posting.reference,
    url: stored.posting.url,
    status: stored.state,
    linkReason: link.reason,
    linkScore: link.score,
    manual: link.manual,
  }));
}
