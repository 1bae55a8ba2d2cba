import { mergePostings } from '../model/posting.ts';
import type { ParsedPosting } from '../model/source.ts';

/**
 * The same posting listed twice (feed and listing, two searches, the hiring page in two languages):
 * keep everything either said, the first listing winning where both say something.
 */
export function combineListings(first: ParsedPosting, second: ParsedPosting): ParsedPosting {
  const detail = first.detail ?? second.detail;
  return {
    posting: mergePostings(second.posting, first.posting),
    orgHints: [...new Set([...first.orgHints, ...second.orgHints])],
    ...(detail ? { detail } : {}),
    ...(first.filled || second.filled ? { filled: true } : {}),
  };
}
