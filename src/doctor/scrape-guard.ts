/** Doctor must not run beside a scrape: both would spend the same portals' politeness budget. */
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { lockHolder } from '../../db/lock.ts';
import { SCRAPE_LOCK } from '../pipeline/scrape.ts';

/**
 * The live process holding the scrape lock, if any. The database is opened read-only and never
 * created nor migrated: doctor leaves no trace in it.
 */
export function runningScrape(dbPath: string): { pid: number; since: string } | null {
  if (!existsSync(dbPath)) return null;
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    const hasLocks = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'locks'").get() !== undefined;
    return hasLocks ? lockHolder(db, SCRAPE_LOCK) : null;
  } finally {
    db.close();
  }
}
