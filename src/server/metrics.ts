/**
 * `GET /metrics`: Prometheus text exposition format 0.0.4. Per enabled source: runs and failures
 * (counters), postings by state, the last run's requests and bytes, the last success time and the
 * stale flag; openings by status. Every series is written even when zero, so alerts see it.
 */
import type { Db } from '../../db/database.ts';
import { type OpeningStatus, openingCountsByStatus } from '../../db/openings.ts';
import { postingCounts } from '../../db/postings.ts';
import { runCountsByStatus } from '../../db/runs.ts';
import type { Config } from '../config.ts';
import { sourceHealth } from '../freshness/source-health.ts';
import { POSTING_STATES } from '../model/lifecycle.ts';
import type { RunStatus } from '../model/run.ts';
import { type Organisation, organisationsOf } from '../organisations.ts';
import { deliveryOverview } from '../read-model/delivery-report.ts';
import { missedOffers } from '../read-model/missed-offers.ts';

export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

type Labels = Record<string, string>;

interface Family {
  name: string;
  help: string;
  type: 'counter' | 'gauge';
  samples: { labels: Labels; value: number }[];
}

const FINISHED_STATUSES: readonly Exclude<RunStatus, 'running'>[] = ['healthy', 'unhealthy', 'aborted'];
const OPENING_STATUSES: readonly OpeningStatus[] = ['open', 'missing', 'closed'];

const escapeLabel = (value: string) => value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
const escapeHelp = (text: string) => text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : '-Inf';
  return String(value);
}

export function formatFamilies(families: readonly Family[]): string {
  const lines: string[] = [];
  for (const f of families) {
    lines.push(`# HELP ${f.name} ${escapeHelp(f.help)}`, `# TYPE ${f.name} ${f.type}`);
    for (const s of f.samples) {
      const labels = Object.entries(s.labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`);
      lines.push(`${f.name}${labels.length ? `{${labels.join(',')}}` : ''} ${formatValue(s.value)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Finished runs per source and status, counted in SQL: the runs table is the counter's memory. */
function runCounts(db: Db): Map<string, number> {
  const rows = runCountsByStatus(db);
  return new Map(rows.map((r) => [`${r.source}\u0000${r.status}`, r.n]));
}

function collectMetrics(db: Db, config: Config, now: Date): Family[] {
  const health = sourceHealth(db, config, now);
  const runs = runCounts(db);
  const runCount = (source: string, status: string) => runs.get(`${source}\u0000${status}`) ?? 0;
  const openings = openingCountsByStatus(db);
  const organisations = organisationsOf(config);
  return [
    {
      name: 'openings_runs_total',
      help: 'Finished scrape runs per source and result (healthy, unhealthy, aborted).',
      type: 'counter',
      samples: health.flatMap((h) =>
        FINISHED_STATUSES.map((status) => ({
          labels: { source: h.source, status },
          value: runCount(h.source, status),
        })),
      ),
    },
    {
      name: 'openings_run_failures_total',
      help: 'Scrape runs per source that failed (unhealthy or aborted).',
      type: 'counter',
      samples: health.map((h) => ({
        labels: { source: h.source },
        value: runCount(h.source, 'unhealthy') + runCount(h.source, 'aborted'),
      })),
    },
    {
      name: 'openings_postings',
      help: 'Postings per source and lifecycle state.',
      type: 'gauge',
      samples: health.flatMap((h) =>
        POSTING_STATES.map((state) => ({ labels: { source: h.source, state }, value: h.postings[state] })),
      ),
    },
    {
      name: 'openings_openings',
      help: 'Openings (one per real post, across portals) per status.',
      type: 'gauge',
      samples: OPENING_STATUSES.map((status) => ({ labels: { status }, value: openings.get(status) ?? 0 })),
    },
    // Several organisations: their own figures, with an organisation label (one organisation: as before).
    ...(organisations.length > 1 ? organisationFamilies(db, organisations) : []),
    {
      name: 'openings_last_run_requests',
      help: 'HTTP requests made by the latest finished run of the source.',
      type: 'gauge',
      samples: health
        .filter((h) => h.lastRun)
        .map((h) => ({ labels: { source: h.source }, value: h.lastRun!.requests })),
    },
    {
      name: 'openings_last_run_bytes',
      help: 'Bytes downloaded by the latest finished run of the source.',
      type: 'gauge',
      samples: health.filter((h) => h.lastRun).map((h) => ({ labels: { source: h.source }, value: h.lastRun!.bytes })),
    },
    {
      name: 'openings_last_success_timestamp_seconds',
      help: 'Unix time the latest healthy run of the source finished.',
      type: 'gauge',
      samples: health
        .filter((h) => h.lastHealthyRun?.finishedAt)
        .map((h) => ({
          labels: { source: h.source },
          value: Math.floor(Date.parse(h.lastHealthyRun!.finishedAt!) / 1000),
        })),
    },
    {
      name: 'openings_source_stale',
      help: `1 when the source has had no healthy run for freshness.staleAfterHours (${config.freshness.staleAfterHours} h), else 0.`,
      type: 'gauge',
      samples: health.map((h) => ({ labels: { source: h.source }, value: h.stale ? 1 : 0 })),
    },
    ...notificationFamilies(db, config),
    ...missedOfferFamilies(db, organisations),
  ];
}

/** Once a weekly open-data file is stored: per organisation, its offers no CSP run saw (none while it cannot tell). */
function missedOfferFamilies(db: Db, organisations: readonly Organisation[]): Family[] {
  const reports = organisations.map((o) => ({ organisation: o.id, report: missedOffers(db, o.id) }));
  if (reports.every((r) => r.report.state === 'no-file')) return [];
  return [
    {
      name: 'openings_open_data_missed_offers',
      help: 'Offers the weekly open-data file lists as active on its date that no CSP run saw, per organisation (no sample without a healthy CSP run since the file).',
      type: 'gauge',
      samples: reports.flatMap(({ organisation, report }) =>
        report.state === 'checked' ? [{ labels: { organisation }, value: report.missed.length }] : [],
      ),
    },
  ];
}

/** Deliveries per channel: sent and failed (counters: outbox rows are kept), and pending. */
function notificationFamilies(db: Db, config: Config): Family[] {
  const channels = deliveryOverview(db, config, 0).channels;
  return [
    {
      name: 'openings_notifications_total',
      help: 'Notification deliveries per channel and result (sent, failed: given up or refused).',
      type: 'counter',
      samples: channels.flatMap((c) =>
        (['sent', 'failed'] as const).map((result) => ({
          labels: { channel: c.channel, result },
          value: c.counts[result],
        })),
      ),
    },
    {
      name: 'openings_notifications_pending',
      help: 'Notification deliveries per channel still to be sent (first attempt or retry due later).',
      type: 'gauge',
      samples: channels.map((c) => ({ labels: { channel: c.channel }, value: c.counts.pending })),
    },
  ];
}

export function renderMetrics(db: Db, config: Config, now: Date): string {
  return formatFamilies(collectMetrics(db, config, now));
}

/** Openings per organisation and status, postings per organisation, source and state. */
function organisationFamilies(db: Db, organisations: readonly Organisation[]): Family[] {
  return [
    {
      name: 'openings_organisation_openings',
      help: 'Openings of each organisation per status.',
      type: 'gauge',
      samples: organisations.flatMap((o) => {
        const counts = openingCountsByStatus(db, o.id);
        return OPENING_STATUSES.map((status) => ({
          labels: { organisation: o.id, status },
          value: counts.get(status) ?? 0,
        }));
      }),
    },
    {
      name: 'openings_organisation_postings',
      help: 'Postings of each organisation per source and lifecycle state (a post two organisations share counts in each).',
      type: 'gauge',
      samples: organisations.flatMap((o) =>
        postingCounts(db, o.id).map((c) => ({
          labels: { organisation: o.id, source: c.source, state: c.state },
          value: c.n,
        })),
      ),
    },
  ];
}
