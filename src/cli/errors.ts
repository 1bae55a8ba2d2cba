/**
 * How a command's failure ends the process: one line on stderr, `openings: <thing>: <problem>`, and
 * the documented exit code (README, "Exit codes"). What an operator can fix (usage, configuration,
 * the database file, a port, an output file) never shows a stack trace; a bug says so in one line
 * and leaves its stack in the structured log.
 */
import { DatabaseError, isOutOfSpace, LockHeldError, outOfSpaceError } from '../../db/errors.ts';
import { ConfigError } from '../config-error.ts';
import type { Logger } from '../log.ts';
import { terminalSafe } from './terminal-text.ts';
import { UserError } from './user-error.ts';

export const EXIT_USAGE = 2;
const EXIT_LOCKED = 3;
const EXIT_INTERNAL = 1;

/** better-sqlite3's errors carry SQLite's result code (`SQLITE_READONLY`, `SQLITE_FULL`, …). */
function sqliteCode(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : null;
}

function failureOf(error: unknown, dbPath: string): { line: string; exitCode: number } | null {
  if (error instanceof UserError) return { line: error.message, exitCode: error.exitCode };
  if (error instanceof ConfigError || error instanceof DatabaseError)
    return { line: error.message, exitCode: EXIT_USAGE };
  if (error instanceof LockHeldError) return { line: error.message, exitCode: EXIT_LOCKED };
  const code = sqliteCode(error);
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    return {
      line: `database ${dbPath}: another process keeps it busy (${(error as Error).message}); try again later`,
      exitCode: EXIT_LOCKED,
    };
  }
  // A full disk met while writing (a scrape's run, a delivery): the file is not at fault.
  if (code && isOutOfSpace(error, dbPath)) return { line: outOfSpaceError(dbPath).message, exitCode: EXIT_USAGE };
  // Read-only, I/O error, damage found after opening: the file or its disk is the problem.
  if (code) return { line: `database ${dbPath}: ${(error as Error).message} (${code})`, exitCode: EXIT_USAGE };
  return null;
}

/** Writes the failure's line and returns the exit code. */
export function reportFailure(error: unknown, dbPath: string, log: Logger): number {
  const failure = failureOf(error, dbPath);
  if (failure) {
    process.stderr.write(`openings: ${terminalSafe(failure.line)}\n`);
    return failure.exitCode;
  }
  log.error({ err: error }, 'command failed');
  process.stderr.write(
    `openings: internal error: ${terminalSafe((error as Error)?.message ?? String(error))} (a bug: the log line above has the details)\n`,
  );
  return EXIT_INTERNAL;
}

/**
 * `openings reconcile --json | head -c 1500`: the reader leaving early is no failure of ours. The
 * process ends quietly with the exit code it already had.
 */
export function endQuietlyWhenReaderLeaves(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
}
