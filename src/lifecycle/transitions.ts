/**
 * The posting state machine, as pure functions of what is stored and what a healthy run saw:
 *
 *   open ──absent from a healthy run──▶ missing ──absent N runs and H hours──▶ closed (gone)
 *   open/missing ──deadline passed──▶ closed (deadline)      portal says filled ──▶ closed (filled)
 *   missing ──seen again──▶ open          closed ──seen again, deadline not passed──▶ open (reopened)
 *   any ──`openings close`──▶ closed (manual), kept until `openings reopen`
 */
import type { CloseReason, PostingLifeState, StateChange, TransitionReason } from '../model/lifecycle.ts';
import { DAY_MS, HOUR_MS } from '../model/time.ts';

export interface LifecycleSettings {
  missingRunsToClose: number;
  missingHoursToClose: number;
  /** Civil-service vacancies stay published at least this long; a quicker close is flagged. */
  minimumPublicationDays: number;
}

type TransitionEvent = 'missing' | 'seen-again' | 'closed' | 'reopened';

export interface Transition {
  change: StateChange;
  event: TransitionEvent;
  reason: TransitionReason;
}

/** A deadline is a day: the post stays open until that day has ended (Paris time, as parsed). */
export function deadlinePassed(deadline: string | null, at: string): boolean {
  if (!deadline) return false;
  const day = Date.parse(deadline);
  return Number.isFinite(day) && Date.parse(at) >= day + DAY_MS;
}

function closing(
  p: PostingLifeState,
  runId: number,
  at: string,
  reason: CloseReason,
  settings: LifecycleSettings,
): StateChange {
  const published = Date.parse(p.publishedAt ?? p.firstSeenAt);
  const shortLived = reason !== 'deadline' && Date.parse(at) - published < settings.minimumPublicationDays * DAY_MS;
  return {
    state: 'closed',
    runId,
    missingSince: p.missingSince,
    missingRuns: p.missingRuns,
    closedAt: at,
    closeReason: reason,
    shortLived,
  };
}

const opened = (runId: number): StateChange => ({
  state: 'open',
  runId,
  missingSince: null,
  missingRuns: 0,
  closedAt: null,
  closeReason: null,
  shortLived: false,
});

/** A posting listed by this healthy run (its deadline and publication date as now seen). */
export function whenSeen(
  p: PostingLifeState,
  runId: number,
  at: string,
  filled: boolean,
  settings: LifecycleSettings,
): Transition | null {
  if (filled && p.state !== 'closed') {
    return { change: closing(p, runId, at, 'filled', settings), event: 'closed', reason: { code: 'filled' } };
  }
  // A person closed it (`openings close`): their word stands until `openings reopen`.
  if (p.state === 'closed' && p.closeReason === 'manual') return null;
  if (deadlinePassed(p.deadline, at)) return whenDeadlineChecked(p, runId, at, settings);
  if (p.state === 'missing') return { change: opened(runId), event: 'seen-again', reason: { code: 'listed-again' } };
  if (p.state === 'closed' && !filled)
    return { change: opened(runId), event: 'reopened', reason: { code: 'relisted' } };
  return null;
}

/** A posting this healthy run did not list. */
export function whenAbsent(
  p: PostingLifeState,
  runId: number,
  at: string,
  settings: LifecycleSettings,
): Transition | null {
  if (p.state === 'closed') return null;
  if (deadlinePassed(p.deadline, at)) return whenDeadlineChecked(p, runId, at, settings);
  const missingSince = p.state === 'missing' && p.missingSince ? p.missingSince : at;
  const missingRuns = p.state === 'missing' ? p.missingRuns + 1 : 1;
  const hoursMissing = (Date.parse(at) - Date.parse(missingSince)) / HOUR_MS;
  if (missingRuns >= settings.missingRunsToClose && hoursMissing >= settings.missingHoursToClose) {
    const change = closing({ ...p, missingSince, missingRuns }, runId, at, 'gone', settings);
    return {
      change,
      event: 'closed',
      reason: { code: 'gone', missingRuns, hoursMissing: Math.floor(hoursMissing), shortLived: change.shortLived },
    };
  }
  const change: StateChange = {
    state: 'missing',
    runId,
    missingSince,
    missingRuns,
    closedAt: null,
    closeReason: null,
    shortLived: false,
  };
  return {
    change,
    event: 'missing',
    reason: { code: 'absent', missingRuns, runsToClose: settings.missingRunsToClose },
  };
}

function whenDeadlineChecked(
  p: PostingLifeState,
  runId: number,
  at: string,
  settings: LifecycleSettings,
): Transition | null {
  if (p.state === 'closed') return null;
  return {
    change: closing(p, runId, at, 'deadline', settings),
    event: 'closed',
    reason: { code: 'deadline', deadline: p.deadline?.slice(0, 10) ?? '' },
  };
}
