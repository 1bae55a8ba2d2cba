/**
 * What a healthy run's sighting of a posting means, decided in memory from what is stored and what
 * was seen: insert or update, which fields changed, which transition. Whether the content changed
 * is told by its hash: the stored posting is read without its description. Pure: apply-run writes it.
 */
import { contentOf, type PreviousPosting, type SeenPosting, type StoredContent } from '../../db/postings.ts';
import type { PostingLifeState } from '../model/lifecycle.ts';
import { diffPostings, type FieldChange } from './field-history.ts';
import { type LifecycleSettings, type Transition, whenSeen } from './transitions.ts';

export interface ObservedPosting extends SeenPosting {
  /** The portal says the post is filled. */
  filled: boolean;
}

export type SeenDecision =
  | { kind: 'insert'; seen: SeenPosting; content: StoredContent; transition: Transition | null }
  | {
      kind: 'update';
      id: number;
      seen: SeenPosting;
      content: StoredContent;
      contentChanged: boolean;
      changes: FieldChange[];
      transition: Transition | null;
    };

/** A posting never stored before, as the state machine sees it on its first sighting. */
function firstSighting(observed: ObservedPosting, at: string): PostingLifeState {
  const p = observed.posting;
  return {
    id: 0,
    sourceId: p.sourceId,
    state: 'open',
    firstSeenAt: at,
    missingSince: null,
    missingRuns: 0,
    closedAt: null,
    closeReason: null,
    shortLived: false,
    deadline: p.deadline,
    publishedAt: p.publishedAt,
  };
}

export function decideSeen(
  previous: (PreviousPosting & { contentHash: string }) | undefined,
  observed: ObservedPosting,
  runId: number,
  at: string,
  settings: LifecycleSettings,
): SeenDecision {
  const { filled, ...seen } = observed;
  const content = contentOf(seen);
  if (!previous)
    return {
      kind: 'insert',
      seen,
      content,
      transition: whenSeen(firstSighting(observed, at), runId, at, filled, settings),
    };
  const contentChanged = previous.contentHash !== content.contentHash;
  // The rules read the deadline and publication date as this run saw them.
  const life: PostingLifeState = {
    ...previous,
    deadline: seen.posting.deadline,
    publishedAt: seen.posting.publishedAt,
  };
  return {
    kind: 'update',
    id: previous.id,
    seen,
    content,
    contentChanged,
    changes: contentChanged ? diffPostings(previous.posting, previous.descriptionHash, seen.posting) : [],
    transition: whenSeen(life, runId, at, filled, settings),
  };
}
