/**
 * Whether a tile's title and its offer's title name the same job. Both are folded (case, accents,
 * punctuation) and stripped of what portals add around the job name: "H/F", the "SEN PEReN 156"
 * post code and anything in parentheses. Small words go, and every word is cut to a short stem so
 * that "Développeur / Développeuse", "confirmé(e)" or "développeur·se" fold alike. Tiles abbreviate
 * ("Juriste numérique" for "Juriste spécialisé(e) en régulation numérique"), so the titles differ
 * only when fewer than two thirds of the shorter title's words occur in the other.
 */
import { foldForMatch } from '../model/text.ts';

const STOP_WORDS = new Set([
  'a',
  'au',
  'aux',
  'd',
  'de',
  'des',
  'du',
  'en',
  'et',
  'l',
  'la',
  'le',
  'les',
  'pour',
  'sur',
  'un',
  'une',
  'and',
  'for',
  'in',
  'of',
  'the',
]);
const STEM_LENGTH = 6;
const MIN_SHARED_RATIO = 2 / 3;

/** The stems a title is compared on. */
export function titleStems(title: string): Set<string> {
  const folded = foldForMatch(title)
    .replace(/\([^)]*\)/g, ' ')
    .replace(/\bsen[\s_-]*peren[\s_-]*\d+\b/g, ' ')
    .replace(/\b[hfm]\s*\/\s*[hfm]\b/g, ' ')
    // Inclusive endings (développeur·se, ingénieur·e) would otherwise become words of their own.
    .replace(/·(?:e|se|euse|rice|ne|le)s?\b/g, '');
  const words = folded.split(/[^a-z0-9]+/).filter((word) => word.length > 1 && !STOP_WORDS.has(word));
  return new Set(words.map((word) => word.slice(0, STEM_LENGTH)));
}

export function titlesDiffer(tileTitle: string, offerTitle: string): boolean {
  const tile = titleStems(tileTitle);
  const offer = titleStems(offerTitle);
  const [shorter, longer] = tile.size <= offer.size ? [tile, offer] : [offer, tile];
  if (shorter.size === 0) return false;
  const shared = [...shorter].filter((stem) => longer.has(stem)).length;
  return shared / shorter.size < MIN_SHARED_RATIO;
}
