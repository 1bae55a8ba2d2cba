/**
 * One opening's life on each portal: each posting's presence from its first sighting to its close
 * (or now), the field changes runs recorded, and the closes. From the opening's view and one query.
 */
import type { Db } from '../../db/database.ts';
import { prepared } from '../../db/statements.ts';
import type { OpeningView } from '../read-model/opening-view.ts';

interface TimelinePosting {
  id: number;
  source: string;
  reference: string;
  fromMs: number;
  /** Its close, or now while it is open or missing. */
  toMs: number;
  closedMs: number | null;
  state: 'open' | 'missing' | 'closed';
}

interface TimelineChange {
  postingId: number;
  atMs: number;
  fields: string[];
}

export interface OpeningTimeline {
  fromMs: number;
  toMs: number;
  postings: TimelinePosting[];
  /** Field changes, one per posting and instant (a run changes several fields at once). */
  changes: TimelineChange[];
}

export function openingTimeline(db: Db, opening: OpeningView, now: Date): OpeningTimeline {
  const postings = opening.postings.map(({ stored }) => {
    const closedMs = stored.state === 'closed' && stored.closedAt ? Date.parse(stored.closedAt) : null;
    return {
      id: stored.id,
      source: stored.posting.source,
      reference: stored.posting.reference ?? stored.posting.sourceId,
      fromMs: Date.parse(stored.firstSeenAt),
      toMs: closedMs ?? now.getTime(),
      closedMs,
      state: stored.state,
    };
  });
  const ids = postings.map((p) => p.id);
  const rows = ids.length
    ? prepared<number[], { postingId: number; at: string; field: string }>(
        db,
        `SELECT posting_id AS postingId, at, field FROM posting_changes WHERE posting_id IN (${ids.map(() => '?').join(', ')}) ORDER BY at, id`,
      ).all(...ids)
    : [];
  const changes = new Map<string, TimelineChange>();
  for (const row of rows) {
    const key = `${row.postingId} ${row.at}`;
    const change = changes.get(key) ?? { postingId: row.postingId, atMs: Date.parse(row.at), fields: [] };
    if (!change.fields.includes(row.field)) change.fields.push(row.field);
    changes.set(key, change);
  }
  return {
    fromMs: Math.min(...postings.map((p) => p.fromMs)),
    toMs: Math.max(...postings.map((p) => p.toMs)),
    postings,
    changes: [...changes.values()],
  };
}
