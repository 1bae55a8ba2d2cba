/**
 * The hiring page's openings section beside what the writer would make of it, per language: what
 * `reconcile` and the team's page show, and what `openings hiring-page --write` would change.
 */
import type { Db } from '../../db/database.ts';
import type { Organisation } from '../organisations.ts';
import { livePages } from './live-page.ts';
import { currentSection, type HiringPagePlan, type PageOpening, type PlanOptions, planHiringPage } from './plan.ts';
import { SectionNotFound } from './section.ts';

/** One organisation's hiring-page settings: passed in, never read from constants. */
export interface HiringPageSettings {
  /** The organisation's hiring pages (each language), as the `peren` source reads them. */
  pages: readonly string[];
  translations: Readonly<Record<string, string>>;
  defaultImage: string;
  organisationNames: readonly string[];
}

export function hiringPageSettings(organisation: Organisation): HiringPageSettings {
  return {
    pages: organisation.hiringPages,
    translations: organisation.hiringPage.translations,
    defaultImage: organisation.hiringPage.tileImage,
    organisationNames: [organisation.name, ...organisation.match],
  };
}

export function planOptions(settings: HiringPageSettings, lang: 'fr' | 'en', pageUrl: string): PlanOptions {
  return {
    lang,
    pageUrl,
    translations: settings.translations,
    defaultImage: settings.defaultImage,
    organisationNames: settings.organisationNames,
  };
}

export interface LiveSectionReport {
  lang: 'fr' | 'en';
  url: string;
  /** The live section as the site writes it (Markdown heading, the grid's markup); null when unreadable. */
  live: string | null;
  plan: HiringPagePlan | null;
  /** Why the section could not be written (no grid, no heading). */
  problem: string | null;
}

/** The section of each hiring page the last scrape read, and its rewrite from the openings. */
export function liveSectionReports(
  db: Db,
  settings: HiringPageSettings,
  openings: readonly PageOpening[],
): LiveSectionReport[] {
  return livePages(db, settings.pages).map((page) => {
    try {
      const plan = planHiringPage(page.text, openings, planOptions(settings, page.lang, page.url));
      return { lang: page.lang, url: page.url, live: currentSection(page.text), plan, problem: null };
    } catch (error) {
      if (!(error instanceof SectionNotFound)) throw error;
      return { lang: page.lang, url: page.url, live: null, plan: null, problem: error.message };
    }
  });
}
