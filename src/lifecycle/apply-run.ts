/**
 * Everything a healthy run changes, in order, inside the run's transaction: posting states and
 * history, links of new postings to openings, and the opening-level events readers are told
 * (new, closed, reopened; field changes come from the postings).
 */
import type { Db } from '../../db/database.ts';
import { insertEvent } from '../../db/events.ts';
import { linkNewPostings } from './link-openings.ts';
import { openingViews, type OpeningStatus } from './opening-view.ts';
import { recordHealthyRun, type ObservedPosting, type RecordedCounts } from './record-run.ts';
import type { LifecycleSettings } from './transitions.ts';

export interface ApplySettings extends LifecycleSettings {
  similarityThreshold: number;
}

export function openingStatuses(db: Db): Map<number, OpeningStatus> {
  return new Map(openingViews(db).map((o) => [o.id, o.status]));
}

/** Attaches this run's posting events to their openings and adds the opening-level events. */
export function emitOpeningEvents(db: Db, runId: number | null, at: string, before: Map<number, OpeningStatus>, created: readonly number[]): void {
  if (runId !== null) {
    db.prepare('UPDATE events SET opening_id = (SELECT opening_id FROM opening_links WHERE posting_id = events.posting_id) WHERE run_id = ? AND opening_id IS NULL').run(runId);
  }
  for (const opening of openingViews(db)) {
    const previous = before.get(opening.id);
    const detail = { scope: 'opening', title: opening.posting.title };
    if (created.includes(opening.id)) {
      insertEvent(db, { at, runId, openingId: opening.id, postingId: opening.postings[0]!.stored.id, type: 'new', detail });
    } else if (previous && previous !== 'closed' && opening.status === 'closed') {
      insertEvent(db, { at, runId, openingId: opening.id, postingId: null, type: 'closed', detail: { ...detail, closeReasons: opening.closeReasons, shortLived: opening.shortLived } });
    } else if (previous === 'closed' && opening.status !== 'closed') {
      insertEvent(db, { at, runId, openingId: opening.id, postingId: null, type: 'reopened', detail });
    }
  }
}

export function applyHealthyRun(db: Db, source: string, runId: number, at: string, observed: readonly ObservedPosting[], settings: ApplySettings): RecordedCounts {
  const before = openingStatuses(db);
  const counts = recordHealthyRun(db, source, runId, at, observed, settings);
  const created = linkNewPostings(db, runId, at, settings.similarityThreshold);
  emitOpeningEvents(db, runId, at, before, created);
  return counts;
}
