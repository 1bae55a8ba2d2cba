/** A source run as the pipeline records it: its verdict, the reason for it, and its requests. */
import type { Problem } from './source.ts';

export type RunStatus = 'running' | 'healthy' | 'unhealthy' | 'aborted';

/** Why a run was not healthy: a code and its facts, worded for people in src/wording/. */
export type RunReason =
  | { code: 'no-inventory-request' }
  | { code: 'fetch-failed'; url: string; error: string }
  | { code: 'page-not-understood'; url: string; message: string }
  | { code: 'page-cap'; series: string; maxPages: number }
  | { code: 'count-below-announced'; listed: number; announced: number }
  | { code: 'count-below-previous'; listed: number; previous: number }
  | { code: 'nothing-listed'; previous: number }
  | { code: 'offer-page-not-understood'; url: string; message: string }
  | { code: 'internal-error'; message: string }
  | { code: 'interrupted' }
  | { code: 'legacy'; text: string };

/** The first reason, and how many others there were. */
export interface RunVerdictReason {
  reason: RunReason;
  more: number;
}

export interface RunSummary {
  status: Exclude<RunStatus, 'running'>;
  reason: RunVerdictReason | null;
  pages: number;
  /** Postings the inventory listed, every employer included (the plausibility check compares it). */
  listed: number | null;
  postingsFound: number;
  declaredTotal: number | null;
  problems: Problem[];
}

/** One HTTP request a run made (robots.txt, a redirect hop or a page), whatever its outcome. */
export interface RequestRecord {
  /** Canonical URL of this request. */
  url: string;
  fetchedUrl: string;
  status: number | null;
  /** Bytes received on the wire (before decompression). */
  bytes: number;
  ms: number;
  /** A conditional request answered 304. */
  revalidated: boolean;
  /** The request carried If-None-Match / If-Modified-Since. */
  conditional: boolean;
  /** 1 for the first try, 2 for the first retry… */
  attempt: number;
  error: string | null;
  /** ISO time the request started. */
  at: string;
}
