/**
 * `--save` must give a folder that a scrape reads to the same postings as the live portal. The
 * probe plan stops at listing page 2 and one offer page per layout; a scrape goes further, so the
 * capture adds what a first scrape would fetch: the whole inventory (same crawl, same stopping
 * rules) and the offer page of every posting of the organisation.
 */
import type { OrganisationMatcher } from '../model/organisation.ts';
import type { BaseSourceSettings, ParsedPosting, Source } from '../model/source.ts';
import { combineListings } from '../pipeline/combine-listings.ts';
import { crawlInventory, readInProcess } from '../pipeline/crawl.ts';
import type { PageVisits } from './probe-page.ts';

export async function completeCapture(
  source: Source,
  settings: BaseSourceSettings,
  visits: PageVisits,
  matcher: OrganisationMatcher,
): Promise<void> {
  const listed = new Map<string, ParsedPosting>();
  const keep = (items: readonly ParsedPosting[]) => {
    for (const item of items) {
      const known = listed.get(item.posting.sourceId);
      listed.set(item.posting.sourceId, known ? combineListings(known, item) : item);
    }
  };
  await crawlInventory(
    source,
    settings,
    readInProcess(source, settings, async (request) => {
      const { page, probe } = await visits.visit(request, 'inventory');
      if (!page) throw new Error(probe.fetchError?.message ?? `could not fetch ${request.url}`);
      return page;
    }),
    keep,
  );
  for (const item of listed.values()) {
    if (item.detail && matcher.matchesAny(item.orgHints)) await visits.visit(item.detail, 'detail');
  }
}
