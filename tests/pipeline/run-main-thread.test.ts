/**
 * A run's main thread loads no parser: pages are parsed in the pool's workers, which load their own
 * copy of each source (src/pipeline/parse-pool.ts). Loading one here would cost the main thread
 * cheerio and every parser, about 16 MB of a run's memory, for nothing.
 */

import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../db/database.ts';
import { SOURCES } from '../../scrapers/index.ts';
import { parseConfig } from '../../src/config.ts';
import { scrape } from '../../src/pipeline/scrape.ts';
import { scenarioPortals, testConfig } from '../support/portals.ts';
import { scratchDir } from '../support/scratch-dir.ts';

const PORTALS = ['passerelles', 'csp', 'pass', 'peren'] as const;
const portals = scenarioPortals(PORTALS);
afterEach(() => vi.restoreAllMocks());

describe("a run's main thread", () => {
  it('reads every portal and the hiring page without loading a parser', async () => {
    const loads = PORTALS.map((id) => vi.spyOn(SOURCES[id], 'load'));
    const dir = scratchDir('main-thread');
    const db = openDatabase(join(dir, 'openings.db'));
    try {
      const outcomes = await scrape(db, parseConfig(testConfig(portals(), PORTALS)));
      expect(outcomes.map((o) => [o.source, o.summary.status]).sort()).toEqual(
        PORTALS.map((id) => [id, 'healthy']).sort(),
      );
      expect(outcomes.every((o) => o.summary.postingsFound > 0)).toBe(true);
      for (const load of loads) expect(load).not.toHaveBeenCalled();
    } finally {
      db.close();
    }
  });
});
