/**
 * From what the database records to what the team is told:
 *
 * - opening-level `new`, `closed`, `reopened` events (a person's close or reopen included: the
 *   rest of the team hears it too, with the note);
 * - a posting's deadline change, when it moves the deadline the opening shows (the best portal's);
 * - a source failing after `failingAfterRuns` consecutive unhealthy runs, stale when the freshness
 *   rule says so (only once it had a healthy run: a source never read is failing, not stale),
 *   recovered at its next healthy run; each said once, the state kept per source;
 * - a hiring-page error (a tile pointing at an offer closed everywhere) when it first appears.
 *
 * A source's first healthy run reads its whole backlog: its new offers are announced only when
 * `announceBacklog` is set.
 */
import type { Db } from '../../db/database.ts';
import { eventsOfRun, manualEventsAfter } from '../../db/events.ts';
import { openingIdsOfPostings } from '../../db/openings.ts';
import { hadHealthyRunFor } from '../../db/organisations.ts';
import {
  addAnnouncedFinding,
  announcedFindings,
  deadlineChangesOfRun,
  removeAnnouncedFinding,
  setSourceNotifyState,
  sourceNotifyState,
} from '../../db/outbox.ts';
import { getRun, latestRun, type RunRow, recentRuns } from '../../db/runs.ts';
import type { Config } from '../config.ts';
import { sourceHealth } from '../freshness/source-health.ts';
import type { LifecycleEvent } from '../model/events.ts';
import type { Organisation } from '../organisations.ts';
import type { OpeningView } from '../read-model/opening-view.ts';
import { openingByUid, openingViewsByIds } from '../read-model/openings.ts';
import { reconcile } from '../reconcile/reconcile.ts';
import { sourceLabel, sourceLabelFor } from '../wording/labels.ts';
import { runReasonText, transitionReasonText } from '../wording/reasons.ts';
import type { Notification, OpeningSnapshot, SourceSnapshot } from './notification.ts';
import type { NotifySettings } from './settings.ts';

export interface CollectContext {
  settings: NotifySettings;
  /** Each organisation, with the channels that hear of it. */
  organisations: readonly Organisation[];
  /** Absolute base URL of this service's pages (no trailing slash). */
  publicUrl: string;
  staleAfterHours: number;
}

function openingSnapshot(o: OpeningView, publicUrl: string): OpeningSnapshot {
  const p = o.posting;
  return {
    uid: o.uid,
    title: p.title,
    employer: p.employer,
    location: p.location,
    contractType: p.contractType,
    deadline: p.deadline,
    status: o.status,
    pageUrl: `${publicUrl}/offres/${encodeURIComponent(o.uid)}`,
    links: o.postings.map(({ stored }) => ({
      source: stored.posting.source,
      label: `${sourceLabel(stored.posting.source)}${stored.posting.reference ? ` (réf. ${stored.posting.reference})` : ''}`,
      url: stored.posting.url,
    })),
  };
}

/** Opening-level events and deadline moves among the given events. */
function openingNotifications(
  db: Db,
  events: readonly LifecycleEvent[],
  runId: number | null,
  at: string,
  ctx: CollectContext,
  announceNew: (organisation: string) => boolean,
): Notification[] {
  const out: Notification[] = [];
  const snapshot = (o: OpeningView) => openingSnapshot(o, ctx.publicUrl);
  const deadlineChanges = runId === null ? [] : deadlineChangesOfRun(db, runId);
  // Only the openings this run or action touched are read, whatever the size of the database.
  const touched = [
    ...events.map((e) => e.openingId),
    ...openingIdsOfPostings(
      db,
      deadlineChanges.map((c) => c.postingId),
    ),
  ].filter((id): id is number => id !== null);
  const views = new Map(openingViewsByIds(db, [...new Set(touched)]).map((o) => [o.id, o]));
  for (const e of events) {
    const opening = e.openingId === null ? undefined : views.get(e.openingId);
    const d = e.detail;
    if (!opening || d.scope !== 'opening') continue;
    // An offer that opened and closed within one run (its deadline already passed) is no news.
    const organisation = opening.organisation;
    if (d.type === 'new' && announceNew(organisation) && opening.status !== 'closed')
      out.push({ kind: 'new', at: e.at, organisation, opening: snapshot(opening) });
    if (d.type === 'closed') {
      const manualNote = manualCloseNote(events, opening);
      out.push({
        kind: 'closed',
        at: e.at,
        organisation,
        opening: snapshot(opening),
        closeReasons: d.closeReasons,
        shortLived: d.shortLived,
        manualNote,
      });
    }
    if (d.type === 'reopened')
      out.push({ kind: 'reopened', at: e.at, organisation, opening: snapshot(opening), manual: runId === null });
  }
  if (runId !== null) {
    const seen = new Set<number>();
    for (const change of deadlineChanges) {
      const opening = [...views.values()].find((o) => o.postings.some((m) => m.stored.id === change.postingId));
      // Only a move of the deadline the opening shows (its best portal's), once per opening.
      if (
        !opening ||
        opening.status === 'closed' ||
        seen.has(opening.id) ||
        opening.posting.deadline !== change.newValue
      )
        continue;
      seen.add(opening.id);
      out.push({
        kind: 'deadline-changed',
        at,
        organisation: opening.organisation,
        opening: snapshot(opening),
        from: change.oldValue,
        to: change.newValue,
      });
    }
  }
  return out;
}

/** The note of a person's close among the posting events of that action. */
function manualCloseNote(events: readonly LifecycleEvent[], opening: OpeningView): string | null {
  const ids = new Set(opening.postings.map((m) => m.stored.id));
  for (const e of events) {
    const d = e.detail;
    if (d.scope === 'posting' && d.type === 'closed' && d.manual && e.postingId !== null && ids.has(e.postingId))
      return transitionReasonText(d.reason);
  }
  return null;
}

function sourceSnapshot(
  source: string,
  run: RunRow | null,
  unhealthyRuns: number,
  lastHealthy: RunRow | null,
  ctx: CollectContext,
): SourceSnapshot {
  return {
    id: source,
    label: sourceLabelFor(source, ctx.organisations),
    reason: run?.reason ? runReasonText(run.reason) : null,
    unhealthyRuns,
    lastHealthyAt: lastHealthy?.finishedAt ?? null,
    staleAfterHours: ctx.staleAfterHours,
  };
}

/** Failing after N consecutive unhealthy runs, recovered at the next healthy one: each said once. */
function sourceTransitions(db: Db, run: RunRow, at: string, ctx: CollectContext): Notification[] {
  const state = sourceNotifyState(db, run.source);
  const lastHealthy = latestRun(db, run.source, 'healthy') ?? null;
  if (run.status === 'healthy') {
    if (!state.failing && !state.stale) return [];
    setSourceNotifyState(db, run.source, { failing: false, stale: false }, at);
    return [{ kind: 'source-recovered', at, source: sourceSnapshot(run.source, run, 0, lastHealthy, ctx) }];
  }
  const n = ctx.settings.failingAfterRuns;
  const statuses = recentRuns(db, run.source, n).map((r) => r.status);
  if (state.failing || statuses.length < n || statuses.some((s) => s === 'healthy')) return [];
  setSourceNotifyState(db, run.source, { ...state, failing: true }, at);
  return [{ kind: 'source-failing', at, source: sourceSnapshot(run.source, run, n, lastHealthy, ctx) }];
}

/** Error findings not announced yet, per organisation; resolved ones are forgotten so a return is told again. */
function hiringPageErrors(db: Db, at: string, ctx: CollectContext): Notification[] {
  // Reconciliation reads every opening: only done for a channel that wants to hear of it.
  if (!Object.values(ctx.settings.channels).some((c) => c.events.includes('hiring-page-error'))) return [];
  return ctx.organisations.flatMap((o) => hiringPageErrorsOf(db, o.id, at, ctx));
}

function hiringPageErrorsOf(db: Db, organisation: string, at: string, ctx: CollectContext): Notification[] {
  const errors = reconcile(db, { now: new Date(at), organisation }).findings.filter((f) => f.severity === 'error');
  const keyOf = (f: (typeof errors)[number]) =>
    `${organisation}|${f.kind}|${f.tile?.url ?? ''}|${f.opening?.uid ?? ''}`;
  const current = new Map(errors.map((f) => [keyOf(f), f]));
  const announced = announcedFindings(db);
  for (const key of announced)
    if (key.startsWith(`${organisation}|`) && !current.has(key)) removeAnnouncedFinding(db, key);
  const out: Notification[] = [];
  for (const [key, f] of current) {
    if (announced.has(key)) continue;
    addAnnouncedFinding(db, key, at);
    const opening = f.opening ? openingByUid(db, f.opening.uid) : undefined;
    out.push({
      kind: 'hiring-page-error',
      at,
      organisation,
      message: f.message,
      evidence: f.evidence,
      tile: f.tile && { title: f.tile.title, url: f.tile.url },
      opening: opening ? openingSnapshot(opening, ctx.publicUrl) : null,
    });
  }
  return out;
}

/** Everything one finished run has to say. Call inside the run's transaction, after finishRun. */
export function runNotifications(db: Db, runId: number, ctx: CollectContext): Notification[] {
  const run = getRun(db, runId);
  if (!run?.finishedAt) return [];
  const at = run.finishedAt;
  const out: Notification[] = [];
  if (run.status === 'healthy') {
    // A source's first healthy run for an organisation reads its backlog (an organisation added later too).
    const announceNew = (organisation: string) =>
      ctx.settings.announceBacklog || hadHealthyRunFor(db, organisation, run.source, runId);
    out.push(...openingNotifications(db, eventsOfRun(db, runId), runId, at, ctx, announceNew));
  }
  out.push(...sourceTransitions(db, run, at, ctx));
  out.push(...hiringPageErrors(db, at, ctx));
  return out;
}

/** What a person's close or reopen (events after `afterEventId`, no run) has to say. */
export function manualNotifications(db: Db, afterEventId: number, at: string, ctx: CollectContext): Notification[] {
  return [
    ...openingNotifications(db, manualEventsAfter(db, afterEventId), null, at, ctx, () => true),
    ...hiringPageErrors(db, at, ctx),
  ];
}

/** Sources that went stale since they were last told about (time passes without a healthy run). */
export function staleNotifications(db: Db, config: Config, now: Date, ctx: CollectContext): Notification[] {
  const at = now.toISOString();
  const out: Notification[] = [];
  for (const h of sourceHealth(db, config, now)) {
    if (!h.stale || !h.lastHealthyRun) continue;
    const state = sourceNotifyState(db, h.source);
    if (state.stale) continue;
    setSourceNotifyState(db, h.source, { ...state, stale: true }, at);
    out.push({ kind: 'source-stale', at, source: sourceSnapshot(h.source, h.lastRun, 0, h.lastHealthyRun, ctx) });
  }
  return out;
}
