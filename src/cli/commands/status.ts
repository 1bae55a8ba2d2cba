import { allPostings } from '../../../db/postings.ts';
import { latestRun } from '../../../db/runs.ts';
import type { Db } from '../../../db/database.ts';
import type { Config } from '../../config.ts';
import { openContext, type GlobalOptions } from '../context.ts';

export interface SourceStatus {
  source: string;
  enabled: boolean;
  lastRun: { id: number; status: string; finishedAt: string | null; reason: string | null; pages: number; postingsFound: number; declaredTotal: number | null; requests: number; bytes: number } | null;
  lastHealthyRunAt: string | null;
  lastFailure: { at: string | null; reason: string | null } | null;
  stale: boolean;
  postings: { open: number; missing: number; closed: number };
}

export function collectStatus(db: Db, config: Config, now: Date) {
  const postings = allPostings(db);
  const staleMs = config.freshness.staleAfterHours * 3_600_000;
  const sources: SourceStatus[] = Object.entries(config.sources).map(([id, settings]) => {
    const last = latestRun(db, id);
    const healthy = latestRun(db, id, 'healthy');
    const failure = latestRun(db, id, 'unhealthy');
    const mine = postings.filter((p) => p.posting.source === id);
    return {
      source: id,
      enabled: settings.enabled,
      lastRun: last
        ? { id: last.id, status: last.status, finishedAt: last.finishedAt, reason: last.reason, pages: last.pages, postingsFound: last.postingsFound, declaredTotal: last.declaredTotal, requests: last.requests, bytes: last.bytes }
        : null,
      lastHealthyRunAt: healthy?.finishedAt ?? null,
      lastFailure: failure ? { at: failure.finishedAt, reason: failure.reason } : null,
      stale: settings.enabled && !(healthy?.finishedAt && now.getTime() - Date.parse(healthy.finishedAt) <= staleMs),
      postings: {
        open: mine.filter((p) => p.state === 'open').length,
        missing: mine.filter((p) => p.state === 'missing').length,
        closed: mine.filter((p) => p.state === 'closed').length,
      },
    };
  });
  return {
    generatedAt: now.toISOString(),
    sources,
    postings: postings.map((p) => ({
      source: p.posting.source,
      sourceId: p.posting.sourceId,
      title: p.posting.title,
      state: p.state,
      firstSeenAt: p.firstSeenAt,
      lastSeenAt: p.lastSeenAt,
      detailError: p.detailError,
    })),
  };
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
}

/** Exits 1 when an enabled source is stale, so cron and monitoring can alert on it. */
export function statusCommand(options: GlobalOptions & { json?: boolean }): number {
  const { config, db } = openContext(options);
  try {
    const status = collectStatus(db, config, new Date());
    if (options.json) {
      process.stdout.write(`${JSON.stringify(status, null, 2)}\n`);
    } else {
      const rows = [['SOURCE', 'LAST RUN', 'RESULT', 'LAST HEALTHY', 'OPEN', 'MISSING', 'CLOSED', 'SEEN/DECLARED', 'REQUESTS', 'BYTES', 'PROBLEM']];
      for (const s of status.sources) {
        rows.push([
          s.enabled ? s.source : `${s.source} (off)`,
          s.lastRun?.finishedAt ?? '-',
          s.lastRun ? s.lastRun.status + (s.stale ? ' (stale)' : '') : s.stale ? 'never (stale)' : '-',
          s.lastHealthyRunAt ?? '-',
          String(s.postings.open),
          String(s.postings.missing),
          String(s.postings.closed),
          s.lastRun ? `${s.lastRun.postingsFound}/${s.lastRun.declaredTotal ?? '-'}` : '-',
          String(s.lastRun?.requests ?? '-'),
          String(s.lastRun?.bytes ?? '-'),
          s.lastRun?.reason ?? '',
        ]);
      }
      const postingRows = [['SOURCE', 'ID', 'STATE', 'FIRST SEEN', 'LAST SEEN', 'TITLE']];
      for (const p of status.postings) postingRows.push([p.source, p.sourceId, p.state, p.firstSeenAt, p.lastSeenAt, p.title]);
      process.stdout.write(`${table(rows)}\n\n${table(postingRows)}\n`);
    }
    return status.sources.some((s) => s.stale) ? 1 : 0;
  } finally {
    db.close();
  }
}
