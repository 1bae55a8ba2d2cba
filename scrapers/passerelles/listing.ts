/**
 * The paginated Talentsoft listing (`/offre-de-emploi/liste-offres.aspx?page=N&LCID=1036`). Two card
 * templates are known: `li.ts-offer-list-item` with `a.ts-offer-list-item__title-link` and unlabelled
 * `ul.ts-offer-list-item__description > li`, and `.ts-offer-card` with `a.ts-offer-card__title-link`
 * and `ul.ts-offer-card-content__list > li`. Some tenants write the cells on one line split by `|`.
 */

import type { CheerioAPI } from 'cheerio';
import * as cheerio from 'cheerio';
import { emptyPosting } from '../../src/model/posting.ts';
import type { FetchedPage, ParsedPosting, ParseResult, Problem } from '../../src/model/source.ts';
import { unrecognisedPage } from '../../src/model/source.ts';
import { cleanText } from '../../src/model/text.ts';
import { isOnPortal } from '../../src/model/urls.ts';
import { listingRequest, offerIdentity, offerRequest, passerellesPolicy } from './portal.ts';
import type { PasserellesSettings } from './settings.ts';
import { assignField } from './talentsoft-labels.ts';
import { classifyValue, isReferenceToken, referenceFromCell } from './talentsoft-values.ts';

interface CardTemplate {
  variant: string;
  card: string;
  link: string;
  cells: string;
}

const TEMPLATES: readonly CardTemplate[] = [
  {
    variant: 'ts-offer-list-item',
    card: '.ts-offer-list-item',
    link: 'a.ts-offer-list-item__title-link',
    cells: '.ts-offer-list-item__description',
  },
  {
    variant: 'ts-offer-card',
    card: '.ts-offer-card',
    link: 'a.ts-offer-card__title-link',
    cells: '.ts-offer-card-content__list',
  },
];

const EMPTY_LISTING_VARIANT = 'ts-offer-list-empty';

const NO_RESULT = /aucune offre|aucun r[ée]sultat|no (?:job|offer|vacanc|result)/i;

export function parseListing(page: FetchedPage, settings: PasserellesSettings): ParseResult {
  const $ = cheerio.load(page.body);
  const declaredTotal = readDeclaredTotal($);
  const matched = TEMPLATES.filter((template) => $(template.card).has(template.link).length > 0);
  if (matched.length === 0) {
    // Only Talentsoft's own listing blocks may say "no result": a footer line such as "Aucune offre ne
    // vous convient ?" on a page that changed layout must not pass for an empty listing.
    if (
      declaredTotal === 0 ||
      NO_RESULT.test($('.ts-related-offers, .listing-offres, .ts-ol-pagination__title').text())
    ) {
      return {
        variant: EMPTY_LISTING_VARIANT,
        postings: [],
        next: [],
        declaredTotal: 0,
        explicitlyEmpty: true,
        problems: [],
      };
    }
    return unrecognisedPage(
      page.url,
      'Talentsoft listing: no offer card found (li.ts-offer-list-item with a.ts-offer-list-item__title-link, or .ts-offer-card with a.ts-offer-card__title-link)',
    );
  }

  const postings: ParsedPosting[] = [];
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const template of matched) {
    $(template.card)
      .has(template.link)
      .each((index, element) => {
        const card = readCard($, $(element), template, page.url);
        if (typeof card === 'string') {
          problems.push({
            severity: 'warning',
            message: `Talentsoft listing: ${template.variant} card ${index + 1} skipped, ${card} (${page.url})`,
            url: page.url,
          });
        } else if (!seen.has(card.posting.sourceId)) {
          seen.add(card.posting.sourceId);
          postings.push(card);
        }
      });
  }

  const current = page.request.page ?? pageNumberOf(page.url) ?? 1;
  const next = hasNextPage($, page.url, settings.listingPath, current, declaredTotal, postings.length)
    ? [listingRequest(settings, current + 1)]
    : [];
  return {
    variant: matched.map((template) => template.variant).join('+'),
    postings,
    next,
    ...(declaredTotal === undefined ? {} : { declaredTotal }),
    problems,
  };
}

type Card = ReturnType<CheerioAPI>;

function readCard($: CheerioAPI, card: Card, template: CardTemplate, pageUrl: string): ParsedPosting | string {
  const link = card.find(template.link).first();
  const href = link.attr('href');
  const offer = href ? offerIdentity(href, pageUrl) : null;
  if (!offer) return `its link is no offer URL (${href ?? 'no href'})`;
  if (!isOnPortal(offer.url, pageUrl, passerellesPolicy)) return `its link ${offer.url} leaves the portal`;
  const linkTitle = cleanText(link.attr('title'));
  const title = cleanText(link.text()) ?? linkTitle?.replace(/\s*\(R[ée]f\..*$/i, '') ?? null;
  if (!title) return `no title (${offer.url})`;

  const posting = emptyPosting('passerelles', offer.sourceId, offer.url, title);
  posting.reference =
    referenceFromTitleAttribute(linkTitle) ?? cleanText(card.find('[data-reference]').first().attr('data-reference'));
  const others: string[] = [];
  for (const cell of cellTexts($, card.find(template.cells).first())) {
    if (cell === title) continue;
    switch (classifyValue(cell)) {
      case 'reference':
        posting.reference ??= referenceFromCell(cell);
        break;
      case 'date':
        assignField(posting, 'publishedAt', 'Date', cell);
        break;
      case 'contract':
        assignField(posting, 'contractType', 'Contrat', cell);
        break;
      case 'address':
        assignField(posting, 'location', 'Lieu', cell);
        break;
      case 'other':
        others.push(cell);
    }
  }
  // Unlabelled values differ between tenants (employer, region, city…): kept as shown, not guessed at.
  if (others.length > 0) posting.extra.Informations = others.join(' | ');

  const orgHints = [linkTitle, title, offer.url, posting.reference, ...others].filter((hint): hint is string => !!hint);
  return { posting, orgHints: [...new Set(orgHints)], detail: offerRequest(offer) };
}

/** The link's `title` is the bare reference (`2026-114086`) or "Title (Réf. : 2026-123 - Field)". */
function referenceFromTitleAttribute(value: string | null): string | null {
  if (!value) return null;
  if (isReferenceToken(value)) return value;
  return /R[ée]f\.?\s*:\s*([A-Z0-9][A-Z0-9_./-]*)/i.exec(value)?.[1] ?? null;
}

function cellTexts($: CheerioAPI, list: Card): string[] {
  const items = list.find('li');
  const texts = items.length > 0 ? items.map((_, item) => $(item).text()).get() : list.text().split('|');
  return texts.map((text) => cleanText(text)).filter((text): text is string => text !== null);
}

/** "10 vacancy(s)", "Nombre de résultats : 12 offre(s)", or the page title's "(112 offres, page 1)". */
function readDeclaredTotal($: CheerioAPI): number | undefined {
  const candidates = [
    $('[id$="Pagination_TotalOffers"]').first().text(),
    $('.ts-ol-pagination__title').first().text(),
    /\((\d[\d\s]*)\s*offres?\b/i.exec($('title').first().text())?.[1] ?? '',
  ];
  for (const text of candidates) {
    const digits = /\d[\d\s\u00a0\u202f]*/.exec(text)?.[0];
    if (digits) return Number(digits.replace(/\D/g, ''));
  }
  return undefined;
}

/**
 * A pager that names a later page decides. Without one, ask for the next page unless the total
 * says this page held everything: the crawl stops at the total, at a page that brings no new id
 * (tenants that loop back to page 1), or at the page cap.
 */
function hasNextPage(
  $: CheerioAPI,
  pageUrl: string,
  listingPath: string,
  current: number,
  total: number | undefined,
  cards: number,
): boolean {
  const pagerPages = new Set<number>();
  const path = listingPath.toLowerCase();
  $('a[href]').each((_, a) => {
    try {
      const target = new URL($(a).attr('href')!, pageUrl);
      const number = Number(target.searchParams.get('page'));
      if (target.pathname.toLowerCase() === path && Number.isInteger(number) && number > 0) pagerPages.add(number);
    } catch {
      // A malformed href; post-back pagers are read from their link texts below.
    }
  });
  $('[class*="pagination"] a').each((_, a) => {
    const number = Number(cleanText($(a).text()));
    if (Number.isInteger(number) && number > 0) pagerPages.add(number);
  });
  if (pagerPages.size > 0) return [...pagerPages].some((number) => number > current);
  if (cards === 0) return false;
  return total === undefined || total > current * cards;
}

function pageNumberOf(url: string): number | null {
  const page = Number(new URL(url).searchParams.get('page'));
  return Number.isInteger(page) && page > 0 ? page : null;
}
