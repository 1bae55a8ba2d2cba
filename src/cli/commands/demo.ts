import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../../db/database.ts';
import { getSource, SOURCES } from '../../../scrapers/index.ts';
import { parseConfig } from '../../config.ts';
import { FIXTURE_ORGANISATIONS } from '../../fixture-portal/organisations.ts';
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
export async function demoCommand(
  options: { port?: number; once?: boolean; organisations?: boolean },
  log: Logger,
): Promise<number> {
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
      ...(options.organisations ? { organisations: FIXTURE_ORGANISATIONS } : {}),
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
      // One organisation answers at the root, as before organisations; several each below /o/<id>.
      const ids = Object.keys(options.organisations ? FIXTURE_ORGANISATIONS : {});
      const bases = ids.length > 0 ? ids.map((id) => `${url}/o/${id}`) : [url];
      process.stdout.write(
        `${[
          `Database: ${dbPath}`,
          ...(ids.length > 0 ? [`Organisations: ${url}/`] : []),
          ...bases.flatMap((base) => [
            `Page:      ${base}/`,
            `RSS:       ${base}/feed.rss`,
            `Atom:      ${base}/feed.atom`,
            `JSON Feed: ${base}/feed.json`,
            `Events:    ${base}/feed/events.rss (.atom, .json)`,
            `API:       ${base}/api/openings, ${base}/api/postings`,
            `Calendar:  ${base}/calendar.ics`,
          ]),
          `Health:    ${url}/healthz, ${url}/metrics`,
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
