import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../../db/database.ts';
import { getSource, SOURCES } from '../../../scrapers/index.ts';
import { parseConfig } from '../../config.ts';
import { FixturePortals } from '../../fixture-portal/server.ts';
import type { Logger } from '../../log.ts';
import { packagePath } from '../../package-root.ts';
import { scrape } from '../../pipeline/scrape.ts';
import { runReasonText } from '../../wording/reasons.ts';
import { terminalSafe } from '../terminal-text.ts';
import { startServer, waitForSignal } from './serve.ts';

export const FIXTURE_PORTALS_DIR = packagePath('fixtures/portals');

/**
 * Offline tour: serves the bundled fixture portals on 127.0.0.1, scrapes them into a throw-away
 * database, then serves the result. Nothing leaves loopback.
 */
export async function demoCommand(options: { port?: number; once?: boolean }, log: Logger): Promise<number> {
  const names = Object.keys(SOURCES).filter((id) => existsSync(join(FIXTURE_PORTALS_DIR, id, 'manifest.json')));
  const portals = await FixturePortals.start(FIXTURE_PORTALS_DIR, names);
  // The portals keep the process alive: whatever fails below, they are closed.
  try {
    const dbPath = join(mkdtempSync(join(tmpdir(), 'openings-demo-')), 'openings.db');
    const config = parseConfig({
      // The weekly open-data file is off by default; the demo shows it beside the portals.
      sources: Object.fromEntries(
        names.map((id) => [
          id,
          { baseUrl: portals.urls[id], ...(getSource(id)?.kind === 'open-data' ? { enabled: true } : {}) },
        ]),
      ),
      http: { minIntervalMs: 100, retryBaseMs: 100 },
      server: { port: options.port ?? 8080 },
    });
    const db = openDatabase(dbPath);
    try {
      process.stdout.write(`Fixture portals: ${names.map((n) => `${n} ${portals.urls[n]}`).join(', ')}\n`);
      const outcomes = await scrape(db, config);
      for (const o of outcomes) {
        const line = `  ${o.source}: ${o.summary.status}, ${o.summary.postingsFound} posting(s) matched, ${o.summary.pages} page(s)${o.summary.reason ? ` — ${runReasonText(o.summary.reason)}` : ''}`;
        process.stdout.write(`${terminalSafe(line)}\n`);
      }
      const { url, close } = await startServer(db, config, config.server.host, config.server.port, log);
      process.stdout.write(
        `${[
          `Database: ${dbPath}`,
          `Page:      ${url}/`,
          `RSS:       ${url}/feed.rss`,
          `Atom:      ${url}/feed.atom`,
          `JSON Feed: ${url}/feed.json`,
          `Events:    ${url}/feed/events.rss (.atom, .json)`,
          `API:       ${url}/api/openings, ${url}/api/postings`,
          `Health:    ${url}/healthz, ${url}/metrics`,
          `Calendar:  ${url}/calendar.ics`,
          options.once ? '' : 'Ctrl-C to stop.',
        ].join('\n')}\n`,
      );
      if (!options.once) await waitForSignal();
      await close();
      return outcomes.every((o) => o.summary.status === 'healthy') ? 0 : 1;
    } finally {
      db.close();
    }
  } finally {
    await portals.close();
  }
}
