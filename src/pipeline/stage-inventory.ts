/**
 * Writes each inventory page's postings to the run's stage, one transaction per page. The same
 * posting listed twice (feed and listing, two searches, the hiring page in two languages) is
 * merged there, the first listing winning; which organisations it names is decided on the merged
 * hints (one crawl serves them all: `matches_organisation` says it names at least one, the matches say which).
 * Serialising drops every reference to the page: its body is freed once parsed.
 */
import type { Db } from '../../db/database.ts';
import { stagedItem, stageItem } from '../../db/stage.ts';
import { setStageMatches } from '../../db/stage-matches.ts';
import { readParsedPosting, writeParsedPosting } from '../model/parsed-posting-json.ts';
import type { ParsedPosting } from '../model/source.ts';
import { combineListings } from './combine-listings.ts';
import type { InventorySink } from './crawl.ts';
import { inventoryHash } from './enrich.ts';

/** An organisation as the stage sees it: whose postings, told by their hints (its names; for a hiring page, its pages). */
export interface StageOrganisation {
  id: string;
  matcher: { matchesAny(hints: ReadonlyArray<string | null | undefined>): boolean };
}

export function stageSink(db: Db, runId: number, organisations: readonly StageOrganisation[]): InventorySink {
  let seq = 0;
  const stagePage = db.transaction((items: readonly ParsedPosting[]) => {
    for (const item of items) {
      const sourceId = item.posting.sourceId;
      const known = stagedItem(db, runId, sourceId);
      const merged = known ? combineListings(readParsedPosting(known.item, `staged posting ${sourceId}`), item) : item;
      if (!known) seq += 1;
      const named = organisations.filter((o) => o.matcher.matchesAny(merged.orgHints)).map((o) => o.id);
      stageItem(db, runId, {
        sourceId,
        seq: known?.seq ?? seq,
        matchesOrganisation: named.length > 0,
        item: writeParsedPosting(merged),
        inventoryHash: inventoryHash(merged.posting),
      });
      setStageMatches(db, runId, sourceId, named);
    }
  });
  return (items) => stagePage(items);
}
