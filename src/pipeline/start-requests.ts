import type { BaseSourceSettings, PageRequest, SourceFacts } from '../model/source.ts';
import type { HostPolicy } from '../model/urls.ts';

/**
 * The union of every organisation's first requests (each with its own settings of the source, its
 * searches), each URL once: a feed everyone reads is fetched once, and two organisations searching
 * the same words share it. A scrape crawls from these; `doctor` probes them.
 */
export function unionStartRequests<S extends BaseSourceSettings>(
  source: SourceFacts<S>,
  settings: S,
  organisationSettings: readonly Readonly<Record<string, unknown>>[],
): PageRequest[] {
  const byUrl = new Map<string, PageRequest>();
  const each = organisationSettings.length > 0 ? organisationSettings : [{}];
  for (const own of each)
    for (const request of source.start({ ...settings, ...own }))
      if (!byUrl.has(request.url)) byUrl.set(request.url, request);
  return [...byUrl.values()];
}

/**
 * A hiring page may be on any employer's site: its source's hosts are those of the pages it reads
 * too, so their redirects are followed and `baseUrl` (fixture portals) stands in for them.
 */
export function crawlPolicy<S extends BaseSourceSettings>(
  source: SourceFacts<S>,
  starts: readonly PageRequest[],
): HostPolicy {
  if (source.kind !== 'hiring-page') return source.policy;
  const hosts = new Set(source.policy.hosts);
  for (const request of starts) hosts.add(new URL(request.url).hostname.toLowerCase());
  return { ...source.policy, hosts: [...hosts] };
}
