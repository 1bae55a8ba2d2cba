/**
 * `openings doctor`: one round of every channel of each selected source, through the same polite
 * fetcher as a scrape, reported page by page with a verdict per source. It stores nothing.
 */
import { Fetcher, type HttpCache, type HttpSettings } from '../http/fetcher.ts';
import { OrganisationMatcher } from '../model/organisation.ts';
import type { BaseSourceSettings, PageRequest, Source } from '../model/source.ts';
import { crawlPolicy } from '../pipeline/start-requests.ts';
import { completeCapture } from './complete-capture.ts';
import { PageVisits, type ProbedPage } from './probe-page.ts';
import { probeSource } from './probe-source.ts';
import type { DoctorReport, PageProbe } from './report.ts';

export interface DoctorSubject {
  source: Source;
  settings: BaseSourceSettings;
  /** What to probe first: a scrape's start requests (every organisation's searches); the settings' own by default. */
  starts?: readonly PageRequest[];
}

export interface DoctorOptions {
  http: HttpSettings;
  /** Names of the organisation (`organisation.match`): its offers are preferred as sample offer pages. */
  organisation: readonly string[];
  /** Also fetch what a first scrape would (`--save`), so the saved folder scrapes to the same postings. */
  completeCapture?: boolean;
  now?: () => Date;
  onPage?: (source: string, probe: PageProbe) => void;
}

export interface DoctorRun {
  report: DoctorReport;
  /** Every fetched page with its body, by source id, for `--save`. */
  pages: Map<string, ProbedPage[]>;
}

/** Doctor must see every body, to parse and save it: a cache that never answers means no conditional GET. */
const NO_CACHE: HttpCache = { get: () => undefined, put: () => undefined };

export async function runDoctor(subjects: readonly DoctorSubject[], options: DoctorOptions): Promise<DoctorRun> {
  const now = options.now ?? (() => new Date());
  const fetcher = new Fetcher({ http: options.http, cache: NO_CACHE });
  const matcher = new OrganisationMatcher(options.organisation);
  const startedAt = now().toISOString();
  const report: DoctorReport = { startedAt, finishedAt: startedAt, userAgent: options.http.userAgent, sources: [] };
  const pages = new Map<string, ProbedPage[]>();
  for (const { source, settings, starts } of subjects) {
    const onPage = options.onPage;
    const probed = starts ?? source.start(settings);
    // A hiring page on another employer's site is probed as a scrape reads it: its host allowed.
    const target = { policy: crawlPolicy(source, probed), baseUrl: settings.baseUrl };
    const ctx = { source, settings, fetcher, target, now };
    const visits = new PageVisits(ctx, onPage ? (probe) => onPage(source.id, probe) : undefined);
    report.sources.push(await probeSource(source, probed, visits, matcher));
    if (options.completeCapture) await completeCapture(source, settings, visits, matcher);
    pages.set(source.id, visits.all());
  }
  report.finishedAt = now().toISOString();
  return { report, pages };
}
