/**
 * The team's page in a real browser (a Chromium through playwright-core, see support/chromium.ts:
 * skipped when there is none, failed under CI=true), over a database
 * filled by the real CLI from the four fixture portals in three scrapes:
 *   1. everything as captured;
 *   2. PASS drops A-2026-201734 and the internship's title becomes a script;
 *   3. PASS also drops A-2026-201655.
 * With missingRunsToClose 2 the first apprenticeship is closed, the second missing, the internship
 * open (with its title changed). `openings serve --port 0` then serves that database.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixturePortals } from '../../src/fixture-portal/server.ts';
import { CHROMIUM_HINT, chromiumRequired, findChromium } from '../support/chromium.ts';
import { BIN, FIXTURE_PORTALS, ROOT, runCli, workspace } from '../support/cli.ts';
import { deadlinesAsFirstWritten } from '../support/fixture-edits.ts';
import { startPortals, testConfig } from '../support/portals.ts';

const CHROMIUM = findChromium();
const ARTIFACTS = join(ROOT, 'tests/artifacts');
const XSS_TITLE = '<script>window.__xss=1</script>Titre';
const INTERNSHIP = 'Stage - Audit des systèmes de recommandation (PEReN) H/F';
const CLOSED_TITLE = 'Apprenti(e) data scientist - PEReN H/F';
const MISSING_TITLE = 'Apprenti(e) développeur(se) web - PEReN H/F';

const FEED = readFileSync(join(FIXTURE_PORTALS, 'pass/flux-offres.xml'), 'utf8');
const STAGES = readFileSync(join(FIXTURE_PORTALS, 'pass/flux-offres-stages.xml'), 'utf8');
const withoutItems = (...ids: string[]) =>
  ids.reduce(
    (feed, id) =>
      feed.replace(
        new RegExp(`<item>(?:(?!</item>)[\\s\\S])*<dc:identifier>${id}</dc:identifier>[\\s\\S]*?</item>\\s*`),
        '',
      ),
    FEED,
  );
/** The internship's title as the portal would send a script in it: escaped once inside the title's link. */
const stagesWithScriptTitle = STAGES.replace(
  `>${INTERNSHIP}</a>`,
  '>&lt;script&gt;window.__xss=1&lt;/script&gt;Titre</a>',
);

let portals: FixturePortals;
let server: ChildProcessWithoutNullStreams;
let baseUrl: string;
let context: BrowserContext;
let page: Page;

async function scrape(args: string[], ...sources: string[]): Promise<void> {
  const run = await runCli([...args, 'scrape', ...sources.flatMap((s) => ['--source', s])]);
  if (run.code !== 0) throw new Error(`scrape failed (${run.code}): ${run.stderr}`);
}

function serve(args: string[]): Promise<{ child: ChildProcessWithoutNullStreams; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args, 'serve', '--port', '0'], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1' },
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const url = /Serving on (http:\/\/\S+?)\/ /.exec(out)?.[1];
      if (url) resolve({ child, url });
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
  });
}

beforeAll(async () => {
  if (!CHROMIUM) throw new Error(`${CHROMIUM_HINT} (under CI=true a missing browser is a failure, not a skip)`);
  portals = await startPortals(['passerelles', 'csp', 'pass', 'peren']);
  // Offers closed by their (past) deadlines give the reconciliation its closed tiles.
  deadlinesAsFirstWritten(portals);
  const ws = workspace(
    testConfig(portals, ['passerelles', 'csp', 'pass', 'peren'], {
      lifecycle: { missingRunsToClose: 2, missingHoursToClose: 0 },
    }),
  );
  await scrape(ws.args);
  portals.override('pass', 'flux-offres.xml', withoutItems('A-2026-201734'));
  portals.override('pass', 'flux-offres-stages.xml', stagesWithScriptTitle);
  await scrape(ws.args, 'pass');
  portals.override('pass', 'flux-offres.xml', withoutItems('A-2026-201734', 'A-2026-201655'));
  await scrape(ws.args, 'pass');

  ({ child: server, url: baseUrl } = await serve(ws.args));
  mkdirSync(ARTIFACTS, { recursive: true });
  context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'openings-chromium-')), {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
    viewport: { width: 1280, height: 900 },
    locale: 'fr-FR',
  });
  // Each step waits for its element; the limit only ends a broken page's wait, and stays generous
  // so that a loaded machine does not fail a working page.
  context.setDefaultTimeout(120_000);
  page = context.pages()[0] ?? (await context.newPage());
});

afterAll(async () => {
  await context?.close();
  server?.removeAllListeners('exit');
  server?.kill('SIGTERM');
  await portals?.close();
});

const row = (title: string) =>
  page.locator('table.openings tbody tr', { has: page.getByRole('link', { name: title, exact: true }) });

describe.skipIf(!CHROMIUM && !chromiumRequired())('the dashboard in a browser', () => {
  it('shows every source fresh and healthy', async () => {
    await page.goto(`${baseUrl}/`);
    await expect(page.title()).resolves.toBe('Offres du PEReN : tableau de bord');
    const cards = page.locator('li.card');
    expect(await cards.evaluateAll((els) => els.map((e) => e.getAttribute('data-source')))).toEqual([
      'passerelles',
      'csp',
      'pass',
      'peren',
    ]);
    expect(await cards.locator('h3 .badge').allTextContents()).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(1280);
    expect(await page.locator('li.card[data-source="pass"] dd').nth(2).textContent()).toBe(
      '1 ouverte, 1 absente du dernier relevé, 1 fermée',
    );
  });

  it('shows an open, a missing and a closed opening, and filters by status through the form', async () => {
    await page.goto(`${baseUrl}/`);
    expect(await row(XSS_TITLE).locator('td[data-label="Statut"]').textContent()).toBe('ouverte');
    expect(await row(MISSING_TITLE).locator('td[data-label="Statut"]').textContent()).toBe('absente du dernier relevé');
    expect(await row(CLOSED_TITLE).locator('td[data-label="Statut"]').textContent()).toBe('fermée');
    expect(await row(MISSING_TITLE).locator('td[data-label="Portails"] a').getAttribute('href')).toBe(
      'https://www.pass.fonction-publique.gouv.fr/offre/apprentie-developpeur-web-peren-hf',
    );

    await page.getByLabel('Statut', { exact: true }).selectOption({ label: 'absente du dernier relevé' });
    await page.getByRole('button', { name: 'Filtrer' }).click();
    await page.waitForURL(/status=missing/);
    expect(await page.locator('table.openings tbody tr td[data-label="Intitulé"]').allTextContents()).toEqual([
      MISSING_TITLE,
    ]);

    await page.getByLabel('Statut', { exact: true }).selectOption({ label: 'fermée' });
    await page.getByLabel('Portail', { exact: true }).selectOption({ label: 'PASS (stages et apprentissage)' });
    await page.getByRole('button', { name: 'Filtrer' }).click();
    await page.waitForURL(/status=closed&source=pass/);
    expect(await page.locator('table.openings tbody tr td[data-label="Intitulé"]').allTextContents()).toEqual([
      CLOSED_TITLE,
    ]);
  });

  it('renders a scraped <script> title as text and never runs it', async () => {
    await page.goto(`${baseUrl}/`);
    expect(await row(XSS_TITLE).locator('td[data-label="Intitulé"] a').textContent()).toBe(XSS_TITLE);
    expect(await page.evaluate('window.__xss')).toBeUndefined();
    expect(await page.locator('body script').count()).toBe(0);
  });

  it('shows the reconciliation with the hiring page: its tiles for closed offers', async () => {
    await page.goto(`${baseUrl}/`);
    const section = page.locator('section[aria-labelledby="rapprochement-titre"]');
    expect(await section.locator('p').first().textContent()).toMatch(
      /^Page recrutement relevée (il y a \d+ min|à l’instant) \(lue comme : dsfr-tiles\)\.$/,
    );
    const closedTile = section.locator('li[data-kind="tile-offer-closed"]', {
      hasText: 'Développeur / Développeuse front',
    });
    expect(await closedTile.locator('.badge').first().textContent()).toBe('erreur');
    expect(await closedTile.getByRole('link', { name: 'Développeur / Développeuse front' }).getAttribute('href')).toBe(
      'https://passerelles.economie.gouv.fr/offre-de-emploi/emploi-developpeur-front-end-sen-peren-155-h-f_4165.aspx',
    );
  });

  it('lists recent events: the close with its reason and the title change', async () => {
    await page.goto(`${baseUrl}/`);
    const events = page.locator('ul.events > li');
    const closed = events
      .filter({ hasText: CLOSED_TITLE })
      .filter({ has: page.locator('.badge', { hasText: 'fermée' }) });
    expect(await closed.locator('.muted').textContent()).toMatch(/^Motif : retirée du portail\./);
    const changed = events.filter({ has: page.locator('.badge', { hasText: 'modifiée' }) });
    expect(await changed.locator('a').textContent()).toBe(XSS_TITLE);
    expect(await changed.locator('.muted').textContent()).toBe(
      'Champs modifiés sur PASS (stages et apprentissage) : intitulé.',
    );
  });

  it('opens an opening page with its history and a parseable JSON-LD block, and writes a screenshot', async () => {
    await page.goto(`${baseUrl}/`);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard.png'), fullPage: true });
    await row(XSS_TITLE).getByRole('link', { name: XSS_TITLE, exact: true }).click();
    await page.waitForURL(/\/offres\/[0-9a-f-]{36}$/);
    expect(await page.locator('h1').textContent()).toBe(XSS_TITLE);
    expect(await page.evaluate('window.__xss')).toBeUndefined();

    const history = page.locator('table.history tbody tr');
    expect(await history.locator('td[data-label="Évènement"]').allTextContents()).toEqual(['nouvelle', 'modifiée']);
    expect(await history.nth(1).locator('li').textContent()).toBe(`intitulé : ${INTERNSHIP} → ${XSS_TITLE}`);
    expect(await page.locator('table.postings td[data-label="Portail"] a').textContent()).toBe(
      'PASS (stages et apprentissage)',
    );

    const ld = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent())!) as Record<
      string,
      unknown
    >;
    expect(ld['@type']).toBe('JobPosting');
    expect(ld.title).toBe(XSS_TITLE);
    expect(ld.employmentType).toBe('Stage');
    expect(ld.hiringOrganization).toEqual({
      '@type': 'Organization',
      name: "Pôle d'Expertise de la Régulation Numérique",
    });
    expect(ld.url).toBe(page.url());
    await page.screenshot({ path: join(ARTIFACTS, 'opening.png'), fullPage: true });
  });

  it('shows a closed opening’s page with its close in the history', async () => {
    await page.goto(`${baseUrl}/?status=closed&source=pass`);
    await row(CLOSED_TITLE).getByRole('link', { name: CLOSED_TITLE, exact: true }).click();
    await page.waitForURL(/\/offres\//);
    expect(await page.locator('main > p .badge').first().textContent()).toBe('fermée');
    const events = await page.locator('table.history td[data-label="Évènement"]').allTextContents();
    expect(events).toEqual(['nouvelle', 'absente du relevé', 'fermée', 'fermée']);
  });

  it('answers an unknown opening with the French 404 page', async () => {
    const response = await page.goto(`${baseUrl}/offres/inconnue`);
    expect(response?.status()).toBe(404);
    expect(await page.locator('h1').textContent()).toBe('Page introuvable');
  });

  it('fits a phone screen without sideways scrolling', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${baseUrl}/`);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-phone.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
  });
});
