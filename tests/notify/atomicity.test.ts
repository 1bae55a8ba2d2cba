/**
 * The outbox is written in the run's own transaction: when writing a notification fails, the run's
 * postings and events are not committed either (and the other way round, which the kill -9 test
 * of notify-cli.test.ts covers).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/database.ts';
import { parseConfig } from '../../src/config.ts';
import { scrape } from '../../src/pipeline/scrape.ts';
import { scenarioPortals, testConfig } from '../support/portals.ts';

const portalsNow = scenarioPortals(['pass']);

describe('outbox and run in one transaction', () => {
  it('a failure to write the outbox leaves no posting, event or notification of that run', async () => {
    const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'openings-outbox-')), 'openings.db'));
    try {
      const config = parseConfig(
        testConfig(portalsNow(), ['pass'], {
          notify: {
            announceBacklog: true,
            channels: { hook: { type: 'webhook', url: 'http://127.0.0.1:9/', format: 'text' } },
          },
        }),
      );
      db.exec(
        `CREATE TRIGGER outbox_full BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`,
      );
      await expect(scrape(db, config)).rejects.toThrow(/disk is full/);
      const count = (table: string) => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
      expect({ postings: count('postings'), events: count('events'), outbox: count('outbox') }).toEqual({
        postings: 0,
        events: 0,
        outbox: 0,
      });

      db.exec('DROP TRIGGER outbox_full');
      await scrape(db, config);
      expect(count('events')).toBeGreaterThan(0);
      expect(count('outbox')).toBe(
        (db.prepare(`SELECT COUNT(*) AS n FROM events WHERE type = 'new' AND scope = 'opening'`).get() as { n: number })
          .n,
      );
    } finally {
      db.close();
    }
  });
});
