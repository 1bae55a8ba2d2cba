/**
 * Applies a healthy run's observations to the stored postings, inside the run's transaction:
 * new postings are inserted, known ones updated with their field history, absent ones move
 * toward closing, and every state change is recorded as an event with the run that decided it.
 * Never called for an unhealthy run: such a run changes nothing.
 */
import type { Db } from '../../db/database.ts';
import { insertEvent } from '../../db/events.ts';
import {
  findPosting,
  getPosting,
  insertPosting,
  insertPostingChange,
  postingsOfSource,
  setPostingState,
  updateSeenPosting,
  type SeenPosting,
} from '../../db/postings.ts';
import { diffPostings } from './field-history.ts';
import { whenAbsent, whenSeen, type LifecycleSettings, type Transition } from './transitions.ts';

export interface ObservedPosting extends SeenPosting {
  /** The portal says the post is filled. */
  filled: boolean;
}

export interface RecordedCounts {
  inserted: number;
  seenAgain: number;
  changed: number;
  missing: number;
  closed: number;
  reopened: number;
}

export function recordHealthyRun(db: Db, source: string, runId: number, at: string, observed: readonly ObservedPosting[], settings: LifecycleSettings): RecordedCounts {
  const counts: RecordedCounts = { inserted: 0, seenAgain: 0, changed: 0, missing: 0, closed: 0, reopened: 0 };
  const seenIds = new Set<number>();
  const apply = (postingId: number, transition: Transition | null) => {
    if (!transition) return;
    setPostingState(db, postingId, transition.change);
    insertEvent(db, { at, runId, openingId: null, postingId, type: transition.event, detail: { reason: transition.reason, closeReason: transition.change.closeReason, shortLived: transition.change.shortLived } });
    if (transition.event === 'missing') counts.missing += 1;
    if (transition.event === 'closed') counts.closed += 1;
    if (transition.event === 'reopened') counts.reopened += 1;
  };

  for (const item of observed) {
    const known = findPosting(db, source, item.posting.sourceId);
    if (!known) {
      const id = insertPosting(db, runId, at, item);
      seenIds.add(id);
      counts.inserted += 1;
      insertEvent(db, { at, runId, openingId: null, postingId: id, type: 'new', detail: {} });
      apply(id, whenSeen(getPosting(db, id)!, runId, at, item.filled, settings));
      continue;
    }
    seenIds.add(known.id);
    counts.seenAgain += 1;
    const changes = diffPostings(known.posting, item.posting);
    updateSeenPosting(db, known.id, runId, at, item);
    if (changes.length > 0) {
      counts.changed += 1;
      for (const c of changes) insertPostingChange(db, known.id, runId, at, c.field, c.oldValue, c.newValue);
      insertEvent(db, { at, runId, openingId: null, postingId: known.id, type: 'changed', detail: { fields: changes.map((c) => c.field) } });
    }
    apply(known.id, whenSeen(getPosting(db, known.id)!, runId, at, item.filled, settings));
  }

  for (const stored of postingsOfSource(db, source)) {
    if (!seenIds.has(stored.id)) apply(stored.id, whenAbsent(stored, runId, at, settings));
  }
  return counts;
}
