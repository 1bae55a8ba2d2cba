/** How much of the normalised shape a page's postings fill: the first sign of a parser drifting. */
import { POSTING_FIELDS, type Posting, type PostingField } from '../model/posting.ts';

function isFilled(value: string | null): boolean {
  return value !== null && value.trim() !== '';
}

/** Share (0…1) of the postings with each field filled; null when there is no posting to measure. */
export function fieldShares(postings: readonly Posting[]): Record<PostingField, number> | null {
  if (postings.length === 0) return null;
  const shares = {} as Record<PostingField, number>;
  for (const field of POSTING_FIELDS) {
    shares[field] = postings.filter((posting) => isFilled(posting[field])).length / postings.length;
  }
  return shares;
}

/** Share of all normalised fields filled, averaged over the postings. */
export function overallFill(shares: Record<PostingField, number>): number {
  return POSTING_FIELDS.reduce((sum, field) => sum + shares[field], 0) / POSTING_FIELDS.length;
}
