/** `openings export --format ics` after a real scrape of the fixture portals, read back with ical.js. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { runCli, workspace } from '../support/cli.ts';
import { fixtureBody, frenchDateIn, withDeadline } from '../support/fixture-edits.ts';
import { scenarioPortals, testConfig } from '../support/portals.ts';

const portalsNow = scenarioPortals(['csp']);

function events(ics: string) {
  return new ICAL.Component(ICAL.parse(ics)).getAllSubcomponents('vevent').map((v) => {
    const e = new ICAL.Event(v);
    return {
      uid: e.uid,
      summary: e.summary,
      day: e.startDate.toString(),
      isDate: e.startDate.isDate,
      sequence: e.sequence,
      status: String(v.getFirstPropertyValue('status')),
    };
  });
}

describe('openings export --format ics', () => {
  it('writes one event per open opening with a deadline; a moved deadline keeps the UID and raises SEQUENCE', async () => {
    const ws = workspace(testConfig(portalsNow(), ['csp'], { freshness: { detailRefreshHours: 0 } }));
    expect((await runCli([...ws.args, 'scrape'])).code).toBe(0);
    const feed = JSON.parse((await runCli([...ws.args, 'export', '--format', 'json'])).stdout) as {
      items: { title: string; _peren: { deadline: string | null } }[];
    };
    const withDeadlines = feed.items.filter((i) => i._peren.deadline);
    const first = events((await runCli([...ws.args, 'export', '--format', 'ics'])).stdout);
    expect(first.map((e) => e.summary).sort()).toEqual(withDeadlines.map((i) => `Date limite : ${i.title}`).sort());
    expect(first.every((e) => e.isDate && e.sequence === 0 && e.status === 'CONFIRMED')).toBe(true);
    // Each event sits on the Paris day of its deadline (deadlines are written as Paris midnight).
    expect(first.map((e) => e.day).sort()).toEqual(withDeadlines.map((i) => i._peren.deadline!.slice(0, 10)).sort());

    const later = frenchDateIn(120);
    portalsNow().override(
      'csp',
      'offre-MEF_2026-41905.html',
      withDeadline(fixtureBody('csp', 'offre-MEF_2026-41905.html'), later),
    );
    expect((await runCli([...ws.args, 'scrape'])).code).toBe(0);
    const out = join(ws.dir, 'deadlines.ics');
    expect((await runCli([...ws.args, 'export', '--format', 'ics', '--out', out])).code).toBe(0);
    const second = events(readFileSync(out, 'utf8'));
    expect(second.map((e) => e.uid).sort()).toEqual(first.map((e) => e.uid).sort());
    const moved = second.filter((e) => e.sequence > 0);
    expect(moved).toHaveLength(1);
    expect(moved[0]!.day).toBe(later.split('/').reverse().join('-'));
  });
});
