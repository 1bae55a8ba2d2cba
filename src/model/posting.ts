/** The one normalised shape every portal listing is turned into. */
import { z } from 'zod';

/** Fields compared between runs to detect a change (field-level history). */
export const POSTING_FIELDS = [
  'reference',
  'url',
  'title',
  'employer',
  'organisation',
  'location',
  'department',
  'contractType',
  'category',
  'versant',
  'educationLevel',
  'experience',
  'jobFamily',
  'salary',
  'remote',
  'duration',
  'startDate',
  'publishedAt',
  'updatedAt',
  'deadline',
  'originalUrl',
  'descriptionHtml',
  'descriptionText',
] as const;
export type PostingField = (typeof POSTING_FIELDS)[number];

export interface Posting {
  /** The id of the source (scrapers/index.ts) that listed it. */
  source: string;
  /** The portal's own stable id for this listing (never a title or an internal post code). */
  sourceId: string;
  /** Human reference shown by the portal (e.g. `2026-1234`, `MEF_2026-32366`), when distinct from sourceId. */
  reference: string | null;
  /** Canonical offer URL on the portal (real host, https, no `www.` variance). */
  url: string;
  title: string;
  /** Recruiting service as the portal names it. */
  employer: string | null;
  /** Parent organisation or ministry (PASS `dc:contributor`, CSP "organisme de rattachement"). */
  organisation: string | null;
  location: string | null;
  /** French department number (`75`, `92`, `2A`) when known. */
  department: string | null;
  contractType: string | null;
  category: string | null;
  /** Fonction publique de l'État / territoriale / hospitalière. */
  versant: string | null;
  educationLevel: string | null;
  experience: string | null;
  jobFamily: string | null;
  salary: string | null;
  remote: string | null;
  duration: string | null;
  /** ISO 8601 with offset, or null. Every date below too. */
  startDate: string | null;
  publishedAt: string | null;
  updatedAt: string | null;
  deadline: string | null;
  /** Link to the original offer when the portal re-publishes one (e.g. emploi-territorial.fr). */
  originalUrl: string | null;
  /** Sanitised with an allowlist (see sanitize.ts). */
  descriptionHtml: string | null;
  descriptionText: string | null;
  /** Other labelled fields the portal shows, label → text, kept for people and for `doctor`. */
  extra: Record<string, string>;
}

/** A posting with every optional field empty: scrapers start from this and fill what they find. */
export function emptyPosting(source: string, sourceId: string, url: string, title: string): Posting {
  return {
    source,
    sourceId,
    reference: null,
    url,
    title,
    employer: null,
    organisation: null,
    location: null,
    department: null,
    contractType: null,
    category: null,
    versant: null,
    educationLevel: null,
    experience: null,
    jobFamily: null,
    salary: null,
    remote: null,
    duration: null,
    startDate: null,
    publishedAt: null,
    updatedAt: null,
    deadline: null,
    originalUrl: null,
    descriptionHtml: null,
    descriptionText: null,
    extra: {},
  };
}

/**
 * Overlays `detail` on `base`: a field the detail page filled wins, an empty one keeps what the
 * listing or feed gave. Used when an offer page enriches a listing entry.
 */
export function mergePostings(base: Posting, detail: Posting): Posting {
  const merged: Posting = { ...base, extra: { ...base.extra, ...detail.extra } };
  for (const field of POSTING_FIELDS) {
    const value = detail[field];
    if (value !== null && value !== '') (merged as unknown as Record<string, unknown>)[field] = value;
  }
  if (detail.title) merged.title = detail.title;
  return merged;
}

const text = z.string().nullable();

/** A stored posting's JSON, checked when read back (a hand-edited or corrupted row is refused, not cast). */
export const postingSchema: z.ZodType<Posting> = z.strictObject({
  source: z.string().min(1),
  sourceId: z.string().min(1),
  reference: text,
  url: z.string().min(1),
  title: z.string(),
  employer: text,
  organisation: text,
  location: text,
  department: text,
  contractType: text,
  category: text,
  versant: text,
  educationLevel: text,
  experience: text,
  jobFamily: text,
  salary: text,
  remote: text,
  duration: text,
  startDate: text,
  publishedAt: text,
  updatedAt: text,
  deadline: text,
  originalUrl: text,
  descriptionHtml: text,
  descriptionText: text,
  extra: z.record(z.string(), z.string()),
});
