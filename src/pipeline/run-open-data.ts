/**
 * A run of the weekly open-data file (source csp-open-data): find the newest file (the dataset
 * API, unless a URL is configured), stream it through the row reader once for every organisation,
 * and store what each needs: its rows, and its ended offers as closed openings (history). An
 * unchanged file is a 304 and nothing is read; a file that cannot be read whole and sound makes the
 * run unhealthy and stores nothing, so the last good file and the history stand.
 */
import type { Db } from '../../db/database.ts';
import { storeOpenDataFile } from '../../db/open-data.ts';
import { finishRun, requestLog, startRun } from '../../db/runs.ts';
import { csvRecords, isDownloadError, MalformedCsv } from '../../scrapers/csp-open-data/csv-records.ts';
import type { OpenDataSettings } from '../../scrapers/csp-open-data/facts.ts';
import {
  fileDateOf,
  type OrganisationToMatch,
  readWeeklyFile,
  type WeeklyFileRead,
} from '../../scrapers/csp-open-data/weekly-file.ts';
import type { Fetcher } from '../http/fetcher.ts';
import { importOpenDataHistory } from '../lifecycle/open-data-history.ts';
import type { Logger } from '../log.ts';
import type { RequestRecord, RunReason, RunSummary } from '../model/run.ts';
import type { PageRequest, Source } from '../model/source.ts';
import { enqueueRunNotifications, type NotifyContext } from '../notify/enqueue.ts';
import type { RunOutcome } from './run-source.ts';

export interface OpenDataRunContext {
  db: Db;
  fetcher: Fetcher;
  organisations: readonly OrganisationToMatch[];
  now: () => Date;
  notify: NotifyContext;
  log?: Logger;
}

/** What the cache keeps of a stored file, for the 304 run to report it. */
interface KeptFile {
  fileDate: string;
  rows: number;
  found: number;
}

/** Bumped when what a stored file means changes, so every file is read again (2: the history). */
const KEEP_KEY = 'csp-open-data:2';

type FileOutcome = { read: WeeklyFileRead & { ok: true }; fileDate: string } | { problem: string };

export async function runOpenData(
  source: Source<OpenDataSettings>,
  settings: OpenDataSettings,
  ctx: OpenDataRunContext,
): Promise<RunOutcome> {
  const { db } = ctx;
  const iso = () => ctx.now().toISOString();
  const target = { policy: source.policy, baseUrl: settings.baseUrl };
  const runId = startRun(db, source.id, iso());
  const requests = requestLog(db, runId);
  const record = requests.record;
  let summary: RunSummary;
  let store: (() => void) | null = null;
  try {
    const file = await weeklyFileRequest(source, settings, ctx.fetcher, target, record);
    if ('reason' in file) summary = unhealthy(file.reason, 1);
    else {
      const fetched = await ctx.fetcher.fetchStream(file, target, record, {
        key: KEEP_KEY,
        maxBytes: settings.maxBytes,
        bodyTimeoutMs: settings.timeoutMs,
        consume: (body, headers) => readFile(body, headers, file.url, ctx.organisations),
      });
      if (fetched.notModified) {
        const kept = JSON.parse(fetched.kept) as KeptFile;
        summary = healthy(kept.rows, kept.found);
      } else if ('problem' in fetched.value) {
        summary = unhealthy({ code: 'page-not-understood', url: fetched.url, message: fetched.value.problem }, 1);
      } else {
        const { read, fileDate } = fetched.value;
        const found = [...read.offers.values()].reduce((sum, offers) => sum + offers.size, 0);
        summary = healthy(read.rows, found, [
          ...(read.badDates > 0 ? [warning(`${read.badDates} impossible date(s) left empty`, fetched.url)] : []),
          ...(read.duplicates > 0
            ? [warning(`${read.duplicates} reference(s) given twice (the later row kept)`, fetched.url)]
            : []),
        ]);
        store = () => {
          storeOpenDataFile(db, {
            runId,
            url: fetched.url,
            fileDate,
            rows: read.rows,
            activeRows: read.activeRows,
            badDates: read.badDates,
            duplicates: read.duplicates,
            importedAt: iso(),
            offers: read.offers,
            employers: read.employers,
          });
          for (const [organisation, offers] of read.offers) {
            const history = importOpenDataHistory(db, organisation, offers.values(), { date: fileDate, runId });
            ctx.log?.info({ source: source.id, runId, organisation, ...history }, 'open-data history');
          }
          const kept: KeptFile = { fileDate, rows: read.rows, found };
          ctx.fetcher.keepStreamed(file.url, target, fetched.headers, { key: KEEP_KEY, value: JSON.stringify(kept) });
        };
      }
    }
  } catch (error) {
    const message = (error as Error).message;
    const url = (error as { url?: string }).url;
    summary = unhealthy(
      url ? { code: 'fetch-failed', url, error: message } : { code: 'internal-error', message },
      requests.count() > 0 ? 1 : 0,
    );
  }
  db.transaction(() => {
    if (summary.status === 'healthy') store?.();
    finishRun(db, runId, iso(), summary, requests);
    enqueueRunNotifications(db, runId, ctx.notify);
  })();
  return { runId, source: source.id, summary, detailsFetched: 0 };
}

/** The configured file, else the one the dataset API names as the newest. */
async function weeklyFileRequest(
  source: Source<OpenDataSettings>,
  settings: OpenDataSettings,
  fetcher: Fetcher,
  target: Parameters<Fetcher['fetch']>[1],
  record: (entry: RequestRecord) => void,
): Promise<PageRequest | { reason: RunReason }> {
  const [first] = source.start(settings);
  if (!first) return { reason: { code: 'no-inventory-request' } };
  if (first.label === 'csv') return first;
  const { page } = await fetcher.fetch(first, target, record);
  const parsed = source.parse(page, settings);
  const next = parsed.next[0];
  if (!next) {
    const message = parsed.problems[0]?.message ?? 'the dataset API names no weekly file';
    return { reason: { code: 'page-not-understood', url: page.url, message } };
  }
  return next;
}

async function readFile(
  body: Parameters<typeof csvRecords>[0],
  headers: Record<string, string>,
  url: string,
  organisations: readonly OrganisationToMatch[],
): Promise<FileOutcome> {
  const fileDate = fileDateOf(url, headers['last-modified'] ?? null);
  const refused = !fileDate
    ? 'the file has no date (none in its name, no Last-Modified)'
    : /^text\/html/i.test(headers['content-type'] ?? '')
      ? 'an HTML page, not the CSV file (served as text/html)'
      : null;
  if (refused || !fileDate) {
    body.destroy();
    return { problem: refused! };
  }
  try {
    const read = await readWeeklyFile(csvRecords(body), organisations, fileDate);
    return read.ok ? { read, fileDate } : { problem: read.problem };
  } catch (error) {
    // Only a failed download is retried: a file that breaks the reader would break it again.
    if (isDownloadError(error)) throw error;
    return {
      problem: error instanceof MalformedCsv ? error.message : `reading the file failed: ${(error as Error).message}`,
    };
  }
}

function warning(message: string, url: string) {
  return { severity: 'warning' as const, message, url };
}

function healthy(rows: number, found: number, problems: RunSummary['problems'] = []): RunSummary {
  return {
    status: 'healthy',
    reason: null,
    pages: 1,
    listed: rows,
    postingsFound: found,
    declaredTotal: null,
    problems,
  };
}

function unhealthy(reason: RunReason, pages: number): RunSummary {
  return {
    status: 'unhealthy',
    reason: { reason, more: 0 },
    pages,
    listed: null,
    postingsFound: 0,
    declaredTotal: null,
    problems: [],
  };
}
