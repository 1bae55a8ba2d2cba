/**
 * The opening page's fields with where each came from, once the weekly open-data file has a row
 * for one of its CSP postings: the portals' values win, the file fills what they lack (versant,
 * category, education level, contract duration) and adds the trade (`Métier`), which no portal
 * page gives.
 */
import type { Db } from '../../../db/database.ts';
import { openDataOfferFor } from '../../../db/open-data.ts';
import { OPEN_DATA_ATTRIBUTION } from '../../../scrapers/csp-open-data/facts.ts';
import type { OpenDataOffer } from '../../../scrapers/csp-open-data/weekly-file.ts';
import type { PostingField } from '../../model/posting.ts';
import type { OpeningView } from '../../read-model/opening-view.ts';
import { sourceLabel } from '../../wording/labels.ts';

/** Posting fields the file can fill, and the file's column for each. */
const FILLED_FROM_FILE: Partial<Record<PostingField, keyof OpenDataOffer>> = {
  versant: 'versant',
  category: 'category',
  educationLevel: 'educationLevel',
  duration: 'contractDuration',
};

const FILE_ORIGIN = 'fichier open data de la DGAFP';

export interface FieldValue {
  value: string;
  /** Where it came from (a portal's name, or the file); null when no file row is known (nothing to tell apart). */
  origin: string | null;
}

export interface OpeningFields {
  get(field: PostingField): FieldValue | null;
  /** The file's `Métier`, when it has a row for the opening. */
  trade: FieldValue | null;
  /** The file's licence line, when it has a row for the opening. */
  attribution: string | null;
}

export function openingFields(db: Db, o: OpeningView): OpeningFields {
  const references = o.postings.filter((m) => m.stored.posting.source === 'csp').map((m) => m.stored.posting.sourceId);
  const row = references.length > 0 ? openDataOfferFor(db, o.organisation, references) : undefined;
  return {
    get(field) {
      const shown = o.posting[field];
      if (typeof shown === 'string' && shown !== '') {
        if (!row) return { value: shown, origin: null };
        const provider = o.postings.find((m) => m.stored.posting[field] === shown)?.stored.posting.source;
        return { value: shown, origin: provider ? sourceLabel(provider) : null };
      }
      const column = FILLED_FROM_FILE[field];
      const fromFile = row && column ? row[column] : null;
      return typeof fromFile === 'string' && fromFile !== '' ? { value: fromFile, origin: FILE_ORIGIN } : null;
    },
    trade: row?.trade ? { value: row.trade, origin: FILE_ORIGIN } : null,
    attribution: row ? OPEN_DATA_ATTRIBUTION : null,
  };
}
