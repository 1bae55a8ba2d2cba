/** Crawls an inventory into memory (listings merged as the stage merges them), for parser and crawl tests. */
import type { BaseSourceSettings, ParsedPosting, Source } from '../../src/model/source.ts';
import { combineListings } from '../../src/pipeline/combine-listings.ts';
import { crawlInventory, type InventoryResult, type PageFetcher, readInProcess } from '../../src/pipeline/crawl.ts';

export async function crawlToMemory<S extends BaseSourceSettings>(
  source: Source<S>,
  settings: S,
  fetchPage: PageFetcher,
): Promise<InventoryResult & { postings: Map<string, ParsedPosting> }> {
  const postings = new Map<string, ParsedPosting>();
  const result = await crawlInventory(source, settings, readInProcess(source, settings, fetchPage), (items) => {
    for (const item of items) {
      const known = postings.get(item.posting.sourceId);
      postings.set(item.posting.sourceId, known ? combineListings(known, item) : item);
    }
  });
  return { ...result, postings };
}
