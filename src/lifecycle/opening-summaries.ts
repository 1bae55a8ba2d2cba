/**
 * After postings change, their openings are summarised again (status, title, dates, search text:
 * what readers filter and page by) and the opening-level events are written: a new opening, an
 * opening closed on every portal, an opening open again. Before and after come from the summary
 * itself, so only the openings a change touched are looked at.
 */
import type { Db } from '../../db/database.ts';
import { insertEvent } from '../../db/events.ts';
import {
  deleteEmptyOpenings,
  openingMembers,
  openingRows,
  setOpeningSummary,
  unsummarisedOpeningIds,
} from '../../db/openings.ts';
import { releaseGarbage } from '../heap.ts';
import { buildOpeningView, summaryOf } from '../read-model/opening-view.ts';

const BATCH = 500;

export interface RefreshContext {
  runId: number | null;
  at: string;
  /** Openings founded by this change: they get a `new` event. */
  created: ReadonlySet<number>;
}

export function refreshOpenings(db: Db, ids: Iterable<number>, ctx: RefreshContext): void {
  const all = [...new Set(ids)].sort((a, b) => a - b);
  for (let i = 0; i < all.length; i += BATCH) {
    const batch = all.slice(i, i + BATCH);
    const members = openingMembers(db, batch, 'summary');
    for (const row of openingRows(db, batch)) {
      const view = buildOpeningView(row, members.get(row.id) ?? []);
      if (!view) continue; // emptied by a merge: deleted below
      setOpeningSummary(db, row.id, summaryOf(view));
      const detail = { title: view.posting.title };
      const event = { at: ctx.at, runId: ctx.runId, openingId: row.id };
      if (ctx.created.has(row.id)) {
        insertEvent(db, {
          ...event,
          postingId: view.postings[0]!.stored.id,
          detail: { scope: 'opening', type: 'new', ...detail },
        });
      } else if (row.status !== 'closed' && view.status === 'closed') {
        insertEvent(db, {
          ...event,
          postingId: null,
          detail: {
            scope: 'opening',
            type: 'closed',
            ...detail,
            closeReasons: view.closeReasons,
            shortLived: view.shortLived,
          },
        });
      } else if (row.status === 'closed' && view.status !== 'closed') {
        insertEvent(db, { ...event, postingId: null, detail: { scope: 'opening', type: 'reopened', ...detail } });
      }
    }
    releaseGarbage();
  }
  deleteEmptyOpenings(db);
}

/**
 * Openings created before summaries existed are summarised once, silently (their events were
 * written when they happened). Run when the application opens the database.
 */
export function summariseUnsummarisedOpenings(db: Db): number {
  const ids = unsummarisedOpeningIds(db);
  if (ids.length === 0) return 0;
  db.transaction(() => {
    for (let i = 0; i < ids.length; i += BATCH) {
      const batch = ids.slice(i, i + BATCH);
      const members = openingMembers(db, batch, 'summary');
      for (const row of openingRows(db, batch)) {
        const view = buildOpeningView(row, members.get(row.id) ?? []);
        if (view) setOpeningSummary(db, row.id, summaryOf(view));
      }
    }
  })();
  return ids.length;
}
