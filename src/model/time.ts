/** Durations and date picking shared by the lifecycle, the read model and the page. */

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** The latest of ISO 8601 dates (nulls ignored), compared as instants, not as strings. */
export function newestOf(dates: Iterable<string | null | undefined>): string | null {
  let best: string | null = null;
  for (const d of dates) if (d && (best === null || Date.parse(d) > Date.parse(best))) best = d;
  return best;
}

/** The earliest of ISO 8601 dates (nulls ignored). */
export function oldestOf(dates: Iterable<string | null | undefined>): string | null {
  let best: string | null = null;
  for (const d of dates) if (d && (best === null || Date.parse(d) < Date.parse(best))) best = d;
  return best;
}
