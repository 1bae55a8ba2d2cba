/**
 * The calendar of deadlines, read back by an independent iCalendar parser (ical.js): one all-day
 * event per opening with a deadline on its Paris day, stable UIDs, SEQUENCE and LAST-MODIFIED
 * when the deadline moves, CANCELLED when the opening closes; served with ETag/304.
 */
import ICAL from 'ical.js';
import { describe, expect, it, vi } from 'vitest';
import type { Db } from '../../db/database.ts';
import { healthyRun, memoryDb, posting } from '../../scripts/synthetic-store.ts';
import { parseConfig } from '../../src/config.ts';
import { deadlinesCalendar } from '../../src/feeds/calendar.ts';
import { allOpeningViews } from '../../src/read-model/openings.ts';
import { createApp } from '../../src/server/app.ts';

const site = { publicUrl: 'https://offres.example.org', organisationName: 'PEReN' };

interface ParsedEvent {
  uid: string;
  summary: string;
  start: { isDate: boolean; day: string };
  end: string;
  sequence: number;
  status: string;
  lastModified: string;
  description: string;
  url: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
function parse(body: string): ParsedEvent[] {
  const calendar = new ICAL.Component(ICAL.parse(body));
  return calendar.getAllSubcomponents('vevent').map((vevent) => {
    const event = new ICAL.Event(vevent);
    const day = (t: ICAL.Time) => `${t.year}-${pad(t.month)}-${pad(t.day)}`;
    return {
      uid: event.uid,
      summary: event.summary,
      start: { isDate: event.startDate.isDate, day: day(event.startDate) },
      end: day(event.endDate),
      sequence: event.sequence,
      status: String(vevent.getFirstPropertyValue('status')),
      lastModified: (vevent.getFirstPropertyValue('last-modified') as ICAL.Time).toJSDate().toISOString(),
      description: event.description,
      url: String(vevent.getFirstPropertyValue('url')),
    };
  });
}

const FRONT = posting('passerelles', '4165', {
  title: 'Développeur front-end',
  deadline: '2027-01-15T00:00:00+01:00',
  employer: 'PEReN',
});
const JURISTE = posting('passerelles', '5380', { title: 'Juriste numérique', deadline: '2027-03-31T00:00:00+02:00' });
const NO_DEADLINE = posting('passerelles', '5390', { title: 'Stage sans date' });

function scenario(): { db: Db; uidOf: (sourceId: string) => string } {
  const db = memoryDb();
  healthyRun(db, 'passerelles', '2026-12-01T08:00:00.000Z', [FRONT, JURISTE, NO_DEADLINE]);
  const uidOf = (sourceId: string) =>
    allOpeningViews(db).find((o) => o.postings.some((p) => p.stored.posting.sourceId === sourceId))!.uid;
  return { db, uidOf };
}

describe('calendar of deadlines', () => {
  it('one all-day event per opening with a deadline, on its Paris day, with portal links and a stable UID', () => {
    const { db, uidOf } = scenario();
    const events = parse(deadlinesCalendar(db, site, new Date('2026-12-02T00:00:00Z')).body);
    expect(events.map((e) => e.summary)).toEqual([
      'Date limite : Développeur front-end',
      'Date limite : Juriste numérique',
    ]);
    // 2027-01-15T00:00+01:00 is 2027-01-14 in UTC: the event must still be on the 15th, the 31st in summer time.
    expect(events.map((e) => [e.start, e.end])).toEqual([
      [{ isDate: true, day: '2027-01-15' }, '2027-01-16'],
      [{ isDate: true, day: '2027-03-31' }, '2027-04-01'],
    ]);
    expect(events[0]).toMatchObject({
      uid: `${uidOf('4165')}@peren-openings`,
      sequence: 0,
      status: 'CONFIRMED',
      lastModified: '2026-12-01T08:00:00.000Z',
      url: `https://offres.example.org/offres/${uidOf('4165')}`,
    });
    expect(events[0]!.description).toContain('https://example.gouv.fr/passerelles/4165');
    expect(events[0]!.description).toContain(`Sa page : https://offres.example.org/offres/${uidOf('4165')}`);
  });

  it('a moved deadline keeps the UID, moves the day, raises SEQUENCE and sets LAST-MODIFIED; a close cancels the event', () => {
    const { db, uidOf } = scenario();
    const before = parse(deadlinesCalendar(db, site, new Date('2026-12-02T00:00:00Z')).body);
    healthyRun(db, 'passerelles', '2026-12-03T08:00:00.000Z', [
      { ...FRONT, deadline: '2027-02-01T00:00:00+01:00' },
      JURISTE,
      NO_DEADLINE,
    ]);
    healthyRun(db, 'passerelles', '2026-12-04T08:00:00.000Z', [
      { ...FRONT, deadline: '2027-02-01T00:00:00+01:00' },
      NO_DEADLINE,
    ]);
    healthyRun(db, 'passerelles', '2026-12-05T08:00:00.000Z', [
      { ...FRONT, deadline: '2027-02-01T00:00:00+01:00' },
      NO_DEADLINE,
    ]);
    const after = parse(deadlinesCalendar(db, site, new Date('2026-12-06T00:00:00Z')).body);

    const front = after.find((e) => e.uid === `${uidOf('4165')}@peren-openings`)!;
    expect(front.start.day).toBe('2027-02-01');
    expect(front.sequence).toBeGreaterThan(before.find((e) => e.uid === front.uid)!.sequence);
    expect(front.lastModified).toBe('2026-12-03T08:00:00.000Z');
    expect(front.status).toBe('CONFIRMED');

    const juriste = after.find((e) => e.uid === `${uidOf('5380')}@peren-openings`)!;
    expect(juriste.status).toBe('CANCELLED');
    expect(juriste.sequence).toBeGreaterThan(before.find((e) => e.uid === juriste.uid)!.sequence);
    expect(juriste.lastModified).toBe('2026-12-05T08:00:00.000Z');
    // Long after the close, the cancelled event is dropped.
    expect(parse(deadlinesCalendar(db, site, new Date('2027-03-01T00:00:00Z')).body).map((e) => e.uid)).toEqual([
      front.uid,
    ]);
  });

  it('is served at /calendar.ics and per opening, with ETag and 304, and linked from the pages', async () => {
    const { db, uidOf } = scenario();
    const config = parseConfig({});
    const app = createApp({
      db,
      config,
      publicUrl: 'https://offres.example.org',
      now: () => new Date('2026-12-02T00:00:00Z'),
    });
    const res = await app.request('/calendar.ics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(res.headers.get('last-modified')).toBe('Tue, 01 Dec 2026 08:00:00 GMT');
    const etag = res.headers.get('etag')!;
    expect(parse(await res.text())).toHaveLength(2);
    expect((await app.request('/calendar.ics', { headers: { 'If-None-Match': etag } })).status).toBe(304);
    // Dates come from the data, not the clock: an hour later on the machine's clock, a server with
    // nothing cached renders the same calendar.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 3_600_000 });
    try {
      const later = createApp({
        db,
        config,
        publicUrl: 'https://offres.example.org',
        now: () => new Date('2026-12-02T00:00:00Z'),
      });
      expect((await later.request('/calendar.ics', { headers: { 'If-None-Match': etag } })).status).toBe(304);
    } finally {
      vi.useRealTimers();
    }

    const one = await app.request(`/offres/${uidOf('4165')}/agenda.ics`);
    expect(parse(await one.text()).map((e) => e.uid)).toEqual([`${uidOf('4165')}@peren-openings`]);
    expect((await app.request('/offres/nope/agenda.ics')).status).toBe(404);

    expect(await (await app.request('/')).text()).toContain(
      '<a href="/calendar.ics" type="text/calendar">Ajouter à mon agenda</a>',
    );
    expect(await (await app.request(`/offres/${uidOf('4165')}`)).text()).toContain(
      `<a href="/offres/${uidOf('4165')}/agenda.ics" type="text/calendar">ajouter à mon agenda</a>`,
    );
    expect(await (await app.request(`/offres/${uidOf('5390')}`)).text()).not.toContain('agenda.ics');
  });
});
