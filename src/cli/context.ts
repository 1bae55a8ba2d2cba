/** What every command needs: the configuration and the database, from the global options. */
import { type Db, openDatabase } from '../../db/database.ts';
import { type Config, loadConfig } from '../config.ts';
import { summariseUnsummarisedOpenings } from '../lifecycle/opening-summaries.ts';
import { organisationsOf } from '../organisations.ts';

import { databasePath, type GlobalOptions } from './global-options.ts';

export { DEFAULT_DB_PATH, databasePath, type GlobalOptions } from './global-options.ts';

/**
 * The database, migrated, with openings written before summaries existed summarised. A database
 * from before organisations becomes the configuration's first organisation's.
 */
export function openStore(path: string, config?: Config): Db {
  const db = openDatabase(path, config ? { organisation: organisationsOf(config)[0]! } : {});
  summariseUnsummarisedOpenings(db);
  return db;
}

export function openContext(options: GlobalOptions): { config: Config; db: Db } {
  const config = loadConfig(options.config);
  return { config, db: openStore(databasePath(options), config) };
}

export { UserError } from './user-error.ts';
