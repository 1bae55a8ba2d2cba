/**
 * Whose a hiring page's postings are. A page need not name its organisation (the links on it are
 * what it publishes), so its postings carry the page that listed them instead, and an
 * organisation claims the postings of the pages it lists (`organisations.<id>.hiringPages`).
 */

/** The hint a posting read from the page at this canonical URL carries. */
export function hiringPageHint(pageUrl: string): string {
  return `hiring-page:${pageUrl}`;
}

/** Matches the postings of some hiring pages, as an organisation's name matcher matches its postings. */
export class HiringPageClaim {
  private readonly hints: ReadonlySet<string>;

  /** `pages`: canonical URLs, as the source's start requests write them. */
  constructor(pages: readonly string[]) {
    this.hints = new Set(pages.map(hiringPageHint));
  }

  matchesAny(hints: ReadonlyArray<string | null | undefined>): boolean {
    return hints.some((hint) => hint != null && this.hints.has(hint));
  }
}
