/** The hiring page's tiles as its source stored them (for PEReN, scrapers/peren/link-postings.ts). */
import type { Db } from '../../db/database.ts';
import { postingsOfSource } from '../../db/postings.ts';
import { HIRING_PAGES } from '../../scrapers/index.ts';
import type { StoredPosting } from '../model/lifecycle.ts';

export interface Tile {
  stored: StoredPosting;
  title: string;
  /** Canonical offer URL, or the canonical link when it is no known offer. */
  url: string;
  hrefAsWritten: string;
  lang: string | null;
  readAs: string | null;
  /** `passerelles`, `csp`, `pass`, or null when the link is no known portal offer. */
  targetSource: string | null;
  targetId: string | null;
  /** One of the page's links to this offer used an old host or a `www.` spelling. */
  oldHost: boolean;
  /** Titles of every link to this offer on one page, when it was linked more than once. */
  duplicateTitles: string[];
}

function readTile(stored: StoredPosting): Tile {
  const { posting } = stored;
  const extra = posting.extra;
  const known = extra.targetSource !== undefined && extra.targetSource !== 'unknown';
  return {
    stored,
    title: posting.title,
    url: posting.url,
    hrefAsWritten: extra.hrefAsWritten ?? posting.url,
    lang: extra.lang ?? null,
    readAs: extra.readAs ?? null,
    targetSource: known ? extra.targetSource! : null,
    targetId: known ? (extra.targetId ?? null) : null,
    oldHost: extra.oldHost === 'true',
    duplicateTitles: extra.duplicateTitles ? extra.duplicateTitles.split(' | ') : [],
  };
}

/** Tiles currently on the page: the lifecycle closes those the page's healthy runs no longer show. */
export function currentTiles(db: Db, organisation: string | null = null): Tile[] {
  return HIRING_PAGES.flatMap((source) => postingsOfSource(db, source.id, organisation))
    .filter((stored) => stored.state !== 'closed')
    .map(readTile);
}
