/**
 * Charts drawn on the server as SVG by Observable Plot (axes, ticks and scales are its own) into a
 * linkedom document: no script in the page. Text and axes are `currentColor`, so they follow the
 * page's theme; series take mid-tone colours that keep 3:1 against both themes' backgrounds.
 */
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import { DAY_MS } from '../model/time.ts';
import type { OpeningTimeline } from './timeline.ts';
import type { YearFigures } from './year-figures.ts';

/** Contrast ≥ 3:1 on #fff and on the dark theme's #121417 (WCAG 1.4.11). */
export const SERIES_COLOURS = ['#3a7fd5', '#c66a12', '#28945a', '#a25ddc'] as const;
export const ALERT_COLOUR = '#d14d72';

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

interface SvgNode {
  outerHTML: string;
  setAttribute(name: string, value: string): void;
}

let shared: unknown;
/** One linkedom document for every chart: Plot only creates elements in it. */
function document(): Plot.PlotOptions['document'] {
  shared ??= parseHTML('<!doctype html><html><body></body></html>').document;
  return shared as Plot.PlotOptions['document'];
}

/** Counts: whole-number ticks only, written the French way. */
const wholeTicks = (value: number) => (Number.isInteger(value) ? value.toLocaleString('fr-FR') : '');
const frenchNumber = (value: number) => value.toLocaleString('fr-FR');

/** French dates on a time axis, as fine as the span needs: months, days, or hours. */
function timeTicks(fromMs: number, toMs: number): (date: Date) => string {
  const span = toMs - fromMs;
  const options: Intl.DateTimeFormatOptions =
    span > 120 * DAY_MS
      ? { month: 'short', year: 'numeric' }
      : span > 2 * DAY_MS
        ? { day: 'numeric', month: 'short' }
        : { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' };
  const format = new Intl.DateTimeFormat('fr-FR', { ...options, timeZone: 'Europe/Paris' });
  return (date) => format.format(date);
}

/** Room for the longest label of a band axis (about 6.6 px a character at 12 px). */
const marginFor = (labels: readonly string[]) =>
  Math.min(380, 16 + Math.ceil(6.6 * Math.max(4, ...labels.map((l) => l.length))));

/** The SVG's markup; the figure around it names it, so the drawing itself is hidden from screen readers. */
function svgOf(options: Plot.PlotOptions): string {
  const node = Plot.plot({
    document: document(),
    width: 720,
    style: { fontFamily: FONT, fontSize: '12px', background: 'transparent' },
    ...options,
  }) as unknown as SvgNode;
  node.setAttribute('aria-hidden', 'true');
  node.setAttribute('focusable', 'false');
  return node.outerHTML;
}

export interface Series {
  key: string;
  label: string;
}

export function weeklyChart(figures: YearFigures, sources: readonly Series[]): string {
  const points = figures.weeks.flatMap((week) => [
    ...sources.map((s) => ({ week: new Date(week.weekStart), series: s.label, count: week.bySource[s.key] ?? 0 })),
    { week: new Date(week.weekStart), series: 'Offres (tous portails)', count: week.openings },
  ]);
  const labels = [...sources.map((s) => s.label), 'Offres (tous portails)'];
  const peak = Math.max(1, ...points.map((p) => p.count));
  return svgOf({
    height: 280,
    marginLeft: 44,
    x: { type: 'utc', label: null, ticks: '2 months', tickFormat: timeTicks(figures.from, figures.to) },
    y: {
      grid: true,
      label: 'ouvertes',
      tickFormat: wholeTicks,
      domain: [0, peak],
      nice: true,
      ticks: Math.min(peak, 8),
    },
    color: { domain: labels, range: [...SERIES_COLOURS.slice(0, sources.length), 'currentColor'] },
    marks: [
      Plot.ruleY([0]),
      Plot.lineY(points, { x: 'week', y: 'count', stroke: 'series', strokeWidth: 2, marker: 'dot' }),
    ],
  });
}

export function durationChart(figures: YearFigures): string {
  const bins = figures.durations.bins;
  const tallest = Math.max(1, ...bins.map((b) => b.count));
  return svgOf({
    height: 240,
    marginLeft: 44,
    x: { domain: bins.map((b) => b.label), label: 'durée de publication', tickSize: 0 },
    y: {
      grid: true,
      label: 'offres fermées',
      tickFormat: wholeTicks,
      domain: [0, tallest],
      nice: true,
      ticks: Math.min(tallest, 8),
    },
    color: { domain: [true, false], range: [ALERT_COLOUR, SERIES_COLOURS[0]] },
    marks: [
      Plot.barY(bins, { x: 'label', y: 'count', fill: 'underAMonth' }),
      Plot.text(bins, {
        x: 'label',
        y: 'count',
        text: (b: { count: number }) => String(b.count),
        dy: -8,
        fill: 'currentColor',
      }),
      Plot.ruleY([0]),
    ],
  });
}

export function lagChart(figures: YearFigures, sources: readonly Series[]): string {
  const rows = figures.lags
    .filter((lag) => lag.later > 0)
    .map((lag) => ({
      portal: sources.find((s) => s.key === lag.source)?.label ?? lag.source,
      days: lag.medianDays ?? 0,
      later: lag.later,
    }));
  return svgOf({
    height: 60 + 40 * Math.max(1, rows.length),
    marginLeft: marginFor(rows.map((r) => r.portal)),
    marginRight: 90,
    x: { grid: true, label: 'jours après le premier portail (médiane)', zero: true, tickFormat: frenchNumber },
    y: { label: null, domain: rows.map((r) => r.portal) },
    color: { domain: sources.map((s) => s.label), range: SERIES_COLOURS.slice(0, sources.length) },
    marks: [
      Plot.barX(rows, { x: 'days', y: 'portal', fill: 'portal' }),
      Plot.text(rows, {
        x: 'days',
        y: 'portal',
        text: (r: { days: number; later: number }) => `${formatDays(r.days)} (${r.later})`,
        textAnchor: 'start',
        dx: 6,
        fill: 'currentColor',
      }),
      Plot.ruleX([0]),
    ],
  });
}

export function timelineChart(timeline: OpeningTimeline, sources: readonly Series[]): string {
  const label = (key: string) => sources.find((s) => s.key === key)?.label ?? key;
  const bars = timeline.postings.map((p) => ({
    portal: `${label(p.source)} ${p.reference}`,
    from: new Date(p.fromMs),
    to: new Date(Math.max(p.toMs, p.fromMs + DAY_MS / 4)),
    source: label(p.source),
  }));
  const portalOf = (id: number) => {
    const p = timeline.postings.find((posting) => posting.id === id)!;
    return `${label(p.source)} ${p.reference}`;
  };
  const changes = timeline.changes.map((c) => ({ at: new Date(c.atMs), portal: portalOf(c.postingId) }));
  const closes = timeline.postings
    .filter((p) => p.closedMs !== null)
    .map((p) => ({ at: new Date(p.closedMs!), portal: portalOf(p.id) }));
  return svgOf({
    height: 70 + 44 * bars.length,
    marginLeft: marginFor(bars.map((b) => b.portal)),
    marginRight: 24,
    x: {
      type: 'utc',
      label: null,
      domain: [new Date(timeline.fromMs), new Date(Math.max(timeline.toMs, ...bars.map((b) => b.to.getTime())))],
      ticks: 5,
      tickFormat: timeTicks(timeline.fromMs, timeline.toMs),
    },
    y: { label: null, domain: bars.map((b) => b.portal), padding: 0.35 },
    color: { domain: sources.map((s) => s.label), range: SERIES_COLOURS.slice(0, sources.length) },
    marks: [
      Plot.barX(bars, { x1: 'from', x2: 'to', y: 'portal', fill: 'source' }),
      Plot.dot(changes, { x: 'at', y: 'portal', r: 5, fill: 'currentColor', symbol: 'diamond' }),
      Plot.tickX(closes, { x: 'at', y: 'portal', stroke: ALERT_COLOUR, strokeWidth: 4 }),
    ],
  });
}

/** "3 j", "0,5 j". */
export function formatDays(days: number): string {
  return `${(Math.round(days * 10) / 10).toLocaleString('fr-FR')} j`;
}
