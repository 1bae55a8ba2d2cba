import { accessSync, closeSync, constants, existsSync, openSync, readdirSync, readFileSync, readSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { makeFolder } from '../src/files.ts';
import { createLogger } from '../src/log.ts';
import { DEFAULT_ORGANISATION, type OrganisationRecord } from '../src/model/organisation.ts';
import { foldForMatch } from '../src/model/text.ts';
import { packagePath } from '../src/package-root.ts';
import { DatabaseError, isOutOfSpace, outOfSpaceError } from './errors.ts';
import { scrubStoredData } from './migrations/003-personal-data.ts';
import { adoptOrganisation } from './migrations/010-organisations.ts';
import Database from './sqlite.ts';

export type Db = BetterSqlite3.Database;

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
 * Opens for writing (creating if needed) the SQLite file, in WAL mode, with every migration
 * applied. A file that is no sound SQLite database (`quick_check`, which reads every page), that
 * is read-only, or whose schema is newer than this code is refused before anything is written to
 * it; so is a database on a full disk, named as such.
 */
export function openDatabase(path: string, options: OpenOptions = {}): Db {
  if (path !== ':memory:') prepareFile(path);
  let db: Db;
  try {
    db = new Database(path);
  } catch (error) {
    throw openFailure(error, path);
  }
  try {
    refuseUnusable(db, path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.pragma(`cache_size = ${PAGE_CACHE_KIB}`);
    addFunctions(db);
    migrate(db, options);
  } catch (error) {
    db.close();
    throw openFailure(error, path);
  }
  return db;
}

/**
 * Opens for reading only a database that must exist, checking what readers need and no more, so
 * a reader starts at once on a big file: the header, the schema version, and that each table
 * answers (its first page is read). A database of an older release is upgraded first, through
 * `openDatabase`. On a full disk, where SQLite cannot make the shared-memory index of the log, the
 * file is read with a private index instead (`readonly_shm`), so readers go on serving what it holds.
 */
export function openForReading(path: string, options: OpenOptions = {}): Db {
  if (!existsSync(path))
    throw new DatabaseError(
      `database ${path}: there is none (no such file); check --db or $OPENINGS_DB, or run \`openings scrape\` to create it`,
    );
  refuseForeignHeader(path);
  let db = connectReader(path, false);
  try {
    let version: number;
    try {
      version = db.pragma('user_version', { simple: true }) as number;
    } catch (error) {
      if (!isOutOfSpace(error, path)) throw error;
      db.close();
      db = connectReader(path, true);
      version = db.pragma('user_version', { simple: true }) as number;
      createLogger().warn(
        { database: path },
        `no space left on the device holding ${dirname(path)}: the database is read with a private index of its log`,
      );
    }
    refuseNewerSchema(version, path);
    if (version < knownSchemaVersion()) {
      db.close();
      return openDatabase(path, options);
    }
    for (const table of db
      .prepare<[], string>(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
      )
      .pluck()
      .all()) {
      db.prepare(`SELECT * FROM "${table.replaceAll('"', '""')}" LIMIT 1`).get();
    }
    db.pragma('busy_timeout = 5000');
    db.pragma(`cache_size = ${PAGE_CACHE_KIB}`);
    addFunctions(db);
  } catch (error) {
    db.close();
    throw openFailure(error, path);
  }
  return db;
}

/** A read-only connection; `privateIndex` reads the log without the shared-memory file (which must exist, empty will do). */
function connectReader(path: string, privateIndex: boolean): Db {
  try {
    if (!privateIndex) return new Database(path, { readonly: true, fileMustExist: true });
    closeSync(openSync(`${path}-shm`, 'a')); // an empty file: no room needed
    const uri = `file:${path.replace(/[%?#]/g, (c) => `%${c.charCodeAt(0).toString(16)}`)}?readonly_shm=1`;
    return new Database(uri, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw openFailure(error, path);
  }
}

/** The first 16 bytes of every SQLite database; anything else is refused without asking SQLite. */
const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

function refuseForeignHeader(path: string): void {
  const header = Buffer.alloc(SQLITE_MAGIC.length);
  let read = 0;
  try {
    const fd = openSync(path, 'r');
    try {
      read = readSync(fd, header, 0, header.length, 0);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    throw new DatabaseError(
      `database ${path}: the file cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
  // An empty file is a database not written yet (SQLite treats it so).
  if (read > 0 && !header.equals(SQLITE_MAGIC)) throw unsound(path, 'file is not a database');
}

function unsound(path: string, problem: string): DatabaseError {
  return new DatabaseError(
    `database ${path}: not a sound SQLite database (${problem}); restore it from a backup, or move it away and let the next scrape start a new one`,
  );
}

/** What went wrong opening or checking the file, said for an operator: full disk, damage, or else. */
function openFailure(error: unknown, path: string): DatabaseError {
  if (error instanceof DatabaseError) return error;
  if (path !== ':memory:' && isOutOfSpace(error, path)) return outOfSpaceError(path);
  const code = (error as { code?: unknown }).code;
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') return unsound(path, (error as Error).message);
  if (typeof code === 'string' && code.startsWith('SQLITE_IOERR'))
    return new DatabaseError(
      `database ${path}: cannot read it (${(error as Error).message}, ${code}); check the disk and the system log, the file may well be sound`,
    );
  if (code === 'SQLITE_CANTOPEN')
    return new DatabaseError(`database ${path}: cannot open it (${(error as Error).message})`);
  return new DatabaseError(`database ${path}: ${(error as Error).message}`);
}

/**
 * SQLite's own default page cache, 2 MB (negative: KiB), where better-sqlite3 builds with 16 MB.
 * The cache fills as a first scrape grows the file, and its pages, allocated among a run's read
 * buffers, kept 35 to 50 MB of the main thread's malloc heap at 5,000 offers (bench:scale); the
 * pages it misses are in the kernel's page cache, a system call away.
 */
const PAGE_CACHE_KIB = -2000;

/** Case- and accent-insensitive matching in SQL, exactly as the application folds text. */
function addFunctions(db: Db): void {
  db.function('fold', { deterministic: true }, (text: unknown) =>
    text === null || text === undefined ? null : foldForMatch(String(text)),
  );
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

/**
 * Damaged files and schemas from a newer release are refused; quick_check reads every page once.
 * An I/O error (a full disk among them) is thrown as it is, for `openFailure` to name.
 */
function refuseUnusable(db: Db, path: string): void {
  let problems: string[];
  try {
    problems = (db.pragma('quick_check') as { quick_check: string }[])
      .map((row) => row.quick_check)
      .filter((result) => result !== 'ok');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && (code.startsWith('SQLITE_IOERR') || code === 'SQLITE_FULL')) throw error;
    problems = [(error as Error).message];
  }
  if (problems.length > 0) {
    const more = problems.length > 1 ? ` (+${problems.length - 1} more)` : '';
    throw unsound(path, `${problems[0]}${more}`);
  }
  refuseNewerSchema(db.pragma('user_version', { simple: true }) as number, path);
}

function refuseNewerSchema(version: number, path: string): void {
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
