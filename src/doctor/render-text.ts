/** The human report of `openings doctor`: one block per source, one per page, then the verdicts. */
import { POSTING_FIELDS } from '../model/posting.ts';
import type { DoctorReport, PageProbe, SourceReport } from './report.ts';

export function renderText(report: DoctorReport): string {
  const lines = [
    `openings doctor — ${report.startedAt} to ${report.finishedAt}`,
    `User-Agent: ${report.userAgent}`,
    '',
  ];
  for (const source of report.sources) lines.push(...sourceBlock(source), '');
  lines.push('Verdicts');
  const width = Math.max(...report.sources.map((s) => s.source.length));
  for (const source of report.sources) {
    const count = source.findings.length;
    lines.push(
      `  ${source.source.padEnd(width)}  ${source.verdict}${count > 0 ? ` (${count} finding${count > 1 ? 's' : ''})` : ''}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function sourceBlock(source: SourceReport): string[] {
  const lines = [`${source.source} — ${source.label}`];
  for (const page of source.pages) lines.push(...pageBlock(page));
  lines.push(`  verdict: ${source.verdict.toUpperCase()}`);
  for (const finding of source.findings) lines.push(`    [${finding.severity}] ${finding.message}`);
  if (source.saved) {
    const { dir, files, failures } = source.saved;
    lines.push(
      `  saved ${files} bodies to ${dir}${failures.length > 0 ? `; ${failures.length} page(s) of the capture missing:` : ''}`,
    );
    for (const failure of failures) lines.push(`    ${failure}`);
  }
  return lines;
}

function pageBlock(page: PageProbe): string[] {
  const heading = page.channel === 'robots.txt' ? 'robots.txt' : `${page.channel} ${page.label}`;
  const lines = [`  ${heading}  ${page.url}`];
  const row = (name: string, value: string) => lines.push(`    ${name.padEnd(11)} ${value}`);
  // An unreadable robots.txt is also the fetch error below: say it once.
  if (page.robots && !(page.robots.allowed === null && page.fetchError)) row('robots.txt', robotsLine(page.robots));
  if (page.fetchError) {
    row(
      'error',
      `${page.fetchError.kind}${page.status !== null ? ` (HTTP ${page.status})` : ''}: ${page.fetchError.message}`,
    );
    if (
      page.channel === 'robots.txt' &&
      page.status !== null &&
      page.status >= 400 &&
      page.status < 500 &&
      page.status !== 429
    ) {
      row('meaning', 'no robots.txt: everything is allowed');
    }
    return lines;
  }
  row(
    'fetched',
    page.finalUrl && page.finalUrl !== page.fetchedUrl
      ? `${page.fetchedUrl} → redirected to ${page.finalUrl}`
      : `${page.fetchedUrl}`,
  );
  row(
    'response',
    `HTTP ${page.status}, ${page.contentType ?? 'no Content-Type'} (decoded as ${page.charset}), ${formatBytes(page.bytes ?? 0)} in ${page.ms} ms`,
  );
  row(
    'validators',
    `${page.etag ? `ETag ${page.etag}` : 'no ETag'}, ${page.lastModified ? `Last-Modified ${page.lastModified}` : 'no Last-Modified'}`,
  );
  if (page.channel === 'robots.txt') return lines;

  const total = page.declaredTotal !== null ? `, ${page.declaredTotal} announced` : '';
  const empty = page.explicitlyEmpty ? ', the page states that nothing matches' : '';
  const looksLike =
    page.variant === null ? `, body looks like ${page.looksLike ? `a "${page.looksLike}" page` : 'no known page'}` : '';
  row('parser', `variant ${page.variant ?? 'none'}, ${page.postings} posting(s)${total}${empty}${looksLike}`);
  if (page.fieldShares) {
    for (const [i, line] of fieldLines(page.fieldShares).entries()) row(i === 0 ? 'fields' : '', line);
  }
  if (page.problems.length === 0) row('problems', 'none');
  for (const [i, problem] of page.problems.entries())
    row(i === 0 ? 'problems' : '', `${problem.severity}: ${problem.message}`);
  if (page.pagination)
    row(
      'pagination',
      `${page.pagination.understood ? 'understood' : 'NOT understood'}: ${page.pagination.explanation}`,
    );
  return lines;
}

function robotsLine(robots: NonNullable<PageProbe['robots']>): string {
  if (robots.allowed === null) return `unreadable: ${robots.error}`;
  const delay = robots.crawlDelaySeconds !== null ? `Crawl-delay ${robots.crawlDelaySeconds} s` : 'no Crawl-delay';
  return `${robots.allowed ? 'allowed' : 'DISALLOWED'}, ${delay} (${robots.robotsUrl})`;
}

/** Fields grouped by share, fullest first: `100%: title, url, …`. */
function fieldLines(shares: NonNullable<PageProbe['fieldShares']>): string[] {
  const groups = new Map<number, string[]>();
  for (const field of POSTING_FIELDS) {
    const percent = Math.round(shares[field] * 100);
    groups.set(percent, [...(groups.get(percent) ?? []), field]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => b - a)
    .map(([percent, fields]) => `${percent}%: ${fields.join(', ')}`);
}

function formatBytes(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} kB`;
}
