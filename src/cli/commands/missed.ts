/**
 * `openings missed`: the offers the weekly open-data file says were active on its date and no CSP
 * run saw. Exit 0 when none, 1 when some, 2 when it cannot tell (no file, no CSP run since it).
 */

import { organisationsOf } from '../../organisations.ts';
import { type MissedReport, missedOffers } from '../../read-model/missed-offers.ts';
import { type GlobalOptions, openReadContext, UserError } from '../context.ts';
import { organisationOption } from '../organisation-option.ts';
import { table } from '../terminal-table.ts';
import { terminalSafe } from '../terminal-text.ts';

type Checked = Extract<MissedReport, { state: 'checked' }>;

function checked(report: MissedReport, name: string): Checked {
  if (report.state === 'no-file')
    throw new UserError(
      'missed: no weekly open-data file stored yet: enable the csp-open-data source and run `openings scrape --source csp-open-data`',
    );
  if (report.state === 'no-csp-run')
    throw new UserError(
      `missed: ${name}: no healthy csp run since the weekly file of ${report.file.date}: cannot tell which offers were missed (run \`openings scrape --source csp\`)`,
    );
  return report;
}

function text(name: string, report: Checked): string {
  const head = `${name}: ${report.missed.length} offer(s) active in the weekly file of ${report.file.date} that no CSP run saw (CSP checked at ${report.cspRunAt})`;
  if (report.missed.length === 0) return `${head}\n`;
  const rows = [
    ['REFERENCE', 'FIRST PUBLISHED', 'ENDS', 'EMPLOYER', 'TITLE'],
    ...report.missed.map((o) => [
      o.reference,
      o.firstPublished ?? '-',
      o.publicationEnd ?? '-',
      o.employer ?? '-',
      o.title ?? '-',
    ]),
  ];
  return `${head}\n${table(rows)}\n`;
}

export function missedCommand(options: GlobalOptions & { json?: boolean; org?: string }): number {
  const { config, db } = openReadContext(options);
  try {
    const organisations =
      options.org === undefined ? organisationsOf(config) : [organisationOption(config, options.org)];
    const reports = organisations.map((o) => ({ organisation: o, report: checked(missedOffers(db, o.id), o.name) }));
    const attribution = reports[0]?.report.attribution ?? '';
    if (options.json) {
      const json = {
        attribution,
        organisations: reports.map(({ organisation, report }) => ({
          id: organisation.id,
          name: organisation.name,
          fileDate: report.file.date,
          fileUrl: report.file.url,
          cspCheckedAt: report.cspRunAt,
          missed: report.missed.map((o) => ({
            Référence: o.reference,
            title: o.title,
            employer: o.employer,
            organisme: o.organisme,
            firstPublished: o.firstPublished,
            publicationEnd: o.publicationEnd,
            url: o.url,
          })),
        })),
      };
      process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    } else {
      const body = reports.map(({ organisation, report }) => text(organisation.name, report)).join('\n');
      process.stdout.write(terminalSafe(`${body}\n${attribution}\n`));
    }
    return reports.some(({ report }) => report.missed.length > 0) ? 1 : 0;
  } finally {
    db.close();
  }
}
