/**
 * DSFR tiles, the way the hiring page lists openings (docs/portals.md §0):
 * `div.fr-tile > div.fr-tile__body > h4.fr-tile__title > a.fr-tile__link[href]`. Later DSFR
 * releases add a `fr-tile__content` wrapper and drop the link class, and the heading level is
 * the author's choice, so the link is looked up loosely inside the tile's title.
 */
import type { CheerioAPI } from 'cheerio';
import { anchorLink, type RawLink } from './page-links.ts';

export interface TileReading {
  /** How many `.fr-tile` elements the page has. */
  tileCount: number;
  /** One link per readable tile, in page order. */
  links: RawLink[];
  /** Tiles without a usable link, for warnings. */
  unreadable: string[];
}

const TILE_LINK_SELECTORS = ['.fr-tile__title a[href]', 'a.fr-tile__link[href]'] as const;

export function readTiles($: CheerioAPI): TileReading {
  const tiles = $('.fr-tile').toArray();
  const links: RawLink[] = [];
  const unreadable: string[] = [];
  tiles.forEach((tile, index) => {
    const anchor = TILE_LINK_SELECTORS.map((selector) => $(tile).find(selector).first()).find(
      (found) => found.length > 0,
    );
    const link = anchor && anchorLink(anchor);
    if (link) links.push(link);
    else unreadable.push(`tile ${index + 1} has no link in its .fr-tile__title`);
  });
  return { tileCount: tiles.length, links, unreadable };
}
