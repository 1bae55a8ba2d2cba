/**
 * Passerelles (passerelles.economie.gouv.fr), the ministry's Talentsoft career site (docs/portals.md §1).
 * Three channels: the RSS export for quick change detection, the paginated listing as the
 * authoritative inventory (the feed may hold only the newest offers), the offer page for every field.
 */
import type { FetchedPage, ParseResult, Source } from '../../src/model/source.ts';
import { unrecognisedPage } from '../../src/model/source.ts';
import { parseOfferPage } from './detail.ts';
import { passerellesFacts } from './facts.ts';
import { parseListing } from './listing.ts';
import { offerIdentity, offerRequest, passerellesPolicy } from './portal.ts';
import type { PasserellesSettings } from './settings.ts';
import { parseTalentsoftRss } from './talentsoft-rss.ts';

export type { PasserellesSettings } from './settings.ts';

export const passerellesSource: Source<PasserellesSettings> = {
  ...passerellesFacts,
  parse(page: FetchedPage, settings: PasserellesSettings): ParseResult {
    switch (page.request.label) {
      case 'rss':
        return parseRss(page);
      case 'listing':
        return parseListing(page, settings);
      case 'offer':
        return parseOfferPage(page);
      default:
        return unrecognisedPage(page.url, `Passerelles: no parser for "${page.request.label}" pages`);
    }
  },
  classify: classifyPasserellesPage,
};

function parseRss(page: FetchedPage): ParseResult {
  const result = parseTalentsoftRss(page.body, page.url, {
    source: 'passerelles',
    policy: passerellesPolicy,
    identify: (link) => offerIdentity(link, page.url),
  });
  return { ...result, postings: result.postings.map((item) => ({ ...item, detail: offerRequest(item.posting) })) };
}

/**
 * What a saved body is. Offer pages come first: they end with other offers in the listing's
 * card markup.
 */
export function classifyPasserellesPage(body: string): string | null {
  if (/<rss[\s>]/i.test(body) && /<channel[\s>]/i.test(body)) return 'rss';
  if (/id=["']contenu-ficheoffre["']|class=["'][^"']*ts-offer-page__title/i.test(body)) return 'offer';
  if (/class=["'][^"']*ts-offer-(?:list-item|card)\b|Pagination_TotalOffers/i.test(body)) return 'listing';
  return null;
}
