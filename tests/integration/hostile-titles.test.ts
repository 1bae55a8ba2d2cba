/**
 * A scrape of fixtures/hostile/pass-hostile-titles through the real CLI: bidi overrides and
 * noncharacters are stripped at parse time and reach neither the page, nor the feeds, nor the API;
 * impossible dates are refused (the field is empty, never shifted to another day) and the run
 * says why, as a warning of the page.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixturePortals } from '../../src/fixture-portal/server.ts';
import { runCli, startServe, workspace } from '../support/cli.ts';
import { startHostilePortals, testConfig } from '../support/portals.ts';

/** Bidi embeddings, overrides and isolates; noncharacters (also as JSON writes them). */
const UNSAFE = /[\u202a-\u202e\u2066-\u2069\ufdd0-\ufdef\ufffe\uffff]|\\u(202[a-e]|206[6-9]|fffe|ffff)/i;

let hostile: FixturePortals;
beforeAll(async () => {
  hostile = await startHostilePortals(['pass-hostile-titles']);
});
afterAll(async () => hostile.close());

function stored(dbPath: string): {
  postings: Record<string, { title: string; publishedAt: string | null; startDate: string | null }>;
  problems: { severity: string; message: string }[];
} {
  const db = new Database(dbPath, { readonly: true });
  try {
    const rows = db
      .prepare('SELECT source_id AS id, data FROM postings JOIN posting_content ON posting_id = id')
      .all() as { id: string; data: string }[];
    const run = db.prepare(`SELECT problems FROM runs WHERE source = 'pass' ORDER BY id DESC LIMIT 1`).get() as {
      problems: string;
    };
    return {
      postings: Object.fromEntries(rows.map((r) => [r.id, JSON.parse(r.data)])),
      problems: JSON.parse(run.problems),
    };
  } finally {
    db.close();
  }
}

describe('hostile titles and dates', () => {
  it('strips bidi overrides and noncharacters, refuses impossible dates and says why', async () => {
    const ws = workspace(
      testConfig(hostile, ['pass'], { sources: { pass: { baseUrl: hostile.urls['pass-hostile-titles'] } } }),
    );
    const run = await runCli([...ws.args, 'scrape']);
    expect(run.code, run.stderr).toBe(0);
    const { postings, problems } = stored(ws.dbPath);

    expect(postings['A-2026-300003']!.title).toBe('Apprenti(e) exe.fdp web - PEReN H/F');
    const impossible = postings['A-2026-300004']!;
    expect(impossible.publishedAt).toBeNull();
    expect(impossible.startDate).toBeNull();
    // The same dates written possibly are read as they are.
    expect(postings['A-2026-300001']!.publishedAt).toBe('2026-11-20T10:12:05+01:00');
    expect(postings['A-2026-300001']!.startDate).toBe('2027-09-01T00:00:00+02:00');
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          severity: 'warning',
          message: 'impossible date "2026-11-20T25:99:99+0100" (hour 25): the field is left empty',
        }),
        expect.objectContaining({
          severity: 'warning',
          message: 'impossible date "2027-09-01T00:00:00+9900" (offset +9900): the field is left empty',
        }),
      ]),
    );

    const server = await startServe(ws.args);
    try {
      const openings = (await (await fetch(`${server.base}/api/openings`)).json()) as { openings: { uid: string }[] };
      expect(openings.openings.length).toBeGreaterThanOrEqual(4);
      for (const path of [
        '/',
        '/feed.rss',
        '/feed.atom',
        '/feed.json',
        '/feed/events.json',
        '/api/openings',
        '/api/postings',
        '/calendar.ics',
        ...openings.openings.map((o) => `/offres/${o.uid}`),
      ]) {
        const response = await fetch(`${server.base}${path}`);
        expect(response.status, path).toBe(200);
        expect(await response.text(), path).not.toMatch(UNSAFE);
      }
    } finally {
      await server.stop();
    }
  });
});
