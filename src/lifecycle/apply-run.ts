/**
 * Everything a healthy run changes, inside its transaction, read top to bottom:
 *
 * 1. load the source's previous state in one query (no posting content);
 * 2. walk the run's stage in batches: for each posting seen, load what was stored (no description:
 *    hashes tell a change), decide in memory (decide-seen.ts, transitions.ts), write the decision;
 * 3. postings not seen move toward closing (transitions.ts), written the same way;
 * 4. link new postings to openings (link-openings.ts);
 * 5. summarise the openings this touched and write their events (opening-summaries.ts).
 */
import type { Db } from '../../db/database.ts';
import { attachRunEventsToOpenings, insertEvent } from '../../db/events.ts';
import { openingIdsOfPostings } from '../../db/openings.ts';
import {
  insertPosting,
  insertPostingChange,
  lifeStatesOfSource,
  type PreviousPosting,
  previousPostings,
  readPostingJson,
  setPostingState,
  storedDetail,
  storedHashes,
  updateSeenPosting,
} from '../../db/postings.ts';
import type { StagedRow } from '../../db/stage.ts';
import { matchedBatch, stagedRow } from '../../db/stage-matches.ts';
import { releaseGarbage } from '../heap.ts';
import { readParsedPosting } from '../model/parsed-posting-json.ts';
import { mergePostings } from '../model/posting.ts';
import { decideSeen, type ObservedPosting, type SeenDecision } from './decide-seen.ts';
import { linkNewPostings } from './link-openings.ts';
import { refreshOpenings } from './opening-summaries.ts';
import { type LifecycleSettings, type Transition, whenAbsent } from './transitions.ts';

export interface ApplySettings extends LifecycleSettings {
  similarityThreshold: number;
}

export interface RecordedCounts {
  inserted: number;
  seenAgain: number;
  changed: number;
  missing: number;
  closed: number;
  reopened: number;
}

/**
 * Postings looked up at a time. Only their bookkeeping and fields without descriptions are held
 * for the batch; each posting's content (what the run saw, the offer page it reuses) is read,
 * decided and written one posting at a time, so memory does not follow what the pages held.
 */
const BATCH = 50;

/** What the run saw of a staged posting: the inventory's entry, its offer page when there is one. */
function observedFromStage(db: Db, row: StagedRow, previous: PreviousPosting | undefined): ObservedPosting {
  const item = readParsedPosting(row.item, `staged posting ${row.sourceId}`);
  const fetched = row.detailState === 'fetched';
  const detail = fetched
    ? readPostingJson(row.detail!, `offer page of ${row.sourceId}`)
    : previous?.hasDetail
      ? storedDetail(db, previous.id)
      : null;
  return {
    posting: detail ? mergePostings(item.posting, detail) : item.posting,
    inventoryHash: row.inventoryHash,
    detail,
    detailAt: fetched ? row.detailAt : (previous?.detailAt ?? null),
    detailError: row.detailState === 'failed' ? row.detailError : fetched ? null : (previous?.detailError ?? null),
    filled: item.filled === true || (fetched && row.filled),
  };
}

/** A stored posting with its hashes, computed from its content when stored before they were kept. */
function withHashes(db: Db, previous: PreviousPosting): PreviousPosting & { contentHash: string } {
  if (previous.contentHash !== null) return { ...previous, contentHash: previous.contentHash };
  return { ...previous, ...storedHashes(db, previous.id) };
}

/** What the run means for one organisation: its matched postings against its own stored ones. */
export function applyStagedRun(
  db: Db,
  source: string,
  runId: number,
  at: string,
  settings: ApplySettings,
  organisation: string,
): RecordedCounts {
  const counts: RecordedCounts = { inserted: 0, seenAgain: 0, changed: 0, missing: 0, closed: 0, reopened: 0 };
  const touched: number[] = [];
  const transition = (postingId: number, t: Transition | null) => {
    if (!t) return;
    setPostingState(db, postingId, t.change);
    insertEvent(db, {
      at,
      runId,
      openingId: null,
      postingId,
      detail: {
        scope: 'posting',
        type: t.event,
        reason: t.reason,
        closeReason: t.change.closeReason,
        shortLived: t.change.shortLived,
        manual: false,
      },
    });
    touched.push(postingId);
    if (t.event === 'missing') counts.missing += 1;
    if (t.event === 'closed') counts.closed += 1;
    if (t.event === 'reopened') counts.reopened += 1;
  };
  const write = (decision: SeenDecision) => {
    if (decision.kind === 'insert') {
      const id = insertPosting(db, organisation, runId, at, decision.seen, decision.content);
      counts.inserted += 1;
      insertEvent(db, { at, runId, openingId: null, postingId: id, detail: { scope: 'posting', type: 'new' } });
      transition(id, decision.transition);
      return;
    }
    counts.seenAgain += 1;
    updateSeenPosting(db, decision.id, runId, at, decision.seen, decision.content, decision.contentChanged);
    if (decision.contentChanged) touched.push(decision.id);
    if (decision.changes.length > 0) {
      counts.changed += 1;
      for (const c of decision.changes)
        insertPostingChange(db, decision.id, runId, at, c.field, c.oldValue, c.newValue);
      insertEvent(db, {
        at,
        runId,
        openingId: null,
        postingId: decision.id,
        detail: { scope: 'posting', type: 'changed', fields: decision.changes.map((c) => c.field) },
      });
    }
    transition(decision.id, decision.transition);
  };

  // 1. The previous state, without content.
  const previousStates = new Map(lifeStatesOfSource(db, source, organisation).map((p) => [p.sourceId, p]));
  const seen = new Set<string>();

  // 2. Every posting the run saw, a batch at a time.
  for (let after = 0; ; ) {
    const batch = matchedBatch(db, runId, organisation, after, BATCH);
    if (batch.length === 0) break;
    after = batch.at(-1)!.seq;
    const stored = previousPostings(
      db,
      source,
      batch.filter((row) => previousStates.has(row.sourceId)).map((row) => row.sourceId),
      organisation,
    );
    for (const { sourceId } of batch) {
      seen.add(sourceId);
      const found = stored.get(sourceId);
      const previous = found && withHashes(db, found);
      write(decideSeen(previous, observedFromStage(db, stagedRow(db, runId, sourceId), previous), runId, at, settings));
    }
    releaseGarbage();
  }

  // 3. Every posting it did not see.
  for (const [sourceId, state] of previousStates) {
    if (!seen.has(sourceId)) transition(state.id, whenAbsent(state, runId, at, settings));
  }

  // 4. New postings join or found openings; 5. the openings touched are summarised, with their events.
  const links = linkNewPostings(db, runId, at, settings.similarityThreshold, organisation);
  attachRunEventsToOpenings(db, runId);
  refreshOpenings(db, [...openingIdsOfPostings(db, touched), ...links.joined, ...links.created], {
    runId,
    at,
    created: new Set(links.created),
  });
  return counts;
}
