/** The organisations the database holds data for, and since when (a newcomer's backlog is read silently). */
import type { OrganisationRecord } from '../src/model/organisation.ts';
import type { Db } from './database.ts';
import { prepared } from './statements.ts';

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
