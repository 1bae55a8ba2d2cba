/**
 * Finds the portal postings a tile points at. A posting answers to its own (source, id), its
 * canonical URL and the offer its URL identifies (a PASS posting's slug, a CSP reference). When no
 * posting is the tile's offer itself (its portal is not read, say), re-publications answer for it:
 * postings whose original offer link is the tile's target (a CSP offer whose "apply" link is the
 * Passerelles offer).
 */

import { identifyOfferLink } from '../../scrapers/peren/offer-links.ts';
import type { StoredPosting } from '../model/lifecycle.ts';
import type { OpeningView } from '../read-model/opening-view.ts';
import type { Tile } from './tiles.ts';

export interface IndexedPosting {
  stored: StoredPosting;
  opening: OpeningView;
}

function linkKeys(url: string | null): string[] {
  if (!url) return [];
  const offer = identifyOfferLink(url);
  return offer ? [`url:${url}`, `url:${offer.url}`, `offer:${offer.source}:${offer.id}`] : [`url:${url}`];
}

function add(index: Map<string, IndexedPosting[]>, keys: readonly string[], entry: IndexedPosting): void {
  for (const key of new Set(keys)) index.set(key, [...(index.get(key) ?? []), entry]);
}

export class OfferIndex {
  private readonly own = new Map<string, IndexedPosting[]>();
  private readonly republished = new Map<string, IndexedPosting[]>();

  constructor(openings: readonly OpeningView[]) {
    for (const opening of openings) {
      for (const { stored } of opening.postings) {
        const { posting } = stored;
        const entry = { stored, opening };
        add(this.own, [`offer:${posting.source}:${posting.sourceId}`, ...linkKeys(posting.url)], entry);
        add(this.republished, linkKeys(posting.originalUrl), entry);
      }
    }
  }

  /** The postings that are the tile's offer, oldest first; empty when no portal shows it. */
  offerOf(tile: Tile): IndexedPosting[] {
    const keys = [...linkKeys(tile.url), ...(tile.targetSource ? [`offer:${tile.targetSource}:${tile.targetId}`] : [])];
    const lookup = (index: Map<string, IndexedPosting[]>) => {
      const found = new Map<number, IndexedPosting>();
      for (const key of keys) for (const entry of index.get(key) ?? []) found.set(entry.stored.id, entry);
      return [...found.values()].sort((a, b) => a.stored.id - b.stored.id);
    };
    const own = lookup(this.own);
    return own.length > 0 ? own : lookup(this.republished);
  }
}
