/** Small pieces the dashboard and the opening page share: badges, times, deadlines, portal links. */

import { deadlinePassed } from '../../lifecycle/transitions.ts';
import { DAY_MS } from '../../model/time.ts';
import type { OpeningStatus, OpeningView } from '../../read-model/opening-view.ts';
import { count } from '../../render/count.ts';
import { html, type SafeHtml, safeHref } from '../../render/html.ts';
import { frenchDateTime, relativeTime } from '../../render/relative-time.ts';
import {
  CLOSE_REASON_LABELS,
  frenchDate,
  STATUS_LABELS,
  STATUS_PLURAL_LABELS,
  sourceLabel,
} from '../../wording/labels.ts';

export type Tone = 'ok' | 'warn' | 'bad' | 'neutral' | 'info';

export function badge(tone: Tone, text: string): SafeHtml {
  return html`<span class="badge badge-${tone}">${text}</span>`;
}

/** `3 fermées`, `1 absente du dernier relevé`. */
export function countByStatus(n: number, status: OpeningStatus): string {
  return count(n, STATUS_LABELS[status], STATUS_PLURAL_LABELS[status]);
}

const STATUS_TONES: Record<OpeningStatus, Tone> = { open: 'ok', missing: 'warn', closed: 'neutral' };

/** Opening or posting state: ouverte / absente du dernier relevé / fermée. */
export function statusBadge(status: OpeningStatus): SafeHtml {
  return badge(STATUS_TONES[status], STATUS_LABELS[status]);
}

/** A relative time with the exact Paris date and time as machine value and tooltip. */
export function timeAgo(iso: string | null, now: Date, prefix = ''): SafeHtml {
  if (!iso) return html`<span class="muted">—</span>`;
  return html`<time datetime="${iso}" title="${frenchDateTime(iso)}">${prefix}${relativeTime(iso, now)}</time>`;
}

/** Deadlines this close (in days) get a warning badge. */
const DEADLINE_WARNING_DAYS = 7;

export type DeadlineState = 'none' | 'far' | 'close' | 'passed';

/** A deadline is a whole day (lifecycle rule): it passes once that day has ended. */
export function deadlineState(deadline: string | null, now: Date): DeadlineState {
  if (!deadline || Number.isNaN(Date.parse(deadline))) return 'none';
  if (deadlinePassed(deadline, now.toISOString())) return 'passed';
  const lastMoment = Date.parse(deadline) + DAY_MS;
  return lastMoment - now.getTime() <= DEADLINE_WARNING_DAYS * DAY_MS ? 'close' : 'far';
}

export function deadlineCell(deadline: string | null, now: Date): SafeHtml {
  const state = deadlineState(deadline, now);
  if (!deadline || state === 'none') return html`<span class="muted">non indiquée</span>`;
  const date = html`<time datetime="${deadline}">${frenchDate(deadline)}</time>`;
  if (state === 'passed') return html`${date} ${badge('bad', 'dépassée')}`;
  if (state === 'close') {
    // Whole days from today to the deadline day (the deadline is that day's Paris midnight).
    const daysLeft = Math.ceil((Date.parse(deadline) + DAY_MS - now.getTime()) / DAY_MS) - 1;
    return html`${date} ${badge('warn', daysLeft === 0 ? 'aujourd’hui' : daysLeft === 1 ? 'demain' : `dans ${daysLeft} j`)}`;
  }
  return date;
}

/** An external link, or the bare text when the URL is not http(s). */
export function externalLink(url: string | null, text: string): SafeHtml {
  const href = safeHref(url);
  return href ? html`<a href="${href}" rel="external noopener noreferrer">${text}</a>` : html`${text}`;
}

/** One link per portal posting of the opening, named after the portal, with its state when it differs. */
export function portalLinks(o: OpeningView): SafeHtml {
  return html`<ul class="inline-list">${o.postings.map(
    ({ stored }) =>
      html`<li>${externalLink(stored.posting.url, sourceLabel(stored.posting.source))}${
        stored.state !== o.status ? html` <span class="muted">(${STATUS_LABELS[stored.state]})</span>` : ''
      }</li>`,
  )}</ul>`;
}

export function closeReasonsText(reasons: readonly (keyof typeof CLOSE_REASON_LABELS)[]): string {
  return reasons.map((r) => CLOSE_REASON_LABELS[r]).join(', ');
}
