/**
 * An opening's fields with where each came from, once the weekly open-data file knows the offer
 * (a row of the newest file for one of its CSP postings, or the history posting the file made):
 * the portals' values win, the file fills what they lack (versant, category, education level,
 * contract duration) and adds the trade (`Métier`), which no portal gives. Read by the opening's
 * page, the API and the feeds alike.
 */
import type { Db } from '../../db/database.ts';
import { openDataOfferFor } from '../../db/open-data.ts';
import { OPEN_DATA_ATTRIBUTION } from '../../scrapers/csp-open-data/facts.ts';
import type { OpenDataOffer } from '../../scrapers/csp-open-data/weekly-file.ts';
import type { PostingField } from '../model/posting.ts';
import type { OpeningView } from './opening-view.ts';

/** The source id that names the file as a field's origin. */
export const OPEN_DATA_ORIGIN = 'csp-open-data';
/** The column of the trade in a history posting's `extra`. */
const TRADE_LABEL = 'Métier';

/** Posting fields the file can fill, and the file's column for each. */
const FILLED_FROM_FILE = {
  versant: 'versant',
  category: 'category',
  educationLevel: 'educationLevel',
  duration: 'contractDuration',
} as const satisfies Partial<Record<PostingField, keyof OpenDataOffer>>;
export type FileField = keyof typeof FILLED_FROM_FILE;
const FILE_FIELDS = Object.keys(FILLED_FROM_FILE) as FileField[];

/** A type, not an interface: it travels as JSON in the feeds' extension. */
export type FieldWithOrigin = {
  value: string;
  /** The source id it came from (a portal's, or `csp-open-data` for the file); null when no file row is known. */
  source: string | null;
};

export interface OpeningFieldOrigins {
  /** A posting field as shown, with its origin once the file knows the offer. */
  get(field: PostingField): FieldWithOrigin | null;
  trade: FieldWithOrigin | null;
  /** The file's licence line, when the file knows the offer. */
  attribution: string | null;
}

const filled = (value: unknown): value is string => typeof value === 'string' && value !== '';

/** The file's values for an opening: the newest file's row of a CSP posting, else a history posting's. */
function fileValues(
  db: Db,
  o: OpeningView,
): (Partial<Record<FileField, string | null>> & { trade: string | null }) | null {
  const references = o.postings.filter((m) => m.stored.posting.source === 'csp').map((m) => m.stored.posting.sourceId);
  const row = references.length > 0 ? openDataOfferFor(db, o.organisation, references) : undefined;
  if (row)
    return {
      ...Object.fromEntries(FILE_FIELDS.map((f) => [f, row[FILLED_FROM_FILE[f]]])),
      trade: row.trade,
    };
  const history = o.postings.find((m) => m.stored.posting.source === OPEN_DATA_ORIGIN)?.stored.posting;
  if (!history) return null;
  return {
    ...Object.fromEntries(FILE_FIELDS.map((f) => [f, history[f]])),
    trade: history.extra[TRADE_LABEL] ?? null,
  };
}

export function openingFieldOrigins(db: Db, o: OpeningView): OpeningFieldOrigins {
  const file = fileValues(db, o);
  return {
    get(field) {
      const shown = o.posting[field];
      if (filled(shown)) {
        if (!file) return { value: shown, source: null };
        const provider = o.postings.find((m) => m.stored.posting[field] === shown)?.stored.posting.source;
        return { value: shown, source: provider ?? null };
      }
      const fromFile = file && field in FILLED_FROM_FILE ? file[field as FileField] : null;
      return filled(fromFile) ? { value: fromFile, source: OPEN_DATA_ORIGIN } : null;
    },
    trade: file && filled(file.trade) ? { value: file.trade, source: OPEN_DATA_ORIGIN } : null,
    attribution: file ? OPEN_DATA_ATTRIBUTION : null,
  };
}

/** What the API and the JSON Feed carry: the file's fields as shown, with their origin. */
export function fieldsWithOrigin(
  db: Db,
  o: OpeningView,
): { fields: Record<FileField | 'trade', FieldWithOrigin | null>; attribution: string | null } {
  const origins = openingFieldOrigins(db, o);
  return {
    fields: {
      ...(Object.fromEntries(FILE_FIELDS.map((f) => [f, origins.get(f)])) as Record<FileField, FieldWithOrigin | null>),
      trade: origins.trade,
    },
    attribution: origins.attribution,
  };
}
