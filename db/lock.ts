import type { Db } from './database.ts';

export class LockHeldError extends Error {
  constructor(readonly holderPid: number, readonly since: string) {
    super(`another scrape is already running (pid ${holderPid}, since ${since}); try again when it has finished`);
  }
}

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
    const holder = db.prepare<[string], { pid: number; acquired_at: string }>('SELECT pid, acquired_at FROM locks WHERE name = ?').get(name);
    if (holder && isAlive(holder.pid)) throw new LockHeldError(holder.pid, holder.acquired_at);
    if (holder) {
      db.prepare(`UPDATE runs SET status = 'aborted', finished_at = ?, reason = 'interrupted: the process running it stopped' WHERE status = 'running' AND pid = ?`)
        .run(new Date().toISOString(), holder.pid);
    }
    db.prepare('INSERT OR REPLACE INTO locks (name, pid, acquired_at) VALUES (?, ?, ?)').run(name, process.pid, new Date().toISOString());
  });
  take.immediate();
  return () => {
    db.prepare('DELETE FROM locks WHERE name = ? AND pid = ?').run(name, process.pid);
  };
}

/** The live holder of a lock, if any (for `doctor`, which must not run beside a scrape). */
export function lockHolder(db: Db, name: string): { pid: number; since: string } | null {
  const holder = db.prepare<[string], { pid: number; acquired_at: string }>('SELECT pid, acquired_at FROM locks WHERE name = ?').get(name);
  return holder && isAlive(holder.pid) ? { pid: holder.pid, since: holder.acquired_at } : null;
}
