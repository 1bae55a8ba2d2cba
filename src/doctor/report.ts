/** What `openings doctor` found: the shape of its JSON output and of what the text report prints. */
import type { FetchErrorKind } from '../http/fetch-error.ts';
import type { PostingField } from '../model/posting.ts';
import type { Problem } from '../model/source.ts';

/** `robots.txt` pages are fetched to be reported and saved; `inventory` and `detail` as in PageRequest.role. */
export type Channel = 'robots.txt' | 'inventory' | 'detail';

export type Verdict = 'ok' | 'degraded' | 'broken';

export interface Finding {
  severity: Exclude<Verdict, 'ok'>;
  url: string;
  message: string;
}

export interface RobotsCheck {
  /** null when robots.txt could not be read (the fetcher then refuses the whole origin). */
  allowed: boolean | null;
  crawlDelaySeconds: number | null;
  robotsUrl: string | null;
  error: string | null;
}

export interface Pagination {
  understood: boolean;
  explanation: string;
}

export interface PageProbe {
  channel: Channel;
  label: string;
  /** Canonical URL requested (real portal host). */
  url: string;
  fetchedAt: string;
  /** Actually fetched (after baseUrl mapping), and after redirects; null when the fetch failed. */
  fetchedUrl: string | null;
  finalUrl: string | null;
  status: number | null;
  contentType: string | null;
  charset: string | null;
  bytes: number | null;
  ms: number | null;
  etag: string | null;
  lastModified: string | null;
  robots: RobotsCheck | null;
  fetchError: { kind: FetchErrorKind | 'internal'; message: string } | null;
  variant: string | null;
  /** What the source's `classify` takes the body for; reported when no layout matched. */
  looksLike: string | null;
  postings: number | null;
  declaredTotal: number | null;
  explicitlyEmpty: boolean;
  /** Share (0…1) of this page's postings with each normalised field filled; null without postings. */
  fieldShares: Record<PostingField, number> | null;
  problems: Problem[];
  /** Listings only (paginated requests, or pages naming a next page). */
  pagination: Pagination | null;
}

export interface SourceReport {
  source: string;
  label: string;
  verdict: Verdict;
  findings: Finding[];
  pages: PageProbe[];
  /** What `--save` wrote: null without it. */
  saved: SavedCapture | null;
}

export interface SavedCapture {
  dir: string;
  /** Bodies written: the probed pages plus what a first scrape would fetch (see complete-capture.ts). */
  files: number;
  /** Pages of the capture that could not be fetched, so the folder lacks them. */
  failures: string[];
}

export interface DoctorReport {
  startedAt: string;
  finishedAt: string;
  userAgent: string;
  sources: SourceReport[];
}

export function worstVerdict(findings: readonly Finding[]): Verdict {
  if (findings.some((f) => f.severity === 'broken')) return 'broken';
  return findings.length > 0 ? 'degraded' : 'ok';
}
