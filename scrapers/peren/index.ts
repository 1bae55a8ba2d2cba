/**
 * `peren`: PEReN's own hiring page (FR and EN), the list the organisation itself publishes. Its
 * postings are the page's tiles, each keyed on the portal offer it links, for reconciliation with
 * what the portals show.
 */
import { z } from 'zod';
import type { FetchedPage, ParseResult, Source } from '../../src/model/source.ts';
import { baseSourceSettings, unrecognisedPage } from '../../src/model/source.ts';
import { canonicalUrl } from '../../src/model/urls.ts';
import { loadPageDocument } from './page-document.ts';
import { parseHiringPage } from './parse-hiring-page.ts';
import { looksLikeHiringPage } from './openings-section.ts';
import { HIRING_PAGE_EN, HIRING_PAGE_FR, HIRING_PAGE_LABEL, PEREN_POLICY } from './site.ts';

export { identifyOfferLink, usesOutdatedHost, type OfferLink, type OfferPortal } from './offer-links.ts';

export const perenSettings = baseSourceSettings.extend({
  /** The hiring page in each language; configurable because the site may move it. */
  pages: z.array(z.url({ protocol: /^https?$/ })).default([HIRING_PAGE_FR, HIRING_PAGE_EN]),
});
export type PerenSettings = z.infer<typeof perenSettings>;

export const perenSource: Source<PerenSettings> = {
  id: 'peren',
  label: 'Page recrutement du PEReN',
  kind: 'hiring-page',
  precedence: 0,
  defaultEnabled: true,
  policy: PEREN_POLICY,
  republisherHosts: [],
  // Tiles are not openings: they are never linked by identity.
  identityKeys: () => [],
  unlinkedFromHiringPage: { severity: 'warning' },
  settings: perenSettings,
  start: (settings) =>
    settings.pages.map((page) => ({
      url: canonicalUrl(page, page, PEREN_POLICY) ?? page,
      role: 'inventory',
      label: HIRING_PAGE_LABEL,
    })),
  parse(page: FetchedPage): ParseResult {
    if (page.request.label !== HIRING_PAGE_LABEL) {
      return unrecognisedPage(page.url, `PEReN: no parser for "${page.request.label}" pages`);
    }
    return parseHiringPage(page);
  },
  classify: (body) => (looksLikeHiringPage(loadPageDocument(body)) ? HIRING_PAGE_LABEL : null),
};
