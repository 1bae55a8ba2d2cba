/** The weekly open-data file as stored (migration 011): its files, each organisation's rows, employer counts. */
import type { EmployerCount, OpenDataOffer } from '../scrapers/csp-open-data/weekly-file.ts';
import type { Db } from './database.ts';
import { prepared } from './statements.ts';

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

interface NewFile {
  runId: number;
  url: string;
  fileDate: string;
  rows: number;
  activeRows: number;
  badDates: number;
  duplicates: number;
  importedAt: string;
  /** Per organisation id, its rows: they replace the organisation's rows of the file before. */
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

interface FileRow {
  id: number;
  run_id: number;
  url: string;
  file_date: string;
  rows: number;
  active_rows: number;
  bad_dates: number;
  duplicates: number;
  imported_at: string;
}

const fromFileRow = (r: FileRow): OpenDataFile => ({
  id: r.id,
  runId: r.run_id,
  url: r.url,
  fileDate: r.file_date,
  rows: r.rows,
  activeRows: r.active_rows,
  badDates: r.bad_dates,
  duplicates: r.duplicates,
  importedAt: r.imported_at,
});

/** The newest file stored (the last healthy import). */
export function latestOpenDataFile(db: Db): OpenDataFile | undefined {
  const row = prepared<[], FileRow>(db, 'SELECT * FROM open_data_files ORDER BY id DESC LIMIT 1').get();
  return row && fromFileRow(row);
}

interface OfferRow {
  organisation: string;
  reference: string;
  title: string | null;
  employer: string | null;
  organisme: string | null;
  versant: string | null;
  category: string | null;
  nature: string | null;
  trade: string | null;
  location: string | null;
  education_level: string | null;
  contract_type: string | null;
  contract_duration: string | null;
  first_published: string | null;
  publication_start: string | null;
  publication_end: string | null;
}

const fromOfferRow = (r: OfferRow): StoredOpenDataOffer => ({
  organisation: r.organisation,
  reference: r.reference,
  title: r.title,
  employer: r.employer,
  organisme: r.organisme,
  versant: r.versant,
  category: r.category,
  nature: r.nature,
  trade: r.trade,
  location: r.location,
  educationLevel: r.education_level,
  contractType: r.contract_type,
  contractDuration: r.contract_duration,
  firstPublished: r.first_published,
  publicationStart: r.publication_start,
  publicationEnd: r.publication_end,
});

/**
 * The organisation's offers active on `day` (first published on or before it, not ended before
 * it) whose reference no CSP posting has, of any organisation: CSP never listed them.
 */
export function offersUnseenByCsp(db: Db, organisation: string, day: string): StoredOpenDataOffer[] {
  return prepared<[string, string, string], OfferRow>(
    db,
    `SELECT o.* FROM open_data_offers o
     WHERE o.organisation = ?
       AND (o.first_published IS NULL OR o.first_published <= ?)
       AND (o.publication_end IS NULL OR o.publication_end >= ?)
       AND NOT EXISTS (SELECT 1 FROM postings p WHERE p.source = 'csp' AND p.source_id = o.reference)
     ORDER BY o.first_published DESC, o.reference`,
  )
    .all(organisation, day, day)
    .map(fromOfferRow);
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
  const statement = prepared<[string, string], OfferRow>(
    db,
    'SELECT * FROM open_data_offers WHERE organisation = ? AND reference = ?',
  );
  for (const reference of references) {
    const row = statement.get(organisation, reference);
    if (row) return fromOfferRow(row);
  }
  return undefined;
}
