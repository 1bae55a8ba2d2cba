/**
 * What an opening looks like to readers: its status from its postings, its fields from the best
 * source. Precedence (first that has the field wins, open postings before others):
 * Passerelles (the ministry's own offer, full detail) → Choisir le service public (re-publication)
 * → PASS (internships and apprenticeships only appear there).
 */
import type { Db } from '../../db/database.ts';
import { allLinks, allOpenings, type OpeningLink } from '../../db/openings.ts';
import { allPostings, type CloseReason, type StoredPosting } from '../../db/postings.ts';
import type { Posting } from '../model/posting.ts';

export const SOURCE_PRECEDENCE = ['passerelles', 'csp', 'pass'] as const;

export type OpeningStatus = 'open' | 'missing' | 'closed';

export interface OpeningPosting {
  stored: StoredPosting;
  link: OpeningLink;
}

export interface OpeningView {
  id: number;
  uid: string;
  createdAt: string;
  status: OpeningStatus;
  /** Fields of the best posting, gaps filled from the others. */
  posting: Posting;
  postings: OpeningPosting[];
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

const rank = (source: string) => {
  const i = (SOURCE_PRECEDENCE as readonly string[]).indexOf(source);
  return i < 0 ? SOURCE_PRECEDENCE.length : i;
};
const stateRank = { open: 0, missing: 1, closed: 2 } as const;
const newest = (dates: (string | null)[]) => dates.filter((d): d is string => d !== null).sort((a, b) => Date.parse(b) - Date.parse(a))[0] ?? null;
const oldest = (dates: (string | null)[]) => dates.filter((d): d is string => d !== null).sort((a, b) => Date.parse(a) - Date.parse(b))[0] ?? null;

export function openingStatus(postings: readonly StoredPosting[]): OpeningStatus {
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
      if ((current === null || current === '') && value !== null) (merged as unknown as Record<string, unknown>)[key] = value;
    }
  }
  return merged;
}

/** Every opening with its postings; optionally only some statuses. */
export function openingViews(db: Db): OpeningView[] {
  const postingsById = new Map(allPostings(db).map((p) => [p.id, p]));
  const byOpening = new Map<number, OpeningPosting[]>();
  for (const link of allLinks(db)) {
    const stored = postingsById.get(link.postingId);
    if (!stored) continue;
    byOpening.set(link.openingId, [...(byOpening.get(link.openingId) ?? []), { stored, link }]);
  }
  const views: OpeningView[] = [];
  for (const opening of allOpenings(db)) {
    const members = (byOpening.get(opening.id) ?? []).sort(
      (a, b) => stateRank[a.stored.state] - stateRank[b.stored.state] || rank(a.stored.posting.source) - rank(b.stored.posting.source) || a.stored.id - b.stored.id,
    );
    if (members.length === 0) continue;
    const stored = members.map((m) => m.stored);
    const status = openingStatus(stored);
    const publishedAt = oldest(stored.map((p) => p.posting.publishedAt ?? p.firstSeenAt))!;
    const closedAt = status === 'closed' ? newest(stored.map((p) => p.closedAt)) : null;
    views.push({
      id: opening.id,
      uid: opening.uid,
      createdAt: opening.createdAt,
      status,
      posting: bestFields(stored),
      postings: members,
      firstSeenAt: oldest(stored.map((p) => p.firstSeenAt))!,
      lastSeenAt: newest(stored.map((p) => p.lastSeenAt))!,
      publishedAt,
      updatedAt: newest([...stored.map((p) => p.posting.updatedAt), ...stored.map((p) => p.closedAt), ...stored.map((p) => p.missingSince), publishedAt, opening.createdAt])!,
      closedAt,
      closeReasons: status === 'closed' ? [...new Set(stored.map((p) => p.closeReason).filter((r): r is CloseReason => r !== null))] : [],
      shortLived: status === 'closed' && stored.some((p) => p.shortLived),
    });
  }
  return views;
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
