/**
 * The year in figures, from the postings' spans alone (pure: spans and an instant in, figures out).
 *
 * - Open per week: a posting is open during a week when it was first seen before the week ended and
 *   had not closed when it began; an opening, when one of its postings is. 52 weeks (Monday, UTC),
 *   the last one holding `now`.
 * - Time published: openings closed within the last 365 days, from their first sighting on any
 *   portal to their close (the last of their postings'); how many closed before the one-month rule
 *   (`minimumPublicationDays`).
 * - Lag between portals: openings on several portals, first seen within the last 365 days; each
 *   portal's date is the earliest of its postings' (the date the portal gives, else the first
 *   sighting); each portal that was not first counts the days after the first.
 */
import { DAY_MS } from '../model/time.ts';
import type { PostingSpan } from './history-rows.ts';

const WEEK_MS = 7 * DAY_MS;
const WEEKS = 52;
const YEAR_MS = 365 * DAY_MS;

interface WeekCount {
  /** Monday 00:00 UTC. */
  weekStart: number;
  openings: number;
  bySource: Record<string, number>;
}

interface DurationBin {
  label: string;
  fromDays: number;
  /** Exclusive; null for the last, open-ended bin. */
  toDays: number | null;
  count: number;
  underAMonth: boolean;
}

interface DurationFigures {
  closed: number;
  /** Closed in fewer than `minimumPublicationDays` days. */
  closedWithinMonth: number;
  medianDays: number | null;
  bins: DurationBin[];
}

interface LagFigures {
  source: string;
  /** Openings on several portals where this portal showed it first (ties count for each). */
  first: number;
  /** Openings where it came after the first portal, and after how many days (median, longest). */
  later: number;
  medianDays: number | null;
  maxDays: number | null;
}

export interface YearFigures {
  from: number;
  to: number;
  weeks: WeekCount[];
  durations: DurationFigures;
  lags: LagFigures[];
  /** Openings on several portals the lags are computed over. */
  multiPortal: number;
}

function mondayOf(instant: number): number {
  const day = Math.floor(instant / DAY_MS);
  // 1970-01-01 was a Thursday: day 0 is 3 days after a Monday.
  return (day - ((day + 3) % 7)) * DAY_MS;
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** What the figures need of one opening, gathered in one pass over its postings. */
interface OpeningSpan {
  firstSeenMs: number;
  /** Its close (the last of its postings'), or null while one is open or missing. */
  closedMs: number | null;
  /** Per source: the earliest date the portal gives (else the first sighting). */
  shownAt: Map<string, number>;
}

function openingSpans(spans: readonly PostingSpan[]): OpeningSpan[] {
  const byId = new Map<number, OpeningSpan & { open: boolean }>();
  for (const span of spans) {
    let opening = byId.get(span.openingId);
    if (!opening) {
      opening = { firstSeenMs: span.firstSeenMs, closedMs: span.closedMs, shownAt: new Map(), open: false };
      byId.set(span.openingId, opening);
    }
    opening.firstSeenMs = Math.min(opening.firstSeenMs, span.firstSeenMs);
    if (span.closedMs === null) opening.open = true;
    else opening.closedMs = Math.max(opening.closedMs ?? span.closedMs, span.closedMs);
    const shown = span.publishedMs ?? span.firstSeenMs;
    const before = opening.shownAt.get(span.source);
    if (before === undefined || shown < before) opening.shownAt.set(span.source, shown);
  }
  return [...byId.values()].map(({ open, ...opening }) => ({ ...opening, closedMs: open ? null : opening.closedMs }));
}

/** Per week, how many postings (by source) and openings were open: a difference array, linear in the spans. */
function weeklyCounts(
  spans: readonly PostingSpan[],
  openings: readonly OpeningSpan[],
  now: number,
  sources: readonly string[],
): WeekCount[] {
  const first = mondayOf(now) - (WEEKS - 1) * WEEK_MS;
  const indexOf = (instant: number) => Math.floor((instant - first) / WEEK_MS);
  const add = (diff: number[], from: number, to: number | null) => {
    // The weeks [from, to) overlaps: the week holding `from` to the week holding its last instant.
    const start = Math.max(0, indexOf(from));
    const end = to === null ? WEEKS - 1 : Math.min(WEEKS - 1, indexOf(to - 1));
    if (start > WEEKS - 1 || end < start) return;
    diff[start]! += 1;
    diff[end + 1]! -= 1;
  };
  const bySource = new Map(sources.map((source) => [source, new Array<number>(WEEKS + 1).fill(0)]));
  for (const span of spans) add(bySource.get(span.source)!, span.firstSeenMs, span.closedMs);
  const ofOpenings = new Array<number>(WEEKS + 1).fill(0);
  for (const opening of openings) add(ofOpenings, opening.firstSeenMs, opening.closedMs);
  const running = (diff: number[]) => {
    let total = 0;
    return diff.slice(0, WEEKS).map((d) => (total += d));
  };
  const openingCounts = running(ofOpenings);
  const sourceCounts = new Map([...bySource].map(([source, diff]) => [source, running(diff)]));
  return openingCounts.map((count, week) => ({
    weekStart: first + week * WEEK_MS,
    openings: count,
    bySource: Object.fromEntries(sources.map((source) => [source, sourceCounts.get(source)![week]!])),
  }));
}

function durationFigures(openings: readonly OpeningSpan[], now: number, monthDays: number): DurationFigures {
  const edges = [0, 7, 14, monthDays, 60, 90, 180].filter((edge, i, all) => i === 0 || edge > all[i - 1]!);
  const counts = new Array<number>(edges.length).fill(0);
  const days: number[] = [];
  for (const opening of openings) {
    if (opening.closedMs === null || opening.closedMs <= now - YEAR_MS || opening.closedMs > now) continue;
    const d = (opening.closedMs - opening.firstSeenMs) / DAY_MS;
    days.push(d);
    let bin = edges.length - 1;
    while (bin > 0 && d < edges[bin]!) bin--;
    counts[bin]!++;
  }
  return {
    closed: days.length,
    closedWithinMonth: days.filter((d) => d < monthDays).length,
    medianDays: median(days),
    bins: edges.map((fromDays, i) => {
      const toDays = edges[i + 1] ?? null;
      return {
        label: toDays === null ? `${fromDays} j et plus` : `${fromDays} à ${toDays} j`,
        fromDays,
        toDays,
        count: counts[i]!,
        underAMonth: toDays !== null && toDays <= monthDays,
      };
    }),
  };
}

function lagFigures(openings: readonly OpeningSpan[], now: number, sources: readonly string[]) {
  const lags = new Map(sources.map((source) => [source, { first: 0, days: [] as number[] }]));
  let multiPortal = 0;
  for (const { shownAt, firstSeenMs } of openings) {
    if (shownAt.size < 2 || firstSeenMs <= now - YEAR_MS) continue;
    multiPortal++;
    const earliest = Math.min(...shownAt.values());
    for (const [source, at] of shownAt) {
      const entry = lags.get(source)!;
      if (at === earliest) entry.first++;
      else entry.days.push((at - earliest) / DAY_MS);
    }
  }
  return {
    multiPortal,
    lags: sources.map((source) => {
      const { first, days } = lags.get(source)!;
      return {
        source,
        first,
        later: days.length,
        medianDays: median(days),
        maxDays: days.length ? Math.max(...days) : null,
      };
    }),
  };
}

export function yearFigures(
  spans: readonly PostingSpan[],
  now: Date,
  options: { sources: readonly string[]; minimumPublicationDays: number },
): YearFigures {
  const at = now.getTime();
  const openings = openingSpans(spans);
  const weeks = weeklyCounts(spans, openings, at, options.sources);
  return {
    from: weeks[0]!.weekStart,
    to: at,
    weeks,
    durations: durationFigures(openings, at, options.minimumPublicationDays),
    ...lagFigures(openings, at, options.sources),
  };
}
