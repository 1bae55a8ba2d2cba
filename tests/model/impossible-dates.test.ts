/** Impossible dates are refused, never rolled over into another day or moved by an offset that no zone has. */
import { describe, expect, it } from 'vitest';
import { collectDateRefusals, parsePortalDate } from '../../src/model/dates.ts';

const refusalsOf = (text: string) => collectDateRefusals(() => parsePortalDate(text));

describe('impossible dates', () => {
  it.each([
    ['2026-11-20T25:99:99+0100', 'hour 25'],
    ['2026-11-20T23:60:00+01:00', 'minute 60'],
    ['2026-11-20 10:00:61', 'second 61'],
    ['2026-11-20T10:00:00+9900', 'offset +9900'],
    ['2026-11-20T10:00:00-1300', 'offset -1300'],
    ['2026-11-20T10:00:00+0160', 'offset +0160'],
    ['2026-02-29', 'no day 29 in month 2'],
    ['2026-13-01', 'month 13'],
    ['31/11/2026', 'no day 31 in month 11'],
    ['20/11/2026 à 24h30', 'hour 24'],
    ['Fri, 20 Nov 2026 10:00:00 +2500', 'offset +2500'],
    ['Fri, 31 Nov 2026 10:00:00 Z', 'no day 31 in month 11'],
    ['31 novembre 2026', 'no day 31 in month 11'],
    ['Date limite de candidature : 2026-11-20T25:00:00+0100', 'hour 25'],
  ])('%s is refused (%s)', (text, why) => {
    const { value, refused } = refusalsOf(text);
    expect(value).toBeNull();
    expect(refused).toHaveLength(1);
    expect(refused[0]).toContain(`(${why})`);
  });

  it.each([
    ['2026-11-20T23:59:59+14:00', '2026-11-20T10:59:59+01:00'],
    ['2026-11-20T10:00:00-12:00', '2026-11-20T23:00:00+01:00'],
    ['2026-11-20T10:12:05+0100', '2026-11-20T10:12:05+01:00'],
    ['29/02/2028 14h30', '2028-02-29T14:30:00+01:00'],
    ['Fri, 20 Nov 2026 10:00:00 CET', '2026-11-20T10:00:00+01:00'],
  ])('%s is read as %s, with nothing refused', (text, iso) => {
    expect(refusalsOf(text)).toEqual({ value: iso, refused: [] });
  });

  it('outside a collector, refuses silently; a text with no date refuses nothing', () => {
    expect(parsePortalDate('2026-11-20T25:99:99+0100')).toBeNull();
    expect(refusalsOf('référence 12345')).toEqual({ value: null, refused: [] });
  });
});
