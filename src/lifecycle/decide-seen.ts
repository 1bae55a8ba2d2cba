/**
 * What a healthy run's sighting of a posting means, decided in memory from what is stored and what
 * was seen: insert or update, which fields changed, which transition. Pure: apply-run writes it.
 */
import type { SeenPosting } from '../../db/postings.ts';
import type { PostingLifeState, StoredPosting } from '../model/lifecycle.ts';
import { diffPostings, type FieldChange } from './field-history.ts';
import { type LifecycleSettings, type Transition, whenSeen } from './transitions.ts';

export interface ObservedPosting extends SeenPosting {
  /** The portal says the post is filled. */
  filled: boolean;
}

export type SeenDecision =
  | { kind: 'insert'; seen: SeenPosting; transition: Transition | null }
  | {
      kind: 'update';
      id: number;
      seen: SeenPosting;
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
  previous: StoredPosting | undefined,
  observed: ObservedPosting,
  runId: number,
  at: string,
  settings: LifecycleSettings,
): SeenDecision {
  const { filled, ...seen } = observed;
  if (!previous)
    return { kind: 'insert', seen, transition: whenSeen(firstSighting(observed, at), runId, at, filled, settings) };
  const contentChanged =
    JSON.stringify(previous.posting) !== JSON.stringify(seen.posting) ||
    JSON.stringify(previous.detail) !== JSON.stringify(seen.detail);
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
    contentChanged,
    changes: contentChanged ? diffPostings(previous.posting, seen.posting) : [],
    transition: whenSeen(life, runId, at, filled, settings),
  };
}
