/**
 * Control characters and lone surrogates a portal slips into its text
 * (fixtures/hostile/pass-control-characters) are stripped at parse time: not stored, not in the
 * API (whose JSON strict parsers must accept), not on the page; and whatever the database holds,
 * `openings status` writes no control character to the terminal.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixturePortals } from '../../src/fixture-portal/server.ts';
import { runCli, startServe, workspace } from '../support/cli.ts';
import { startHostilePortals, testConfig } from '../support/portals.ts';

const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
/** A lone surrogate as JSON writes it (`"\ud800"`), which strict parsers reject. */
const ESCAPED_LONE_SURROGATE = /\\ud[89ab][0-9a-f]{2}(?!\\ud[c-f])|(?<!\\ud[89ab][0-9a-f]{2})\\ud[c-f][0-9a-f]{2}/i;

let hostile: FixturePortals;
beforeAll(async () => {
  hostile = await startHostilePortals(['pass-control-characters']);
});
afterAll(async () => hostile.close());

const config = () =>
  testConfig(hostile, ['pass'], { sources: { pass: { baseUrl: hostile.urls['pass-control-characters'] } } });

function storedPosting(
  dbPath: string,
  sourceId: string,
): { raw: string; title: string; employer: string; descriptionHtml: string } {
  const db = new Database(dbPath, { readonly: true });
  try {
    const raw = (
      db
        .prepare('SELECT data FROM postings JOIN posting_content ON posting_id = id WHERE source_id = ?')
        .get(sourceId) as { data: string }
    ).data;
    return { raw, ...(JSON.parse(raw) as { title: string; employer: string; descriptionHtml: string }) };
  } finally {
    db.close();
  }
}

describe('control characters and lone surrogates', () => {
  it('are stripped at parse time and reach neither the API nor the page', async () => {
    const ws = workspace(config());
    const run = await runCli([...ws.args, 'scrape']);
    expect(run.code, run.stderr).toBe(0);
    const posting = storedPosting(ws.dbPath, 'A-2026-201655');
    expect(posting.title).toBe('Apprenti(e) [31mdéveloppeur(se) web ›2J- PEReN H/F');
    expect(posting.employer).toBe('PEReN');
    expect(posting.descriptionHtml).toBe(
      '<p>Le PEReN recherche un(e) apprenti(e) développeur(se) pour contribuer à ses outils[2J open source[5m\ufffd et libres.</p>',
    );
    expect(posting.raw).not.toMatch(CONTROL);
    expect(posting.raw).not.toMatch(ESCAPED_LONE_SURROGATE);

    const status = await runCli([...ws.args, 'status']);
    expect(status.stdout).toContain('Apprenti(e) [31mdéveloppeur(se) web ›2J- PEReN H/F');
    expect(status.stdout).not.toMatch(CONTROL);

    const server = await startServe(ws.args);
    try {
      const openings = (await (await fetch(`${server.base}/api/openings`)).json()) as { openings: { uid: string }[] };
      for (const path of [
        '/api/postings',
        '/api/openings',
        '/feed.json',
        '/',
        ...openings.openings.map((o) => `/offres/${o.uid}`),
      ]) {
        const bytes = new Uint8Array(await (await fetch(`${server.base}${path}`)).arrayBuffer());
        const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
        expect(text, path).not.toMatch(CONTROL);
        expect(text, path).not.toMatch(ESCAPED_LONE_SURROGATE);
      }
    } finally {
      await server.stop();
    }
  });

  it('stored by an earlier release, are shown escaped by `openings status`, never sent to the terminal', async () => {
    const ws = workspace(config());
    expect((await runCli([...ws.args, 'scrape'])).code).toBe(0);
    const db = new Database(ws.dbPath);
    const unsafe = 'Apprenti\x1b[31m\x07\x08\x08 rouge\u009b2J\u202e';
    db.prepare(`UPDATE postings SET title = ? WHERE source_id = 'A-2026-201655'`).run(unsafe);
    db.prepare(
      `UPDATE posting_content SET data = json_set(data, '$.title', ?) WHERE posting_id = (SELECT id FROM postings WHERE source_id = 'A-2026-201655')`,
    ).run(unsafe);
    db.prepare(`UPDATE runs SET reason = ? WHERE id = (SELECT max(id) FROM runs)`).run('x\x1b]0;titre\x07');
    db.close();

    const status = await runCli([...ws.args, 'status']);
    expect(status.code).toBe(0);
    expect(status.stdout).not.toMatch(CONTROL);
    expect(status.stdout).not.toContain('\u202e');
    expect(status.stdout).toContain('Apprenti\\x1b[31m\\x07\\x08\\x08 rouge\\x9b2J\\u202e');
  });
});
