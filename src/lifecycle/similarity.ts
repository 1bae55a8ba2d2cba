/** How alike two postings are, for linking the same post seen on several portals. */
import type { Posting } from '../model/posting.ts';
import { foldForMatch } from '../model/text.ts';

const STOP_WORDS = new Set(['h', 'f', 'hf', 'fh', 'de', 'du', 'des', 'la', 'le', 'les', 'l', 'd', 'et', 'en', 'au', 'aux', 'a', 'un', 'une', 'pour', 'sur', 'par', 'x']);

export function tokens(text: string | null | undefined): Set<string> {
  if (!text) return new Set();
  return new Set(
    foldForMatch(text)
      .split(/[^a-z0-9]+/)
      .filter((t) => t.length > 0 && !STOP_WORDS.has(t)),
  );
}

/** Sørensen–Dice coefficient of two token sets (1 = same words). */
export function dice(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let common = 0;
  for (const t of a) if (b.has(t)) common += 1;
  return (2 * common) / (a.size + b.size);
}

/**
 * Weighted similarity of title (0.6), employer (0.2) and place (0.2); a part unknown on either
 * side drops out and the weights are renormalised. Different departments mean different posts.
 */
export function postingSimilarity(a: Posting, b: Posting): number {
  if (a.department && b.department && a.department !== b.department) return 0;
  const parts: [number, number][] = [[0.6, dice(tokens(a.title), tokens(b.title))]];
  if (a.employer && b.employer) parts.push([0.2, dice(tokens(a.employer), tokens(b.employer))]);
  const placeA = a.department ?? a.location;
  const placeB = b.department ?? b.location;
  if (placeA && placeB) parts.push([0.2, a.department && b.department ? 1 : dice(tokens(placeA), tokens(placeB))]);
  const weight = parts.reduce((sum, [w]) => sum + w, 0);
  return parts.reduce((sum, [w, s]) => sum + w * s, 0) / weight;
}
