/**
 * Named locks between the processes using one database (`scrape`: one scrape at a time; `notify`:
 * one sender). Each is a lock the kernel holds for the process, never a pid someone must judge:
 * an open SQLite write transaction (`BEGIN IMMEDIATE`, an fcntl lock) on a small file beside the
 * database, `<database>-<name>.lock`. The kernel releases it when the holder ends, however it ends
 * (kill -9, out of memory, a container stopped), so neither a new PID namespace nor a volume
 * shared between containers can keep it held by a dead process. The lock file is never written;
 * the main database's `locks` table only says who holds it, for the message of a refused newcomer.
 */
import { existsSync, realpathSync } from 'node:fs';
import type { Db } from './database.ts';
import { DatabaseError, LockHeldError } from './errors.ts';
import { abortUnfinishedRuns } from './runs.ts';
import Database from './sqlite.ts';

export { LockHeldError };

export const SCRAPE_LOCK = 'scrape';

/** In-memory databases (tests) have no file to lock beside: their locks live in this process. */
const memoryLocks = new Set<string>();

/** The lock file of a lock on a database file, beside the file its path resolves to (symlinks followed). */
function lockFilePath(dbPath: string, name: string): string {
  return `${realpathSync(dbPath)}-${name}.lock`;
}

const isMemory = (db: Db) => db.memory || db.name === ':memory:' || db.name === '';

/** Takes the lock file's kernel lock without waiting; null when another process (or connection) has it. */
function takeFileLock(path: string): (() => void) | null {
  let file: InstanceType<typeof Database>;
  try {
    file = new Database(path, { timeout: 0 });
  } catch (error) {
    throw new DatabaseError(
      `lock file ${path}: cannot open it (${(error as Error).message}); its folder must be writable`,
    );
  }
  try {
    file.exec('BEGIN IMMEDIATE');
  } catch (error) {
    file.close();
    if ((error as { code?: unknown }).code === 'SQLITE_BUSY') return null;
    throw error;
  }
  return () => {
    file.exec('ROLLBACK');
    file.close();
  };
}

function holderRow(db: Db, name: string): { pid: number; acquired_at: string } | undefined {
  return db
    .prepare<[string], { pid: number; acquired_at: string }>('SELECT pid, acquired_at FROM locks WHERE name = ?')
    .get(name);
}

/**
 * Takes the named lock for this process, or throws LockHeldError. Under the scrape lock no run of
 * another process can be going on: runs left `running` (their process died) are recorded as
 * aborted and their stage dropped.
 */
export function acquireLock(db: Db, name: string): () => void {
  let releaseFile: () => void;
  if (isMemory(db)) {
    if (memoryLocks.has(name)) throw new LockHeldError(null, null);
    memoryLocks.add(name);
    releaseFile = () => memoryLocks.delete(name);
  } else {
    const taken = takeFileLock(lockFilePath(db.name, name));
    if (!taken) {
      const holder = holderRow(db, name);
      throw new LockHeldError(holder?.pid ?? null, holder?.acquired_at ?? null);
    }
    releaseFile = taken;
  }
  try {
    const at = new Date().toISOString();
    db.transaction(() => {
      if (name === SCRAPE_LOCK) abortUnfinishedRuns(db, at);
      db.prepare('INSERT OR REPLACE INTO locks (name, pid, acquired_at) VALUES (?, ?, ?)').run(name, process.pid, at);
    }).immediate();
  } catch (error) {
    releaseFile();
    throw error;
  }
  return () => {
    try {
      db.prepare('DELETE FROM locks WHERE name = ? AND pid = ?').run(name, process.pid);
    } finally {
      releaseFile();
    }
  };
}

/**
 * Records as aborted the runs no process is doing any more, when no scrape is going on (the scrape
 * lock is free); a scrape in progress keeps its runs. Every command that writes calls it, so a run
 * killed by a full disk or a reboot is said failed by the next one, not left `running`.
 */
export function recordUnfinishedRuns(db: Db): void {
  let release: () => void;
  try {
    release = acquireLock(db, SCRAPE_LOCK);
  } catch (error) {
    if (error instanceof LockHeldError) return;
    throw error;
  }
  release();
}

/**
 * Who holds the lock on a database file, if anyone (for `doctor`, which must not run beside a
 * scrape): the lock is taken and given back at once. The database is opened read-only and never
 * created nor migrated (doctor leaves no trace in it).
 */
export function lockHolderInFile(path: string, name: string): { pid: number | null; since: string | null } | null {
  if (!existsSync(path)) return null;
  const lockPath = lockFilePath(path, name);
  if (!existsSync(lockPath)) return null;
  const release = takeFileLock(lockPath);
  if (release) {
    release();
    return null;
  }
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const hasLocks =
      db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'locks'").get() !== undefined;
    const holder = hasLocks ? holderRow(db, name) : undefined;
    return { pid: holder?.pid ?? null, since: holder?.acquired_at ?? null };
  } finally {
    db.close();
  }
}
