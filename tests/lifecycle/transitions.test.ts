import { describe, expect, it } from 'vitest';
import { comparable, similarity } from '../../src/lifecycle/similarity.ts';
import { deadlinePassed, whenAbsent, whenSeen } from '../../src/lifecycle/transitions.ts';
import type { PostingLifeState } from '../../src/model/lifecycle.ts';
import { emptyPosting, type Posting } from '../../src/model/posting.ts';
import type { InventoryResult } from '../../src/pipeline/crawl.ts';
import { judgeInventory } from '../../src/pipeline/health.ts';
import { runReasonText, transitionReasonText } from '../../src/wording/reasons.ts';

const settings = { missingRunsToClose: 3, missingHoursToClose: 24, minimumPublicationDays: 30 };
const H = 3_600_000;
const T0 = Date.parse('2026-11-01T10:00:00Z');
const at = (hours: number) => new Date(T0 + hours * H).toISOString();

function stored(
  overrides: Partial<PostingLifeState> = {},
  posting: Partial<Pick<PostingLifeState, 'deadline' | 'publishedAt'>> = {},
): PostingLifeState {
  return {
    id: 1,
    sourceId: '5372',
    state: 'open',
    firstSeenAt: '2026-09-01T08:00:00.000Z',
    missingSince: null,
    missingRuns: 0,
    closedAt: null,
    closeReason: null,
    shortLived: false,
    deadline: null,
    publishedAt: '2026-09-01T00:00:00+02:00',
    ...overrides,
    ...posting,
  };
}

describe('posting transitions', () => {
  it('goes missing on the first absence and closes only after N runs and H hours', () => {
    const first = whenAbsent(stored(), 2, at(1), settings)!;
    expect(first.change).toMatchObject({ state: 'missing', missingRuns: 1, missingSince: at(1) });
    const second = whenAbsent(stored({ state: 'missing', missingSince: at(1), missingRuns: 1 }), 3, at(2), settings)!;
    expect(second.change).toMatchObject({ state: 'missing', missingRuns: 2 });
    // Third absence, but only 2 hours later: still missing (the hours rule).
    const third = whenAbsent(stored({ state: 'missing', missingSince: at(1), missingRuns: 2 }), 4, at(3), settings)!;
    expect(third.change).toMatchObject({ state: 'missing', missingRuns: 3 });
    const closed = whenAbsent(stored({ state: 'missing', missingSince: at(1), missingRuns: 3 }), 5, at(26), settings)!;
    expect(closed).toMatchObject({
      event: 'closed',
      change: { state: 'closed', closeReason: 'gone', closedAt: at(26), runId: 5, shortLived: false },
    });
  });

  it('waits for N runs even when the hours are long past (the runs rule)', () => {
    const second = whenAbsent(stored({ state: 'missing', missingSince: at(1), missingRuns: 1 }), 3, at(72), settings)!;
    expect(second).toMatchObject({
      event: 'missing',
      change: { state: 'missing', missingRuns: 2, missingSince: at(1) },
    });
    const third = whenAbsent(stored({ state: 'missing', missingSince: at(1), missingRuns: 2 }), 4, at(73), settings)!;
    expect(third).toMatchObject({ event: 'closed', change: { state: 'closed', closeReason: 'gone', missingRuns: 3 } });
  });

  it('keeps a posting closed by hand whatever a run sees: listed, filled, past its deadline or absent', () => {
    const manual = stored({ state: 'closed', closeReason: 'manual', closedAt: at(1) });
    expect(whenSeen(manual, 3, at(2), false, settings)).toBeNull();
    expect(whenSeen(manual, 3, at(2), true, settings)).toBeNull();
    expect(whenSeen({ ...manual, deadline: '2026-10-01T00:00:00+02:00' }, 3, at(2), false, settings)).toBeNull();
    expect(whenAbsent(manual, 3, at(48), settings)).toBeNull();
    // The same posting closed by a run is reopened when listed again: the guard is about the person.
    expect(whenSeen({ ...manual, closeReason: 'gone' }, 3, at(2), false, settings)).toMatchObject({
      event: 'reopened',
    });
  });

  it('flags a close less than a month after publication', () => {
    const young = stored(
      { state: 'missing', missingSince: at(1), missingRuns: 3 },
      { publishedAt: '2026-10-25T00:00:00+02:00' },
    );
    const closed = whenAbsent(young, 5, at(26), settings)!;
    expect(closed.change.shortLived).toBe(true);
    expect(closed.reason).toMatchObject({ code: 'gone', shortLived: true });
    expect(transitionReasonText(closed.reason)).toMatch(/moins d'un mois/);
  });

  it('comes back open when seen again, reopens a closed posting, closes a filled one', () => {
    expect(
      whenSeen(stored({ state: 'missing', missingSince: at(1), missingRuns: 1 }), 3, at(2), false, settings),
    ).toMatchObject({ event: 'seen-again', change: { state: 'open', missingRuns: 0 } });
    expect(
      whenSeen(stored({ state: 'closed', closeReason: 'gone', closedAt: at(1) }), 3, at(2), false, settings),
    ).toMatchObject({ event: 'reopened', change: { state: 'open', closedAt: null } });
    expect(whenSeen(stored(), 3, at(2), true, settings)).toMatchObject({
      event: 'closed',
      change: { closeReason: 'filled' },
    });
    expect(whenSeen(stored(), 3, at(2), false, settings)).toBeNull();
  });

  it('closes on a deadline once its day is over, even while still listed, and does not reopen it', () => {
    const deadline = '2026-11-02T00:00:00+01:00';
    expect(deadlinePassed(deadline, '2026-11-02T22:59:00Z')).toBe(false);
    expect(deadlinePassed(deadline, '2026-11-02T23:00:00Z')).toBe(true);
    const listed = whenSeen(stored({}, { deadline }), 4, '2026-11-03T08:00:00Z', false, settings)!;
    expect(listed).toMatchObject({ event: 'closed', change: { closeReason: 'deadline', shortLived: false } });
    expect(
      whenSeen(
        stored({ state: 'closed', closeReason: 'deadline' }, { deadline }),
        5,
        '2026-11-04T08:00:00Z',
        false,
        settings,
      ),
    ).toBeNull();
  });
});

describe('similarity', () => {
  const a = {
    ...emptyPosting('passerelles', '4165', 'https://a/4165', 'Développeur front-end - SEN PEReN 155 H/F'),
    employer: 'PEReN',
    department: '75',
  };
  it('scores the same post high and different posts low', () => {
    const b = {
      ...emptyPosting('csp', '2026-1', 'https://b/1', 'Développeur / Développeuse front-end (H/F) - PEReN'),
      employer: 'PEReN',
      department: '75',
    };
    const c = {
      ...emptyPosting('csp', '2026-2', 'https://b/2', 'Juriste spécialisé en régulation numérique (H/F)'),
      employer: 'PEReN',
      department: '75',
    };
    const score = (x: Posting, y: Posting) => similarity(comparable(x), comparable(y));
    expect(score(a, b)).toBeGreaterThan(0.82);
    expect(score(a, c)).toBeLessThan(0.5);
    expect(score(a, { ...b, department: '69' })).toBe(0);
  });
});

describe('run health', () => {
  const inventory = (listed: number, extra: Partial<InventoryResult> = {}): InventoryResult => ({
    listed,
    pages: [{ url: 'u', label: 'l', variant: 'v', postings: listed, notModified: false, error: null }],
    problems: [],
    failures: [],
    declaredTotal: null,
    announcedBySeries: [],
    statedEmpty: false,
    ...extra,
  });

  it('is healthy when complete and plausible', () => {
    expect(judgeInventory(inventory(20), 22, 0.5)).toEqual({ healthy: true, reason: null });
    expect(judgeInventory(inventory(2), 3, 0.5).healthy).toBe(true);
  });

  it('doubts a big drop against the announced total or the previous run', () => {
    expect(judgeInventory(inventory(5, { declaredTotal: 27 }), 27, 0.5).reason).toEqual({
      reason: { code: 'count-below-announced', listed: 5, announced: 27 },
      more: 0,
    });
    expect(judgeInventory(inventory(5), 40, 0.5).reason).toEqual({
      reason: { code: 'count-below-previous', listed: 5, previous: 40 },
      more: 0,
    });
    expect(judgeInventory(inventory(0), 3, 0.5).reason).toEqual({
      reason: { code: 'nothing-listed', previous: 3 },
      more: 0,
    });
    expect(judgeInventory(inventory(0, { statedEmpty: true }), 3, 0.5).healthy).toBe(true);
  });

  it('applies the drop ratio as configured, not only at 0.5 (where 1 - r = r)', () => {
    // With 0.2, a listing may lose at most a fifth: floor(20 × 0.8) = 16.
    expect(judgeInventory(inventory(16), 20, 0.2)).toEqual({ healthy: true, reason: null });
    expect(judgeInventory(inventory(15), 20, 0.2).reason).toEqual({
      reason: { code: 'count-below-previous', listed: 15, previous: 20 },
      more: 0,
    });
    expect(judgeInventory(inventory(24, { declaredTotal: 30 }), 20, 0.2).healthy).toBe(true);
    expect(judgeInventory(inventory(23, { declaredTotal: 30 }), 20, 0.2).reason).toEqual({
      reason: { code: 'count-below-announced', listed: 23, announced: 30 },
      more: 0,
    });
    // With 0.9 a tenth is enough.
    expect(judgeInventory(inventory(2), 20, 0.9).healthy).toBe(true);
    expect(judgeInventory(inventory(1), 20, 0.9).healthy).toBe(false);
  });

  it('reports the first failure', () => {
    const failures = [{ code: 'fetch-failed' as const, url: 'x', error: 'HTTP 500' }, { code: 'interrupted' as const }];
    const verdict = judgeInventory(inventory(20, { failures }), null, 0.5);
    expect(verdict.reason).toEqual({ reason: failures[0], more: 1 });
    expect(runReasonText(verdict.reason!)).toBe('impossible de récupérer x : HTTP 500 (+1 autre)');
  });
});
