/** The database's errors, in a module of their own so the CLI can tell them apart without loading SQLite. */

/** A database file openings cannot use; the message names the file, the problem and what to do. */
export class DatabaseError extends Error {}

export class LockHeldError extends Error {
  constructor(
    readonly holderPid: number,
    readonly since: string,
  ) {
    super(`another scrape is already running (pid ${holderPid}, since ${since}); try again when it has finished`);
  }
}
