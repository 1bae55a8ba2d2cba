/**
 * Reads PEReN's hiring page, rendered or as its Hugo source. DSFR tiles first; when the page has
 * no tile pointing at a portal offer (a redesign), every link to a known portal offer; when it has
 * neither, the page must positively say that nothing is open, or it is reported as unrecognised.
 */
import type { FetchedPage, ParseResult, Problem } from '../../src/model/source.ts';
import { unrecognisedPage } from '../../src/model/source.ts';
import { canonicalUrl } from '../../src/model/urls.ts';
import { linksToPostings } from './link-postings.ts';
import { identifyOfferLink, type OfferLink } from './offer-links.ts';
import { looksLikeHiringPage, noOpeningStatement, type OpeningsSection, openingsSection } from './openings-section.ts';
import { loadPageDocument, type PageDocument } from './page-document.ts';
import { allPageLinks, type RawLink } from './page-links.ts';
import { PEREN_POLICY } from './site.ts';
import { readTiles } from './tiles.ts';

export function parseHiringPage(page: FetchedPage): ParseResult {
  const doc = loadPageDocument(page.body);
  const section = openingsSection(doc);
  const lang = pageLanguage(doc, page.url, section);
  const warning = (message: string): Problem => ({
    severity: 'warning',
    message: `PEReN hiring page: ${message}`,
    url: page.url,
  });
  const offerOf = (link: RawLink): OfferLink | null => {
    const target = canonicalUrl(link.href, page.url, PEREN_POLICY);
    return target ? identifyOfferLink(target) : null;
  };

  const tiles = readTiles(doc.$);
  const tileProblems = tiles.unreadable.map(warning);
  const pageOfferLinks = allPageLinks(doc).filter((link) => offerOf(link) !== null);

  if (tiles.links.some((link) => offerOf(link) !== null)) {
    const read = linksToPostings(tiles.links, { pageUrl: page.url, lang, readAs: 'dsfr-tiles' });
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
    const read = linksToPostings(pageOfferLinks, { pageUrl: page.url, lang, readAs: 'offer-links' });
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
