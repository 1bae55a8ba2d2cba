import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase, openForReading } from '../../db/database.ts';
import { scratchDir } from '../support/scratch-dir.ts';

describe('a database connection', () => {
  // better-sqlite3 builds with a 16 MB page cache, which a first scrape fills among its read buffers.
  it("keeps SQLite's own 2 MB page cache, writer and reader alike", () => {
    const dir = scratchDir('connection');
    const file = join(dir, 'openings.db');
    const writer = openDatabase(file);
    const reader = openForReading(file);
    try {
      expect(writer.pragma('cache_size', { simple: true })).toBe(-2000);
      expect(reader.pragma('cache_size', { simple: true })).toBe(-2000);
    } finally {
      reader.close();
      writer.close();
    }
  });
});
