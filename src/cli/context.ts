/** What every command needs: the configuration and the database, from the global options. */
import { type Db, openDatabase } from '../../db/database.ts';
import { type Config, loadConfig } from '../config.ts';
import { summariseUnsummarisedOpenings } from '../lifecycle/opening-summaries.ts';

import { databasePath, type GlobalOptions } from './global-options.ts';

export { databasePath, type GlobalOptions } from './global-options.ts';

/** The database, migrated, with openings written before summaries existed summarised. */
export function openStore(path: string): Db {
  const db = openDatabase(path);
  summariseUnsummarisedOpenings(db);
  return db;
}

export function openContext(options: GlobalOptions): { config: Config; db: Db } {
  const config = loadConfig(options.config);
  return { config, db: openStore(databasePath(options)) };
}

export { UserError } from './user-error.ts';
