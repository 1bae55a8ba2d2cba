/**
 * How big the database file gets, for both benches: the bytes each table uses (SQLite's dbstat,
 * so free pages and the WAL do not count), and a year of runs projected from what one run adds.
 * Per-request records and cached bodies are pruned after `retention.days`; the rest is kept.
 */
import Database from 'better-sqlite3';

/** Tables whose rows the retention prune removes (db/maintenance.ts). */
const PRUNED = new Set(['requests', 'http_cache']);

export type TableBytes = Map<string, number>;

/** Bytes used per table, its indexes counted with it. */
export function usedBytesByTable(dbPath: string): TableBytes {
  const db = new Database(dbPath, { readonly: true });
  try {
    const indexOwner = new Map(
      (
        db.prepare(`SELECT name, tbl_name FROM sqlite_master WHERE type IN ('table', 'index')`).all() as {
          name: string;
          tbl_name: string;
        }[]
      ).map((r) => [r.name, r.tbl_name]),
    );
    const bytes: TableBytes = new Map();
    for (const row of db.prepare('SELECT name, SUM(pgsize) AS size FROM dbstat GROUP BY name').all() as {
      name: string;
      size: number;
    }[]) {
      const table = indexOwner.get(row.name) ?? row.name;
      bytes.set(table, (bytes.get(table) ?? 0) + row.size);
    }
    return bytes;
  } finally {
    db.close();
  }
}

const total = (bytes: TableBytes, keep: (table: string) => boolean) =>
  [...bytes].filter(([t]) => keep(t)).reduce((sum, [, n]) => sum + n, 0);

export interface YearProjection {
  startBytes: number;
  /** Added by one run to what is kept for ever, and to what the prune removes after retention. */
  keptPerRun: number;
  prunedPerRun: number;
  yearBytes: number;
}

/**
 * `before`/`after` bracket `runs` runs (one scrape of every source is one run here). A year:
 * `runsPerDay` runs each day; what is pruned stops growing after `retentionDays`.
 */
export function projectYear(
  before: TableBytes,
  after: TableBytes,
  runs: number,
  runsPerDay = 12,
  retentionDays = 60,
): YearProjection {
  const delta = (keep: (t: string) => boolean) => Math.max(0, total(after, keep) - total(before, keep)) / runs;
  const keptPerRun = delta((t) => !PRUNED.has(t));
  const prunedPerRun = delta((t) => PRUNED.has(t));
  const startBytes = total(before, () => true);
  return {
    startBytes,
    keptPerRun,
    prunedPerRun,
    yearBytes: startBytes + keptPerRun * runsPerDay * 365 + prunedPerRun * runsPerDay * Math.min(365, retentionDays),
  };
}

export const mib = (bytes: number) => (bytes / 1_048_576).toFixed(1);
export const kib = (bytes: number) => (bytes / 1024).toFixed(1);
