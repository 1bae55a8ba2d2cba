/** Page functions run in the browser; the tests' TypeScript has no DOM types. */
// biome-ignore lint/suspicious/noExplicitAny: browser globals inside page.evaluate
declare const document: any, matchMedia: any, getComputedStyle: any;

import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyntheticCspPortal, syntheticCspConfig } from '../../scripts/synthetic-portal/csp-portal.ts';
/**
 * Accessibility of the team's pages in a real Chromium, in the light and the dark theme (the
 * reader's `prefers-color-scheme`): axe-core finds no WCAG 2.1 A/AA violation on the dashboard, a
 * filtered dashboard, the second page of the list, an opening's page, a 404, and for a deployment of
 * several organisations the organisations index and one organisation's page, with every chart's
 * table opened too; the keyboard alone reaches every link and filter in document order, each with
 * a visible focus. A screenshot of each page in each theme goes to tests/artifacts/ for review.
 *
 * Three databases filled by the real CLI: the four fixture portals (deadlines as first written, so
 * some offers are closed and the hiring page has findings), the same for two organisations (PEReN
 * and the DINUM, whose hiring page is not a DSFR site), and a synthetic Choisir le service public
 * of 60 offers, enough for a second page of 50.
 */
import { FIXTURE_ORGANISATIONS } from '../../src/fixture-portal/organisations.ts';
import type { FixturePortals } from '../../src/fixture-portal/server.ts';
import { CHROMIUM_HINT, chromiumRequired, findChromium } from '../support/chromium.ts';
import { ROOT, runCli, startServe, workspace } from '../support/cli.ts';
import { deadlinesAsFirstWritten } from '../support/fixture-edits.ts';
import { startPortals, testConfig } from '../support/portals.ts';

const CHROMIUM = findChromium();
const ARTIFACTS = join(ROOT, 'tests/artifacts');
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const THEMES = ['light', 'dark'] as const;

let portals: FixturePortals;
let synthetic: SyntheticCspPortal;
let servers: { base: string; stop: () => Promise<void> }[] = [];
let browser: Browser;
let fixtureBase: string;
let syntheticBase: string;
let organisationsBase: string;
let openingPath: string;

/** PEReN and the DINUM, each with its hiring page (fixtures/portals/peren/other-employers/ for the DINUM's). */
const TWO_ORGANISATIONS = { peren: FIXTURE_ORGANISATIONS.peren, dinum: FIXTURE_ORGANISATIONS.dinum };

async function scraped(config: Record<string, unknown>): Promise<string[]> {
  const ws = workspace(config);
  const run = await runCli([...ws.args, 'scrape']);
  if (run.code !== 0) throw new Error(`scrape failed (${run.code}): ${run.stderr}`);
  return ws.args;
}

beforeAll(async () => {
  if (!CHROMIUM) throw new Error(`${CHROMIUM_HINT} (under CI=true a missing browser is a failure, not a skip)`);
  portals = await startPortals(['passerelles', 'csp', 'pass', 'peren']);
  deadlinesAsFirstWritten(portals);
  synthetic = await SyntheticCspPortal.start({ offers: 60, listingBytes: 0 });
  const [fixtureArgs, syntheticArgs, organisationsArgs] = await Promise.all([
    scraped(testConfig(portals, ['passerelles', 'csp', 'pass', 'peren'])),
    scraped(syntheticCspConfig(synthetic)),
    scraped(testConfig(portals, ['passerelles', 'csp', 'pass', 'peren'], { organisations: TWO_ORGANISATIONS })),
  ]);
  servers = await Promise.all([startServe(fixtureArgs), startServe(syntheticArgs), startServe(organisationsArgs)]);
  [fixtureBase, syntheticBase, organisationsBase] = servers.map((s) => s.base) as [string, string, string];
  mkdirSync(ARTIFACTS, { recursive: true });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  // An opening with a history: the first closed one the filtered list shows.
  const page = await browser.newPage();
  await page.goto(`${fixtureBase}/?status=closed&source=passerelles`);
  openingPath = (await page.locator('table.openings tbody tr td.title a').first().getAttribute('href'))!;
  await page.close();
});

afterAll(async () => {
  await browser?.close();
  await Promise.all(servers.map((s) => s.stop()));
  await synthetic?.close();
  await portals?.close();
});

const PAGES = [
  { name: 'dashboard', url: () => `${fixtureBase}/`, status: 200 },
  { name: 'dashboard-filtered', url: () => `${fixtureBase}/?status=closed&source=passerelles`, status: 200 },
  { name: 'dashboard-page-2', url: () => `${syntheticBase}/?page=2`, status: 200 },
  { name: 'opening', url: () => `${fixtureBase}${openingPath}`, status: 200 },
  { name: 'not-found', url: () => `${fixtureBase}/offres/inconnue`, status: 404 },
  { name: 'organisations-index', url: () => `${organisationsBase}/`, status: 200 },
  { name: 'organisation-dinum', url: () => `${organisationsBase}/o/dinum/`, status: 200 },
];

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** axe-core's WCAG 2.1 A/AA violations on the page as it stands, in a readable form for the failure message. */
async function violations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  const found = await page.evaluate(async (tags) => {
    const axe = (
      globalThis as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: unknown[] }> } }
    ).axe;
    return (await axe.run(document, { runOnly: { type: 'tag', values: tags } })).violations;
  }, WCAG_21_AA);
  return (found as AxeViolation[]).flatMap((v) =>
    v.nodes.map(
      (n) =>
        `${v.id} (${v.impact}): ${v.help} at ${n.target.join(' ')}${n.failureSummary ? ` — ${n.failureSummary}` : ''}`,
    ),
  );
}

async function themedPage(theme: (typeof THEMES)[number]): Promise<Page> {
  // The pages forbid scripts (CSP): axe is injected past it, the pages' own behaviour is unchanged.
  const context = await browser.newContext({
    colorScheme: theme,
    bypassCSP: true,
    viewport: { width: 1280, height: 900 },
    locale: 'fr-FR',
  });
  context.setDefaultTimeout(15_000);
  return context.newPage();
}

describe.skipIf(!CHROMIUM && !chromiumRequired())('accessibility of the pages, light and dark', () => {
  for (const theme of THEMES) {
    for (const target of PAGES) {
      it(`${target.name} (${theme}): no WCAG 2.1 A/AA violation, charts' tables included`, async () => {
        const page = await themedPage(theme);
        try {
          const response = await page.goto(target.url());
          expect(response?.status()).toBe(target.status);
          expect(await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)).toBe(theme === 'dark');
          await page.screenshot({ path: join(ARTIFACTS, `${target.name}-${theme}.png`), fullPage: true });
          expect(await violations(page)).toEqual([]);
          await page.evaluate(() => {
            for (const details of document.querySelectorAll('details')) details.open = true;
          });
          expect(await violations(page)).toEqual([]);
        } finally {
          await page.context().close();
        }
      });
    }
  }

  it('follows the theme: dark background and light text in the dark, the reverse in the light', async () => {
    const colours: Record<string, { background: string; text: string }> = {};
    for (const theme of THEMES) {
      const page = await themedPage(theme);
      await page.goto(`${fixtureBase}/`);
      colours[theme] = await page.evaluate(() => {
        const style = getComputedStyle(document.body);
        return { background: style.backgroundColor, text: style.color };
      });
      // The charts' axes and labels are currentColor: the body's text colour.
      expect(
        await page
          .locator('figure.chart svg')
          .first()
          .evaluate((svg) => getComputedStyle(svg).color),
      ).toBe(colours[theme]!.text);
      await page.context().close();
    }
    expect(colours.light).toEqual({ background: 'rgb(255, 255, 255)', text: 'rgb(30, 30, 30)' });
    expect(colours.dark).toEqual({ background: 'rgb(18, 20, 23)', text: 'rgb(232, 233, 235)' });
  });

  for (const target of [PAGES[0]!, PAGES[3]!]) {
    it(`${target.name}: the keyboard alone reaches every link and filter in order, focus visible`, async () => {
      const page = await themedPage('light');
      try {
        await page.goto(target.url());
        const expected = await page.evaluate(() => {
          const focusable = [
            ...document.querySelectorAll('a[href], select, button, summary, input, [tabindex]:not([tabindex="-1"])'),
          ].filter((el) => el.checkVisibility());
          for (const [i, el] of focusable.entries()) el.setAttribute('data-order', String(i));
          return focusable.length;
        });
        expect(expected).toBeGreaterThan(10);
        const reached: string[] = [];
        for (let i = 0; i < expected; i++) {
          await page.keyboard.press('Tab');
          const focus = await page.evaluate(() => {
            const el = document.activeElement as { getAttribute(name: string): string | null; tagName: string };
            const style = getComputedStyle(el);
            return {
              order: el.getAttribute('data-order') ?? el.tagName,
              visible: style.outlineStyle !== 'none' && Number.parseFloat(style.outlineWidth) >= 2,
            };
          });
          reached.push(focus.order);
          expect(focus.visible, `focus ring on element ${focus.order} after ${reached.join(',')}`).toBe(true);
        }
        expect(reached).toEqual(Array.from({ length: expected }, (_, i) => String(i)));
        // The filters are among them, reached by Tab and usable from the keyboard.
        if (target.name === 'dashboard') {
          await page.goto(target.url());
          await page.locator('#filtre-statut').focus();
          await page.keyboard.press('ArrowDown');
          await page.keyboard.press('Tab');
          await page.keyboard.press('Tab');
          await page.keyboard.press('Enter');
          await page.waitForURL(/status=open/);
        }
      } finally {
        await page.context().close();
      }
    });
  }
});
