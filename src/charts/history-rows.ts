/** What the charts read: one narrow row per portal posting, in one query (no content, no JSON). */
import type { Db } from '../../db/database.ts';
import { prepared } from '../../db/statements.ts';

export interface PostingSpan {
  openingId: number;
  source: string;
  /** When a run first saw it. */
  firstSeenMs: number;
  /** The date the portal says it published it, when it says one. */
  publishedMs: number | null;
  /** When it closed; null while open or missing. */
  closedMs: number | null;
}

/** Instants as epoch milliseconds computed by SQLite, which parses ISO dates faster than a loop of Date.parse. */
const EPOCH_MS = (column: string) => `CAST(round((julianday(${column}) - 2440587.5) * 86400000) AS INTEGER)`;

/** The spans of one organisation's postings (every organisation's when it is null). */
export function postingSpans(db: Db, sources: readonly string[], organisation: string | null = null): PostingSpan[] {
  if (sources.length === 0) return [];
  const rows = prepared<(string | null)[], [number, string, number, number | null, number | null]>(
    db,
    `SELECT l.opening_id, p.source, ${EPOCH_MS('p.first_seen_at')}, ${EPOCH_MS('p.published_at')}, ${EPOCH_MS('p.closed_at')}
       FROM postings p JOIN opening_links l ON l.posting_id = p.id
      WHERE (? IS NULL OR p.organisation = ?) AND p.source IN (${sources.map(() => '?').join(', ')})`,
  )
    .raw(true)
    .all(organisation, organisation, ...sources);
  return rows.map(([openingId, source, firstSeenMs, publishedMs, closedMs]) => ({
    openingId,
    source,
    firstSeenMs,
    publishedMs,
    closedMs,
  }));
}
