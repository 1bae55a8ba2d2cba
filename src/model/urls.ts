/** URL identity: the same offer must get the same URL whatever host variant or scheme a page used. */

export interface HostPolicy {
  /** Every host the source's requests may go to, canonical spellings. */
  hosts: readonly string[];
  /** Host variants → canonical host (e.g. `www.passerelles.economie.gouv.fr` → `passerelles.economie.gouv.fr`). */
  aliases: Readonly<Record<string, string>>;
}

/**
 * Resolves `href` against `base` and canonicalises it: https, canonical host, no fragment,
 * no default port. Returns null for a link that is not http(s).
 */
export function canonicalUrl(href: string, base: string, policy: HostPolicy): string | null {
  let url: URL;
  try {
    url = new URL(href.trim(), base);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  const host = url.hostname.toLowerCase();
  const canonical = policy.aliases[host] ?? host;
  if (policy.hosts.includes(canonical)) {
    url.protocol = 'https:';
    url.hostname = canonical;
    url.port = '';
  }
  url.hash = '';
  return url.toString();
}

/** True when the URL's host is one of the policy's hosts or aliases. */
export function isOwnHost(url: string, policy: HostPolicy): boolean {
  try {
    const host = new URL(url).hostname.toLowerCase();
    return policy.hosts.includes(policy.aliases[host] ?? host);
  } catch {
    return false;
  }
}

/**
 * True when an item's link stays on the portal that lists it: one of the source's hosts, or the
 * host of the page itself (a capture of another tenant of the same platform). A feed item pointing
 * at another site is not the portal's offer, whatever it claims.
 */
export function isOnPortal(url: string, pageUrl: string, policy: HostPolicy): boolean {
  if (isOwnHost(url, policy)) return true;
  try {
    return new URL(url).hostname.toLowerCase() === new URL(pageUrl).hostname.toLowerCase();
  } catch {
    return false;
  }
}
