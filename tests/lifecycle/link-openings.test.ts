/** Which opening a new posting joins, through the real lifecycle on an in-memory database. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/database.ts';
import { allLinks, allOpenings } from '../../db/openings.ts';
import { findPosting } from '../../db/postings.ts';
import { healthyRun, memoryDb, posting } from '../server/store-builder.ts';

const PEREN = { employer: 'PEReN', department: '75' };

describe('linking a posting to an opening', () => {
  let db: Db;
  beforeEach(() => {
    db = memoryDb();
    // Two posts PEReN published at once under almost the same title: two openings.
    healthyRun(db, 'passerelles', '2026-11-01T08:00:00.000Z', [
      posting('passerelles', '5372', { ...PEREN, title: 'Data-scientist confirmé - SEN PEReN 156 H/F', descriptionText: 'Audit des algorithmes' }),
      posting('passerelles', '5373', { ...PEREN, title: 'Data-scientist confirmé - SEN PEReN 106 H/F', descriptionText: 'Science des données' }),
    ]);
  });
  afterEach(() => db.close());

  const openingOf = (source: 'passerelles' | 'csp', sourceId: string) => {
    const id = findPosting(db, source, sourceId)!.id;
    return allLinks(db).find((link) => link.postingId === id)!;
  };

  it('founds a new opening for a posting equally similar to two openings, rather than guess', () => {
    expect(allOpenings(db)).toHaveLength(2);
    healthyRun(db, 'csp', '2026-11-02T08:00:00.000Z', [
      posting('csp', 'MEF_2026-1', { ...PEREN, title: 'Data-scientist confirmé (H/F) - PEReN' }),
      posting('csp', 'MEF_2026-2', { ...PEREN, title: 'SEN PEReN 156 - Data-scientist confirmé (H/F)' }),
    ]);
    const ambiguous = openingOf('csp', 'MEF_2026-1');
    expect(ambiguous).toMatchObject({ reason: 'first', score: null });
    expect([openingOf('passerelles', '5372').openingId, openingOf('passerelles', '5373').openingId]).not.toContain(ambiguous.openingId);
    // The control: one clearly closer opening is joined.
    expect(openingOf('csp', 'MEF_2026-2')).toMatchObject({ openingId: openingOf('passerelles', '5372').openingId, reason: 'similarity', score: 1 });
    expect(allOpenings(db)).toHaveLength(3);
  });
});
