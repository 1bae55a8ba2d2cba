/** Doctor must not run beside a scrape: both would spend the same portals' politeness budget. */
import { lockHolderInFile } from '../../db/lock.ts';
import { SCRAPE_LOCK } from '../pipeline/scrape.ts';

/** The live process holding the scrape lock of that database file, if any. */
export function runningScrape(dbPath: string): { pid: number | null; since: string | null } | null {
  return lockHolderInFile(dbPath, SCRAPE_LOCK);
}
