/** Loading opening views: a few at a time, a page at a time, or (for reconciliation) all of them. */
import type { Db } from '../../db/database.ts';
import {
  allOpeningIds,
  countOpenings,
  findOpeningByUid,
  type OpeningCursor,
  type OpeningFilter,
  openingMembers,
  openingRows,
  pageOfOpeningIds,
} from '../../db/openings.ts';
import { buildOpeningView, type OpeningView } from './opening-view.ts';

export type { OpeningCursor, OpeningFilter } from '../../db/openings.ts';

/** Views of these openings, in the order given (ids of empty openings are skipped). */
export function openingViewsByIds(db: Db, ids: readonly number[]): OpeningView[] {
  if (ids.length === 0) return [];
  const rows = new Map(openingRows(db, ids).map((row) => [row.id, row]));
  const members = openingMembers(db, ids);
  const views: OpeningView[] = [];
  for (const id of ids) {
    const row = rows.get(id);
    const view = row && buildOpeningView(row, members.get(id) ?? []);
    if (view) views.push(view);
  }
  return views;
}

export function openingByUid(db: Db, uid: string): OpeningView | undefined {
  const row = findOpeningByUid(db, uid);
  return row ? openingViewsByIds(db, [row.id])[0] : undefined;
}

const BATCH = 500;

/** Every opening, in id order, loaded in batches (reconciliation compares them all with the hiring page). */
export function allOpeningViews(db: Db, organisation: string | null = null): OpeningView[] {
  const ids = allOpeningIds(db, organisation);
  const views: OpeningView[] = [];
  for (let i = 0; i < ids.length; i += BATCH) views.push(...openingViewsByIds(db, ids.slice(i, i + BATCH)));
  return views;
}

export interface OpeningPage {
  views: OpeningView[];
  /** How many openings the filter matches in all. */
  total: number;
  /** Where the next page starts; null on the last page. */
  next: OpeningCursor | null;
}

/** One page of openings, newest change first, the filter applied before paging. */
export function pageOfOpenings(db: Db, filter: OpeningFilter, limit: number, after?: OpeningCursor): OpeningPage {
  const found = pageOfOpeningIds(db, filter, limit + 1, after);
  const page = found.slice(0, limit);
  return {
    views: openingViewsByIds(
      db,
      page.map((r) => r.id),
    ),
    total: countOpenings(db, filter),
    next: found.length > limit ? page.at(-1)!.cursor : null,
  };
}
