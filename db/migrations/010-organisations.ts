/**
 * Migration 010's data step: a database written before organisations existed held one
 * organisation's data; every row of it now says whose (the organisation the configuration names
 * first), and the per-organisation counts are taken again.
 */
import type { OrganisationRecord } from '../../src/model/organisation.ts';
import type { Db } from '../database.ts';

export function adoptOrganisation(db: Db, organisation: OrganisationRecord): void {
  const firstRun = db.prepare('SELECT MIN(started_at) FROM runs').pluck().get() as string | null;
  const used = firstRun !== null || (db.prepare('SELECT COUNT(*) FROM postings').pluck().get() as number) > 0;
  if (used) {
    // It was there from the first run: its backlog was read (and announced or not) long ago.
    db.prepare('INSERT INTO organisations (id, name, added_at) VALUES (?, ?, ?)').run(
      organisation.id,
      organisation.name,
      firstRun ?? new Date(0).toISOString(),
    );
  }
  for (const table of ['postings', 'openings', 'events', 'outbox'])
    db.prepare(`UPDATE ${table} SET organisation = ? WHERE organisation = '' OR organisation IS NULL`).run(
      organisation.id,
    );
  // Hiring-page findings already announced are the organisation's: their keys now start with its id.
  db.prepare(`UPDATE notify_findings SET key = ? || '|' || key`).run(organisation.id);
  // The updates above moved the counts through their triggers; take them again from the rows.
  db.exec(`
    DELETE FROM posting_counts;
    DELETE FROM opening_counts;
    INSERT INTO posting_counts (organisation, source, state, n) SELECT organisation, source, state, COUNT(*) FROM postings GROUP BY organisation, source, state;
    INSERT INTO opening_counts (organisation, status, n) SELECT organisation, status, COUNT(*) FROM openings GROUP BY organisation, status;
  `);
}
