import type { BaseSourceSettings, PageRequest, Source } from '../model/source.ts';

/**
 * The union of every organisation's first requests (each with its own settings of the source, its
 * searches), each URL once: a feed everyone reads is fetched once, and two organisations searching
 * the same words share it. A scrape crawls from these; `doctor` probes them.
 */
export function unionStartRequests<S extends BaseSourceSettings>(
  source: Source<S>,
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
