/**
 * Issue 17.7: titles that share their rarest words ("PEReN offre 1", "PEReN offre 2"…) made
 * linking quadratic. The structure is asserted here (candidates per title bounded, no pair that
 * can reach the threshold lost); the timing against random titles is in `npm run bench`.
 */
import { describe, expect, it } from 'vitest';
import { linkOf } from '../../db/openings.ts';
import { findPosting } from '../../db/postings.ts';
import { healthyRun, LIFECYCLE, memoryDb, posting } from '../../scripts/synthetic-store.ts';
import { dice, minimumTitleDice, tokens } from '../../src/lifecycle/similarity.ts';
import { TitleCandidates } from '../../src/lifecycle/title-candidates.ts';

const frequencies = (titles: ReadonlySet<string>[]) => {
  const frequency = new Map<string, number>();
  for (const title of titles) for (const word of title) frequency.set(word, (frequency.get(word) ?? 0) + 1);
  return frequency;
};

/** A seeded generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe('title candidates for linking', () => {
  it('stay few per title when every title shares its rarest words', () => {
    const titles = Array.from({ length: 3000 }, (_, i) =>
      tokens(i % 2 ? `PEReN offre ${i}` : `Poste ${i} au PEReN (H/F)`),
    );
    const index = new TitleCandidates<number>(frequencies(titles), minimumTitleDice(LIFECYCLE.similarityThreshold));
    let most = 0;
    for (const [i, title] of titles.entries()) {
      most = Math.max(most, index.candidates(title).length);
      index.add(title, i);
    }
    // No two of these titles can reach the threshold: nothing to compare, however many came before.
    expect(most).toBe(0);
    // The control: the same title again finds its twin, and only it.
    expect(index.candidates(tokens('PEReN offre 7'))).toEqual([7]);
  });

  for (const threshold of [0.55, 0.7, LIFECYCLE.similarityThreshold, 0.95]) {
    it(`include every pair whose titles can reach the threshold ${threshold}`, () => {
      const next = random(Math.round(threshold * 100));
      // Words shared by almost every title, a few common ones, many rare ones; 1 to 8 words.
      const word = () => {
        const r = next();
        return r < 0.4
          ? ['peren', 'offre'][Math.floor(next() * 2)]!
          : r < 0.7
            ? `c${Math.floor(next() * 6)}`
            : `r${Math.floor(next() * 60)}`;
      };
      const titles = Array.from(
        { length: 400 },
        () => new Set(Array.from({ length: 1 + Math.floor(next() * 8) }, word)),
      );
      const minimum = minimumTitleDice(threshold);
      const index = new TitleCandidates<number>(frequencies(titles), minimum);
      let similarPairs = 0;
      for (const [i, title] of titles.entries()) {
        const found = new Set(index.candidates(title));
        for (let j = 0; j < i; j++)
          if (dice(title, titles[j]!) >= minimum) {
            similarPairs += 1;
            expect(found.has(j), `titles ${i} and ${j}`).toBe(true);
          }
        index.add(title, i);
      }
      expect(similarPairs).toBeGreaterThan(50);
    });
  }

  it('links near-identical titles seen on two portals, one opening per offer', () => {
    const db = memoryDb();
    const at = '2026-11-01T08:00:00.000Z';
    const n = 600;
    const offer = (source: 'passerelles' | 'csp', i: number) =>
      posting(source, `${source}-${i}`, { title: `PEReN offre ${i}`, employer: 'PEReN', location: 'Paris' });
    healthyRun(
      db,
      'passerelles',
      at,
      Array.from({ length: n }, (_, i) => offer('passerelles', i)),
    );
    healthyRun(
      db,
      'csp',
      at,
      Array.from({ length: n }, (_, i) => offer('csp', i)),
    );
    const openingOf = (source: 'passerelles' | 'csp', i: number) =>
      linkOf(db, findPosting(db, source, `${source}-${i}`)!.id)!;
    for (let i = 0; i < n; i++) {
      expect(openingOf('csp', i)).toMatchObject({ openingId: openingOf('passerelles', i).openingId, score: 1 });
    }
    expect((db.prepare('SELECT COUNT(*) AS n FROM openings').get() as { n: number }).n).toBe(n);
    db.close();
  });
});
