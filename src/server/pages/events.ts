/** Events in French: the dashboard's recent ones and an opening's posting-level history. */
import type { Db } from '../../../db/database.ts';
import { eventsOfOpening, eventsOfPosting, recentEvents, type EventRow, type EventType } from '../../../db/events.ts';
import { postingChanges, type CloseReason, type PostingChangeRow } from '../../../db/postings.ts';
import { CLOSE_REASON_LABELS, FIELD_LABELS, frenchDate, SOURCE_LABELS } from '../../feeds/labels.ts';
import type { OpeningView } from '../../lifecycle/opening-view.ts';
import type { Tone } from './components.ts';

export const EVENT_LABELS: Record<EventType, { text: string; tone: Tone }> = {
  new: { text: 'nouvelle', tone: 'info' },
  changed: { text: 'modifiée', tone: 'info' },
  missing: { text: 'absente du relevé', tone: 'warn' },
  'seen-again': { text: 'de nouveau listée', tone: 'ok' },
  closed: { text: 'fermée', tone: 'neutral' },
  reopened: { text: 'rouverte', tone: 'ok' },
  linked: { text: 'rattachée', tone: 'neutral' },
  unlinked: { text: 'détachée', tone: 'neutral' },
};

/** Why a posting joined its opening (opening_links.reason). */
export const LINK_REASONS: Record<string, string> = {
  first: 'première annonce du poste',
  url: 'même adresse d’offre',
  reference: 'même référence',
  similarity: 'intitulé, employeur et lieu proches',
  manual: 'rattachée à la main',
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
  const show = (value: string | null) => (value === null ? 'vide' : DATE_FIELDS.has(change.field) ? (frenchDate(value) ?? value) : value);
  if (change.field === 'description') return { field: 'description modifiée', from: null, to: null };
  return { field: fieldLabel(change.field), from: show(change.oldValue), to: show(change.newValue) };
}

const sentence = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;

/** One sentence of detail for an event; empty when the label says it all. */
export function eventDetail(e: EventRow, sourceOfPosting: string | null): string {
  const where = sourceOfPosting ? ` sur ${SOURCE_LABELS[sourceOfPosting] ?? sourceOfPosting}` : '';
  // Posting-level transitions carry the lifecycle's own French reason ("absente du relevé (1/2)").
  const reason = typeof e.detail.reason === 'string' && e.type !== 'linked' ? sentence(e.detail.reason) : null;
  switch (e.type) {
    case 'changed': {
      const fields = Array.isArray(e.detail.fields) ? (e.detail.fields as string[]) : [];
      return `Champs modifiés${where} : ${fields.map(fieldLabel).join(', ')}.`;
    }
    case 'closed': {
      if (reason) return reason;
      const reasons = Array.isArray(e.detail.closeReasons) ? (e.detail.closeReasons as CloseReason[]).map((r) => CLOSE_REASON_LABELS[r] ?? r) : [];
      const doubtful = e.detail.shortLived === true ? ' Fermée moins d’un mois après sa publication : à vérifier.' : '';
      return `${reasons.length ? `Motif : ${reasons.join(', ')}.` : 'Fermée sur tous les portails.'}${doubtful}`;
    }
    case 'linked':
      return e.detail.manual === true ? 'Rattachée à la main.' : `Motif : ${LINK_REASONS[String(e.detail.reason)] ?? String(e.detail.reason)}.`;
    case 'unlinked':
      return 'Détachée à la main.';
    case 'new':
      return where ? `Publiée${where}.` : '';
    case 'reopened':
      return reason ?? 'De nouveau publiée sur un portail.';
    default:
      return reason ?? '';
  }
}

export interface DashboardEvent {
  event: EventRow;
  opening: OpeningView;
  /** The portal of the posting the event is about (field changes); null for opening-level events. */
  source: string | null;
}

/** What the team is told on the dashboard: new, changed, closed and reopened openings, newest first. */
export function dashboardEvents(db: Db, views: readonly OpeningView[], limit: number): DashboardEvent[] {
  const byId = new Map(views.map((o) => [o.id, o]));
  const sourceOf = (o: OpeningView, postingId: number | null) => o.postings.find((m) => m.stored.id === postingId)?.stored.posting.source ?? null;
  return recentEvents(db, limit * 5, ['new', 'changed', 'closed', 'reopened'])
    .filter((e) => e.openingId !== null && byId.has(e.openingId) && (e.type === 'changed' || e.detail.scope === 'opening'))
    .slice(0, limit)
    .map((event) => {
      const opening = byId.get(event.openingId!)!;
      return { event, opening, source: event.type === 'changed' || event.type === 'new' ? sourceOf(opening, event.postingId) : null };
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
      const own = e.type === 'changed' ? changes.filter((c) => c.runId === e.runId).map(describeChange) : [];
      entries.push({ id: e.id, at: e.at, type: e.type, source: stored.posting.source, detail: e.type === 'changed' ? '' : eventDetail(e, null), changes: own });
    }
  }
  for (const e of eventsOfOpening(db, o.id)) {
    if (e.postingId !== null || (e.type !== 'closed' && e.type !== 'reopened')) continue;
    entries.push({ id: e.id, at: e.at, type: e.type, source: null, detail: eventDetail(e, null), changes: [] });
  }
  return entries.sort((a, b) => a.id - b.id);
}
