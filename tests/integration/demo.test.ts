/**
 * `npm run demo` as a user runs it: the bundled fixture portals scraped into a throw-away database,
 * every source healthy. With `--organisations`, three employers share the one crawl, each with its
 * own URLs and its own postings (the post the DINUM shares with the PEReN in both).
 */
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';

async function demo(extra: readonly string[]) {
  const run = await runCli(['demo', '--once', '--port', '0', ...extra]);
  const dbPath = /^Database: (.+)$/m.exec(run.stdout)?.[1];
  expect(dbPath, run.stdout + run.stderr).toBeDefined();
  const db = new Database(dbPath!, { readonly: true });
  const holdings = db
    .prepare('SELECT organisation, source, count(*) AS n FROM postings GROUP BY 1, 2 ORDER BY 1, 2')
    .all() as { organisation: string; source: string; n: number }[];
  const shared = db
    .prepare('SELECT source_id FROM postings GROUP BY source, source_id HAVING count(DISTINCT organisation) > 1')
    .all() as { source_id: string }[];
  db.close();
  rmSync(dirname(dbPath!), { recursive: true, force: true });
  return { ...run, holdings, shared };
}

describe('openings demo', () => {
  it('scrapes every fixture portal healthy and serves one organisation at the root', async () => {
    const run = await demo([]);
    expect(run.code, run.stderr).toBe(0);
    for (const source of ['passerelles', 'csp', 'pass', 'peren', 'csp-open-data'])
      expect(run.stdout).toMatch(new RegExp(`^  ${source}: healthy, [1-9]\\d* posting`, 'm'));
    expect(run.stdout).toMatch(/^Page: {6}http:\/\/127\.0\.0\.1:\d+\/$/m);
    expect(run.stdout).not.toContain('/o/');
    expect(new Set(run.holdings.map((h) => h.organisation))).toEqual(new Set(['peren']));
  });

  it('--organisations: three employers, one crawl, each its own URLs and postings', async () => {
    const run = await demo(['--organisations']);
    expect(run.code, run.stderr).toBe(0);
    for (const id of ['peren', 'dinum', 'anssi'])
      expect(run.stdout).toMatch(new RegExp(`^Page: {6}http://127\\.0\\.0\\.1:\\d+/o/${id}/$`, 'm'));
    expect(run.stdout).toMatch(/^Organisations: http:\/\/127\.0\.0\.1:\d+\/$/m);
    const held = (org: string, source: string) =>
      run.holdings.find((h) => h.organisation === org && h.source === source)?.n ?? 0;
    for (const org of ['peren', 'dinum', 'anssi']) expect(held(org, 'csp')).toBeGreaterThan(0);
    expect(held('dinum', 'peren')).toBeGreaterThan(0); // its own (WordPress) hiring page's links
    expect(run.shared.length).toBeGreaterThan(0);
  });
});
