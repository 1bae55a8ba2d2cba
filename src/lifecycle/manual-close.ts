/**
 * A person's word on a posting's state: `openings close` (the post is filled or withdrawn though a
 * portal still lists it) and `openings reopen`. A manual close is kept by every later run.
 */
import type { Db } from '../../db/database.ts';
import { insertEvent } from '../../db/events.ts';
import { setPostingState } from '../../db/postings.ts';
import { emitOpeningEvents, openingStatuses } from './apply-run.ts';
import { ManualActionError, resolvePosting } from './manual-links.ts';

export function closePosting(db: Db, postingRef: string, at: string, note: string | null): void {
  db.transaction(() => {
    const posting = resolvePosting(db, postingRef);
    if (posting.state === 'closed') throw new ManualActionError(`${postingRef} is already closed (${posting.closeReason ?? 'no reason'})`);
    const before = openingStatuses(db);
    setPostingState(db, posting.id, { state: 'closed', runId: null, missingSince: posting.missingSince, missingRuns: posting.missingRuns, closedAt: at, closeReason: 'manual', shortLived: false });
    insertEvent(db, { at, runId: null, openingId: null, postingId: posting.id, type: 'closed', detail: { reason: note ?? 'fermée à la main', closeReason: 'manual', manual: true } });
    attachToOpening(db, posting.id);
    emitOpeningEvents(db, null, at, before, []);
  })();
}

export function reopenPosting(db: Db, postingRef: string, at: string): void {
  db.transaction(() => {
    const posting = resolvePosting(db, postingRef);
    if (posting.state !== 'closed' || posting.closeReason !== 'manual') throw new ManualActionError(`${postingRef} was not closed by hand; runs decide its state`);
    const before = openingStatuses(db);
    setPostingState(db, posting.id, { state: 'open', runId: null, missingSince: null, missingRuns: 0, closedAt: null, closeReason: null, shortLived: false });
    insertEvent(db, { at, runId: null, openingId: null, postingId: posting.id, type: 'reopened', detail: { reason: 'rouverte à la main', manual: true } });
    attachToOpening(db, posting.id);
    emitOpeningEvents(db, null, at, before, []);
  })();
}

function attachToOpening(db: Db, postingId: number): void {
  db.prepare('UPDATE events SET opening_id = (SELECT opening_id FROM opening_links WHERE posting_id = ?) WHERE id = last_insert_rowid()').run(postingId);
}
