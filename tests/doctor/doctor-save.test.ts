/**
 * `openings doctor --save DIR`: the capture is a fixture-portal folder per source that a scrape reads
 * to exactly the postings the original portal gives, with personal data replaced.
 */

import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SOURCES } from '../../scrapers/index.ts';
import type { DoctorReport } from '../../src/doctor/report.ts';
import { readManifest } from '../../src/fixture-portal/manifest.ts';
import { FixturePortals } from '../../src/fixture-portal/server.ts';
import { FIXTURE_PORTALS, runCli, workspace } from '../support/cli.ts';
import { testConfig } from '../support/portals.ts';

/** Every registered source that has a fixture portal. */
const NAMES = Object.keys(SOURCES).filter((id) => existsSync(join(FIXTURE_PORTALS, id, 'manifest.json')));

let original: FixturePortals;
let saveDir: string;
let doctorReport: DoctorReport;
let doctorCode: number | null;
beforeAll(async () => {
  original = await FixturePortals.start(FIXTURE_PORTALS, NAMES);
  saveDir = join(mkdtempSync(join(tmpdir(), 'openings-capture-')), 'captures');
  const ws = workspace(testConfig(original, NAMES));
  const run = await runCli([...ws.args, 'doctor', '--json', '--save', saveDir]);
  doctorCode = run.code;
  doctorReport = JSON.parse(run.stdout) as DoctorReport;
});
afterAll(async () => original.close());

async function scrapedPostings(root: string) {
  const portals = await FixturePortals.start(root, NAMES);
  try {
    const ws = workspace(testConfig(portals, NAMES));
    const run = await runCli([...ws.args, 'scrape']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const db = new Database(ws.dbPath, { readonly: true });
    try {
      return db
        .prepare(
          'SELECT source, source_id, data, detail_data, detail_error FROM postings JOIN posting_content ON posting_id = id ORDER BY source, source_id',
        )
        .all() as { source: string; source_id: string; detail_error: string | null }[];
    } finally {
      db.close();
    }
  } finally {
    await portals.close();
  }
}

describe('openings doctor --save', () => {
  it('probes every source and reports where each capture went', () => {
    expect(NAMES).toContain('pass');
    expect(doctorCode).toBe(0);
    expect(doctorReport.sources.map((s) => [s.source, s.verdict, s.saved?.dir, s.saved?.failures])).toEqual(
      NAMES.map((id) => [id, 'ok', join(saveDir, id), []]),
    );
  });

  it('writes a folder the fixture-portal server reads, with the capture metadata', () => {
    const manifest = readManifest(join(saveDir, 'pass'));
    expect(manifest.routes.map((r) => [r.path, r.file, r.contentType, r.constructed])).toEqual([
      ['/robots.txt', 'robots.txt', 'text/plain; charset=utf-8', false],
      ['/flux/offres', 'rss-flux-offres.xml', 'application/rss+xml; charset=utf-8', false],
      ['/flux/offres_stages', 'rss-flux-offres-stages.xml', 'application/rss+xml; charset=utf-8', false],
    ]);
    expect(manifest.routes[1]!.note).toMatch(
      /^captured by openings doctor on \d{4}-\d\d-\d\dT[\d:.]+Z from https:\/\/www\.pass\.fonction-publique\.gouv\.fr\/flux\/offres: HTTP 200, application\/rss\+xml; charset=utf-8, \d+ bytes decoded as utf-8; variant pass-rss, 9 posting\(s\); e-mail addresses and phone numbers replaced$/,
    );
    const capture = manifest.capture as {
      source: string;
      verdict: string;
      pages: {
        file: string;
        url: string;
        status: number;
        variant: string | null;
        postings: number | null;
        headers: Record<string, string>;
      }[];
    };
    expect(capture.source).toBe('pass');
    expect(capture.verdict).toBe('ok');
    expect(capture.pages.map((p) => [p.file, p.status, p.variant, p.postings])).toEqual([
      ['robots.txt', 200, null, null],
      ['rss-flux-offres.xml', 200, 'pass-rss', 9],
      ['rss-flux-offres-stages.xml', 200, 'pass-rss', 2],
    ]);
    expect(capture.pages[1]!.headers['content-type']).toBe('application/rss+xml; charset=utf-8');
    expect(readdirSync(join(saveDir, 'pass')).sort()).toEqual([
      'manifest.json',
      'robots.txt',
      'rss-flux-offres-stages.xml',
      'rss-flux-offres.xml',
    ]);
  });

  it('replaces e-mail addresses and phone numbers in the saved bodies, and nothing else', () => {
    const original = readFileSync(join(FIXTURE_PORTALS, 'pass/flux-offres.xml'), 'utf8');
    const saved = readFileSync(join(saveDir, 'pass/rss-flux-offres.xml'), 'utf8');
    const creators = (text: string) => [...text.matchAll(/<dc:creator>([^<]*)<\/dc:creator>/g)].map((m) => m[1]);
    expect(creators(original)).toEqual([
      'mail@mail.fr -',
      'mail@mail.fr - 01.00.00.00.00',
      'mail@mail.fr -',
      'mail@mail.fr - 04.66.66.66.66',
      'mail@mail.fr - 04.66.66.66.66',
      'mail@mail.fr - 04.66.66.66.66',
      'mail@mail.fr - 0666666666',
      'mail@mail.fr -',
      'mail@mail.fr - 0666666666',
    ]);
    expect(creators(saved)).toEqual(
      creators(original).map((c) =>
        c!.replace('mail@mail.fr', 'mail@example.invalid').replace(/ - .+$/, ' - 00 00 00 00 00'),
      ),
    );
    const outsideCreators = (text: string) => text.replace(/<dc:creator>[^<]*<\/dc:creator>/g, '');
    expect(outsideCreators(saved)).toBe(outsideCreators(original));
  });

  it('is scraped to the same postings as the portal it was captured from', async () => {
    const fromOriginal = await scrapedPostings(FIXTURE_PORTALS);
    const fromCapture = await scrapedPostings(saveDir);
    expect(fromOriginal.filter((p) => p.source === 'pass').map((p) => p.source_id)).toEqual([
      'A-2026-201655',
      'A-2026-201734',
      'S-2026-118842',
    ]);
    expect(fromOriginal.every((p) => p.detail_error === null)).toBe(true);
    expect(fromCapture).toEqual(fromOriginal);
  });

  it('never overwrites an earlier capture', async () => {
    const ws = workspace(testConfig(original, ['pass']));
    const run = await runCli([...ws.args, 'doctor', '--source', 'pass', '--save', saveDir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `openings: --save would overwrite earlier captures in ${join(saveDir, 'pass')}: choose another folder\n`,
    );
  });
});
