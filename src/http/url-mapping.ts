/**
 * Two URLs travel together: the canonical one (real portal host, what scrapers and the cache see)
 * and the actual one (what is fetched, on `baseUrl`'s origin when fixture portals stand in).
 */
import { canonicalUrl, type HostPolicy, isOwnHost } from '../model/urls.ts';

export interface FetchTarget {
  policy: HostPolicy;
  baseUrl?: string | undefined;
}

export interface Location {
  canonical: string;
  actual: string;
}

/** Where to fetch a canonical URL: its origin swapped for baseUrl's when the host is the source's own. */
export function locate(url: string, target: FetchTarget): Location {
  const canonical = canonicalUrl(url, url, target.policy) ?? url;
  if (!target.baseUrl || !isOwnHost(canonical, target.policy)) return { canonical, actual: canonical };
  return { canonical, actual: withOrigin(canonical, target.baseUrl) };
}

/**
 * Where a redirect leads, or null when it leaves the source's hosts (and baseUrl's origin).
 * A redirect to baseUrl's origin stays on the canonical host it came from.
 */
export function followRedirect(from: Location, href: string, target: FetchTarget): Location | null {
  let next: URL;
  try {
    next = new URL(href, from.actual);
  } catch {
    return null;
  }
  if (target.baseUrl && next.origin === new URL(target.baseUrl).origin) {
    const onCanonicalHost = withOrigin(next.href, from.canonical);
    const canonical = canonicalUrl(onCanonicalHost, onCanonicalHost, target.policy) ?? onCanonicalHost;
    return { canonical, actual: withoutHash(next.href) };
  }
  if (!isOwnHost(next.href, target.policy)) return null;
  // Without baseUrl the target is fetched as given: a server that redirects to its `www.` alias
  // would otherwise be sent back to the canonical host forever.
  const canonical = canonicalUrl(next.href, next.href, target.policy) ?? next.href;
  return { canonical, actual: target.baseUrl ? withOrigin(next.href, target.baseUrl) : withoutHash(next.href) };
}

function withOrigin(url: string, originOf: string): string {
  const origin = new URL(originOf);
  const result = new URL(url);
  result.protocol = origin.protocol;
  result.hostname = origin.hostname;
  result.port = origin.port;
  result.hash = '';
  return result.href;
}

function withoutHash(url: string): string {
  const result = new URL(url);
  result.hash = '';
  return result.href;
}
