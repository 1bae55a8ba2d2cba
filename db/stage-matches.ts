/**
 * Which organisations each staged posting names. The stage is shared by every organisation (one
 * crawl fetches each page once); each organisation's lifecycle then walks only its own matches.
 */
import type { Db } from './database.ts';
import { type RawStaged, type StagedRow, toRow } from './stage.ts';
import { prepared } from './statements.ts';

/** Replaces the organisations a staged posting names (a posting listed twice is judged on its merged hints). */
export function setStageMatches(db: Db, runId: number, sourceId: string, organisations: readonly string[]): void {
  prepared(db, 'DELETE FROM run_stage_matches WHERE run_id = ? AND source_id = ?').run(runId, sourceId);
  const insert = prepared(db, 'INSERT INTO run_stage_matches (run_id, source_id, organisation) VALUES (?, ?, ?)');
  for (const organisation of organisations) insert.run(runId, sourceId, organisation);
}

/** The organisations each of some staged postings names. */
export function stageMatchesOf(db: Db, runId: number, sourceIds: readonly string[]): Map<string, string[]> {
  const rows = prepared<[number, string], { source_id: string; organisation: string }>(
    db,
    `SELECT source_id, organisation FROM run_stage_matches
     WHERE run_id = ? AND source_id IN (SELECT value FROM json_each(?)) ORDER BY organisation`,
  ).all(runId, JSON.stringify(sourceIds));
  const byId = new Map<string, string[]>();
  for (const r of rows) byId.set(r.source_id, [...(byId.get(r.source_id) ?? []), r.organisation]);
  return byId;
}

/** The next staged postings one organisation matched after `afterSeq`, in listing order: ids only, no content. */
export function matchedBatch(
  db: Db,
  runId: number,
  organisation: string,
  afterSeq: number,
  limit: number,
): { sourceId: string; seq: number }[] {
  return prepared<[number, string, number, number], { sourceId: string; seq: number }>(
    db,
    `SELECT s.source_id AS sourceId, s.seq FROM run_stage s JOIN run_stage_matches m ON m.run_id = s.run_id AND m.source_id = s.source_id
     WHERE s.run_id = ? AND m.organisation = ? AND s.seq > ? ORDER BY s.seq LIMIT ?`,
  ).all(runId, organisation, afterSeq, limit);
}

/** One staged posting with what the run saw of it (read one at a time: it holds an offer page's posting). */
export function stagedRow(db: Db, runId: number, sourceId: string): StagedRow {
  return toRow(
    prepared<[number, string], RawStaged>(db, 'SELECT * FROM run_stage WHERE run_id = ? AND source_id = ?').get(
      runId,
      sourceId,
    )!,
  );
}

export function clearStageMatches(db: Db, runId: number): void {
  prepared(db, 'DELETE FROM run_stage_matches WHERE run_id = ?').run(runId);
}
