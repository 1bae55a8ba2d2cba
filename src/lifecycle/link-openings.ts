/**
 * Openings: one per real post. Every portal posting belongs to exactly one opening. A new posting
 * joins an existing opening when an identifying key says it is the same post (the same offer URL,
 * a reference both portals carry: each source's `identityKeys`), else when title, employer and
 * place are similar enough; otherwise it founds a new opening. Links made or undone by a person
 * (`manual`) are never changed by the automation.
 *
 * Nothing compares every pair: keys are looked up in a map, and similarity is computed only with
 * postings whose title could reach the threshold (title-candidates.ts: prefix, positional and
 * length filtering), which cannot miss a pair that reaches it and stays linear when every title
 * shares its rarest words ("PEReN offre 1", "PEReN offre 2"…).
 */
import type { Db } from '../../db/database.ts';
import { insertEvent } from '../../db/events.ts';
import { createOpening, setLink } from '../../db/openings.ts';
import { type LinkablePosting, linkablePostings, sameDescription } from '../../db/postings.ts';
import { getSource, PORTALS } from '../../scrapers/index.ts';
import type { LinkReason } from '../model/events.ts';
import { type Comparable, comparable, minimumTitleDice, similarity } from './similarity.ts';
import { TitleCandidates } from './title-candidates.ts';

interface Indexed {
  posting: LinkablePosting;
  openingId: number;
  keys: string[];
  cmp: Comparable;
  /** Insertion order: the earliest linked posting with a shared key wins. */
  rank: number;
}

interface Candidate {
  openingId: number;
  reason: Exclude<LinkReason, 'first' | 'manual'>;
  score: number;
}

/** Two openings this close to a posting are a tie: it stays apart rather than guess. */
const TIE_MARGIN = 0.02;

function identityKeys(p: LinkablePosting): string[] {
  return (
    getSource(p.source)?.identityKeys({ url: p.url, originalUrl: p.originalUrl, reference: p.reference }) ?? [
      `url:${p.url}`,
    ]
  );
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

class LinkIndex {
  private readonly byKey = new Map<string, Indexed[]>();
  private readonly byTitle: TitleCandidates<Indexed>;
  private added = 0;

  constructor(frequency: ReadonlyMap<string, number>, threshold: number) {
    this.byTitle = new TitleCandidates(frequency, minimumTitleDice(threshold));
  }

  add(entry: Omit<Indexed, 'rank'>): void {
    const indexed = { ...entry, rank: this.added++ };
    for (const key of new Set(indexed.keys)) push(this.byKey, key, indexed);
    this.byTitle.add(indexed.cmp.title, indexed);
  }

  /** The earliest indexed posting sharing a key, and which of its keys it was. */
  sharingKey(keys: readonly string[]): { other: Indexed; key: string } | null {
    const wanted = new Set(keys);
    let earliest: Indexed | null = null;
    for (const key of wanted)
      for (const other of this.byKey.get(key) ?? []) if (!earliest || other.rank < earliest.rank) earliest = other;
    if (!earliest) return null;
    return { other: earliest, key: earliest.keys.find((k) => wanted.has(k))! };
  }

  /** Every indexed posting that could reach the threshold with this title. */
  similarCandidates(cmp: Comparable): Indexed[] {
    return this.byTitle.candidates(cmp.title);
  }
}

function bestCandidate(
  db: Db,
  p: LinkablePosting,
  keys: string[],
  cmp: Comparable,
  index: LinkIndex,
  threshold: number,
): Candidate | null {
  const shared = index.sharingKey(keys);
  if (shared)
    return { openingId: shared.other.openingId, reason: shared.key.startsWith('url:') ? 'url' : 'reference', score: 1 };
  const scores = new Map<number, number>();
  for (const other of index.similarCandidates(cmp)) {
    const score = similarity(cmp, other.cmp);
    if (score < threshold) continue;
    // On one portal, two offers may share a title (PEReN posted two "Data-scientist confirmé"):
    // there only an identical description makes them one post.
    if (other.posting.source === p.source && !sameDescription(db, p.id, other.posting.id)) continue;
    scores.set(other.openingId, Math.max(score, scores.get(other.openingId) ?? 0));
  }
  const ranked = [...scores].sort((a, b) => b[1] - a[1]);
  if (ranked.length === 0) return null;
  if (ranked.length > 1 && ranked[0]![1] - ranked[1]![1] < TIE_MARGIN) return null;
  return { openingId: ranked[0]![0], reason: 'similarity', score: Math.round(ranked[0]![1] * 1000) / 1000 };
}

export interface LinkResult {
  /** Openings founded by new postings. */
  created: number[];
  /** Existing openings a new posting joined. */
  joined: number[];
}

/** Links every portal posting of one organisation that has no opening yet, in posting order, among that organisation's. */
export function linkNewPostings(
  db: Db,
  runId: number | null,
  at: string,
  threshold: number,
  organisation: string,
): LinkResult {
  const postings = linkablePostings(
    db,
    PORTALS.map((s) => s.id),
    organisation,
  );
  const result: LinkResult = { created: [], joined: [] };
  if (!postings.some((p) => p.openingId === null)) return result;

  const frequency = new Map<string, number>();
  const prepared = postings.map((posting) => ({ posting, keys: identityKeys(posting), cmp: comparable(posting) }));
  for (const { cmp } of prepared) for (const word of cmp.title) frequency.set(word, (frequency.get(word) ?? 0) + 1);
  const index = new LinkIndex(frequency, threshold);
  for (const entry of prepared)
    if (entry.posting.openingId !== null) index.add({ ...entry, openingId: entry.posting.openingId });

  for (const { posting, keys, cmp } of prepared) {
    if (posting.openingId !== null) continue;
    const candidate = bestCandidate(db, posting, keys, cmp, index, threshold);
    const openingId = candidate ? candidate.openingId : createOpening(db, at, organisation);
    setLink(db, {
      postingId: posting.id,
      openingId,
      reason: candidate?.reason ?? 'first',
      score: candidate?.score ?? null,
      manual: false,
      linkedAt: at,
    });
    if (candidate) {
      insertEvent(db, {
        at,
        runId,
        openingId,
        postingId: posting.id,
        detail: { scope: 'posting', type: 'linked', reason: candidate.reason, score: candidate.score, manual: false },
      });
      result.joined.push(openingId);
    } else {
      result.created.push(openingId);
    }
    index.add({ posting, keys, cmp, openingId });
  }
  return result;
}
