import type { Db } from '../../../db/database.ts';
import { latestOpenDataFile } from '../../../db/open-data.ts';
import { postingLines } from '../../../db/postings.ts';
import type { Config } from '../../config.ts';
import { sourceHealth } from '../../freshness/source-health.ts';
import { organisationsOf } from '../../organisations.ts';
import { deliveryOverview } from '../../read-model/delivery-report.ts';
import { missedOffers } from '../../read-model/missed-offers.ts';
import { runReasonText } from '../../wording/reasons.ts';
import { type GlobalOptions, openReadContext } from '../context.ts';
import { organisationOption } from '../organisation-option.ts';
import { table } from '../terminal-table.ts';
import { terminalSafe } from '../terminal-text.ts';

/** Every organisation's postings, or one organisation's (`--org`); runs are the same for all. */
export function collectStatus(db: Db, config: Config, now: Date, organisation: string | null = null) {
  const sources = sourceHealth(db, config, now, false, organisation).map((h) => ({
    source: h.source,
    enabled: h.enabled,
    verdict: h.verdict,
    stale: h.stale,
    lastRun: h.lastRun && {
      id: h.lastRun.id,
      status: h.lastRun.status,
      finishedAt: h.lastRun.finishedAt,
      reason: h.lastRun.reason && runReasonText(h.lastRun.reason),
      reasonCode: h.lastRun.reason?.reason.code ?? null,
      pages: h.lastRun.pages,
      listed: h.lastRun.listed,
      postingsFound: h.lastRun.postingsFound,
      declaredTotal: h.lastRun.declaredTotal,
      requests: h.lastRun.requests,
      bytes: h.lastRun.bytes,
    },
    lastHealthyRunAt: h.lastHealthyRun?.finishedAt ?? null,
    lastFailure: h.lastFailure && {
      at: h.lastFailure.finishedAt,
      status: h.lastFailure.status,
      reason: h.lastFailure.reason && runReasonText(h.lastFailure.reason),
      reasonCode: h.lastFailure.reason?.reason.code ?? null,
    },
    postings: h.postings,
  }));
  return {
    generatedAt: now.toISOString(),
    sources,
    ...(organisation ? { organisation } : {}),
    postings: postingLines(db, organisation),
    notifications: deliveryOverview(db, config),
    ...missedOfferStatus(db, config, organisation),
  };
}

/** With the weekly open-data file on: what it says CSP missed, per organisation (`openings missed`). */
function missedOfferStatus(db: Db, config: Config, organisation: string | null) {
  if (!config.sources['csp-open-data'].enabled && !latestOpenDataFile(db)) return {};
  const ids = organisation ? [organisation] : organisationsOf(config).map((o) => o.id);
  return { missedOffers: Object.fromEntries(ids.map((id) => [id, missedOffers(db, id)])) };
}

/** Exits 1 when an enabled source is stale, so cron and monitoring can alert on it. */
export function statusCommand(options: GlobalOptions & { json?: boolean; org?: string }): number {
  const { config, db } = openReadContext(options);
  try {
    const organisation = options.org === undefined ? null : organisationOption(config, options.org).id;
    const status = collectStatus(db, config, new Date(), organisation);
    if (options.json) {
      process.stdout.write(`${JSON.stringify(status, null, 2)}\n`);
    } else {
      const rows = [
        [
          'SOURCE',
          'LAST RUN',
          'RESULT',
          'LAST HEALTHY',
          'OPEN',
          'MISSING',
          'CLOSED',
          'SEEN/DECLARED',
          'REQUESTS',
          'BYTES',
          'LAST FAILURE',
        ],
      ];
      for (const s of status.sources) {
        rows.push([
          s.enabled ? s.source : `${s.source} (off)`,
          s.lastRun?.finishedAt ?? '-',
          s.lastRun ? s.lastRun.status + (s.stale ? ' (stale)' : '') : s.stale ? 'never (stale)' : '-',
          s.lastHealthyRunAt ?? '-',
          String(s.postings.open),
          String(s.postings.missing),
          String(s.postings.closed),
          s.lastRun ? `${s.lastRun.listed ?? '-'}/${s.lastRun.declaredTotal ?? '-'}` : '-',
          String(s.lastRun?.requests ?? '-'),
          String(s.lastRun?.bytes ?? '-'),
          s.lastFailure ? `${s.lastFailure.at ?? ''} ${s.lastFailure.reason ?? s.lastFailure.status}` : '',
        ]);
      }
      // Several organisations read together: a shared post has a line for each, told apart by whose it is.
      const byOrganisation = organisation === null && organisationsOf(config).length > 1;
      const whose = (id: string) => (byOrganisation ? [id] : []);
      const postingRows = [
        [...whose('ORG'), 'SOURCE', 'ID', 'STATE', 'FIRST SEEN', 'LAST SEEN', 'TITLE', 'OFFER PAGE PROBLEM'],
      ];
      for (const p of status.postings)
        postingRows.push([
          ...whose(p.organisation),
          p.source,
          p.sourceId,
          p.state,
          p.firstSeenAt,
          p.lastSeenAt,
          p.title,
          p.detailError ?? '',
        ]);
      process.stdout.write(terminalSafe(`${table(rows)}\n\n${table(postingRows)}\n`));
      const notified = status.notifications;
      if (notified.channels.length > 0) {
        const channelRows = [
          ['CHANNEL', 'TYPE', 'SENT', 'PENDING', 'FAILED'],
          ...notified.channels.map((c) => [
            c.channel,
            c.type ?? '(removed)',
            String(c.counts.sent),
            String(c.counts.pending),
            String(c.counts.failed),
          ]),
        ];
        process.stdout.write(`\n${table(channelRows)}\n`);
      }
      if (notified.failed.length > 0) {
        const failedRows = [
          ['FAILED DELIVERY', 'CHANNEL', 'WHAT', 'WRITTEN', 'ATTEMPTS', 'ERROR'],
          ...notified.failed.map((d) => [
            String(d.id),
            d.channel,
            d.kinds.join(','),
            d.createdAt,
            String(d.attempts),
            d.error ?? '',
          ]),
        ];
        process.stdout.write(terminalSafe(`\n${table(failedRows)}\n`));
      }
    }
    return status.sources.some((s) => s.stale) ? 1 : 0;
  } finally {
    db.close();
  }
}
