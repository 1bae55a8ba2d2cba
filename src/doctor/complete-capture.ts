/**
 * `--save` must give a folder that a scrape reads to the same postings as the live portal. The
 * probe plan stops at listing page 2 and one offer page per layout; a scrape goes further, so the
 * capture adds what a first scrape would fetch: the whole inventory (same crawl, same stopping
 * rules) and the offer page of every posting of the organisation.
 */
import type { OrganisationMatcher } from '../model/organisation.ts';
import type { BaseSourceSettings, Source } from '../model/source.ts';
import { crawlInventory } from '../pipeline/crawl.ts';
import type { PageVisits } from './probe-page.ts';

export async function completeCapture(source: Source, settings: BaseSourceSettings, visits: PageVisits, matcher: OrganisationMatcher): Promise<void> {
  const inventory = await crawlInventory(source, settings, async (request) => {
    const { page, probe } = await visits.visit(request, 'inventory');
    if (!page) throw new Error(probe.fetchError?.message ?? `could not fetch ${request.url}`);
    return page;
  });
  for (const item of inventory.postings.values()) {
    if (item.detail && matcher.matchesAny(item.orgHints)) await visits.visit(item.detail, 'detail');
  }
}
