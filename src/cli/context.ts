/** What every command needs: the configuration and the database, from the global options. */
import { resolve } from 'node:path';
import { openDatabase, type Db } from '../../db/database.ts';
import { loadConfig, type Config } from '../config.ts';
import { summariseUnsummarisedOpenings } from '../lifecycle/opening-summaries.ts';

export interface GlobalOptions {
  config?: string;
  db?: string;
}

export const DEFAULT_DB_PATH = './data/openings.db';

export function databasePath(options: GlobalOptions): string {
  return resolve(options.db ?? process.env.OPENINGS_DB ?? DEFAULT_DB_PATH);
}

export function openContext(options: GlobalOptions): { config: Config; db: Db } {
  const config = loadConfig(options.config);
  const db = openDatabase(databasePath(options));
  summariseUnsummarisedOpenings(db);
  return { config, db };
}

export { UserError } from './user-error.ts';
