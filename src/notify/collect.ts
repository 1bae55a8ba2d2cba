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
import {
  addAnnouncedFinding,
  announcedFindings,
  deadlineChangesOfRun,
  eventsOfRun,
  finishedRun,
  hadHealthyRunBefore,
  latestRunStatuses,
  manualEventsAfter,
  removeAnnouncedFinding,
  setSourceNotifyState,
  sourceNotifyState,
  type FinishedRun,
  type NotifiableEvent,
} from '../../db/outbox.ts';
import { latestRun, type RunRow } from '../../db/runs.ts';
import type { Config } from '../config.ts';
import { SOURCE_LABELS } from '../feeds/labels.ts';
import { sourceHealth } from '../freshness/source-health.ts';
import { openingViews, type OpeningView } from '../lifecycle/opening-view.ts';
import { reconcile } from '../reconcile/reconcile.ts';
import type { Notification, OpeningSnapshot, SourceSnapshot } from './notification.ts';
import type { NotifySettings } from './settings.ts';

export interface CollectContext {
  settings: NotifySettings;
  /** Absolute base URL of this service's pages (no trailing slash). */
  publicUrl: string;
  staleAfterHours: number;
}

export function openingSnapshot(o: OpeningView, publicUrl: string): OpeningSnapshot {
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
      label: `${SOURCE_LABELS[stored.posting.source] ?? stored.posting.source}${stored.posting.reference ? ` (réf. ${stored.posting.reference})` : ''}`,
      url: stored.posting.url,
    })),
  };
}

/** Opening-level events and deadline moves among the given events. */
function openingNotifications(db: Db, events: readonly NotifiableEvent[], runId: number | null, at: string, views: Map<number, OpeningView>, ctx: CollectContext, announceNew: boolean): Notification[] {
  const out: Notification[] = [];
  const snapshot = (o: OpeningView) => openingSnapshot(o, ctx.publicUrl);
  for (const e of events) {
    const opening = e.openingId === null ? undefined : views.get(e.openingId);
    if (!opening || e.detail.scope !== 'opening') continue;
    // An offer that opened and closed within one run (its deadline already passed) is no news.
    if (e.type === 'new' && announceNew && opening.status !== 'closed') out.push({ kind: 'new', at: e.at, opening: snapshot(opening) });
    if (e.type === 'closed') {
      const manualNote = manualCloseNote(events, opening);
      out.push({ kind: 'closed', at: e.at, opening: snapshot(opening), closeReasons: (e.detail.closeReasons as string[] | undefined) ?? [], shortLived: e.detail.shortLived === true, manualNote });
    }
    if (e.type === 'reopened') out.push({ kind: 'reopened', at: e.at, opening: snapshot(opening), manual: runId === null });
  }
  if (runId !== null) {
    const seen = new Set<number>();
    for (const change of deadlineChangesOfRun(db, runId)) {
      const opening = [...views.values()].find((o) => o.postings.some((m) => m.stored.id === change.postingId));
      // Only a move of the deadline the opening shows (its best portal's), once per opening.
      if (!opening || opening.status === 'closed' || seen.has(opening.id) || opening.posting.deadline !== change.newValue) continue;
      seen.add(opening.id);
      out.push({ kind: 'deadline-changed', at, opening: snapshot(opening), from: change.oldValue, to: change.newValue });
    }
  }
  return out;
}

/** The note of a person's close among the posting events of that action. */
function manualCloseNote(events: readonly NotifiableEvent[], opening: OpeningView): string | null {
  const ids = new Set(opening.postings.map((m) => m.stored.id));
  const own = events.find((e) => e.type === 'closed' && e.detail.manual === true && e.postingId !== null && ids.has(e.postingId));
  return own ? String(own.detail.reason ?? 'fermée à la main') : null;
}

function sourceSnapshot(source: string, run: { reason: string | null } | null, unhealthyRuns: number, lastHealthy: RunRow | null, ctx: CollectContext): SourceSnapshot {
  return {
    id: source,
    label: SOURCE_LABELS[source] ?? source,
    reason: run?.reason ?? null,
    unhealthyRuns,
    lastHealthyAt: lastHealthy?.finishedAt ?? null,
    staleAfterHours: ctx.staleAfterHours,
  };
}

/** Failing after N consecutive unhealthy runs, recovered at the next healthy one: each said once. */
function sourceTransitions(db: Db, run: FinishedRun, at: string, ctx: CollectContext): Notification[] {
  const state = sourceNotifyState(db, run.source);
  const lastHealthy = latestRun(db, run.source, 'healthy') ?? null;
  if (run.status === 'healthy') {
    if (!state.failing && !state.stale) return [];
    setSourceNotifyState(db, run.source, { failing: false, stale: false }, at);
    return [{ kind: 'source-recovered', at, source: sourceSnapshot(run.source, run, 0, lastHealthy, ctx) }];
  }
  const n = ctx.settings.failingAfterRuns;
  const statuses = latestRunStatuses(db, run.source, n);
  if (state.failing || statuses.length < n || statuses.some((s) => s === 'healthy')) return [];
  setSourceNotifyState(db, run.source, { ...state, failing: true }, at);
  return [{ kind: 'source-failing', at, source: sourceSnapshot(run.source, run, n, lastHealthy, ctx) }];
}

/** Error findings not announced yet; resolved ones are forgotten so a return is told again. */
function hiringPageErrors(db: Db, at: string, views: Map<number, OpeningView>, ctx: CollectContext): Notification[] {
  const errors = reconcile(db, { now: new Date(at) }).findings.filter((f) => f.severity === 'error');
  const keyOf = (f: (typeof errors)[number]) => `${f.kind}|${f.tile?.url ?? ''}|${f.opening?.uid ?? ''}`;
  const current = new Map(errors.map((f) => [keyOf(f), f]));
  const announced = announcedFindings(db);
  for (const key of announced) if (!current.has(key)) removeAnnouncedFinding(db, key);
  const out: Notification[] = [];
  for (const [key, f] of current) {
    if (announced.has(key)) continue;
    addAnnouncedFinding(db, key, at);
    const opening = f.opening ? [...views.values()].find((o) => o.uid === f.opening!.uid) : undefined;
    out.push({
      kind: 'hiring-page-error',
      at,
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
  const run = finishedRun(db, runId);
  if (!run) return [];
  const at = run.finishedAt;
  const views = new Map(openingViews(db).map((o) => [o.id, o]));
  const out: Notification[] = [];
  if (run.status === 'healthy') {
    const announceNew = ctx.settings.announceBacklog || hadHealthyRunBefore(db, run.source, runId);
    out.push(...openingNotifications(db, eventsOfRun(db, runId), runId, at, views, ctx, announceNew));
  }
  out.push(...sourceTransitions(db, run, at, ctx));
  out.push(...hiringPageErrors(db, at, views, ctx));
  return out;
}

/** What a person's close or reopen (events after `afterEventId`, no run) has to say. */
export function manualNotifications(db: Db, afterEventId: number, at: string, ctx: CollectContext): Notification[] {
  const views = new Map(openingViews(db).map((o) => [o.id, o]));
  return [...openingNotifications(db, manualEventsAfter(db, afterEventId), null, at, views, ctx, true), ...hiringPageErrors(db, at, views, ctx)];
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
