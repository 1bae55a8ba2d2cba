/** The weekly open-data file as stored (migration 011): its files, each organisation's rows, employer counts. */
import type { EmployerCount, OpenDataOffer } from '../scrapers/csp-open-data/weekly-file.ts';
import type { PostingState } from '../src/model/lifecycle.ts';
import type { Db } from './database.ts';
import { prepared } from './statements.ts';

/** The source id history postings are stored under. */
const OPEN_DATA_SOURCE = 'csp-open-data';

export interface OpenDataFile {
  id: number;
  runId: number;
  url: string;
  fileDate: string;
  rows: number;
  activeRows: number;
  badDates: number;
  duplicates: number;
  importedAt: string;
}

export interface StoredOpenDataOffer extends OpenDataOffer {
  organisation: string;
}

/** A file to store: its figures, and per organisation id its rows (they replace its rows of the file before). */
interface NewFile extends Omit<OpenDataFile, 'id'> {
  offers: ReadonlyMap<string, ReadonlyMap<string, OpenDataOffer>>;
  employers: readonly EmployerCount[];
}

/** Stores a file read whole and healthy; call inside the run's transaction. */
export function storeOpenDataFile(db: Db, file: NewFile): number {
  const fileId = Number(
    prepared(
      db,
      `INSERT INTO open_data_files (run_id, url, file_date, rows, active_rows, bad_dates, duplicates, imported_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      file.runId,
      file.url,
      file.fileDate,
      file.rows,
      file.activeRows,
      file.badDates,
      file.duplicates,
      file.importedAt,
    ).lastInsertRowid,
  );
  const insertOffer = prepared(
    db,
    `INSERT INTO open_data_offers (organisation, reference, file_id, title, employer, organisme, versant, category,
       nature, trade, location, education_level, contract_type, contract_duration, first_published, publication_start, publication_end)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const [organisation, offers] of file.offers) {
    prepared(db, 'DELETE FROM open_data_offers WHERE organisation = ?').run(organisation);
    for (const o of offers.values())
      insertOffer.run(
        organisation,
        o.reference,
        fileId,
        o.title,
        o.employer,
        o.organisme,
        o.versant,
        o.category,
        o.nature,
        o.trade,
        o.location,
        o.educationLevel,
        o.contractType,
        o.contractDuration,
        o.firstPublished,
        o.publicationStart,
        o.publicationEnd,
      );
  }
  // Only the newest file's employers are kept: the list is a look-up, not a history.
  prepared(db, 'DELETE FROM open_data_employers').run();
  const insertEmployer = prepared(
    db,
    'INSERT INTO open_data_employers (file_id, employer, organisme, offers, active) VALUES (?, ?, ?, ?, ?)',
  );
  for (const e of file.employers) insertEmployer.run(fileId, e.employer, e.organisme, e.offers, e.active);
  return fileId;
}

/** The columns as the TypeScript records name them. */
const FILE_COLUMNS = `id, run_id AS runId, url, file_date AS fileDate, rows, active_rows AS activeRows,
  bad_dates AS badDates, duplicates, imported_at AS importedAt`;
const OFFER_COLUMNS = `organisation, reference, title, employer, organisme, versant, category, nature, trade, location,
  education_level AS educationLevel, contract_type AS contractType, contract_duration AS contractDuration,
  first_published AS firstPublished, publication_start AS publicationStart, publication_end AS publicationEnd`;

/** The newest file stored (the last healthy import). */
export function latestOpenDataFile(db: Db): OpenDataFile | undefined {
  return prepared<[], OpenDataFile>(db, `SELECT ${FILE_COLUMNS} FROM open_data_files ORDER BY id DESC LIMIT 1`).get();
}

/**
 * The organisation's offers active on `day` (first published on or before it, not ended before
 * it) whose reference none of its own CSP postings has: CSP never listed them for it.
 */
export function offersUnseenByCsp(db: Db, organisation: string, day: string): StoredOpenDataOffer[] {
  return prepared<[string, string, string], StoredOpenDataOffer>(
    db,
    `SELECT ${OFFER_COLUMNS} FROM open_data_offers o
     WHERE o.organisation = ?
       AND (o.first_published IS NULL OR o.first_published <= ?)
       AND (o.publication_end IS NULL OR o.publication_end >= ?)
       AND NOT EXISTS (SELECT 1 FROM postings p
         WHERE p.organisation = o.organisation AND p.source = 'csp' AND p.source_id = o.reference)
     ORDER BY o.first_published DESC, o.reference`,
  ).all(organisation, day, day);
}

/** The start of the latest healthy run of a source that started on or after `day`, if any. */
export function healthyRunSince(db: Db, source: string, day: string): string | null {
  const row = prepared<[string, string], { started_at: string }>(
    db,
    `SELECT started_at FROM runs WHERE source = ? AND status = 'healthy' AND started_at >= ? ORDER BY id DESC LIMIT 1`,
  ).get(source, day);
  return row?.started_at ?? null;
}

/** The employers of the newest file, most active offers first. */
export function openDataEmployers(db: Db): EmployerCount[] {
  return prepared<[], EmployerCount>(
    db,
    `SELECT employer, organisme, offers, active FROM open_data_employers
     ORDER BY active DESC, offers DESC, employer, organisme`,
  ).all();
}

/** The organisation's row of the newest file for the first of these references it has, if any. */
export function openDataOfferFor(
  db: Db,
  organisation: string,
  references: readonly string[],
): StoredOpenDataOffer | undefined {
  const statement = prepared<[string, string], StoredOpenDataOffer>(
    db,
    `SELECT ${OFFER_COLUMNS} FROM open_data_offers WHERE organisation = ? AND reference = ?`,
  );
  for (const reference of references) {
    const row = statement.get(organisation, reference);
    if (row) return row;
  }
  return undefined;
}

/** An organisation's CSP posting of a reference (CSP's portal id is the offer's reference), with its opening. */
export function cspPostingOfReference(
  db: Db,
  organisation: string,
  reference: string,
): { id: number; state: PostingState; openingId: number | null } | undefined {
  return prepared<[string, string], { id: number; state: PostingState; openingId: number | null }>(
    db,
    `SELECT p.id, p.state, l.opening_id AS openingId FROM postings p LEFT JOIN opening_links l ON l.posting_id = p.id
     WHERE p.organisation = ? AND p.source = 'csp' AND p.source_id = ?`,
  ).get(organisation, reference);
}

/** The history posting the file made of an organisation's ended offer, if it made one. */
export function historyPostingOf(
  db: Db,
  organisation: string,
  reference: string,
): { id: number; inventoryHash: string; openingId: number | null; manual: boolean } | undefined {
  const row = prepared<
    [string, string],
    { id: number; inventoryHash: string; openingId: number | null; manual: number }
  >(
    db,
    `SELECT p.id, p.inventory_hash AS inventoryHash, l.opening_id AS openingId, l.manual FROM postings p
     LEFT JOIN opening_links l ON l.posting_id = p.id
     WHERE p.organisation = ? AND p.source = '${OPEN_DATA_SOURCE}' AND p.source_id = ?`,
  ).get(organisation, reference);
  return row && { ...row, manual: row.manual === 1 };
}

/** Gives a history posting its real span: first published to ended, closed by the file. */
export function setHistorySpan(
  db: Db,
  postingId: number,
  span: { publishedAt: string; endedAt: string; runId: number },
): void {
  prepared(
    db,
    `UPDATE postings SET state = 'closed', close_reason = 'open-data', closed_at = ?, first_seen_at = ?, last_seen_at = ?,
       state_run = ?, missing_since = NULL, missing_runs = 0, short_lived = 0 WHERE id = ?`,
  ).run(span.endedAt, span.publishedAt, span.endedAt, span.runId, postingId);
}
