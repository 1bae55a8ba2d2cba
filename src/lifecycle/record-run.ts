/**
 * Applies a healthy run's observations to the stored postings: new ones are inserted, known ones
 * seen again. Called inside the run's transaction by the pipeline, never for an unhealthy run.
 */
import { findPosting, insertPosting, updateSeenPosting, type SeenPosting } from '../../db/postings.ts';
import type { Db } from '../../db/database.ts';

export interface RecordedCounts {
  inserted: number;
  seenAgain: number;
}

export function recordSeenPostings(db: Db, runId: number, at: string, seen: readonly SeenPosting[]): RecordedCounts {
  const counts: RecordedCounts = { inserted: 0, seenAgain: 0 };
  for (const item of seen) {
    const known = findPosting(db, item.posting.source, item.posting.sourceId);
    if (known) {
      updateSeenPosting(db, known.id, runId, at, item);
      counts.seenAgain += 1;
    } else {
      insertPosting(db, runId, at, item);
      counts.inserted += 1;
    }
  }
  return counts;
}
