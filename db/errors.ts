/** The database's errors, in a module of their own so the CLI can tell them apart without loading SQLite. */
import { statfsSync } from 'node:fs';
import { dirname } from 'node:path';

/** A database file openings cannot use; the message names the file, the problem and what to do. */
export class DatabaseError extends Error {}

export class LockHeldError extends Error {
  constructor(
    readonly holderPid: number | null,
    readonly since: string | null,
  ) {
    const holder = holderPid === null ? 'since a moment' : `pid ${holderPid}, since ${since}`;
    super(`another scrape is already running (${holder}); try again when it has finished`);
  }
}

/** Below this much room SQLite cannot grow its write-ahead log nor make its shared-memory index. */
const LOW_SPACE_BYTES = 1024 * 1024;

/** Bytes this process may still write on the filesystem holding `folder`, or null when it cannot tell. */
function freeBytes(folder: string): number | null {
  try {
    const stats = statfsSync(folder);
    return stats.bavail * stats.bsize;
  } catch {
    return null;
  }
}

/**
 * Whether an error met opening, checking or writing the database is its disk being full, not the
 * file being damaged: SQLite says SQLITE_FULL when a write finds no room, but only "disk I/O error"
 * when it cannot size its shared-memory index or log, so an I/O error on a device without room is
 * taken for a full disk too.
 */
export function isOutOfSpace(error: unknown, dbPath: string): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') return true;
  const ioError =
    (typeof code === 'string' && code.startsWith('SQLITE_IOERR')) ||
    /disk I\/O error/.test((error as Error | null)?.message ?? '');
  if (!ioError) return false;
  const free = freeBytes(dirname(dbPath));
  return free !== null && free < LOW_SPACE_BYTES;
}

/** The refusal of a command that must write to a database on a full disk; the file is not at fault. */
export function outOfSpaceError(dbPath: string): DatabaseError {
  const folder = dirname(dbPath);
  const free = freeBytes(folder);
  return new DatabaseError(
    `database ${dbPath}: no space left on the device holding ${folder}${free === null ? '' : ` (${free} bytes free)`}; the database is not damaged: free some space there and run the command again (status, serve and export still read it)`,
  );
}
