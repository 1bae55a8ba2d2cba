/**
 * Recognises offer URLs of the portals PEReN's hiring page links to (docs/portals.md §0–3), whatever
 * host variant or scheme the page used, so a tile and a portal listing name the same offer alike.
 */

export type OfferPortal = 'passerelles' | 'csp' | 'pass';

export interface OfferLink {
  source: OfferPortal;
  /** The portal's stable id: Passerelles' numeric id, the CSP reference, the PASS slug. */
  id: string;
  /** Canonical offer URL: https, canonical host, no query noise, no fragment. */
  url: string;
}

interface PortalRule {
  source: OfferPortal;
  canonicalHost: string;
  /** Spellings seen on pages that mean the same host; linking them is outdated. */
  aliases: readonly string[];
  /** Returns the id and the canonical path (with any query kept), or null when the URL is no offer. */
  match(url: URL): { id: string; pathAndQuery: string } | null;
}

const PORTAL_RULES: readonly PortalRule[] = [
  {
    source: 'passerelles',
    canonicalHost: 'passerelles.economie.gouv.fr',
    aliases: ['www.passerelles.economie.gouv.fr'],
    match(url) {
      // Talentsoft detail pages: French `/offre-de-emploi/emploi-<slug>_<id>.aspx`, English `/job/job-<slug>_<id>.aspx`.
      const slugForm = /^\/(?:offre-de-emploi\/emploi|job\/job)-[^/]*_(\d+)\.aspx$/i.exec(url.pathname);
      if (slugForm) return { id: slugForm[1]!, pathAndQuery: url.pathname };
      if (/\/detailoffre\.aspx$/i.test(url.pathname)) {
        const id = queryParam(url, 'idoffre');
        if (id && /^\d+$/.test(id)) return { id, pathAndQuery: `${url.pathname}?idOffre=${id}` };
      }
      return null;
    },
  },
  {
    source: 'csp',
    canonicalHost: 'choisirleservicepublic.gouv.fr',
    aliases: ['www.choisirleservicepublic.gouv.fr', 'place-emploi-public.gouv.fr', 'www.place-emploi-public.gouv.fr'],
    match(url) {
      const path = url.pathname.replace(/\/+$/, '');
      const withSlug = /^\/offre-emploi\/(?:[^/]*-)?reference-([^/]+)$/i.exec(path);
      // The short form carries the bare reference; slugs are lower case, references upper case with digits.
      const shortForm = /^\/offre-emploi\/((?=[A-Z0-9_-]*\d)[A-Z0-9_-]+)$/.exec(path);
      const id = withSlug?.[1] ?? shortForm?.[1];
      return id ? { id, pathAndQuery: `${path}/` } : null;
    },
  },
  {
    source: 'pass',
    canonicalHost: 'www.pass.fonction-publique.gouv.fr',
    aliases: ['pass.fonction-publique.gouv.fr'],
    match(url) {
      const path = url.pathname.replace(/\/+$/, '');
      const offer = /^\/offre\/([^/]+)$/.exec(path);
      return offer ? { id: offer[1]!, pathAndQuery: path } : null;
    },
  },
];

function queryParam(url: URL, lowerCaseName: string): string | null {
  for (const [key, value] of url.searchParams) if (key.toLowerCase() === lowerCaseName) return value.trim();
  return null;
}

function parseHttpUrl(href: string): URL | null {
  try {
    const url = new URL(href.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

function ruleFor(url: URL): PortalRule | undefined {
  const host = url.hostname.toLowerCase();
  return PORTAL_RULES.find((rule) => rule.canonicalHost === host || rule.aliases.includes(host));
}

/** The offer an absolute URL points at on a known portal, or null when it is no known offer URL. */
export function identifyOfferLink(href: string): OfferLink | null {
  const url = parseHttpUrl(href);
  const rule = url && ruleFor(url);
  const matched = url && rule?.match(url);
  if (!rule || !matched) return null;
  return { source: rule.source, id: matched.id, url: `https://${rule.canonicalHost}${matched.pathAndQuery}` };
}

/** True when a known portal's offer link uses a host spelling that should be updated (`www.`, old CSP host). */
export function usesOutdatedHost(href: string): boolean {
  const url = parseHttpUrl(href);
  const rule = url && ruleFor(url);
  return Boolean(url && rule && rule.canonicalHost !== url.hostname.toLowerCase());
}
