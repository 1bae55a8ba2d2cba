/**
 * The year in pictures against a history whose answer is worked out by hand (below), then the same
 * figures in the charts' tables and drawings.
 *
 * now = Wednesday 2026-06-17 12:00 UTC; the last week starts Monday 2026-06-15, the first 51 weeks earlier.
 * - O1: Passerelles seen 06-01 (published 06-01), CSP published 06-04 and seen 06-05, both open: CSP 3 days after.
 * - O2: Passerelles seen 05-04, closed 05-20: 16 days, within the month.
 * - O3: CSP seen 01-05, closed Monday 03-16 00:00: 70 days; open through the week of 03-09, not 03-16.
 * - O4: PASS, 2024-01-01 to 2025-01-01: before the window, counted nowhere.
 * - O5: Passerelles seen 06-08, closed 06-10; CSP seen 06-09, open: the opening is open, CSP 1 day after.
 */
import { describe, expect, it } from 'vitest';
import type { PostingSpan } from '../../src/charts/history-rows.ts';
import { durationChart, lagChart, timelineChart, weeklyChart } from '../../src/charts/render-svg.ts';
import { yearFigures } from '../../src/charts/year-figures.ts';
import { timelineFigure, yearSection } from '../../src/server/pages/charts.ts';

const t = (iso: string) => Date.parse(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
const span = (
  openingId: number,
  source: string,
  firstSeen: string,
  closed: string | null,
  published: string | null = null,
): PostingSpan => ({
  openingId,
  source,
  firstSeenMs: t(firstSeen),
  publishedMs: published ? t(published) : null,
  closedMs: closed ? t(closed) : null,
});

const SPANS = [
  span(1, 'passerelles', '2026-06-01', null, '2026-06-01'),
  span(1, 'csp', '2026-06-05', null, '2026-06-04'),
  span(2, 'passerelles', '2026-05-04', '2026-05-20'),
  span(3, 'csp', '2026-01-05', '2026-03-16'),
  span(4, 'pass', '2024-01-01', '2025-01-01'),
  span(5, 'passerelles', '2026-06-08', '2026-06-10'),
  span(5, 'csp', '2026-06-09', null),
];
const NOW = new Date('2026-06-17T12:00:00Z');
const SOURCES = ['passerelles', 'csp', 'pass'];
const figures = yearFigures(SPANS, NOW, { sources: SOURCES, minimumPublicationDays: 30 });
const week = (monday: string) => figures.weeks.find((w) => w.weekStart === t(monday));

describe('the year in figures', () => {
  it('counts open openings and postings per week and portal', () => {
    expect(figures.weeks).toHaveLength(52);
    expect(figures.weeks[0]!.weekStart).toBe(t('2025-06-23'));
    expect(figures.weeks.at(-1)!.weekStart).toBe(t('2026-06-15'));
    expect(week('2026-06-15')).toEqual({
      weekStart: t('2026-06-15'),
      openings: 2,
      bySource: { passerelles: 1, csp: 2, pass: 0 },
    });
    expect(week('2026-06-08')).toMatchObject({ openings: 2, bySource: { passerelles: 2, csp: 2, pass: 0 } });
    expect(week('2026-06-01')).toMatchObject({ openings: 1, bySource: { passerelles: 1, csp: 1, pass: 0 } });
    expect(week('2026-05-25')).toMatchObject({ openings: 0 });
    for (const monday of ['2026-05-04', '2026-05-11', '2026-05-18'])
      expect(week(monday)).toMatchObject({ openings: 1, bySource: { passerelles: 1, csp: 0 } });
    expect(week('2026-03-09')).toMatchObject({ openings: 1, bySource: { csp: 1 } });
    expect(week('2026-03-16')).toMatchObject({ openings: 0, bySource: { csp: 0 } });
    expect(week('2026-01-05')).toMatchObject({ openings: 1 });
    expect(week('2025-12-29')).toMatchObject({ openings: 0 });
    // O3 is open 10 weeks (01-05 to 03-09), O2 3, O1 3 and O5 2: nothing else is ever counted.
    expect(figures.weeks.reduce((sum, w) => sum + w.openings, 0)).toBe(10 + 3 + 3 + 2);
    expect(figures.weeks.reduce((sum, w) => sum + (w.bySource.pass ?? 0), 0)).toBe(0);
  });

  it('measures how long closed openings stayed published, and the one-month rule', () => {
    const d = figures.durations;
    expect(d.closed).toBe(2);
    expect(d.closedWithinMonth).toBe(1);
    expect(d.medianDays).toBe(43);
    expect(d.bins.map((b) => [b.label, b.count, b.underAMonth])).toEqual([
      ['0 à 7 j', 0, true],
      ['7 à 14 j', 0, true],
      ['14 à 30 j', 1, true],
      ['30 à 60 j', 0, false],
      ['60 à 90 j', 1, false],
      ['90 à 180 j', 0, false],
      ['180 j et plus', 0, false],
    ]);
  });

  it('says how long after the first portal each other one showed an opening', () => {
    expect(figures.multiPortal).toBe(2);
    expect(figures.lags).toEqual([
      { source: 'passerelles', first: 2, later: 0, medianDays: null, maxDays: null },
      { source: 'csp', first: 0, later: 2, medianDays: 2, maxDays: 3 },
      { source: 'pass', first: 0, later: 0, medianDays: null, maxDays: null },
    ]);
  });

  it('puts the same figures in the tables and the drawings', () => {
    const page = yearSection(figures, { minimumPublicationDays: 30 }).value;
    expect(page).toContain('<tr><th scope="row">15/06/2026</th><td>2</td><td>1</td><td>2</td><td>0</td></tr>');
    expect(page).toContain('<tr><th scope="row">14 à 30 j</th><td>1</td></tr>');
    expect(page).toContain('2 offres fermées, publiées 43 j en médiane');
    expect(page).toContain('1 fermée en moins de 30 jours');
    expect(page).toContain(
      '<tr><th scope="row">Choisir le service public</th><td>0</td><td>2</td><td>2 j</td><td>3 j</td></tr>',
    );
    expect(page).not.toContain('<script');

    const series = SOURCES.map((key) => ({ key, label: key }));
    // One bar per duration bin, two of them above zero; one bar per portal that came later.
    const bars = [...durationChart(figures).matchAll(/<rect [^>]*height="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(bars).toHaveLength(7);
    expect(bars.filter((h) => h > 0)).toHaveLength(2);
    expect(bars[2]).toBe(bars[4]);
    expect(lagChart(figures, series).match(/<rect /g)).toHaveLength(1);
    // One line per portal and one for the openings, each through 52 weeks.
    const weekly = weeklyChart(figures, series);
    expect(weekly.match(/<path [^>]*d="M/g)?.length).toBeGreaterThanOrEqual(4);
    expect(weekly).toContain('aria-hidden="true"');
  });

  it('draws an opening’s timeline with its changes and closes, and tabulates them', () => {
    const timeline = {
      fromMs: t('2026-05-01'),
      toMs: t('2026-06-17'),
      postings: [
        {
          id: 1,
          source: 'passerelles',
          reference: 'SEN PEReN 160',
          fromMs: t('2026-05-01'),
          toMs: t('2026-06-10'),
          closedMs: t('2026-06-10'),
          state: 'closed' as const,
        },
        {
          id: 2,
          source: 'csp',
          reference: 'MEF_2026-1',
          fromMs: t('2026-05-03'),
          toMs: t('2026-06-17'),
          closedMs: null,
          state: 'open' as const,
        },
      ],
      changes: [{ postingId: 2, atMs: t('2026-05-20T10:00:00Z'), fields: ['deadline', 'title'] }],
    };
    const svg = timelineChart(timeline, [
      { key: 'passerelles', label: 'Passerelles' },
      { key: 'csp', label: 'CSP' },
    ]);
    expect(svg.match(/<rect /g)).toHaveLength(2);
    // One diamond for the change (on the CSP row), one tick for the close.
    expect(/<g [^>]*aria-label="dot"[^>]*>((?:(?!<\/g>).)*)<\/g>/s.exec(svg)?.[1]?.match(/<path /g)).toHaveLength(1);
    expect(/<g [^>]*aria-label="tick"[^>]*>((?:(?!<\/g>).)*)<\/g>/s.exec(svg)?.[1]?.match(/<line /g)).toHaveLength(1);
    const figure = timelineFigure(timeline).value;
    expect(figure).toContain('2 annonces, chacune en barre');
    expect(figure).toContain('1 changement de champs');
    expect(figure).toContain('1 fermeture.');
    expect(figure).toMatch(
      /<th scope="row">Choisir le service public MEF_2026-1<\/th><td>03\/05\/2026[^<]*<\/td><td>aujourd’hui<\/td><td>ouverte<\/td><td>20\/05\/2026[^<]* : date limite de candidature, intitulé<\/td>/,
    );
  });
});
