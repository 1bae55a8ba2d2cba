import { type Reconciliation, reconcile } from '../../reconcile/reconcile.ts';
import { type GlobalOptions, openReadContext } from '../context.ts';
import { terminalSafe } from '../terminal-text.ts';

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function renderText(result: Reconciliation): string {
  if (result.lastHiringPageRun === null) {
    return 'Hiring page: never read by a healthy run, nothing to compare (run `openings scrape --source peren`).\n';
  }
  const count = (severity: string) => result.findings.filter((f) => f.severity === severity).length;
  const readAs = result.pageReadAs.length > 0 ? result.pageReadAs.join(', ') : 'no tile';
  const header =
    `Hiring page: last healthy read ${result.lastHiringPageRun} (${readAs}); ` +
    `${result.findings.length} finding(s): ${count('error')} error, ${count('warning')} warning, ${count('info')} info`;
  if (result.findings.length === 0) return `${header}\nThe hiring page and the portals agree.\n`;
  const rows = [
    ['SEVERITY', 'KIND', 'MESSAGE', 'EVIDENCE'],
    ...result.findings.map((f) => [f.severity, f.kind, f.message, f.evidence]),
  ];
  return `${header}\n\n${table(rows)}\n`;
}

/** Exits 1 when a finding is an error (a tile sends candidates to a closed offer), so cron can alert. */
export function reconcileCommand(options: GlobalOptions & { json?: boolean }): number {
  const { db } = openReadContext(options);
  try {
    const result = reconcile(db);
    process.stdout.write(options.json ? `${JSON.stringify(result, null, 2)}\n` : terminalSafe(renderText(result)));
    return result.findings.some((f) => f.severity === 'error') ? 1 : 0;
  } finally {
    db.close();
  }
}
