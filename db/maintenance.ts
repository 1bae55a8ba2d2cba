/**
 * Keeps the file from growing without bound: per-request records, run details (problems) and
 * cached bodies nobody asked for lose their use after a while; postings, history, events and the
 * runs themselves (the metrics count them) are kept.
 */
import type { Db } from './database.ts';
import { prepared } from './statements.ts';

export interface Pruned {
  requests: number;
  runDetails: number;
  cachedBodies: number;
}

/** Removes what is older than `beforeMs` (epoch ms), in one transaction. */
export function pruneOldRecords(db: Db, beforeMs: number): Pruned {
  const before = new Date(beforeMs).toISOString();
  return db.transaction(() => ({
    requests: prepared(db, 'DELETE FROM requests WHERE at < ?').run(before).changes,
    runDetails: prepared(db, `UPDATE runs SET problems = '[]' WHERE finished_at < ? AND problems != '[]'`).run(before)
      .changes,
    cachedBodies: prepared(db, 'DELETE FROM http_cache WHERE used_at < ?').run(before).changes,
  }))();
}
