/**
 * A keyword results page (`/nos-offres/filtres/mot-cles/<kw>/[page/N/]`): 20 offer cards, a
 * DSFR pagination and, around them, megabytes of search facets. Known layouts, most specific
 * first: cards in the results list (`li.item > .fr-card--offer`), any `.fr-card--offer`, and bare
 * `.fr-card__title` headings followed by their `ul.fr-card__desc` (trimmed captures).
 */
import type * as cheerio from 'cheerio';
import type { AnyNode } from 'domhandler';
import type { FetchedPage, PageRequest, ParsedPosting, ParseResult, Problem } from '../../src/model/source.ts';
import { unrecognisedPage } from '../../src/model/source.ts';
import { cleanText } from '../../src/model/text.ts';
import { canonicalUrl } from '../../src/model/urls.ts';
import { parseCard } from './card.ts';
import { loadHtml } from './dom.ts';
import { cspPolicy, offerIdentity, searchPageOf } from './portal.ts';

/** Cards on a full results page; a shorter page is the last one. */
const CARDS_PER_PAGE = 20;

interface CardLayout {
  variant: string;
  scopes: Array<cheerio.Cheerio<AnyNode>>;
}

function findCards($: cheerio.CheerioAPI, pageUrl: string): CardLayout | null {
  const listed = $('.item > .fr-card--offer');
  if (listed.length) return { variant: 'csp-result-items', scopes: listed.toArray().map((card) => $(card)) };
  const cards = $('.fr-card--offer');
  if (cards.length) return { variant: 'csp-offer-cards', scopes: cards.toArray().map((card) => $(card)) };
  const headings = $('.fr-card__title').filter((_, heading) => {
    const href = $(heading).find('a[href]').attr('href');
    return !!href && offerIdentity(href, pageUrl) !== null;
  });
  if (headings.length) {
    return {
      variant: 'csp-card-titles',
      scopes: headings.toArray().map((heading) => $(heading).add($(heading).nextUntil('.fr-card__title'))),
    };
  }
  return null;
}

const NO_RESULTS = /\b(?:aucune?\s+(?:offre|r[ée]sultat)|0\s+(?:offre|r[ée]sultat))/i;

/** The page says in words that nothing matches (outside forms, modals and hidden templates). */
function statesNoResults($: cheerio.CheerioAPI): boolean {
  return $('h1, h2, h3, p, .fr-alert, .fr-callout')
    .not('form *, template *, [hidden] *, dialog *, .fr-modal *')
    .toArray()
    .some((el) => {
      const text = cleanText($(el).text());
      return !!text && text.length < 300 && NO_RESULTS.test(text);
    });
}

/** The total the page announces (`<span class="number">27</span> offres`), when it shows one. */
function declaredTotalOf($: cheerio.CheerioAPI): number | undefined {
  for (const el of $('span.number').toArray()) {
    const digits = $(el)
      .text()
      .replace(/[\s\u00a0\u202f]/g, '');
    if (/^\d+$/.test(digits) && /offre|r[ée]sultat/i.test($(el).parent().text())) return Number(digits);
  }
  return undefined;
}

type NextPage = 'yes' | 'no' | 'unknown';

/** Whether the pagination links a page after `current`; `unknown` when the page has no pagination. */
function paginationSays($: cheerio.CheerioAPI, pageUrl: string, current: number): NextPage {
  const nav = $('.fr-pagination');
  if (!nav.length) return 'unknown';
  const linksNext = nav
    .find('a[href]')
    .toArray()
    .some((link) => {
      const url = canonicalUrl($(link).attr('href')!, pageUrl, cspPolicy);
      const target = url ? searchPageOf(url) : null;
      return target !== null && target.page === current + 1;
    });
  return linksNext ? 'yes' : 'no';
}

/** DSFR form controls: a field, a checkbox or radio group, a select. */
const FORM_CONTROL_GROUP = /(?:^|\s)fr-(?:fieldset|checkbox-group|radio-group|select-group|toggle)(?:\s|$)/;
const NEVER_READ = new Set(['fieldset', 'select', 'script', 'style', 'template', 'svg', 'noscript', 'iframe']);

/**
 * What a results page's reading never looks into: the search facets (thousands of checkboxes in
 * DSFR fieldsets and groups, nearly all of a 4.5 MB page), scripts, styles and icons. A card in
 * none of them is read as before; a page whose cards all sat in one would be reported unrecognised.
 */
export function neverRead(name: string, attribs: Readonly<Record<string, string>>): boolean {
  return NEVER_READ.has(name) || FORM_CONTROL_GROUP.test(attribs.class ?? '');
}

export function parseListingPage(page: FetchedPage): ParseResult {
  const $ = loadHtml(page.body, neverRead);
  const layout = findCards($, page.url);
  const declaredTotal = declaredTotalOf($);
  if (!layout) {
    if (declaredTotal === 0 || statesNoResults($)) {
      return {
        variant: 'csp-no-results',
        postings: [],
        next: [],
        declaredTotal: 0,
        explicitlyEmpty: true,
        problems: [],
      };
    }
    return unrecognisedPage(
      page.url,
      'CSP results page: no offer card (.fr-card--offer, .fr-card__title link) and no « aucun résultat » message',
    );
  }

  const problems: Problem[] = [];
  const warn = (message: string): void => {
    problems.push({ severity: 'warning', message, url: page.url });
  };
  const postings: ParsedPosting[] = [];
  const seen = new Set<string>();
  layout.scopes.forEach((scope, index) => {
    const parsed = parseCard($, scope, page.url, warn);
    if (typeof parsed === 'string') warn(`card ${index + 1} skipped: ${parsed}`);
    else if (!seen.has(parsed.posting.sourceId)) {
      seen.add(parsed.posting.sourceId);
      postings.push(parsed);
    }
  });
  if (postings.length === 0) {
    return unrecognisedPage(
      page.url,
      `CSP results page: ${layout.scopes.length} card(s) found but none could be read (${problems.map((p) => p.message).join('; ')})`,
    );
  }

  const result: ParseResult = {
    variant: layout.variant,
    postings,
    next: nextPages($, page, layout.scopes.length, (message) =>
      problems.push({ severity: 'error', message, url: page.url }),
    ),
    problems,
  };
  if (declaredTotal !== undefined) result.declaredTotal = declaredTotal;
  return result;
}

function nextPages(
  $: cheerio.CheerioAPI,
  page: FetchedPage,
  cardCount: number,
  fail: (message: string) => void,
): PageRequest[] {
  const search = searchPageOf(page.url);
  const current = page.request.page ?? search?.page ?? 1;
  const verdict = paginationSays($, page.url, current);
  const hasNext = verdict === 'yes' || (verdict === 'unknown' && cardCount >= CARDS_PER_PAGE);
  if (!hasNext) return [];
  // The crawl enforces `maxPages` (reaching it with pages left fails the run): the parser always says what comes next.
  if (!search) {
    fail(
      `a next page exists but ${page.url} is no search URL to derive it from: the rest of the results cannot be read`,
    );
    return [];
  }
  const series = page.request.series ?? search.keywords ?? search.base;
  return [
    { url: `${search.base}page/${current + 1}/`, role: 'inventory', label: 'listing', series, page: current + 1 },
  ];
}
