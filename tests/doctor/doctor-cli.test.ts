/**
 * `openings doctor` through the real CLI against the PASS fixture portal: a healthy portal, each
 * way a live portal can have changed (redesign, error page, off-host redirect, 403, robots.txt),
 * the scrape lock, and the guarantee that it stores nothing.
 */

import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/database.ts';
import { acquireLock } from '../../db/lock.ts';
import { SOURCE_IDS } from '../../scrapers/index.ts';
import type { DoctorReport } from '../../src/doctor/report.ts';
import type { FixturePortals } from '../../src/fixture-portal/server.ts';
import { POSTING_FIELDS } from '../../src/model/posting.ts';
import { runCli, workspace } from '../support/cli.ts';
import { startPortals, testConfig } from '../support/portals.ts';

let portals: FixturePortals;
beforeAll(async () => {
  portals = await startPortals(['pass']);
});
afterAll(async () => portals.close());
beforeEach(() => portals.reset());

const FEED = 'https://www.pass.fonction-publique.gouv.fr/flux/offres';
const STAGES_FEED = 'https://www.pass.fonction-publique.gouv.fr/flux/offres_stages';
const FILLED_BY_PASS = [
  'reference',
  'url',
  'title',
  'employer',
  'organisation',
  'location',
  'department',
  'contractType',
  'educationLevel',
  'duration',
  'startDate',
  'publishedAt',
  'updatedAt',
  'descriptionHtml',
  'descriptionText',
];

async function doctorJson(extraArgs: string[] = []) {
  const ws = workspace(testConfig(portals, ['pass']));
  const run = await runCli([...ws.args, 'doctor', '--json', ...extraArgs]);
  return { run, report: JSON.parse(run.stdout) as DoctorReport, ws };
}

function passReport(report: DoctorReport) {
  const source = report.sources.find((s) => s.source === 'pass');
  if (!source) throw new Error('no pass report');
  return source;
}

describe('openings doctor on a healthy portal', () => {
  it('reports every page with its fetch facts, variant, postings and full field shares, verdict ok', async () => {
    const { run, report } = await doctorJson();
    expect(run.code).toBe(0);
    expect(report.sources.map((s) => s.source)).toEqual(['pass']);
    const pass = passReport(report);
    expect(pass.verdict).toBe('ok');
    expect(pass.findings).toEqual([]);
    expect(pass.pages.map((p) => [p.channel, p.label, p.url])).toEqual([
      ['robots.txt', 'robots.txt', 'https://www.pass.fonction-publique.gouv.fr/robots.txt'],
      ['inventory', 'rss', FEED],
      ['inventory', 'rss', STAGES_FEED],
    ]);
    const [robots, feed, stages] = pass.pages;
    expect(robots).toMatchObject({
      status: 200,
      contentType: 'text/plain; charset=utf-8',
      variant: null,
      postings: null,
    });
    expect(feed).toMatchObject({
      fetchedUrl: `${portals.urls.pass}/flux/offres`,
      finalUrl: `${portals.urls.pass}/flux/offres`,
      status: 200,
      contentType: 'application/rss+xml; charset=utf-8',
      charset: 'utf-8',
      variant: 'pass-rss',
      postings: 9,
      declaredTotal: null,
      problems: [],
      pagination: null,
      fetchError: null,
      robots: { allowed: true, crawlDelaySeconds: null, robotsUrl: `${portals.urls.pass}/robots.txt`, error: null },
    });
    expect(feed!.etag).toMatch(/^"[0-9a-f]{40}"$/);
    expect(feed!.bytes).toBeGreaterThan(20_000);
    expect(stages).toMatchObject({ variant: 'pass-rss', postings: 2 });
    for (const page of [feed!, stages!]) {
      expect(Object.keys(page.fieldShares!)).toEqual([...POSTING_FIELDS]);
      for (const field of POSTING_FIELDS)
        expect(page.fieldShares![field], field).toBe(FILLED_BY_PASS.includes(field) ? 1 : 0);
    }
  });

  it('prints a readable report with the shares grouped and the verdicts at the end', async () => {
    const ws = workspace(testConfig(portals, ['pass']));
    const run = await runCli([...ws.args, 'doctor']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('pass — PASS (stages et apprentissage)');
    expect(run.stdout).toContain(`  inventory rss  ${FEED}\n`);
    expect(run.stdout).toContain('    parser      variant pass-rss, 9 posting(s)\n');
    expect(run.stdout).toContain(
      `    fields      100%: ${FILLED_BY_PASS.join(', ')}\n                0%: category, versant, experience, jobFamily, salary, remote, deadline, originalUrl\n`,
    );
    expect(run.stdout).toContain(`    robots.txt  allowed, no Crawl-delay (${portals.urls.pass}/robots.txt)\n`);
    expect(run.stdout).toMatch(/Verdicts\n {2}pass {2}ok\n$/);
  });
});

describe('openings doctor on a portal that changed', () => {
  it('a redesigned page in place of the feed: broken, naming the page it got', async () => {
    portals.override(
      'pass',
      'flux-offres.xml',
      '<!DOCTYPE html><html lang="fr"><head><title>Offres de stage et d’apprentissage | PASS</title></head><body><main class="view-offres"><h1>Trouvez votre offre</h1></main></body></html>',
    );
    const { run, report } = await doctorJson();
    expect(run.code).toBe(1);
    const pass = passReport(report);
    expect(pass.verdict).toBe('broken');
    expect(pass.pages.find((p) => p.url === FEED)).toMatchObject({
      status: 200,
      variant: null,
      postings: 0,
      looksLike: null,
    });
    expect(pass.findings).toEqual([
      {
        severity: 'broken',
        url: FEED,
        message: `rss page: served an HTML page instead of a feed (application/rss+xml; charset=utf-8), titled «Offres de stage et d’apprentissage | PASS», the portal may have redesigned or moved it — parser: PASS feed: no RSS <channel> found, the page is not the expected feed (${FEED})`,
      },
    ]);
  });

  it('an HTML error page served with 200 instead of the feed: broken, called an error page', async () => {
    portals.inject('pass', '/flux/offres', {
      kind: 'body',
      body: '<html><head><title>Erreur 503 - Service momentanément indisponible</title></head><body><h1>Maintenance en cours</h1></body></html>',
    });
    const { run, report } = await doctorJson();
    expect(run.code).toBe(1);
    expect(passReport(report).findings).toEqual([
      {
        severity: 'broken',
        url: FEED,
        message: `rss page: served an HTML page instead of a feed (text/html; charset=utf-8), titled «Erreur 503 - Service momentanément indisponible», apparently an error or maintenance page — parser: PASS feed: no RSS <channel> found, the page is not the expected feed (${FEED})`,
      },
    ]);
  });

  it('a redirect to another host: broken, the redirect not followed', async () => {
    portals.inject('pass', '/flux/offres', { kind: 'redirect', location: 'https://example.org/x' });
    const { run, report } = await doctorJson();
    expect(run.code).toBe(1);
    const pass = passReport(report);
    expect(pass.pages.find((p) => p.url === FEED)).toMatchObject({
      status: 302,
      variant: null,
      postings: null,
      fetchError: { kind: 'redirect' },
    });
    expect(pass.findings).toEqual([
      {
        severity: 'broken',
        url: FEED,
        message: `rss page: redirected off the source's hosts or in a loop: ${FEED} (fetched as ${portals.urls.pass}/flux/offres) redirects to https://example.org/x, outside the source's hosts`,
      },
    ]);
    expect(portals.requests.map((r) => r.url)).not.toContain('/x');
  });

  it('a 403: broken, with the status', async () => {
    portals.inject('pass', '/flux/offres_stages', { kind: 'status', status: 403 });
    const { run, report } = await doctorJson();
    expect(run.code).toBe(1);
    const pass = passReport(report);
    expect(pass.pages.find((p) => p.url === STAGES_FEED)).toMatchObject({ status: 403, fetchError: { kind: 'http' } });
    expect(pass.pages.find((p) => p.url === FEED)).toMatchObject({ variant: 'pass-rss', postings: 9 });
    expect(pass.findings).toEqual([
      {
        severity: 'broken',
        url: STAGES_FEED,
        message: `rss page: HTTP error: ${STAGES_FEED} (fetched as ${portals.urls.pass}/flux/offres_stages): HTTP 403`,
      },
    ]);

    const ws = workspace(testConfig(portals, ['pass']));
    const text = await runCli([...ws.args, 'doctor']);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(
      `    error       http (HTTP 403): ${STAGES_FEED} (fetched as ${portals.urls.pass}/flux/offres_stages): HTTP 403\n`,
    );
    expect(text.stdout).toContain('  verdict: BROKEN\n');
    expect(text.stdout).toMatch(/Verdicts\n {2}pass {2}broken \(1 finding\)\n$/);
  });

  it('a robots.txt that disallows the feeds: broken, the feeds never requested', async () => {
    portals.override('pass', 'robots.txt', 'User-agent: *\nDisallow: /flux/\n');
    const { run, report } = await doctorJson();
    expect(run.code).toBe(1);
    const pass = passReport(report);
    const feed = pass.pages.find((p) => p.url === FEED)!;
    expect(feed.robots).toEqual({
      allowed: false,
      crawlDelaySeconds: null,
      robotsUrl: `${portals.urls.pass}/robots.txt`,
      error: null,
    });
    expect(feed.fetchError?.kind).toBe('robots');
    expect(pass.findings.map((f) => f.severity)).toEqual(['broken', 'broken']);
    expect(pass.findings[0]!.message).toBe(
      `rss page: robots.txt: ${portals.urls.pass}/robots.txt disallows ${FEED} (fetched as ${portals.urls.pass}/flux/offres) for peren-openings (line 2: Disallow: /flux/)`,
    );
    expect(portals.requests.filter((r) => r.url.startsWith('/flux/'))).toEqual([]);
  });

  it('reports a Crawl-delay and honours it', async () => {
    portals.override('pass', 'robots.txt', 'User-agent: *\nCrawl-delay: 1\n');
    const started = Date.now();
    const { run, report } = await doctorJson();
    expect(run.code).toBe(0);
    expect(passReport(report).pages.find((p) => p.url === FEED)!.robots).toMatchObject({
      allowed: true,
      crawlDelaySeconds: 1,
    });
    // robots.txt twice (rules, then the body for the report), then the two feeds: three 1 s pauses.
    expect(portals.requests.map((r) => r.url)).toEqual([
      '/robots.txt',
      '/robots.txt',
      '/flux/offres',
      '/flux/offres_stages',
    ]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(3000);
  });
});

describe('openings doctor and the database', () => {
  it('refuses to run while a scrape holds the lock, before any request', async () => {
    const ws = workspace(testConfig(portals, ['pass']));
    const db = openDatabase(ws.dbPath);
    const release = acquireLock(db, 'scrape'); // held by this process, as a running scrape holds it
    try {
      const run = await runCli([...ws.args, 'doctor']);
      expect(run.code).toBe(3);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(
        new RegExp(
          `^openings: a scrape is running \\(pid ${process.pid}, since \\d{4}-[^)]+\\); doctor shares its politeness limits and does not run beside it: try again when it has finished\n$`,
        ),
      );
    } finally {
      release();
      db.close();
    }
    expect(portals.requests).toEqual([]);
  });

  it('writes no posting and no run, and creates no database', async () => {
    const ws = workspace(testConfig(portals, ['pass']));
    expect((await runCli([...ws.args, 'doctor'])).code).toBe(0);
    expect(existsSync(ws.dbPath)).toBe(false);

    expect((await runCli([...ws.args, 'scrape'])).code).toBe(0);
    const snapshot = () => {
      const db = new Database(ws.dbPath, { readonly: true });
      try {
        return {
          runs: db.prepare('SELECT * FROM runs ORDER BY id').all(),
          postings: db.prepare('SELECT * FROM postings ORDER BY id').all(),
          requests: db.prepare('SELECT COUNT(*) AS n FROM requests').get(),
          cache: db.prepare('SELECT url, etag FROM http_cache ORDER BY url').all(),
        };
      } finally {
        db.close();
      }
    };
    const before = snapshot();
    expect(before.postings).toHaveLength(3);
    const doctored = await runCli([...ws.args, 'doctor']);
    expect(doctored.code).toBe(0);
    expect(snapshot()).toEqual(before);
    // Every body fetched in full: the scrape's validators in the database were not used.
    expect(portals.requests.filter((r) => r.conditional)).toHaveLength(0);
  });

  it('rejects an unknown source', async () => {
    const ws = workspace(testConfig(portals, ['pass']));
    const run = await runCli([...ws.args, 'doctor', '--source', 'nope']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`openings: --source: unknown source "nope" (known: ${SOURCE_IDS.join(', ')})\n`);
  });
});
