/** The options every command takes, without loading anything a command needs (--help reads this). */
import { resolve } from 'node:path';

export interface GlobalOptions {
  config?: string;
  db?: string;
}

const DEFAULT_DB_PATH = './data/openings.db';

export function databasePath(options: GlobalOptions): string {
  return resolve(options.db ?? process.env.OPENINGS_DB ?? DEFAULT_DB_PATH);
}
