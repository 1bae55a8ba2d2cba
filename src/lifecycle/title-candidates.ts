/**
 * Which linked postings a new title could reach the similarity threshold with, without comparing
 * every pair. Two titles (word sets of sizes a and b) with a Dice coefficient ≥ d share at least
 * α(a, b) = ⌈d·(a + b)/2⌉ words. Words are ordered from rarest to commonest (ties by spelling), one
 * order for the whole linking pass:
 *
 * - prefix filtering: such a pair's first common word lies among the first a − ⌈j·a⌉ + 1 words of
 *   each title (j = d/(2 − d), the same bound as a Jaccard index), so only those words are indexed;
 * - positional and length filtering: if that first common word is at position i in one title and
 *   k in the other, the pair shares at most 1 + min(a − i − 1, b − k − 1) words. Entries are kept
 *   in buckets of (position, size), and a bucket whose bound is below α is skipped whole.
 *
 * The second part keeps linking linear when the rare words are shared by everyone: 20,000 titles
 * "PEReN offre N" all index "offre" at position 1 in a title of 3 words, one bucket that a title
 * of the same shape skips without reading (two common words out of three cannot reach α = 3).
 * Neither filter can drop a pair that reaches the threshold: a pair found through a word that is
 * not its first common word was already found, or skipped rightly, at that first word.
 */

interface Bucket<T> {
  position: number;
  size: number;
  entries: T[];
}

/** Tolerance on the bounds so that rounding can only add candidates, never lose one. */
const EPSILON = 1e-9;

export class TitleCandidates<T> {
  private readonly byWord = new Map<string, Bucket<T>[]>();
  private readonly everything: T[] = [];

  /**
   * @param frequency how many titles carry each word: rarer words first.
   * @param minimumDice the least title Dice a similar pair can have; 0 compares everything.
   */
  constructor(
    private readonly frequency: ReadonlyMap<string, number>,
    private readonly minimumDice: number,
  ) {}

  private ordered(words: ReadonlySet<string>): string[] {
    return [...words].sort(
      (a, b) => (this.frequency.get(a) ?? 0) - (this.frequency.get(b) ?? 0) || (a < b ? -1 : a > b ? 1 : 0),
    );
  }

  /** The rarest words of a title of `size` words, as many as prefix filtering needs. */
  private prefixLength(size: number): number {
    const jaccard = this.minimumDice / (2 - this.minimumDice);
    return Math.max(0, size - Math.ceil(jaccard * size - EPSILON) + 1);
  }

  /** Fewest common words two titles of these sizes need. */
  private required(a: number, b: number): number {
    return Math.ceil((this.minimumDice * (a + b)) / 2 - EPSILON);
  }

  add(title: ReadonlySet<string>, entry: T): void {
    this.everything.push(entry);
    if (this.minimumDice <= 0) return;
    const words = this.ordered(title);
    const size = words.length;
    for (const [position, word] of words.slice(0, this.prefixLength(size)).entries()) {
      const buckets = this.byWord.get(word) ?? [];
      if (buckets.length === 0) this.byWord.set(word, buckets);
      const bucket = buckets.find((b) => b.position === position && b.size === size);
      if (bucket) bucket.entries.push(entry);
      else buckets.push({ position, size, entries: [entry] });
    }
  }

  /** Every added entry whose title could reach the minimum Dice with this one (and a few more). */
  candidates(title: ReadonlySet<string>): T[] {
    if (this.minimumDice <= 0) return this.everything;
    const words = this.ordered(title);
    const size = words.length;
    const found = new Set<T>();
    for (const [position, word] of words.slice(0, this.prefixLength(size)).entries()) {
      for (const bucket of this.byWord.get(word) ?? []) {
        const atMost = 1 + Math.min(size - position - 1, bucket.size - bucket.position - 1);
        if (atMost < this.required(size, bucket.size)) continue;
        for (const entry of bucket.entries) found.add(entry);
      }
    }
    return [...found];
  }
}
