/** The organisations the database holds data for, and since when (a newcomer's backlog is read silently). */
import type { OrganisationRecord } from '../src/model/organisation.ts';
import type { Db } from './database.ts';
import { prepared } from './statements.ts';

/**
 * A healthy run of the source before `runId` that this organisation took part in (it was
 * configured by then): without one, the run read the organisation's backlog.
 */
export function hadHealthyRunFor(db: Db, organisation: string, source: string, runId: number): boolean {
  return (
    prepared<[string, number, string], { n: number }>(
      db,
      `SELECT COUNT(*) AS n FROM runs WHERE source = ? AND status = 'healthy' AND id < ?
         AND started_at >= coalesce((SELECT added_at FROM organisations WHERE id = ?), '')`,
    ).get(source, runId, organisation)!.n > 0
  );
}

/** Records the configured organisations not seen before (their names follow the configuration). */
export function registerOrganisations(db: Db, organisations: readonly OrganisationRecord[], at: string): void {
  const upsert = prepared(
    db,
    `INSERT INTO organisations (id, name, added_at) VALUES (?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name WHERE name != excluded.name`,
  );
  db.transaction(() => {
    for (const o of organisations) upsert.run(o.id, o.name, at);
  })();
}
