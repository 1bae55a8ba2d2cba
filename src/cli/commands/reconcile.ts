import { pageOpenings } from '../../hiring-page/page-openings.ts';
import { hiringPageSettings, type LiveSectionReport, liveSectionReports } from '../../hiring-page/report.ts';
import { type Organisation, organisationsOf } from '../../organisations.ts';
import { allOpeningViews } from '../../read-model/openings.ts';
import { type Reconciliation, reconcile } from '../../reconcile/reconcile.ts';
import { type GlobalOptions, openReadContext } from '../context.ts';
import { hiringPageOrganisation } from '../organisation-option.ts';
import { table } from '../terminal-table.ts';
import { terminalSafe } from '../terminal-text.ts';

function renderText(result: Reconciliation, organisation: Organisation, several: boolean): string {
  if (organisation.hiringPages.length === 0) {
    return `Hiring page: ${organisation.id} has none configured (organisations.${organisation.id}.hiringPages), nothing to compare.\n`;
  }
  if (result.lastHiringPageRun === null) {
    return 'Hiring page: never read by a healthy run, nothing to compare (run `openings scrape --source peren`).\n';
  }
  const count = (severity: string) => result.findings.filter((f) => f.severity === severity).length;
  const readAs = result.pageReadAs.length > 0 ? result.pageReadAs.join(', ') : 'no tile';
  const header =
    `${several ? `${organisation.id}: ` : ''}Hiring page: last healthy read ${result.lastHiringPageRun} (${readAs}); ` +
    `${result.findings.length} finding(s): ${count('error')} error, ${count('warning')} warning, ${count('info')} info`;
  if (result.findings.length === 0) return `${header}\nThe hiring page and the portals agree.\n`;
  const rows = [
    ['SEVERITY', 'KIND', 'MESSAGE', 'EVIDENCE'],
    ...result.findings.map((f) => [f.severity, f.kind, f.message, f.evidence]),
  ];
  return `${header}\n\n${table(rows)}\n`;
}

/** What `openings hiring-page --write` would change in each page's openings section. */
function sectionsText(reports: readonly LiveSectionReport[]): string {
  return reports
    .map((report) => {
      const where = `Hiring page section (${report.lang}, ${report.url})`;
      if (!report.plan) return `${where}: cannot be written: ${report.problem}\n`;
      const plan = report.plan;
      if (!plan.changed) return `${where}: up to date, \`openings hiring-page --write\` would change nothing\n`;
      const lines = [
        `${where}: \`openings hiring-page --lang ${report.lang} --write FILE\` would remove ${plan.removed.length} tile(s) and add ${plan.added.length}`,
        ...plan.removed.map((t) => `  - ${t.title} ${t.href}`),
        ...plan.added.map(
          (t) => `  + ${t.title} ${t.href}${plan.untranslated.includes(t) ? ' (needs a translation)' : ''}`,
        ),
      ];
      return `${lines.join('\n')}\n`;
    })
    .join('');
}

function sectionsJson(reports: readonly LiveSectionReport[]) {
  return reports.map((report) => ({
    lang: report.lang,
    url: report.url,
    problem: report.problem,
    changed: report.plan?.changed ?? false,
    removed: report.plan?.removed ?? [],
    added: report.plan?.added ?? [],
    untranslated: report.plan?.untranslated ?? [],
    live: report.live,
    generated: report.plan?.section ?? null,
  }));
}

/**
 * One organisation's hiring pages (`--org`, needed when several have some). Exits 1 when a finding
 * is an error (a tile sends candidates to a closed offer), so cron can alert.
 */
export function reconcileCommand(options: GlobalOptions & { json?: boolean; org?: string }): number {
  const { config, db } = openReadContext(options);
  try {
    const organisation = hiringPageOrganisation(config, options.org);
    const several = organisationsOf(config).length > 1;
    const result: Reconciliation =
      organisation.hiringPages.length === 0
        ? { pageReadAs: [], lastHiringPageRun: null, findings: [] }
        : reconcile(db, { organisation: organisation.id, pages: organisation.hiringPages });
    const openings = pageOpenings(allOpeningViews(db, organisation.id));
    const sections = liveSectionReports(db, hiringPageSettings(organisation), openings);
    process.stdout.write(
      options.json
        ? `${JSON.stringify({ ...(several ? { organisation: organisation.id } : {}), ...result, hiringPageSections: sectionsJson(sections) }, null, 2)}\n`
        : terminalSafe(
            `${renderText(result, organisation, several)}${sections.length ? `\n${sectionsText(sections)}` : ''}`,
          ),
    );
    return result.findings.some((f) => f.severity === 'error') ? 1 : 0;
  } finally {
    db.close();
  }
}
