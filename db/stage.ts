/**
 * A run's staging area: what its inventory listed, written page by page, enriched from offer pages,
 * then applied to `postings` in the run's final transaction and cleared with it. A run therefore
 * holds no posting in memory, and a killed run leaves only rows that the next scrape drops.
 */
import type { Db } from './database.ts';
import { prepared } from './statements.ts';

/** `reused`: the offer page of an earlier run still stands (not due for a fetch). */
export type DetailState = 'none' | 'reused' | 'fetched' | 'failed' | 'not-understood';

export interface StagedRow {
  sourceId: string;
  seq: number;
  /** The listing names the organisation: only these rows are enriched and applied. */
  matchesOrganisation: boolean;
  /** JSON of what the inventory said (a ParsedPosting). */
  item: string;
  inventoryHash: string;
  detailState: DetailState;
  /** JSON of the offer page's posting, when fetched in this run. */
  detail: string | null;
  detailAt: string | null;
  detailError: string | null;
  filled: boolean;
}

export interface RawStaged {
  source_id: string;
  seq: number;
  matches_organisation: number;
  item: string;
  inventory_hash: string;
  detail_state: DetailState;
  detail: string | null;
  detail_at: string | null;
  detail_error: string | null;
  filled: number;
}

export const toRow = (r: RawStaged): StagedRow => ({
  sourceId: r.source_id,
  seq: r.seq,
  matchesOrganisation: r.matches_organisation === 1,
  item: r.item,
  inventoryHash: r.inventory_hash,
  detailState: r.detail_state,
  detail: r.detail,
  detailAt: r.detail_at,
  detailError: r.detail_error,
  filled: r.filled === 1,
});

/** The item already staged for this id in this run (a posting listed twice), if any. */
export function stagedItem(db: Db, runId: number, sourceId: string): { seq: number; item: string } | undefined {
  return prepared<[number, string], { seq: number; item: string }>(
    db,
    'SELECT seq, item FROM run_stage WHERE run_id = ? AND source_id = ?',
  ).get(runId, sourceId);
}

export function stageItem(
  db: Db,
  runId: number,
  row: { sourceId: string; seq: number; matchesOrganisation: boolean; item: string; inventoryHash: string },
): void {
  prepared(
    db,
    `INSERT INTO run_stage (run_id, source_id, seq, matches_organisation, item, inventory_hash) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (run_id, source_id) DO UPDATE SET matches_organisation = excluded.matches_organisation, item = excluded.item, inventory_hash = excluded.inventory_hash`,
  ).run(runId, row.sourceId, row.seq, row.matchesOrganisation ? 1 : 0, row.item, row.inventoryHash);
}

/** Rows the inventory listed (all employers), and those naming the organisation. */
export function stagedCounts(db: Db, runId: number): { listed: number; matched: number } {
  return prepared<[number], { listed: number; matched: number | null }>(
    db,
    'SELECT COUNT(*) AS listed, SUM(matches_organisation) AS matched FROM run_stage WHERE run_id = ?',
  )
    .all(runId)
    .map((r) => ({ listed: r.listed, matched: r.matched ?? 0 }))[0]!;
}

/** The next rows naming the organisation after `afterSeq`, in listing order (runs walk their stage in batches). */
export function matchedBatch(db: Db, runId: number, afterSeq: number, limit: number): StagedRow[] {
  return prepared<[number, number, number], RawStaged>(
    db,
    'SELECT * FROM run_stage WHERE run_id = ? AND matches_organisation = 1 AND seq > ? ORDER BY seq LIMIT ?',
  )
    .all(runId, afterSeq, limit)
    .map(toRow);
}

export function setStagedDetail(
  db: Db,
  runId: number,
  sourceId: string,
  d: {
    state: DetailState;
    detail: string | null;
    detailAt: string | null;
    detailError: string | null;
    filled: boolean;
  },
): void {
  prepared(
    db,
    'UPDATE run_stage SET detail_state = ?, detail = ?, detail_at = ?, detail_error = ?, filled = ? WHERE run_id = ? AND source_id = ?',
  ).run(d.state, d.detail, d.detailAt, d.detailError, d.filled ? 1 : 0, runId, sourceId);
}

/** Offer-page problems of the run (fetch failures, pages not understood), with the offer page's URL. */
export function stagedDetailProblems(
  db: Db,
  runId: number,
): { sourceId: string; state: DetailState; error: string; url: string }[] {
  return prepared<[number], { source_id: string; detail_state: DetailState; detail_error: string; url: string }>(
    db,
    `SELECT source_id, detail_state, detail_error, coalesce(json_extract(item, '$.detail.url'), json_extract(item, '$.posting.url')) AS url
     FROM run_stage WHERE run_id = ? AND detail_state IN ('failed', 'not-understood') ORDER BY seq`,
  )
    .all(runId)
    .map((r) => ({ sourceId: r.source_id, state: r.detail_state, error: r.detail_error, url: r.url }));
}

export function clearStage(db: Db, runId: number): void {
  prepared(db, 'DELETE FROM run_stage WHERE run_id = ?').run(runId);
}
