/**
 * The weekly file read as rows: a pure function of a stream of records (the header first), so the
 * 84 MB file is never held whole. What it keeps is small: each organisation's own rows (matched on
 * `Employeur`'s first line and `Organisme de rattachement`, as CSP cards are) and one count per
 * employer. A header without a column it reads, or an HTML page, is a problem and nothing else.
 */
import type { OrganisationMatcher } from '../../src/model/organisation.ts';
import { cleanText, stripControlChars } from '../../src/model/text.ts';

/** The columns read, by name (their order in the file does not matter). */
const COLUMNS = {
  reference: 'Référence',
  title: 'Intitulé du poste',
  organisme: 'Organisme de rattachement',
  employer: 'Employeur',
  versant: 'Versant',
  category: 'Catégorie',
  nature: "Nature de l'emploi",
  trade: 'Métier',
  location: 'Localisation du poste',
  educationLevel: "Niveau d'études",
  contractType: 'Nature de contrat',
  contractDuration: 'Durée du contrat',
  firstPublished: 'Date de première publication',
  publicationStart: 'Date de début de publication par défaut',
  publicationEnd: 'Date de fin de publication par défaut',
} as const;
type Column = keyof typeof COLUMNS;

/** An end of publication in 2090 or later is the file's way of saying "no end". */
const NO_END_YEAR = 2090;

export interface OpenDataOffer {
  reference: string;
  title: string | null;
  /** First line of `Employeur` (the rest is sometimes an address). */
  employer: string | null;
  organisme: string | null;
  versant: string | null;
  category: string | null;
  nature: string | null;
  trade: string | null;
  location: string | null;
  educationLevel: string | null;
  contractType: string | null;
  contractDuration: string | null;
  /** `YYYY-MM-DD`, null when empty or impossible. */
  firstPublished: string | null;
  publicationStart: string | null;
  /** Null: no end (2090+), or empty or impossible. */
  publicationEnd: string | null;
}

export interface EmployerCount {
  employer: string;
  organisme: string;
  offers: number;
  /** Offers active on the file's date. */
  active: number;
}

export interface OrganisationToMatch {
  id: string;
  matcher: OrganisationMatcher;
}

export type WeeklyFileRead =
  | {
      ok: true;
      rows: number;
      activeRows: number;
      /** Date fields that named no real day (left empty). */
      badDates: number;
      /** Rows whose reference an earlier row had (the later row wins). */
      duplicates: number;
      /** Rows without a reference (skipped). */
      withoutReference: number;
      offers: Map<string, Map<string, OpenDataOffer>>;
      employers: EmployerCount[];
    }
  | { ok: false; problem: string };

/** First published on or before the day, and not ended before it. */
function activeOn(offer: Pick<OpenDataOffer, 'firstPublished' | 'publicationEnd'>, day: string): boolean {
  return (
    (offer.firstPublished === null || offer.firstPublished <= day) &&
    !(offer.publicationEnd !== null && offer.publicationEnd < day)
  );
}

/** `dd/mm/yyyy` (or `yyyy-mm-dd`, with an optional time) as `YYYY-MM-DD`; undefined when it names no real day. */
function fileDay(raw: string): string | null | undefined {
  const text = raw.trim();
  if (text === '') return null;
  const m =
    /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s.*)?$/.exec(text) ?? swap(/^(\d{4})-(\d{2})-(\d{2})(?:[T\s].*)?$/.exec(text));
  if (!m) return undefined;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return undefined;
  return `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
}

function swap(m: RegExpExecArray | null): string[] | null {
  return m && [m[0], m[3]!, m[2]!, m[1]!];
}

function firstLine(raw: string | null): string | null {
  return raw === null ? null : cleanText(raw.split(/\r?\n/).find((line) => line.trim() !== '') ?? '');
}

function columnIndexes(header: readonly string[]): Record<Column, number> | { missing: string[] } {
  const names = header.map((name) => name.replace(/^\uFEFF/, '').trim());
  const indexes: Partial<Record<Column, number>> = {};
  const missing: string[] = [];
  for (const [key, name] of Object.entries(COLUMNS) as [Column, string][]) {
    const at = names.indexOf(name);
    if (at < 0) missing.push(name);
    else indexes[key] = at;
  }
  return missing.length > 0 ? { missing } : (indexes as Record<Column, number>);
}

/**
 * Reads every record: `fileDate` (`YYYY-MM-DD`) decides which offers are active. Records are
 * arrays of fields, the first one the header.
 */
export async function readWeeklyFile(
  records: AsyncIterable<string[]>,
  organisations: readonly OrganisationToMatch[],
  fileDate: string,
): Promise<WeeklyFileRead> {
  let columns: Record<Column, number> | undefined;
  const offers = new Map(organisations.map((o) => [o.id, new Map<string, OpenDataOffer>()]));
  // Per reference, which employer count its row went to: a later row with the same reference replaces it.
  const seen = new Map<string, { key: string; active: boolean }>();
  const employers = new Map<string, EmployerCount>();
  let rows = 0;
  let badDates = 0;
  let duplicates = 0;
  let withoutReference = 0;
  for await (const record of records) {
    if (!columns) {
      const first = (record[0] ?? '').replace(/^\uFEFF/, '').trim();
      if (/^<(!doctype|html|head|body|\?xml)/i.test(first))
        return { ok: false, problem: 'an HTML page, not the CSV file (its first line is markup)' };
      const found = columnIndexes(record);
      if ('missing' in found)
        return {
          ok: false,
          problem: `the header has no column ${found.missing.map((n) => `"${n}"`).join(', ')} (renamed or removed)`,
        };
      columns = found;
      continue;
    }
    rows++;
    const field = (key: Column) => {
      const raw = record[columns![key]];
      return raw === undefined ? null : cleanText(stripControlChars(raw));
    };
    const day = (key: Column) => {
      const parsed = fileDay(stripControlChars(record[columns![key]] ?? ''));
      if (parsed === undefined) badDates++;
      return parsed ?? null;
    };
    const reference = field('reference');
    if (reference === null) {
      withoutReference++;
      continue;
    }
    const end = day('publicationEnd');
    const offer: OpenDataOffer = {
      reference,
      title: field('title'),
      employer: firstLine(stripControlChars(record[columns.employer] ?? '')),
      organisme: field('organisme'),
      versant: field('versant'),
      category: field('category'),
      nature: field('nature'),
      trade: field('trade'),
      location: field('location'),
      educationLevel: field('educationLevel'),
      contractType: field('contractType'),
      contractDuration: field('contractDuration'),
      firstPublished: day('firstPublished'),
      publicationStart: day('publicationStart'),
      publicationEnd: end !== null && Number(end.slice(0, 4)) >= NO_END_YEAR ? null : end,
    };
    const active = activeOn(offer, fileDate);
    const key = `${offer.employer ?? ''}\u0000${offer.organisme ?? ''}`;
    const earlier = seen.get(reference);
    if (earlier) {
      duplicates++;
      const count = employers.get(earlier.key)!;
      count.offers--;
      if (earlier.active) count.active--;
    }
    seen.set(reference, { key, active });
    let count = employers.get(key);
    if (!count) {
      count = { employer: offer.employer ?? '', organisme: offer.organisme ?? '', offers: 0, active: 0 };
      employers.set(key, count);
    }
    count.offers++;
    if (active) count.active++;
    for (const organisation of organisations) {
      const mine = offers.get(organisation.id)!;
      if (organisation.matcher.matchesAny([offer.employer, offer.organisme])) mine.set(reference, offer);
      // A later row that no longer names the organisation takes the reference away from it.
      else if (earlier) mine.delete(reference);
    }
  }
  if (!columns) return { ok: false, problem: 'the file is empty (no header line)' };
  let activeRows = 0;
  for (const entry of seen.values()) if (entry.active) activeRows++;
  return {
    ok: true,
    rows,
    activeRows,
    badDates,
    duplicates,
    withoutReference,
    offers,
    employers: [...employers.values()].filter((e) => e.offers > 0),
  };
}

/** The file's date from its name (`offres-datagouv-YYYYMMDD.csv`), else from its Last-Modified. */
export function fileDateOf(url: string, lastModified: string | null): string | null {
  const named = /offres-datagouv-(\d{4})(\d{2})(\d{2})\.csv/i.exec(decodeURIComponent(new URL(url).pathname));
  if (named) {
    const day = fileDay(`${named[3]}/${named[2]}/${named[1]}`);
    if (day) return day;
  }
  const modified = lastModified ? new Date(lastModified) : null;
  return modified && !Number.isNaN(modified.getTime()) ? modified.toISOString().slice(0, 10) : null;
}
