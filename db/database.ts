import { accessSync, constants, existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { makeFolder } from '../src/files.ts';
import { DEFAULT_ORGANISATION, type OrganisationRecord } from '../src/model/organisation.ts';
import { foldForMatch } from '../src/model/text.ts';
import { packagePath } from '../src/package-root.ts';
import { DatabaseError } from './errors.ts';
import { scrubStoredData } from './migrations/003-personal-data.ts';
import { adoptOrganisation } from './migrations/010-organisations.ts';

export type Db = Database.Database;

const MIGRATIONS_DIR = packagePath('db/migrations');

export interface OpenOptions {
  /**
   * The organisation a database written before organisations existed belongs to (migration 010):
   * the configuration's first. PEReN, the default configuration's, when not given.
   */
  organisation?: OrganisationRecord;
}

/** Migrations whose data needs code, not only SQL: run after their SQL file, in the same transaction. */
const DATA_STEPS: Readonly<Record<number, (db: Db, options: OpenOptions) => void>> = {
  3: scrubStoredData,
  10: (db, options) => adoptOrganisation(db, options.organisation ?? DEFAULT_ORGANISATION),
};

export { DatabaseError } from './errors.ts';

/**
 * Opens (creating if needed) the SQLite file, in WAL mode, with every migration applied. A file
 * that is no sound SQLite database, that is read-only, or whose schema is newer than this code is
 * refused before anything is written to it.
 */
export function openDatabase(path: string, options: OpenOptions = {}): Db {
  if (path !== ':memory:') prepareFile(path);
  let db: Db;
  try {
    db = new Database(path);
  } catch (error) {
    throw new DatabaseError(`database ${path}: cannot open it (${(error as Error).message})`);
  }
  try {
    refuseUnusable(db, path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // Case- and accent-insensitive matching in SQL, exactly as the application folds text.
    db.function('fold', { deterministic: true }, (text: unknown) =>
      text === null || text === undefined ? null : foldForMatch(String(text)),
    );
    migrate(db, options);
  } catch (error) {
    db.close();
    if (error instanceof DatabaseError) throw error;
    throw new DatabaseError(`database ${path}: ${(error as Error).message}`);
  }
  return db;
}

/** The folder exists (created when missing), and an existing file can be written. */
function prepareFile(path: string): void {
  const folder = dirname(path);
  try {
    makeFolder(folder);
  } catch (error) {
    throw new DatabaseError(
      `database ${path}: cannot create its folder ${folder} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
  if (!existsSync(path)) return;
  try {
    accessSync(path, constants.R_OK | constants.W_OK);
  } catch (error) {
    throw new DatabaseError(
      `database ${path}: the file cannot be read and written (${(error as NodeJS.ErrnoException).code}); openings writes to its database: fix the file's permissions, or point --db at a writable copy`,
    );
  }
}

function migrationFiles(): { version: number; file: string }[] {
  return readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d{3}-.+\.sql$/.test(f))
    .sort()
    .map((file) => ({ version: Number.parseInt(file.slice(0, 3), 10), file }));
}

/** The newest schema version this code knows. */
function knownSchemaVersion(): number {
  return Math.max(0, ...migrationFiles().map((m) => m.version));
}

/** Damaged files and schemas from a newer release are refused; quick_check reads every page once. */
function refuseUnusable(db: Db, path: string): void {
  let problems: string[];
  try {
    problems = (db.pragma('quick_check') as { quick_check: string }[])
      .map((row) => row.quick_check)
      .filter((result) => result !== 'ok');
  } catch (error) {
    problems = [(error as Error).message];
  }
  if (problems.length > 0) {
    const more = problems.length > 1 ? ` (+${problems.length - 1} more)` : '';
    throw new DatabaseError(
      `database ${path}: not a sound SQLite database (${problems[0]}${more}); restore it from a backup, or move it away and let the next scrape start a new one`,
    );
  }
  const version = db.pragma('user_version', { simple: true }) as number;
  const known = knownSchemaVersion();
  if (version > known) {
    throw new DatabaseError(
      `database ${path}: its schema version ${version} is newer than this release knows (${known}); it was written by a newer openings: upgrade, or point --db at another file`,
    );
  }
}

/**
 * Applies `NNN-name.sql` files above `PRAGMA user_version`, each (with its data step) in its own
 * transaction. Foreign keys are off while they run, so a migration can rebuild a table others
 * reference (SQLite's own procedure), and checked before each commit.
 */
function migrate(db: Db, options: OpenOptions): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const pending = migrationFiles().filter((m) => m.version > current);
  if (pending.length === 0) return;
  db.pragma('foreign_keys = OFF');
  try {
    for (const { version, file } of pending) {
      const sql = readFileSync(join(MIGRATIONS_DIR, file), 'utf8');
      db.transaction(() => {
        db.exec(sql);
        DATA_STEPS[version]?.(db, options);
        const broken = db.pragma('foreign_key_check') as { table: string; parent: string }[];
        if (broken.length > 0)
          throw new Error(
            `migration ${file} left ${broken.length} rows of ${broken[0]!.table} without their ${broken[0]!.parent}`,
          );
        db.pragma(`user_version = ${version}`);
      })();
    }
  } finally {
    db.pragma('foreign_keys = ON');
  }
}
