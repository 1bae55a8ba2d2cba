/** Events in French: the dashboard's recent ones and an opening's posting-level history. */
import type { Db } from '../../../db/database.ts';
import { eventsOfOpening, eventsOfPosting, publishedEvents } from '../../../db/events.ts';
import { type PostingChangeRow, postingChanges } from '../../../db/postings.ts';
import type { EventType, LifecycleEvent } from '../../model/events.ts';
import type { OpeningView } from '../../read-model/opening-view.ts';
import { openingViewsByIds } from '../../read-model/openings.ts';
import {
  CLOSE_REASON_LABELS,
  FIELD_LABELS,
  frenchDate,
  LINK_REASONS,
  SHORT_LIVED_NOTE,
  sourceLabel,
} from '../../wording/labels.ts';
import { transitionReasonText } from '../../wording/reasons.ts';
import type { Tone } from './components.ts';

export const EVENT_TONES: Record<EventType, Tone> = {
  new: 'info',
  changed: 'info',
  missing: 'warn',
  'seen-again': 'ok',
  closed: 'neutral',
  reopened: 'ok',
  linked: 'neutral',
  unlinked: 'neutral',
};

const DATE_FIELDS: ReadonlySet<string> = new Set(['startDate', 'publishedAt', 'updatedAt', 'deadline']);

function fieldLabel(field: string): string {
  return FIELD_LABELS[field] ?? field;
}

interface FieldChangeText {
  field: string;
  /** Null for descriptions: only their hashes are kept, so the change is told, not shown. */
  from: string | null;
  to: string | null;
}

/** A stored field change as people read it: dates in French, descriptions as "description modifiée". */
function describeChange(change: PostingChangeRow): FieldChangeText {
  const show = (value: string | null) =>
    value === null ? 'vide' : DATE_FIELDS.has(change.field) ? (frenchDate(value) ?? value) : value;
  if (change.field === 'description') return { field: 'description modifiée', from: null, to: null };
  return { field: fieldLabel(change.field), from: show(change.oldValue), to: show(change.newValue) };
}

const sentence = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;

/** One sentence of detail for an event; empty when the label says it all. */
export function eventDetail(e: LifecycleEvent, sourceOfPosting: string | null): string {
  const where = sourceOfPosting ? ` sur ${sourceLabel(sourceOfPosting)}` : '';
  const d = e.detail;
  if (d.scope === 'opening') {
    if (d.type === 'closed') {
      const reasons = d.closeReasons.map((r) => CLOSE_REASON_LABELS[r]);
      const doubtful = d.shortLived ? ` ${SHORT_LIVED_NOTE}` : '';
      return `${reasons.length ? `Motif : ${reasons.join(', ')}.` : 'Fermée sur tous les portails.'}${doubtful}`;
    }
    if (d.type === 'reopened') return 'De nouveau publiée sur un portail.';
    return where ? `Publiée${where}.` : '';
  }
  switch (d.type) {
    case 'changed':
      return `Champs modifiés${where} : ${d.fields.map(fieldLabel).join(', ')}.`;
    case 'linked':
      return d.manual ? 'Rattachée à la main.' : `Motif : ${LINK_REASONS[d.reason]}.`;
    case 'unlinked':
      return 'Détachée à la main.';
    case 'new':
      return where ? `Publiée${where}.` : '';
    default:
      // Posting-level transitions carry their reason ("absente du relevé (1/2)").
      return sentence(transitionReasonText(d.reason));
  }
}

export interface DashboardEvent {
  event: LifecycleEvent;
  opening: OpeningView;
  /** The portal of the posting the event is about (field changes); null for opening-level events. */
  source: string | null;
}

/** What the team is told on the dashboard (see isPublished), newest first. */
export function dashboardEvents(db: Db, limit: number, organisation: string | null = null): DashboardEvent[] {
  const events = publishedEvents(db, limit, undefined, organisation);
  const byId = new Map(openingViewsByIds(db, [...new Set(events.map((e) => e.openingId!))]).map((o) => [o.id, o]));
  const sourceOf = (o: OpeningView, postingId: number | null) =>
    o.postings.find((m) => m.stored.id === postingId)?.stored.posting.source ?? null;
  return events
    .filter((e) => byId.has(e.openingId!))
    .map((event) => {
      const opening = byId.get(event.openingId!)!;
      const type = event.detail.type;
      return {
        event,
        opening,
        source: type === 'changed' || type === 'new' ? sourceOf(opening, event.postingId) : null,
      };
    });
}

export interface HistoryEntry {
  /** The event's id: its order in time. */
  id: number;
  at: string;
  type: EventType;
  /** Portal of the posting; null for events about the whole opening. */
  source: string | null;
  detail: string;
  changes: FieldChangeText[];
}

/** Every posting-level event of the opening's postings, with the field changes of each `changed`, oldest first. */
export function openingHistory(db: Db, o: OpeningView): HistoryEntry[] {
  const entries: HistoryEntry[] = [];
  for (const { stored } of o.postings) {
    const changes = postingChanges(db, stored.id);
    for (const e of eventsOfPosting(db, stored.id)) {
      if (e.detail.scope === 'opening') continue;
      const own = e.detail.type === 'changed' ? changes.filter((c) => c.runId === e.runId).map(describeChange) : [];
      entries.push({
        id: e.id,
        at: e.at,
        type: e.detail.type,
        source: stored.posting.source,
        detail: e.detail.type === 'changed' ? '' : eventDetail(e, null),
        changes: own,
      });
    }
  }
  for (const e of eventsOfOpening(db, o.id)) {
    if (
      e.postingId !== null ||
      e.detail.scope !== 'opening' ||
      (e.detail.type !== 'closed' && e.detail.type !== 'reopened')
    )
      continue;
    entries.push({ id: e.id, at: e.at, type: e.detail.type, source: null, detail: eventDetail(e, null), changes: [] });
  }
  return entries.sort((a, b) => a.id - b.id);
}
