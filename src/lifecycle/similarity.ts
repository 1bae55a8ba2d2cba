/** How alike two postings are, for linking the same post seen on several portals. */
import { foldForMatch } from '../model/text.ts';

const STOP_WORDS = new Set([
  'h',
  'f',
  'hf',
  'fh',
  'de',
  'du',
  'des',
  'la',
  'le',
  'les',
  'l',
  'd',
  'et',
  'en',
  'au',
  'aux',
  'a',
  'un',
  'une',
  'pour',
  'sur',
  'par',
  'x',
]);

export function tokens(text: string | null | undefined): Set<string> {
  if (!text) return new Set();
  return new Set(
    foldForMatch(text)
      .split(/[^a-z0-9]+/)
      .filter((t) => t.length > 0 && !STOP_WORDS.has(t)),
  );
}

/** Sørensen–Dice coefficient of two token sets (1 = same words). */
export function dice(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let common = 0;
  for (const t of a) if (b.has(t)) common += 1;
  return (2 * common) / (a.size + b.size);
}

/** What similarity compares of a posting: the words of its title, employer and place. */
export interface Comparable {
  title: ReadonlySet<string>;
  employer: ReadonlySet<string> | null;
  /** Words of the department when known, else of the location. */
  place: ReadonlySet<string> | null;
  department: string | null;
}

export function comparable(p: {
  title: string;
  employer: string | null;
  location: string | null;
  department: string | null;
}): Comparable {
  const place = p.department ?? p.location;
  return {
    title: tokens(p.title),
    employer: p.employer ? tokens(p.employer) : null,
    place: place ? tokens(place) : null,
    department: p.department,
  };
}

const TITLE_WEIGHT = 0.6;
const EMPLOYER_WEIGHT = 0.2;
const PLACE_WEIGHT = 0.2;

/**
 * Weighted similarity of title (0.6), employer (0.2) and place (0.2); a part unknown on either
 * side drops out and the weights are renormalised. Different departments mean different posts.
 */
export function similarity(a: Comparable, b: Comparable): number {
  if (a.department && b.department && a.department !== b.department) return 0;
  const parts: [number, number][] = [[TITLE_WEIGHT, dice(a.title, b.title)]];
  if (a.employer && b.employer) parts.push([EMPLOYER_WEIGHT, dice(a.employer, b.employer)]);
  if (a.place && b.place) parts.push([PLACE_WEIGHT, a.department && b.department ? 1 : dice(a.place, b.place)]);
  const weight = parts.reduce((sum, [w]) => sum + w, 0);
  return parts.reduce((sum, [w, s]) => sum + w * s, 0) / weight;
}

/**
 * The least title Dice a pair can have and still reach `threshold`: when employer and place
 * agree fully they bring 1 - TITLE_WEIGHT, the title must bring the rest. Below it no pair is
 * similar enough, which is what lets linking look only at postings sharing a rare title word.
 */
export function minimumTitleDice(threshold: number): number {
  return Math.max(0, (threshold - (1 - TITLE_WEIGHT)) / TITLE_WEIGHT);
}
