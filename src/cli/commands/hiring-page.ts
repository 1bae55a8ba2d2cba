/**
 * `openings hiring-page [--org <id>] --lang fr|en [FILE] [--write]`: an organisation's hiring page's
 * openings section as the site writes it, from that organisation's openings only
 * (src/hiring-page/plan.ts). FILE is the page's Hugo content file; without it, the page as the
 * last scrape read it. Exit 0 when nothing changes, 1 when the
 * section changes (so the site's CI can open a merge request), 2 on bad input.
 */
import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { latestRun } from '../../../db/runs.ts';
import { PORTALS } from '../../../scrapers/index.ts';
import { livePages } from '../../hiring-page/live-page.ts';
import { pageOpenings } from '../../hiring-page/page-openings.ts';
import { type HiringPagePlan, planHiringPage } from '../../hiring-page/plan.ts';
import { hiringPageSettings, planOptions } from '../../hiring-page/report.ts';
import { SectionNotFound } from '../../hiring-page/section.ts';
import { allOpeningViews } from '../../read-model/openings.ts';
import { type GlobalOptions, openContext, UserError } from '../context.ts';
import { hiringPageOrganisation } from '../organisation-option.ts';
import { terminalSafe } from '../terminal-text.ts';

export interface HiringPageOptions extends GlobalOptions {
  lang: 'fr' | 'en';
  write?: boolean;
  /** The organisation whose page and openings (needed when several have hiring pages). */
  org?: string;
}

function readContent(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new UserError(`cannot read ${file}: ${(error as Error).message}`);
  }
}

/** Replaces the file in one step (a reader never sees half of it), keeping its permissions. */
function writeContent(file: string, text: string): void {
  const temporary = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  try {
    writeFileSync(temporary, text, { mode: statSync(file).mode });
    renameSync(temporary, file);
  } catch (error) {
    throw new UserError(`cannot write ${file}: ${(error as Error).message}`);
  }
}

/** What changes, for the site's CI log and the merge request (stderr). */
function summary(plan: HiringPagePlan, lang: string, where: string): string {
  const lines = [
    `hiring page (${lang}, ${where}): ${plan.kept.length + plan.unverified.length} tile(s) kept, ${plan.removed.length} removed, ${plan.added.length} added${plan.changed ? '' : ': unchanged'}`,
    ...plan.removed.map(
      (t) =>
        `  removed: "${t.title}" ${t.href} (${t.why === 'closed' ? 'closed on every portal' : 'the same opening has a tile already'})`,
    ),
    ...plan.added.map((t) => `  added: "${t.title}" ${t.href}`),
    ...plan.unverified.map((t) => `  kept, unverified: "${t.title}" ${t.href} (no portal read shows this offer)`),
    ...plan.untranslated.map(
      (t) =>
        `  needs a translation: "${t.title}" (set hiringPage.translations["${t.opening}"] in the configuration, then run again)`,
    ),
  ];
  return terminalSafe(`${lines.join('\n')}\n`);
}

export function hiringPageCommand(file: string | undefined, options: HiringPageOptions): number {
  if (options.write && !file) throw new UserError('--write needs the content FILE to rewrite');
  const { config, db } = openContext(options);
  try {
    const organisation = hiringPageOrganisation(config, options.org);
    const settings = hiringPageSettings(organisation);
    if (!PORTALS.some((source) => latestRun(db, source.id, 'healthy'))) {
      process.stderr.write('openings: no portal has had a healthy run yet: every tile is kept as it is\n');
    }
    const openings = pageOpenings(allOpeningViews(db, organisation.id));
    const pageUrl =
      settings.pages.find((url) => /\/en\//.test(new URL(url).pathname) === (options.lang === 'en')) ??
      settings.pages[0] ??
      'https://example.invalid/';
    let text: string;
    let where: string;
    if (file) {
      text = readContent(file);
      where = file;
    } else {
      if (settings.pages.length === 0)
        throw new UserError(
          `${organisation.id} has no hiring page (organisations.${organisation.id}.hiringPages): give its content FILE`,
        );
      const live = livePages(db, settings.pages).find((page) => page.lang === options.lang);
      if (!live) {
        throw new UserError(
          `the ${options.lang} hiring page has not been read yet: run \`openings scrape --source peren\`, or give its content FILE`,
        );
      }
      [text, where] = [live.text, live.url];
    }
    let plan: HiringPagePlan;
    try {
      plan = planHiringPage(text, openings, planOptions(settings, options.lang, pageUrl));
    } catch (error) {
      if (error instanceof SectionNotFound) throw new UserError(`${where}: ${error.message}`);
      throw error;
    }
    if (options.write) {
      if (plan.changed) writeContent(file!, plan.text);
    } else {
      process.stdout.write(plan.section);
    }
    process.stderr.write(summary(plan, options.lang, where));
    return plan.changed ? 1 : 0;
  } finally {
    db.close();
  }
}
