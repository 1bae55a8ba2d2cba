/** The stored side of a posting: its lifecycle state and what the runs recorded about it. */
import type { Posting } from './posting.ts';

export type PostingState = 'open' | 'missing' | 'closed';
/** `open-data`: an offer the weekly open-data file says ended (history, never a run's decision). */
export type CloseReason = 'gone' | 'deadline' | 'filled' | 'manual' | 'open-data';

export const POSTING_STATES: readonly PostingState[] = ['open', 'missing', 'closed'];
export const CLOSE_REASONS: readonly CloseReason[] = ['gone', 'deadline', 'filled', 'manual', 'open-data'];

/** What the lifecycle rules read of a stored posting: its state, and the two dates that close it. */
export interface PostingLifeState {
  id: number;
  sourceId: string;
  state: PostingState;
  firstSeenAt: string;
  missingSince: string | null;
  missingRuns: number;
  closedAt: string | null;
  closeReason: CloseReason | null;
  shortLived: boolean;
  /** The posting's deadline and publication date (ISO 8601), as last seen. */
  deadline: string | null;
  publishedAt: string | null;
}

export interface StoredPosting extends PostingLifeState {
  /** The organisation holding this copy (a posting naming two organisations is stored for each). */
  organisation: string;
  posting: Posting;
  inventoryHash: string;
  detail: Posting | null;
  detailAt: string | null;
  detailError: string | null;
  firstSeenRun: number;
  lastSeenAt: string;
  lastSeenRun: number;
  /** The run that decided the current state (null for a person's decision). */
  stateRun: number | null;
}

export interface StateChange {
  state: PostingState;
  runId: number | null;
  missingSince: string | null;
  missingRuns: number;
  closedAt: string | null;
  closeReason: CloseReason | null;
  shortLived: boolean;
}

/** Why a posting changed state: a code and its facts, worded for people in src/wording/. */
export type TransitionReason =
  | { code: 'filled' }
  | { code: 'listed-again' }
  | { code: 'relisted' }
  | { code: 'absent'; missingRuns: number; runsToClose: number }
  | { code: 'gone'; missingRuns: number; hoursMissing: number; shortLived: boolean }
  | { code: 'deadline'; deadline: string }
  | { code: 'manual-close'; note: string | null }
  | { code: 'manual-reopen' }
  /** Written before reasons were codes: the French sentence as it was stored. */
  | { code: 'legacy'; text: string };
