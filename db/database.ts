import Database from 'better-sqlite3';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { foldForMatch } from '../src/model/text.ts';
import { packagePath } from '../src/package-root.ts';

export type Db = Database.Database;

const MIGRATIONS_DIR = packagePath('db/migrations');

/** Opens (creating if needed) the SQLite file, in WAL mode, with every migration applied. */
export function openDatabase(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // Case- and accent-insensitive matching in SQL, exactly as the application folds text.
  db.function('fold', { deterministic: true }, (text: unknown) => (text === null || text === undefined ? null : foldForMatch(String(text))));
  migrate(db);
  return db;
}

/** Applies `NNN-name.sql` files above `PRAGMA user_version`, each in its own transaction. */
function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const files = readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d{3}-.+\.sql$/.test(f))
    .sort();
  for (const file of files) {
    const version = Number.parseInt(file.slice(0, 3), 10);
    if (version <= current) continue;
    const sql = readFileSync(join(MIGRATIONS_DIR, file), 'utf8');
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${version}`);
    })();
  }
}
