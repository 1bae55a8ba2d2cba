/**
 * Reads an organisation's hiring page, rendered or as its Hugo source: PEReN's, or any other
 * site's. DSFR tiles first; when the page has no tile pointing at a portal offer (a redesign, or a
 * site without the DSFR), every link to a known portal offer. When it has neither, PEReN's page
 * must positively say that nothing is open, or it is reported as unrecognised; another site's page
 * that is a real page (text, links, no error title) is read as linking no offer, which
 * reconciliation reports, while an empty body, an error page or a page without a single link
 * stays unrecognised.
 */

import { hiringPageHint } from '../../src/model/hiring-page-claim.ts';
import type { FetchedPage, ParseResult, Problem } from '../../src/model/source.ts';
import { unrecognisedPage } from '../../src/model/source.ts';
import { cleanText, foldForMatch } from '../../src/model/text.ts';
import { canonicalUrl, isOwnHost } from '../../src/model/urls.ts';
import { linksToPostings } from './link-postings.ts';
import { identifyOfferLink, type OfferLink } from './offer-links.ts';
import {
  isPerenSite,
  looksLikeHiringPage,
  noOpeningStatement,
  type OpeningsSection,
  openingsSection,
} from './openings-section.ts';
import { loadPageDocument, type PageDocument } from './page-document.ts';
import { allPageLinks, isNavigableHref, type RawLink } from './page-links.ts';
import { NO_OFFER_LINKS, PEREN_POLICY } from './site.ts';
import { readTiles } from './tiles.ts';

export function parseHiringPage(page: FetchedPage): ParseResult {
  const doc = loadPageDocument(page.body);
  const section = openingsSection(doc);
  const lang = pageLanguage(doc, page.url, section);
  const perenPage = isOwnHost(page.url, PEREN_POLICY) || isPerenSite(doc.$);
  const pageName = perenPage ? 'PEReN hiring page' : 'hiring page';
  const warning = (message: string): Problem => ({
    severity: 'warning',
    message: `${pageName}: ${message}`,
    url: page.url,
  });
  // Whose the postings are: the organisations listing the page that was asked for (redirects aside).
  const context = { pageUrl: page.url, lang, orgHints: [hiringPageHint(page.request.url)], pageName };
  const offerOf = (link: RawLink): OfferLink | null => {
    const target = canonicalUrl(link.href, page.url, PEREN_POLICY);
    return target ? identifyOfferLink(target) : null;
  };

  const tiles = readTiles(doc.$);
  const tileProblems = tiles.unreadable.map(warning);
  const pageOfferLinks = allPageLinks(doc).filter((link) => offerOf(link) !== null);

  if (tiles.links.some((link) => offerOf(link) !== null)) {
    const read = linksToPostings(tiles.links, { ...context, readAs: 'dsfr-tiles' });
    const tileTargets = new Set(read.postings.map((p) => p.posting.sourceId));
    const outside = pageOfferLinks.filter((link) => {
      const offer = offerOf(link)!;
      return !tileTargets.has(`${offer.source}:${offer.id}`);
    });
    const outsideProblems = outside.map((link) =>
      warning(`offer link outside the tiles not read: "${link.text ?? ''}" ${link.href}`),
    );
    return {
      variant: 'dsfr-tiles',
      postings: read.postings,
      next: [],
      problems: [...tileProblems, ...read.problems, ...outsideProblems],
    };
  }

  if (pageOfferLinks.length > 0) {
    const read = linksToPostings(pageOfferLinks, { ...context, readAs: 'offer-links' });
    const ignoredTiles =
      tiles.tileCount > 0
        ? [warning(`${tiles.tileCount} DSFR tile(s) link no portal offer: read the page's offer links instead`)]
        : [];
    return {
      variant: 'offer-links',
      postings: read.postings,
      next: [],
      problems: [...tileProblems, ...ignoredTiles, ...read.problems],
    };
  }

  if (!perenPage) return withoutOfferLinks(page.url, doc, tileProblems, warning);
  const isHiringPage = looksLikeHiringPage(doc);
  const statement = isHiringPage ? noOpeningStatement(doc) : null;
  if (isHiringPage && (statement !== null || section?.links.length === 0)) {
    return { variant: 'no-openings', postings: [], next: [], explicitlyEmpty: true, problems: tileProblems };
  }
  const result = unrecognisedPage(
    page.url,
    `PEReN hiring page not recognised: ${whatIsMissing(isHiringPage, section)}`,
  );
  result.problems.push(...tileProblems);
  return result;
}

const ERROR_TITLE =
  /\b(?:40[0-9]|50[0-9]|page (?:non trouvee|introuvable)|introuvable|not found|erreur|error|forbidden|acces refuse|access denied|maintenance)\b/;

/**
 * Another site's page with no offer link: a real page saying nothing is open reads as empty; one
 * saying nothing reads as linking no offer (reconciliation's finding). What is not a real page
 * (empty, an error page, no link at all, as a page built by JavaScript) stays unrecognised.
 */
function withoutOfferLinks(
  url: string,
  doc: PageDocument,
  tileProblems: Problem[],
  warning: (message: string) => Problem,
): ParseResult {
  const title = cleanText(doc.$('title').first().text()) ?? cleanText(doc.$('h1').first().text());
  const text = cleanText(doc.format === 'markdown' ? doc.body : doc.$('body').text());
  const links = allPageLinks(doc).filter((link) => isNavigableHref(link.href));
  const notAPage = !text
    ? 'the body is empty'
    : title && ERROR_TITLE.test(foldForMatch(title))
      ? `it reads as an error page ("${title}")`
      : links.length === 0
        ? 'it has no link at all (a page built by JavaScript?)'
        : null;
  if (notAPage) {
    const result = unrecognisedPage(url, `hiring page not recognised: ${notAPage}`);
    result.problems.push(...tileProblems);
    return result;
  }
  if (noOpeningStatement(doc) !== null)
    return { variant: 'no-openings', postings: [], next: [], explicitlyEmpty: true, problems: tileProblems };
  return {
    variant: NO_OFFER_LINKS,
    postings: [],
    next: [],
    explicitlyEmpty: true,
    problems: [
      ...tileProblems,
      warning(
        `links no offer of Passerelles, Choisir le service public or PASS (${links.length} other link(s)): nothing to check against the portals`,
      ),
    ],
  };
}

function whatIsMissing(isHiringPage: boolean, section: OpeningsSection | null): string {
  const missing =
    'no DSFR tile (.fr-tile .fr-tile__title a[href]) nor any other link pointing at a Passerelles, Choisir le service public or PASS offer';
  if (!isHiringPage)
    return `${missing}, and the page does not look like the hiring page (no recruitment title, tiles or openings heading on peren.gouv.fr)`;
  if (!section)
    return `${missing}, no "Nos offres en cours" / "Current openings" heading and no sentence saying no offer is open`;
  const hrefs = section.links.map((link) => link.href).join(', ');
  return `${missing}, and the "${section.heading}" section holds ${section.links.length} link(s) to no known offer: ${hrefs}`;
}

/** `<html lang>`, else the URL (`/en/`, Hugo's `content/english/`), else the openings heading, else French (the site's default). */
function pageLanguage(doc: PageDocument, pageUrl: string, section: OpeningsSection | null): string {
  const declared = doc.$('html').attr('lang')?.trim().toLowerCase().split(/[-_]/)[0];
  if (declared) return declared;
  if (/\/(?:en|english)\//i.test(new URL(pageUrl).pathname)) return 'en';
  return section?.lang ?? 'fr';
}
