/**
 * `/calendar.ics` and `openings export --format ics`: one all-day event per opening with an
 * application deadline, on the deadline's day in Paris. The UID is the opening's own uid, so a
 * subscribed calendar updates the same event: SEQUENCE counts the deadline's moves (from
 * posting_changes) and the opening's closes and reopens, LAST-MODIFIED is the latest of those,
 * and a closed opening stays as a CANCELLED event for CANCELLED_KEPT_DAYS so clients remove it.
 * Every date comes from the data, so the same database gives the same bytes (and ETag).
 */
import ical, { ICalCalendarMethod, ICalEventStatus, ICalEventTransparency } from 'ical-generator';
import type { Db } from '../../db/database.ts';
import { eventsOfOpening } from '../../db/events.ts';
import { findOpeningByUid, openingIdsOpenOrClosedSince } from '../../db/openings.ts';
import { postingChanges } from '../../db/postings.ts';
import { DAY_MS, newestOf } from '../model/time.ts';
import type { OpeningView } from '../read-model/opening-view.ts';
import { openingViewsByIds } from '../read-model/openings.ts';
import { type FeedSite, openingLinks, organisationOf, siteBase, TAG_AUTHORITY } from './openings-feed.ts';

/** A closed opening's event is kept (cancelled) this long after the close, then dropped. */
const CANCELLED_KEPT_DAYS = 60;
export const CALENDAR_CONTENT_TYPE = 'text/calendar; charset=utf-8';

const parisDay = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The deadline's day in Paris (`2027-01-15`), whatever offset the instant was written with. */
function deadlineDay(deadline: string): string | null {
  const ms = Date.parse(deadline);
  return Number.isNaN(ms) ? null : parisDay.format(new Date(ms));
}

interface DeadlineEntry {
  opening: OpeningView;
  day: string;
  sequence: number;
  lastModified: string;
  cancelled: boolean;
}

const latest = (dates: readonly string[]): string => newestOf(dates)!;

function entryOf(db: Db, o: OpeningView, day: string): DeadlineEntry {
  const moves = o.postings.flatMap(({ stored }) =>
    postingChanges(db, stored.id)
      .filter((c) => c.field === 'deadline')
      .map((c) => c.at),
  );
  const states = eventsOfOpening(db, o.id)
    .filter((e) => e.detail.scope === 'opening' && (e.detail.type === 'closed' || e.detail.type === 'reopened'))
    .map((e) => e.at);
  return {
    opening: o,
    day,
    sequence: moves.length + states.length,
    lastModified: latest([o.createdAt, ...moves, ...states]),
    cancelled: o.status === 'closed',
  };
}

/** Openings with a deadline: open and missing ones, and those closed in the last CANCELLED_KEPT_DAYS. */
export function deadlineEntries(
  db: Db,
  now: Date,
  onlyUid?: string,
  organisation: string | null = null,
): DeadlineEntry[] {
  const entries: DeadlineEntry[] = [];
  const keptSince = now.getTime() - CANCELLED_KEPT_DAYS * DAY_MS;
  const ids =
    onlyUid !== undefined
      ? [findOpeningByUid(db, onlyUid)?.id].filter((id): id is number => id !== undefined)
      : openingIdsOpenOrClosedSince(db, keptSince, organisation);
  const BATCH = 500;
  for (let i = 0; i < ids.length; i += BATCH)
    entries.push(...entriesOf(db, openingViewsByIds(db, ids.slice(i, i + BATCH)), now));
  return entries.sort((a, b) => a.day.localeCompare(b.day) || a.opening.id - b.opening.id);
}

function entriesOf(db: Db, views: readonly OpeningView[], now: Date): DeadlineEntry[] {
  const entries: DeadlineEntry[] = [];
  for (const o of views) {
    const day = o.posting.deadline ? deadlineDay(o.posting.deadline) : null;
    if (!day) continue;
    if (o.status === 'closed' && now.getTime() - Date.parse(o.closedAt ?? o.updatedAt) > CANCELLED_KEPT_DAYS * DAY_MS)
      continue;
    entries.push(entryOf(db, o, day));
  }
  return entries;
}

function description(e: DeadlineEntry, pageUrl: string): string {
  const p = e.opening.posting;
  return [
    e.cancelled ? 'Offre fermée : cette date limite ne vaut plus.' : `Dernier jour pour candidater à « ${p.title} ».`,
    p.employer && `Employeur : ${p.employer}`,
    p.location && `Lieu : ${p.location}`,
    '',
    'Sur les portails :',
    ...openingLinks(e.opening).map((l) => `- ${l.title} : ${l.url}`),
    `Sa page : ${pageUrl}`,
  ]
    .filter((line): line is string => line !== null)
    .join('\n');
}

function renderCalendar(
  entries: readonly DeadlineEntry[],
  site: FeedSite,
): { body: string; lastModified: string | null } {
  const calendar = ical({
    name: `Dates limites des offres ${organisationOf(site)}`,
    description: `Les dates limites de candidature des offres ouvertes ${organisationOf(site)}.`,
    prodId: { company: 'peren-openings', product: 'calendrier', language: 'FR' },
    method: ICalCalendarMethod.PUBLISH,
    url: `${siteBase(site)}/calendar.ics`,
  });
  for (const e of entries) {
    const pageUrl = `${site.publicUrl}/offres/${encodeURIComponent(e.opening.uid)}`;
    // All-day dates are written from UTC components: midnight UTC of the Paris day is that day.
    const start = new Date(`${e.day}T00:00:00Z`);
    calendar.createEvent({
      id: `${e.opening.uid}@${TAG_AUTHORITY.split(',')[0]}`,
      allDay: true,
      start,
      end: new Date(start.getTime() + DAY_MS),
      summary: `Date limite : ${e.opening.posting.title}`,
      description: description(e, pageUrl),
      url: pageUrl,
      sequence: e.sequence,
      stamp: new Date(e.lastModified),
      lastModified: new Date(e.lastModified),
      status: e.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      transparency: ICalEventTransparency.TRANSPARENT,
    });
  }
  return {
    body: calendar.toString(),
    lastModified: entries.length ? latest(entries.map((e) => e.lastModified)) : null,
  };
}

export function deadlinesCalendar(
  db: Db,
  site: FeedSite,
  now: Date,
  onlyUid?: string,
): { body: string; lastModified: string | null } {
  return renderCalendar(deadlineEntries(db, now, onlyUid, site.organisation ?? null), site);
}
