/**
 * The opening page's fields with where each came from in words: the read model's origins
 * (src/read-model/open-data-fields.ts), a portal's name or the DGAFP's file.
 */
import type { Db } from '../../../db/database.ts';
import type { PostingField } from '../../model/posting.ts';
import { type FieldWithOrigin, OPEN_DATA_ORIGIN, openingFieldOrigins } from '../../read-model/open-data-fields.ts';
import type { OpeningView } from '../../read-model/opening-view.ts';
import { sourceLabel } from '../../wording/labels.ts';

const FILE_ORIGIN = 'fichier open data de la DGAFP';

export interface FieldValue {
  value: string;
  /** Where it came from (a portal's name, or the file); null when no file row is known (nothing to tell apart). */
  origin: string | null;
}

export interface OpeningFields {
  get(field: PostingField): FieldValue | null;
  /** The file's `Métier`, when it knows the offer. */
  trade: FieldValue | null;
  /** The file's licence line, when it knows the offer. */
  attribution: string | null;
}

const worded = (f: FieldWithOrigin | null): FieldValue | null =>
  f && {
    value: f.value,
    origin: f.source === null ? null : f.source === OPEN_DATA_ORIGIN ? FILE_ORIGIN : sourceLabel(f.source),
  };

export function openingFields(db: Db, o: OpeningView): OpeningFields {
  const origins = openingFieldOrigins(db, o);
  return {
    get: (field) => worded(origins.get(field)),
    trade: worded(origins.trade),
    attribution: origins.attribution,
  };
}
