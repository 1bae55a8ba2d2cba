import { describe, expect, it } from 'vitest';
import { frenchDateTime, relativeTime } from '../../src/render/relative-time.ts';
import { deadlineState } from '../../src/server/pages/components.ts';

const now = new Date('2026-11-28T15:00:00Z');
const instantBefore = (ms: number) => new Date(now.getTime() - ms).toISOString();
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

describe('relativeTime', () => {
  it.each([
    [20_000, 'à l’instant'],
    [5 * MIN, 'il y a 5 min'],
    [59 * MIN + 59_000, 'il y a 59 min'],
    [3 * HOUR, 'il y a 3 h'],
    [3 * HOUR + 59 * MIN, 'il y a 3 h'],
    [23 * HOUR, 'il y a 23 h'],
    [DAY, 'il y a 1 j'],
    [45 * DAY, 'il y a 45 j'],
    [90 * DAY, 'il y a 2 mois'],
    [400 * DAY, 'il y a 1 an'],
    [5 * 366 * DAY, 'il y a 5 ans'],
  ])('%i ms ago reads "%s"', (ago, words) => {
    expect(relativeTime(instantBefore(ago), now)).toBe(words);
  });

  it('speaks of the future with "dans"', () => {
    expect(relativeTime(instantBefore(-5 * DAY), now)).toBe('dans 5 j');
    expect(relativeTime(instantBefore(-2 * HOUR), now)).toBe('dans 2 h');
  });

  it('returns what it was given when it is not a date', () => {
    expect(relativeTime('bientôt', now)).toBe('bientôt');
  });
});

describe('frenchDateTime', () => {
  it('shows Paris wall-clock time, winter and summer', () => {
    expect(frenchDateTime('2026-11-28T14:48:00Z')).toBe('28/11/2026 15:48');
    expect(frenchDateTime('2026-07-01T08:05:00Z')).toBe('01/07/2026 10:05');
  });
});

describe('deadlineState', () => {
  it('is passed once the deadline day has ended in Paris', () => {
    expect(deadlineState('2026-11-27T00:00:00+01:00', now)).toBe('passed');
    expect(deadlineState('2026-11-28T00:00:00+01:00', now)).toBe('close');
  });
  it('is close within 7 days, far after', () => {
    expect(deadlineState('2026-12-04T00:00:00+01:00', now)).toBe('close');
    expect(deadlineState('2026-12-05T00:00:00+01:00', now)).toBe('far');
  });
  it('is none without a deadline', () => {
    expect(deadlineState(null, now)).toBe('none');
  });
});
