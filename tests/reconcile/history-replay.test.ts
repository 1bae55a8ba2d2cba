/**
 * The "done when": every real version of PEReN's hiring page, replayed against Passerelles
 * as peren-openings-history.csv says it was. Two scrapes of Passerelles and the page through the
 * real pipeline (a first one where every offer seen so far is open, under the previous version of
 * the page; then one on the portal date, under this version), each offer absent from a healthy run
 * closing at once. `reconcile` must flag exactly the tiles that still point at a closed offer, the
 * open offers the page lacks, and the `www.` links, all derived from the CSV.
 *
 * Each version is replayed on its own date (the page was then up to date) and on the next
 * version's date (the page before its authors caught up with the portal).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../../db/database.ts';
import { parseConfig } from '../../src/config.ts';
import { FixturePortals } from '../../src/fixture-portal/server.ts';
import { scrape } from '../../src/pipeline/scrape.ts';
import { type Finding, reconcile } from '../../src/reconcile/reconcile.ts';
import { testConfig } from '../support/portals.ts';
import {
  hasAppeared,
  historyRows,
  isOpen,
  isRemoved,
  PAGE_URLS,
  type PageVersion,
  pageVersions,
  writePasserellesPortal,
  writePerenPortal,
} from './history-portals.ts';

const ROWS = historyRows();
const VERSIONS = pageVersions();

interface Replay {
  version: PageVersion;
  /** The page the first scrape reads: the version before, or this one for the first. */
  previous: PageVersion;
  portalDate: string;
}

const REPLAYS: Replay[] = VERSIONS.flatMap((version, i) => {
  const previous = VERSIONS[i - 1] ?? version;
  const next = VERSIONS[i + 1];
  return [
    { version, previous, portalDate: version.date },
    ...(next ? [{ version, previous, portalDate: next.date }] : []),
  ];
});

const dayBefore = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
const frenchDay = (date: string) => date.split('-').reverse().join('/');
const offerId = (url: string) => /_(\d+)\.aspx$/.exec(url)?.[1] ?? url;

async function scrapeAt(db: Db, portals: FixturePortals, page: PageVersion, at: string): Promise<void> {
  const config = parseConfig(
    testConfig(portals, ['passerelles', 'peren'], {
      lifecycle: { missingRunsToClose: 1, missingHoursToClose: 0 },
      sources: { peren: { pages: page.languages.map((lang) => PAGE_URLS[lang]) } },
    }),
  );
  const outcomes = await scrape(db, config, { now: () => new Date(at) });
  expect(outcomes.map((o) => [o.source, o.summary.status, o.summary.reason])).toEqual([
    ['passerelles', 'healthy', null],
    ['peren', 'healthy', null],
  ]);
}

describe('reconcile replays the hiring page history', () => {
  it('has every captured version and both replays of each', () => {
    expect(VERSIONS.map((v) => `${v.date}-${v.commit}:${v.languages.join('+')}`)).toEqual([
      '2021-08-25-21e9acd:fr+en',
      '2021-09-14-1be4204:fr',
      '2021-09-29-2e65971:fr+en',
      '2022-01-04-39aa70a:fr+en',
    ]);
    expect(REPLAYS).toHaveLength(7);
  });

  it.each(
    REPLAYS.map((r) => ({
      ...r,
      name: `${r.version.date}-${r.version.commit}`,
      when: r.portalDate === r.version.date ? 'its own date' : r.portalDate,
    })),
  )('page $name against Passerelles on $when', async ({ version, previous, portalDate }) => {
    const root = mkdtempSync(join(tmpdir(), 'openings-history-'));
    writePasserellesPortal(
      join(root, 'passerelles'),
      ROWS.filter((row) => hasAppeared(row, portalDate)),
      ROWS,
    );
    writePerenPortal(join(root, 'peren'), previous);
    const portals = await FixturePortals.start(root, ['passerelles', 'peren']);
    const db = openDatabase(join(root, 'openings.db'));
    try {
      await scrapeAt(db, portals, previous, `${dayBefore(portalDate)}T09:00:00Z`);
      writePasserellesPortal(
        join(root, 'passerelles'),
        ROWS.filter((row) => isOpen(row, portalDate)),
        ROWS,
      );
      writePerenPortal(join(root, 'peren'), version);
      await scrapeAt(db, portals, version, `${portalDate}T09:00:00Z`);
      const result = reconcile(db, { now: new Date(`${portalDate}T12:00:00Z`) });

      // What the page shows on its own date, and what the portal shows on the portal date.
      const onPage = ROWS.filter((row) => isOpen(row, version.date));
      const closedTiles = onPage.filter((row) => isRemoved(row, portalDate));
      const missing = ROWS.filter((row) => isOpen(row, portalDate) && !onPage.includes(row));
      const wwwLinks = onPage.filter((row) => !closedTiles.includes(row) && row.href.includes('://www.'));
      const expected = [
        ...closedTiles.map((row) => ['error', 'tile-offer-closed', row.offerId]),
        ...missing.map((row) => ['warning', 'opening-missing-from-page', row.offerId]),
        ...wwwLinks.map((row) => ['info', 'outdated-link', row.offerId]),
      ];
      const target = (f: Finding) => offerId(f.tile?.url ?? f.opening!.url);
      expect(result.findings.map((f) => [f.severity, f.kind, target(f)]).sort()).toEqual(expected.sort());

      expect(result.lastHiringPageRun).toBe(`${portalDate}T09:00:00.000Z`);
      expect(result.pageReadAs).toEqual(['dsfr-tiles']);
      for (const finding of result.findings.filter((f) => f.kind === 'tile-offer-closed')) {
        expect(finding.evidence).toBe(
          `vue sur Passerelles le ${frenchDay(dayBefore(portalDate))}, fermée le ${frenchDay(portalDate)} (retirée du portail)`,
        );
        expect(finding.tile?.lang).toBe('fr');
      }
    } finally {
      db.close();
      await portals.close();
    }
  });

  it('finds the stale tiles of the page the day the portal closed their offers', () => {
    // The CSV's own account, as a check on the replays' derivation: which tiles lagged behind.
    const stale = VERSIONS.slice(0, -1).map((version, i) => {
      const next = VERSIONS[i + 1]!.date;
      const onPage = ROWS.filter((row) => isOpen(row, version.date));
      return {
        version: version.commit,
        closed: onPage.filter((row) => isRemoved(row, next)).map((row) => row.offerId),
        missing: ROWS.filter((row) => isOpen(row, next) && !onPage.includes(row)).map((row) => row.offerId),
      };
    });
    expect(stale).toEqual([
      { version: '21e9acd', closed: ['4093'], missing: [] },
      { version: '1be4204', closed: ['4208'], missing: [] },
      { version: '2e65971', closed: ['4207'], missing: ['5373', '5372'] },
    ]);
  });
});
