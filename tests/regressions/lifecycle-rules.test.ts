/**
 * Lifecycle rules a one-line change could break unnoticed (issue 17's mutation pass): the deadline
 * a run decides on, the place in similarity, what `link` and `reopen` accept, which new offers are
 * announced, and the calendar's SEQUENCE. Dates are fixed in the data, never today's.
 */
import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/database.ts';
import { linkOf } from '../../db/openings.ts';
import { findPosting } from '../../db/postings.ts';
import { healthyRun, memoryDb, posting } from '../../scripts/synthetic-store.ts';
import { parseConfig } from '../../src/config.ts';
import { deadlineEntries } from '../../src/feeds/calendar.ts';
import { closePosting, reopenPosting } from '../../src/lifecycle/manual-close.ts';
import { linkPosting, ManualActionError } from '../../src/lifecycle/manual-links.ts';
import { runNotifications } from '../../src/notify/collect.ts';
import { notifyContext } from '../../src/notify/enqueue.ts';

const state = (db: Db, source: 'pass' | 'csp' | 'passerelles' | 'peren', id: string) => {
  const p = findPosting(db, source, id)!;
  return { state: p.state, closeReason: p.closeReason };
};
const openingOf = (db: Db, source: 'pass' | 'csp' | 'passerelles', id: string) =>
  linkOf(db, findPosting(db, source, id)!.id)!.openingId;

describe('a run decides on the deadline it sees', () => {
  it('a deadline of 2 November extended to 15 December on 3 November keeps the posting open', () => {
    const db = memoryDb();
    healthyRun(db, 'pass', '2026-11-01T08:00:00Z', [posting('pass', 'A-1', { deadline: '2026-11-02T00:00:00+01:00' })]);
    healthyRun(db, 'pass', '2026-11-03T08:00:00Z', [posting('pass', 'A-1', { deadline: '2026-12-15T00:00:00+01:00' })]);
    expect(state(db, 'pass', 'A-1')).toEqual({ state: 'open', closeReason: null });
    // The control: seen again with the old deadline, it closes.
    healthyRun(db, 'pass', '2026-11-03T09:00:00Z', [posting('pass', 'A-1', { deadline: '2026-11-02T00:00:00+01:00' })]);
    expect(state(db, 'pass', 'A-1')).toEqual({ state: 'closed', closeReason: 'deadline' });
  });
});

describe('similarity weighs the place', () => {
  it('same title and employer in Lyon and in Paris, no department: two openings', () => {
    const db = memoryDb();
    const offer = { title: 'Chargé de mission régulation numérique', employer: 'PEReN', department: null };
    healthyRun(db, 'passerelles', '2026-11-01T08:00:00Z', [
      posting('passerelles', '1', { ...offer, location: 'Lyon' }),
    ]);
    healthyRun(db, 'csp', '2026-11-01T09:00:00Z', [
      posting('csp', 'MEF-1', { ...offer, location: 'Paris' }),
      posting('csp', 'MEF-2', { ...offer, location: 'Lyon' }),
    ]);
    expect(openingOf(db, 'csp', 'MEF-1')).not.toBe(openingOf(db, 'passerelles', '1'));
    // The control: the same place makes one opening.
    expect(openingOf(db, 'csp', 'MEF-2')).toBe(openingOf(db, 'passerelles', '1'));
  });
});

describe('what a person may change', () => {
  const AT = '2026-11-05T08:00:00Z';
  function store(): Db {
    const db = memoryDb();
    healthyRun(db, 'pass', '2026-11-01T08:00:00Z', [
      posting('pass', 'A-1', { title: 'Apprenti(e) data scientist' }),
      posting('pass', 'B-2', { title: 'Stage juriste' }),
    ]);
    healthyRun(db, 'peren', '2026-11-01T08:00:00Z', [posting('peren', 'T-1', { title: 'Apprenti(e) data scientist' })]);
    return db;
  }

  it('`link peren:T-1 pass:A-1` is refused: a hiring-page tile is not a posting to link', () => {
    const db = store();
    expect(() => linkPosting(db, 'peren:T-1', 'pass:A-1', AT)).toThrow(ManualActionError);
    expect(() => linkPosting(db, 'peren:T-1', 'pass:A-1', AT)).toThrow(/hiring-page tile/);
    expect(() => linkPosting(db, 'pass:A-1', 'peren:T-1', AT)).toThrow(/hiring-page tile/);
    expect(linkOf(db, findPosting(db, 'peren', 'T-1')!.id)).toBeUndefined();
    // The control: two portal postings link.
    expect(linkPosting(db, 'pass:B-2', 'pass:A-1', AT).openingId).toBe(openingOf(db, 'pass', 'A-1'));
  });

  it('`reopen` of a posting the runs closed (gone) is refused; a manual close is undone', () => {
    const db = store();
    for (const at of ['2026-11-02T08:00:00Z', '2026-11-03T08:00:00Z', '2026-11-04T08:00:00Z'])
      healthyRun(db, 'pass', at, [posting('pass', 'B-2', { title: 'Stage juriste' })]);
    expect(state(db, 'pass', 'A-1')).toEqual({ state: 'closed', closeReason: 'gone' });
    expect(() => reopenPosting(db, 'pass:A-1', AT)).toThrow(/not closed by hand/);
    expect(state(db, 'pass', 'A-1')).toEqual({ state: 'closed', closeReason: 'gone' });
    closePosting(db, 'pass:B-2', AT, 'pourvu');
    reopenPosting(db, 'pass:B-2', AT);
    expect(state(db, 'pass', 'B-2')).toEqual({ state: 'open', closeReason: null });
  });
});

describe('what a later run announces', () => {
  it('a new offer whose deadline has passed is no news; one still open is', () => {
    const db = memoryDb();
    const ctx = notifyContext(
      parseConfig({
        server: { publicUrl: 'https://offres.example.org/' },
        notify: { channels: { all: { type: 'webhook', url: 'https://hooks.example.org/x', secretEnv: 'S' } } },
      }),
    );
    healthyRun(db, 'pass', '2026-11-01T08:00:00Z', [posting('pass', 'A-1', { title: 'Stage juriste' })]);
    const later = healthyRun(db, 'pass', '2026-11-10T08:00:00Z', [
      posting('pass', 'A-1', { title: 'Stage juriste' }),
      posting('pass', 'B-2', { title: 'Stage développeur', deadline: '2026-11-05T00:00:00+01:00' }),
      posting('pass', 'C-3', { title: 'Apprenti(e) data scientist', deadline: '2026-12-05T00:00:00+01:00' }),
    ]);
    expect(state(db, 'pass', 'B-2')).toEqual({ state: 'closed', closeReason: 'deadline' });
    const news = runNotifications(db, later, ctx).filter((n) => n.kind === 'new');
    expect(news.map((n) => (n as { opening: { title: string } }).opening.title)).toEqual([
      'Apprenti(e) data scientist',
    ]);
  });
});

describe('the calendar event of an opening', () => {
  it('closed then reopened: SEQUENCE rises at each step', () => {
    const db = memoryDb();
    healthyRun(db, 'pass', '2026-11-01T08:00:00Z', [
      posting('pass', 'A-1', { title: 'Stage juriste', deadline: '2026-12-15T00:00:00+01:00' }),
    ]);
    const now = new Date('2026-11-06T08:00:00Z');
    const sequence = () => deadlineEntries(db, now).map((e) => e.sequence);
    const first = sequence();
    expect(first).toHaveLength(1);
    closePosting(db, 'pass:A-1', '2026-11-04T08:00:00Z', null);
    const closed = sequence();
    reopenPosting(db, 'pass:A-1', '2026-11-05T08:00:00Z');
    const reopened = sequence();
    expect(closed[0]).toBeGreaterThan(first[0]!);
    expect(reopened[0]).toBeGreaterThan(closed[0]!);
  });
});
