/** What every command needs: the configuration and the database, from the global options. */
import { type Db, openDatabase, openForReading } from '../../db/database.ts';
import { recordUnfinishedRuns } from '../../db/lock.ts';
import { type Config, loadConfig } from '../config.ts';
import { summariseUnsummarisedOpenings } from '../lifecycle/opening-summaries.ts';
import { organisationsOf } from '../organisations.ts';

import { databasePath, type GlobalOptions } from './global-options.ts';

export { databasePath, type GlobalOptions } from './global-options.ts';

/**
 * The database for a command that writes: migrated, with openings written before summaries existed
 * summarised, and runs whose process died recorded as failed. A database from before organisations
 * becomes the configuration's first organisation's.
 */
export function openStore(path: string, config?: Config): Db {
  const db = openDatabase(path, config ? { organisation: organisationsOf(config)[0]! } : {});
  try {
    summariseUnsummarisedOpenings(db);
    recordUnfinishedRuns(db);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

/** The database for a command that only reads (status, serve, export, reconcile): never created, quickly checked. */
function openReadStore(path: string, config: Config): Db {
  const db = openForReading(path, { organisation: organisationsOf(config)[0]! });
  // A database of an older release was upgraded, on a writing connection.
  if (!db.readonly) summariseUnsummarisedOpenings(db);
  return db;
}

export function openContext(options: GlobalOptions): { config: Config; db: Db } {
  const config = loadConfig(options.config);
  return { config, db: openStore(databasePath(options), config) };
}

export function openReadContext(options: GlobalOptions): { config: Config; db: Db } {
  const config = loadConfig(options.config);
  return { config, db: openReadStore(databasePath(options), config) };
}

export { UserError } from './user-error.ts';
