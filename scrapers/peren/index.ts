import type { FetchedPage, ParseResult, Source } from '../../src/model/source.ts';
import { unrecognisedPage } from '../../src/model/source.ts';
import { type PerenSettings, perenFacts } from './facts.ts';
import { looksLikeHiringPage } from './openings-section.ts';
import { loadPageDocument } from './page-document.ts';
import { parseHiringPage } from './parse-hiring-page.ts';
import { HIRING_PAGE_LABEL } from './site.ts';

export { type PerenSettings, perenSettings } from './facts.ts';
export { identifyOfferLink, type OfferLink, type OfferPortal, usesOutdatedHost } from './offer-links.ts';
export { NO_OFFER_LINKS } from './site.ts';

export const perenSource: Source<PerenSettings> = {
  ...perenFacts,
  parse(page: FetchedPage): ParseResult {
    if (page.request.label !== HIRING_PAGE_LABEL) {
      return unrecognisedPage(page.url, `PEReN: no parser for "${page.request.label}" pages`);
    }
    return parseHiringPage(page);
  },
  classify: (body) => (looksLikeHiringPage(loadPageDocument(body)) ? HIRING_PAGE_LABEL : null),
};
