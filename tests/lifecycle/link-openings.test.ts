/**
 * Linking looks only at postings sharing a rare title word (prefix filtering) instead of every
 * pair. It must give exactly the openings the all-pairs rule gives: checked here against a
 * straightforward all-pairs implementation on generated postings full of near-duplicates.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/database.ts';
import { linkOf } from '../../db/openings.ts';
import { findPosting } from '../../db/postings.ts';
import { getSource } from '../../scrapers/index.ts';
import { healthyRun, LIFECYCLE, memoryDb, posting } from '../../scripts/synthetic-store.ts';
import { comparable, similarity } from '../../src/lifecycle/similarity.ts';
import type { Posting } from '../../src/model/posting.ts';

const WORDS = [
  'chargé',
  'mission',
  'données',
  'data',
  'scientist',
  'juriste',
  'numérique',
  'développeur',
  'front',
  'end',
  'régulation',
  'plateformes',
  'analyste',
  'chef',
  'projet',
  'ingénieur',
  'logiciel',
  'auditeur',
  'algorithmes',
  'senior',
];
const EMPLOYERS = ['PEReN', 'DGE', 'Arcom', null];
const PLACES = ['Paris', 'Lyon', null];
const DEPARTMENTS = ['75', '69', null];

/** A seeded generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

function generate(seed: number, count: number): { source: 'passerelles' | 'csp' | 'pass'; posting: Posting }[] {
  const next = random(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  const out: { source: 'passerelles' | 'csp' | 'pass'; posting: Posting }[] = [];
  for (let i = 0; i < count; i += 1) {
    const source = pick(['passerelles', 'csp', 'pass'] as const);
    const base = out.length > 0 && next() < 0.4 ? pick(out).posting : null;
    // Near-duplicates: another posting's title with a word changed, dropped or added.
    let words = base ? base.title.split(' ') : Array.from({ length: 2 + Math.floor(next() * 5) }, () => pick(WORDS));
    if (base && next() < 0.5) words = words.map((w) => (next() < 0.25 ? pick(WORDS) : w));
    if (base && next() < 0.3) words = [...words, pick(WORDS)];
    const description = next() < 0.5 ? `Description ${Math.floor(next() * 3)}` : null;
    out.push({
      source,
      posting: posting(source, `${source}-${i}`, {
        title: words.join(' '),
        employer: base && next() < 0.7 ? base.employer : pick(EMPLOYERS),
        location: pick(PLACES),
        department: base && next() < 0.7 ? base.department : pick(DEPARTMENTS),
        descriptionText: description,
        reference:
          source === 'passerelles' && next() < 0.2
            ? `2026-${Math.floor(next() * 20)}`
            : source === 'csp' && next() < 0.2
              ? `MEF_2026-${Math.floor(next() * 20)}`
              : null,
      }),
    });
  }
  return out;
}

/** The rule as first written: every new posting compared with every linked one. */
function allPairs(postings: { id: number; posting: Posting }[], threshold: number): Map<number, number> {
  const openingOf = new Map<number, number>();
  const linked: { id: number; posting: Posting }[] = [];
  const keys = (p: Posting) => getSource(p.source)!.identityKeys(p);
  for (const p of postings) {
    const own = new Set(keys(p.posting));
    const shared = linked.find((other) => keys(other.posting).some((k) => own.has(k)));
    let opening: number | undefined = shared && openingOf.get(shared.id);
    if (opening === undefined) {
      const scores = new Map<number, number>();
      for (const other of linked) {
        if (
          other.posting.source === p.posting.source &&
          (!p.posting.descriptionText || p.posting.descriptionText !== other.posting.descriptionText)
        )
          continue;
        const score = similarity(comparable(p.posting), comparable(other.posting));
        const o = openingOf.get(other.id)!;
        if (score >= threshold) scores.set(o, Math.max(score, scores.get(o) ?? 0));
      }
      const ranked = [...scores].sort((a, b) => b[1] - a[1]);
      if (ranked.length > 0 && !(ranked.length > 1 && ranked[0]![1] - ranked[1]![1] < 0.02)) opening = ranked[0]![0];
    }
    openingOf.set(p.id, opening ?? -p.id);
    linked.push(p);
  }
  return openingOf;
}

/** Openings as sets of posting ids, comparable whatever the opening ids. */
const partition = (openingOf: Map<number, number>) => {
  const groups = new Map<number, number[]>();
  for (const [posting, opening] of openingOf) groups.set(opening, [...(groups.get(opening) ?? []), posting]);
  return [...groups.values()].map((g) => g.sort((a, b) => a - b).join(',')).sort();
};

describe('linking postings into openings', () => {
  for (const seed of [1, 2, 3]) {
    it(`gives the openings of the all-pairs rule (seed ${seed})`, () => {
      const db = memoryDb();
      const generated = generate(seed, 400);
      // One healthy run per source, sources in turn, as a scrape applies them.
      for (const source of ['passerelles', 'csp', 'pass'] as const) {
        healthyRun(
          db,
          source,
          '2026-11-01T08:00:00.000Z',
          generated.filter((g) => g.source === source).map((g) => g.posting),
        );
      }
      const rows = db
        .prepare(
          'SELECT p.id, p.source, p.source_id, l.opening_id FROM postings p JOIN opening_links l ON l.posting_id = p.id ORDER BY p.id',
        )
        .all() as {
        id: number;
        source_id: string;
        opening_id: number;
      }[];
      const bySourceId = new Map(generated.map((g) => [g.posting.sourceId, g.posting]));
      const expected = allPairs(
        rows.map((r) => ({ id: r.id, posting: bySourceId.get(r.source_id)! })),
        LIFECYCLE.similarityThreshold,
      );
      const actual = new Map(rows.map((r) => [r.id, r.opening_id]));
      expect(partition(actual)).toEqual(partition(expected));
      // The generator does make openings of several postings.
      expect(partition(actual).filter((g) => g.includes(',')).length).toBeGreaterThan(20);
    });
  }
});

const PEREN = { employer: 'PEReN', department: '75' };

describe('linking a posting to an opening', () => {
  let db: Db;
  beforeEach(() => {
    db = memoryDb();
    // Two posts PEReN published at once under almost the same title: two openings.
    healthyRun(db, 'passerelles', '2026-11-01T08:00:00.000Z', [
      posting('passerelles', '5372', {
        ...PEREN,
        title: 'Data-scientist confirmé - SEN PEReN 156 H/F',
        descriptionText: 'Audit des algorithmes',
      }),
      posting('passerelles', '5373', {
        ...PEREN,
        title: 'Data-scientist confirmé - SEN PEReN 106 H/F',
        descriptionText: 'Science des données',
      }),
    ]);
  });
  afterEach(() => db.close());

  const openingOf = (source: 'passerelles' | 'csp', sourceId: string) =>
    linkOf(db, findPosting(db, source, sourceId)!.id)!;
  const openings = () => (db.prepare('SELECT COUNT(*) AS n FROM openings').get() as { n: number }).n;

  it('founds a new opening for a posting equally similar to two openings, rather than guess', () => {
    expect(openings()).toBe(2);
    healthyRun(db, 'csp', '2026-11-02T08:00:00.000Z', [
      posting('csp', 'MEF_2026-1', { ...PEREN, title: 'Data-scientist confirmé (H/F) - PEReN' }),
      posting('csp', 'MEF_2026-2', { ...PEREN, title: 'SEN PEReN 156 - Data-scientist confirmé (H/F)' }),
    ]);
    const ambiguous = openingOf('csp', 'MEF_2026-1');
    expect(ambiguous).toMatchObject({ reason: 'first', score: null });
    expect([openingOf('passerelles', '5372').openingId, openingOf('passerelles', '5373').openingId]).not.toContain(
      ambiguous.openingId,
    );
    // The control: one clearly closer opening is joined.
    expect(openingOf('csp', 'MEF_2026-2')).toMatchObject({
      openingId: openingOf('passerelles', '5372').openingId,
      reason: 'similarity',
      score: 1,
    });
    expect(openings()).toBe(3);
  });
});
