/**
 * Where Passerelles lives and how its URLs are spelled (docs/portals.md §1): the host policy, the
 * channel URLs and the Talentsoft offer id every offer URL carries.
 */
import type { PageRequest } from '../../src/model/source.ts';
import { canonicalUrl, type HostPolicy } from '../../src/model/urls.ts';
import type { PasserellesSettings } from './settings.ts';

const PASSERELLES_ORIGIN = 'https://passerelles.economie.gouv.fr';

export const passerellesPolicy: HostPolicy = {
  hosts: ['passerelles.economie.gouv.fr'],
  aliases: { 'www.passerelles.economie.gouv.fr': 'passerelles.economie.gouv.fr' },
};

const LISTING_SERIES = 'listing';

export function rssRequest(settings: PasserellesSettings): PageRequest {
  const top = settings.rssTop === null ? '' : `&top=${settings.rssTop}`;
  return {
    url: `${PASSERELLES_ORIGIN}/handlers/offerRss.ashx?LCID=${settings.lcid}${top}`,
    role: 'inventory',
    label: 'rss',
  };
}

export function listingRequest(settings: PasserellesSettings, page: number): PageRequest {
  const url = `${PASSERELLES_ORIGIN}${settings.listingPath}?page=${page}&LCID=${settings.lcid}`;
  return { url, role: 'inventory', label: 'listing', series: LISTING_SERIES, page };
}

export function offerRequest(offer: OfferIdentity): PageRequest {
  return { url: offer.url, role: 'detail', label: 'offer', sourceId: offer.sourceId };
}

export interface OfferIdentity {
  /** The Talentsoft offer id (`5372`), never the reference nor the post code in the slug. */
  sourceId: string;
  url: string;
}

/**
 * The offer a link points at: `/offre-de-emploi/emploi-<slug>_<id>.aspx` (any slug, any language
 * folder) or `/Pages/Offre/detailoffre.aspx?idOffre=<id>`. The canonical URL drops the query of the
 * first form and keeps only `idOffre` in the second, as the PEReN hiring-page scraper does.
 */
export function offerIdentity(href: string, base: string): OfferIdentity | null {
  const canonical = canonicalUrl(href, base, passerellesPolicy);
  if (!canonical) return null;
  // The id forms are the Talentsoft platform's, whatever the tenant's host (other tenants' captures parse too).
  const url = new URL(canonical);
  const slugForm = /_(\d+)\.aspx$/i.exec(url.pathname);
  if (slugForm) return { sourceId: slugForm[1]!, url: `${url.origin}${url.pathname}` };
  if (/\/detailoffre\.aspx$/i.test(url.pathname)) {
    const id = [...url.searchParams].find(([key]) => key.toLowerCase() === 'idoffre')?.[1]?.trim();
    if (id && /^\d+$/.test(id)) return { sourceId: id, url: `${url.origin}${url.pathname}?idOffre=${id}` };
  }
  return null;
}
