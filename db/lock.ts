import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { Db } from './database.ts';
import { LockHeldError } from './errors.ts';
import { abortRunsOf } from './runs.ts';

export { LockHeldError };

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the named lock for this process. A lock left by a process that no longer exists (killed
 * mid-run) is taken over, and that process's unfinished runs are marked aborted.
 */
export function acquireLock(db: Db, name: string): () => void {
  const take = db.transaction(() => {
    const holder = db
      .prepare<[string], { pid: number; acquired_at: string }>('SELECT pid, acquired_at FROM locks WHERE name = ?')
      .get(name);
    if (holder && isAlive(holder.pid)) throw new LockHeldError(holder.pid, holder.acquired_at);
    if (holder) {
      abortRunsOf(db, holder.pid, new Date().toISOString());
    }
    db.prepare('INSERT OR REPLACE INTO locks (name, pid, acquired_at) VALUES (?, ?, ?)').run(
      name,
      process.pid,
      new Date().toISOString(),
    );
  });
  take.immediate();
  return () => {
    db.prepare('DELETE FROM locks WHERE name = ? AND pid = ?').run(name, process.pid);
  };
}

/** The live holder of a lock, if any (for `doctor`, which must not run beside a scrape). */
export function lockHolder(db: Db, name: string): { pid: number; since: string } | null {
  const holder = db
    .prepare<[string], { pid: number; acquired_at: string }>('SELECT pid, acquired_at FROM locks WHERE name = ?')
    .get(name);
  return holder && isAlive(holder.pid) ? { pid: holder.pid, since: holder.acquired_at } : null;
}

/**
 * The live holder of a lock in a database file, opened read-only and never created nor migrated
 * (doctor leaves no trace in it).
 */
export function lockHolderInFile(path: string, name: string): { pid: number; since: string } | null {
  if (!existsSync(path)) return null;
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const hasLocks =
      db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'locks'").get() !== undefined;
    return hasLocks ? lockHolder(db, name) : null;
  } finally {
    db.close();
  }
}
