/**
 * Choisir le service public (choisirleservicepublic.gouv.fr), the State's common job portal that
 * replaced Place de l'Emploi Public. Keyword searches list the offers, offer pages give the details,
 * and the Talentsoft RSS export behind the portal is an optional extra channel.
 */
import type { FetchedPage, PageRequest, ParseResult, Source } from '../../src/model/source.ts';
import { unrecognisedPage } from '../../src/model/source.ts';
import { cspFacts } from './facts.ts';
import { parseListingPage } from './listing.ts';
import { parseOfferPage } from './offer.ts';
import { keywordSlug, rssUrl, searchUrl } from './portal.ts';
import { parseRssFeed } from './rss.ts';
import type { CspSettings } from './settings.ts';

export type { CspSettings } from './settings.ts';

function start(settings: CspSettings): PageRequest[] {
  const requests: PageRequest[] = [];
  const slugs = new Set<string>();
  for (const term of settings.searchTerms) {
    // Two spellings of the same words would fetch the same pages twice.
    if (slugs.has(keywordSlug(term))) continue;
    slugs.add(keywordSlug(term));
    requests.push({ url: searchUrl(term), role: 'inventory', label: 'listing', series: term, page: 1 });
  }
  if (settings.rssEntity) requests.push({ url: rssUrl(settings.rssEntity), role: 'inventory', label: 'rss' });
  return requests;
}

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
  start,
  parse,
  classify,
};
