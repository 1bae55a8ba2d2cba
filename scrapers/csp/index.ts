/**
 * Choisir le service public (choisirleservicepublic.gouv.fr), the State's common job portal that
 * replaced Place de l'Emploi Public. Keyword searches list the offers, offer pages give the details,
 * and the Talentsoft RSS export behind the portal is an optional extra channel.
 */
import type { FetchedPage, ParseResult, Source } from '../../src/model/source.ts';
import { unrecognisedPage } from '../../src/model/source.ts';
import { cspFacts } from './facts.ts';
import { parseListingPage } from './listing.ts';
import { parseOfferPage } from './offer.ts';
import { parseRssFeed } from './rss.ts';
import type { CspSettings } from './settings.ts';

export type { CspSettings } from './settings.ts';

function parse(page: FetchedPage): ParseResult {
  switch (page.request.label) {
    case 'listing':
      return parseListingPage(page);
    case 'offer':
      return parseOfferPage(page);
    case 'rss':
      return parseRssFeed(page.body, page.url);
    default:
      return unrecognisedPage(page.url, `CSP: no parser for "${page.request.label}" pages`);
  }
}

/** Offer pages first: they also hold offer cards (recommended offers). */
function classify(body: string): string | null {
  if (/<rss[\s>]/.test(body) && /<channel[\s>]/.test(body)) return 'rss';
  if (/class="[^"]*\bmain-content-single-offer\b/.test(body) || /"@type"\s*:\s*"JobPosting"/.test(body)) return 'offer';
  if (/\bfr-card--offer\b|\bfr-card__title\b/.test(body) || /nos-offres\/filtres\//.test(body)) return 'listing';
  return null;
}

export const cspSource: Source<CspSettings> = {
  ...cspFacts,
  parse,
  classify,
};
