/**
 * `openings hiring-page` through the real CLI, after real scrapes of the four fixture portals: the
 * page's section printed, written into the content file (and nothing else of it), exit 0/1 for CI.
 */
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixturePortals } from '../../src/fixture-portal/server.ts';
import { rewriteConfig, runCli, SAMPLES, workspace } from '../support/cli.ts';
import { deadlinesAhead, deadlinesAsFirstWritten } from '../support/fixture-edits.ts';
import { startPortals, testConfig } from '../support/portals.ts';

const SOURCES = ['passerelles', 'csp', 'pass', 'peren'];
const SAMPLE_FR = join(SAMPLES, 'peren-recrutement-fr-2022-01-04-39aa70a.md');
const JURISTE_CSP = 'csp:MEF_2026-42011';
const JURISTE_TITLE = 'Juriste spécialisé(e) en régulation numérique';

let portals: FixturePortals;
beforeAll(async () => {
  portals = await startPortals(SOURCES);
});
afterAll(async () => portals.close());

async function scraped(extra: Record<string, unknown> = {}) {
  const ws = workspace(testConfig(portals, SOURCES, extra));
  expect((await runCli([...ws.args, 'scrape'])).code).toBe(0);
  const file = join(ws.dir, 'index.md');
  copyFileSync(SAMPLE_FR, file);
  return { ...ws, file };
}

const sectionOf = (text: string) => text.slice(text.indexOf('## Nos offres en cours'), text.indexOf('## Comment'));

describe('openings hiring-page', () => {
  it('adds a tile for the open opening the page lacks: printed, then written, then unchanged', async () => {
    portals.reset();
    // Open offers stay open whatever the day the suite runs.
    deadlinesAhead(portals);
    const ws = await scraped({ hiringPage: { translations: { [JURISTE_CSP]: 'Digital regulation lawyer' } } });
    const original = readFileSync(ws.file, 'utf8');

    const printed = await runCli([...ws.args, 'hiring-page', '--lang', 'fr', ws.file]);
    expect(printed.code).toBe(1);
    expect(printed.stderr).toMatch(/^hiring page \(fr, .*index\.md\): 3 tile\(s\) kept, 0 removed, 1 added\n/);
    expect(printed.stderr).toContain(
      `  added: "${JURISTE_TITLE}" https://choisirleservicepublic.gouv.fr/offre-emploi/`,
    );
    expect(
      printed.stdout.startsWith(
        sectionOf(original)
          .trimEnd()
          .replace(/\n<\/div>$/, ''),
      ),
    ).toBe(true);
    expect(printed.stdout).toContain(`title="${JURISTE_TITLE}" alt="${JURISTE_TITLE}" />`);
    expect(readFileSync(ws.file, 'utf8')).toBe(original);

    const written = await runCli([...ws.args, 'hiring-page', '--lang', 'fr', '--write', ws.file]);
    expect(written.code).toBe(1);
    expect(written.stdout).toBe('');
    expect(readFileSync(ws.file, 'utf8')).toBe(original.replace(sectionOf(original), printed.stdout));

    const again = await runCli([...ws.args, 'hiring-page', '--lang', 'fr', '--write', ws.file]);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/4 tile\(s\) kept, 0 removed, 0 added: unchanged\n$/);

    // The English page as the last scrape read it: the new tile takes its configured translation.
    const english = await runCli([...ws.args, 'hiring-page', '--lang', 'en']);
    expect(english.code).toBe(1);
    expect(english.stdout.startsWith('## Current openings\n')).toBe(true);
    expect(english.stdout).toContain('>Digital regulation lawyer</a></h4>');
    expect(english.stdout).toContain('>Senior data-scientist</a></h4>');
    expect(english.stderr).not.toContain('needs a translation');

    // Without the translation: the French title, and the tile listed for translation under its opening's uid.
    rewriteConfig(ws, testConfig(portals, SOURCES));
    const untranslated = await runCli([...ws.args, 'hiring-page', '--lang', 'en']);
    expect(untranslated.stdout).toContain(`>${JURISTE_TITLE}</a></h4>`);
    expect(untranslated.stderr).toMatch(
      /\n {2}needs a translation: "Juriste spécialisé\(e\) en régulation numérique" \(set hiringPage\.translations\["[0-9a-f-]{36}"\] in the configuration, then run again\)\n/,
    );
  });

  it('removes the tiles of offers closed on every portal', async () => {
    portals.reset();
    deadlinesAsFirstWritten(portals);
    const ws = await scraped();
    const written = await runCli([...ws.args, 'hiring-page', '--lang', 'fr', '--write', ws.file]);
    expect(written.code).toBe(1);
    expect(written.stderr.split('\n').filter((l) => l.startsWith('  removed:'))).toEqual([
      '  removed: "Développeur / Développeuse front" https://passerelles.economie.gouv.fr/offre-de-emploi/emploi-developpeur-front-end-sen-peren-155-h-f_4165.aspx (closed on every portal)',
      '  removed: "Data-scientist confirmé" https://passerelles.economie.gouv.fr/offre-de-emploi/emploi-data-scientist-confirme-sen-peren-106-h-f_5373.aspx (closed on every portal)',
    ]);
    const after = readFileSync(ws.file, 'utf8');
    expect(after.match(/class="fr-tile /g)).toHaveLength(1);
    expect(after).toContain('_5372.aspx');
  });

  it('still reads the hiring page the cache kept after a re-run answered 304', async () => {
    portals.reset();
    const ws = await scraped();
    const before = portals.requests.length;
    expect((await runCli([...ws.args, 'scrape'])).code).toBe(0);
    const perenPage = portals.requests.slice(before).filter((r) => r.url.endsWith('/recrutement/'));
    expect(perenPage.map((r) => r.status)).toContain(304);
    const english = await runCli([...ws.args, 'hiring-page', '--lang', 'en']);
    expect(english.stderr).not.toMatch(/has not been read yet/);
    expect(english.stdout.startsWith('## Current openings\n')).toBe(true);
  });

  it('refuses --write without a file, and a file without an openings section', async () => {
    portals.reset();
    const ws = workspace(testConfig(portals, SOURCES));
    const noFile = await runCli([...ws.args, 'hiring-page', '--lang', 'fr', '--write']);
    expect(noFile.code).toBe(2);
    expect(noFile.stderr).toBe('openings: --write needs the content FILE to rewrite\n');
    const notRead = await runCli([...ws.args, 'hiring-page', '--lang', 'en']);
    expect(notRead.code).toBe(2);
    expect(notRead.stderr).toMatch(/the en hiring page has not been read yet/);
    const other = join(ws.dir, 'other.md');
    copyFileSync(join(SAMPLES, '../portals/peren/variants/no-openings-statement-en.md'), other);
    const noSection = await runCli([...ws.args, 'hiring-page', '--lang', 'en', other]);
    expect(noSection.code).toBe(2);
    expect(noSection.stderr).toMatch(/other\.md: /);
  });
});
