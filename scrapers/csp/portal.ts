/**
 * Where Choisir le service public lives and how its URLs are spelled (docs/portals.md §2): the host
 * policy, search URLs and the offer reference carried by every offer URL.
 */
import { canonicalUrl, type HostPolicy } from '../../src/model/urls.ts';

const CSP_ORIGIN = 'https://choisirleservicepublic.gouv.fr';

export const cspPolicy: HostPolicy = {
  hosts: ['choisirleservicepublic.gouv.fr', 'place-ep-recrute.talent-soft.com'],
  aliases: {
    'www.choisirleservicepublic.gouv.fr': 'choisirleservicepublic.gouv.fr',
    // PEReN's hiring page still links the portal's former name.
    'place-emploi-public.gouv.fr': 'choisirleservicepublic.gouv.fr',
    'www.place-emploi-public.gouv.fr': 'choisirleservicepublic.gouv.fr',
  },
};

/**
 * The keyword path segment: accents dropped, words joined by `+`. With `-` the portal takes the
 * words as one literal term and silently answers an empty page.
 */
export function keywordSlug(term: string): string {
  return term
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '+')
    .replace(/^\++|\++$/g, '');
}

/** Page `page` (1-based) of the keyword search for `term`. */
export function searchUrl(term: string, page = 1): string {
  const base = `${CSP_ORIGIN}/nos-offres/filtres/mot-cles/${keywordSlug(term)}/`;
  return page > 1 ? `${base}page/${page}/` : base;
}

const SEARCH_PATH = /^(\/nos-offres\/filtres\/.*?\/)(?:page\/(\d+)\/?)?$/;

/** The search a results URL belongs to (without its page part) and its page number. */
export function searchPageOf(url: string): { base: string; page: number; keywords: string | null } | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  const path = parsed.pathname.endsWith('/') ? parsed.pathname : `${parsed.pathname}/`;
  const match = SEARCH_PATH.exec(path);
  if (!match) return null;
  const keywords = /\/mot-cles\/([^/]+)\//.exec(match[1]!)?.[1] ?? null;
  return { base: `${parsed.origin}${match[1]}`, page: match[2] ? Number(match[2]) : 1, keywords };
}

/** Any reference the portal prints: letters, digits, `_` and `-`, ending with a digit. */
const REFERENCE = /^[A-Za-z0-9][A-Za-z0-9_-]*[0-9]$/;
/** The shapes seen so far (`2026-2357158`, `MEF_2026-32366`, `DEF_14-00069057`, `O056261001001569`), to tell a short offer URL from a slug. */
const KNOWN_REFERENCE = /^(?:[A-Z]{2,6}_)?\d{2,4}-\d{4,}$|^[A-Z]\d{10,}$/;

/**
 * The offer reference in an offer URL: `/offre-emploi/<slug>-reference-<REF>/` or the short
 * form `/offre-emploi/<REF>/` that the RSS export links.
 */
export function referenceFromUrl(url: string): string | null {
  let path: string;
  try {
    path = decodeURIComponent(new URL(url).pathname);
  } catch {
    return null;
  }
  const long = /-reference-([^/?#"]+)\/?$/.exec(path)?.[1];
  if (long) return REFERENCE.test(long) ? long : null;
  const short = /^\/offre-emploi\/([^/]+)\/?$/.exec(path)?.[1];
  return short && KNOWN_REFERENCE.test(short) ? short : null;
}

/** True for a plausible reference as the portal prints it (hidden inputs, `p.number`). */
export function isReference(text: string | null | undefined): text is string {
  return !!text && REFERENCE.test(text);
}

/** Canonical offer URL and reference for a link found on a page, or null when it is no offer. */
export function offerIdentity(href: string, base: string): { url: string; reference: string } | null {
  const url = canonicalUrl(href, base, cspPolicy);
  if (!url || new URL(url).hostname !== 'choisirleservicepublic.gouv.fr') return null;
  const reference = referenceFromUrl(url);
  return reference ? { url, reference } : null;
}

/** The short offer URL, for a reference met without a link. */
export function offerUrlFor(reference: string): string {
  return `${CSP_ORIGIN}/offre-emploi/${encodeURIComponent(reference)}/`;
}

/** The Talentsoft RSS export behind the portal, one feed per "organisme de rattachement". */
export function rssUrl(entity: string): string {
  return `https://place-ep-recrute.talent-soft.com/handlers/offerRss.ashx?LCID=1036&Rss_Entity=${encodeURIComponent(entity)}`;
}
