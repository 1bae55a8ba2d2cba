/**
 * A person's word on a posting's state: `openings close` (the post is filled or withdrawn though a
 * portal still lists it) and `openings reopen`. A manual close is kept by every later run.
 */
import type { Db } from '../../db/database.ts';
import { attachEventToOpening, insertEvent } from '../../db/events.ts';
import { openingIdsOfPostings } from '../../db/openings.ts';
import { setPostingState } from '../../db/postings.ts';
import { ManualActionError, resolvePosting } from './manual-links.ts';
import { refreshOpenings } from './opening-summaries.ts';

export function closePosting(
  db: Db,
  postingRef: string,
  at: string,
  note: string | null,
  organisation: string | null = null,
): void {
  db.transaction(() => {
    const posting = resolvePosting(db, postingRef, organisation);
    if (posting.state === 'closed')
      throw new ManualActionError(`${postingRef} is already closed (${posting.closeReason ?? 'no reason'})`);
    setPostingState(db, posting.id, {
      state: 'closed',
      runId: null,
      missingSince: posting.missingSince,
      missingRuns: posting.missingRuns,
      closedAt: at,
      closeReason: 'manual',
      shortLived: false,
    });
    const event = insertEvent(db, {
      at,
      runId: null,
      openingId: null,
      postingId: posting.id,
      detail: {
        scope: 'posting',
        type: 'closed',
        reason: { code: 'manual-close', note },
        closeReason: 'manual',
        shortLived: false,
        manual: true,
      },
    });
    attachEventToOpening(db, event);
    refreshOpenings(db, openingIdsOfPostings(db, [posting.id]), { runId: null, at, created: new Set() });
  })();
}

export function reopenPosting(db: Db, postingRef: string, at: string, organisation: string | null = null): void {
  db.transaction(() => {
    const posting = resolvePosting(db, postingRef, organisation);
    if (posting.state !== 'closed' || posting.closeReason !== 'manual')
      throw new ManualActionError(`${postingRef} was not closed by hand; runs decide its state`);
    setPostingState(db, posting.id, {
      state: 'open',
      runId: null,
      missingSince: null,
      missingRuns: 0,
      closedAt: null,
      closeReason: null,
      shortLived: false,
    });
    const event = insertEvent(db, {
      at,
      runId: null,
      openingId: null,
      postingId: posting.id,
      detail: {
        scope: 'posting',
        type: 'reopened',
        reason: { code: 'manual-reopen' },
        closeReason: null,
        shortLived: false,
        manual: true,
      },
    });
    attachEventToOpening(db, event);
    refreshOpenings(db, openingIdsOfPostings(db, [posting.id]), { runId: null, at, created: new Set() });
  })();
}
