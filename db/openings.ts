/** Openings (one per real post), their links to postings, and the summary readers page through. */
import { randomUUID } from 'node:crypto';
import type { LinkReason } from '../src/model/events.ts';
import type { StoredPosting } from '../src/model/lifecycle.ts';
import type { Db } from './database.ts';
import { POSTING_COLUMNS, POSTING_ROW_COLUMNS, type RawPosting, toStored } from './postings.ts';
import { prepared } from './statements.ts';

export type OpeningStatus = 'open' | 'missing' | 'closed';

export interface OpeningLink {
  postingId: number;
  openingId: number;
  reason: LinkReason;
  score: number | null;
  manual: boolean;
  linkedAt: string;
}

export interface OpeningRow {
  id: number;
  uid: string;
  organisation: string;
  createdAt: string;
  /** As last summarised (see setOpeningSummary). */
  status: OpeningStatus;
}

interface RawLink {
  posting_id: number;
  opening_id: number;
  reason: LinkReason;
  score: number | null;
  manual: number;
  linked_at: string;
}

const toLink = (r: RawLink): OpeningLink => ({
  postingId: r.posting_id,
  openingId: r.opening_id,
  reason: r.reason,
  score: r.score,
  manual: r.manual === 1,
  linkedAt: r.linked_at,
});

const OPENING_COLUMNS = 'id, uid, organisation, created_at AS createdAt, status';

/** A new opening of an organisation with a fresh uid: the uid is the feed guid and never changes afterwards. */
export function createOpening(db: Db, at: string, organisation: string): number {
  return Number(
    prepared(db, 'INSERT INTO openings (uid, created_at, organisation) VALUES (?, ?, ?)').run(
      randomUUID(),
      at,
      organisation,
    ).lastInsertRowid,
  );
}

export function getOpening(db: Db, id: number): OpeningRow | undefined {
  return prepared<[number], OpeningRow>(db, `SELECT ${OPENING_COLUMNS} FROM openings WHERE id = ?`).get(id);
}

export function findOpeningByUid(db: Db, uid: string): OpeningRow | undefined {
  return prepared<[string], OpeningRow>(db, `SELECT ${OPENING_COLUMNS} FROM openings WHERE uid = ?`).get(uid);
}

export function openingRows(db: Db, ids: readonly number[]): OpeningRow[] {
  return prepared<[string], OpeningRow>(
    db,
    `SELECT ${OPENING_COLUMNS} FROM openings WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id`,
  ).all(JSON.stringify(ids));
}

export function allOpeningIds(db: Db, organisation: string | null = null): number[] {
  return prepared<[string | null, string | null], { id: number }>(
    db,
    'SELECT id FROM openings WHERE (? IS NULL OR organisation = ?) ORDER BY id',
  )
    .all(organisation, organisation)
    .map((r) => r.id);
}

/** Openings never summarised (created before summaries existed). */
export function unsummarisedOpeningIds(db: Db): number[] {
  return prepared<[], { id: number }>(db, 'SELECT id FROM openings WHERE updated_at IS NULL ORDER BY id')
    .all()
    .map((r) => r.id);
}

export function linkOf(db: Db, postingId: number): OpeningLink | undefined {
  const row = prepared<[number], RawLink>(db, 'SELECT * FROM opening_links WHERE posting_id = ?').get(postingId);
  return row && toLink(row);
}

export function setLink(db: Db, link: OpeningLink): void {
  prepared(
    db,
    `INSERT INTO opening_links (posting_id, opening_id, reason, score, manual, linked_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (posting_id) DO UPDATE SET opening_id = excluded.opening_id, reason = excluded.reason, score = excluded.score,
       manual = excluded.manual, linked_at = excluded.linked_at`,
  ).run(link.postingId, link.openingId, link.reason, link.score, link.manual ? 1 : 0, link.linkedAt);
}

/** Removes openings no posting belongs to any more (after a merge); their events stay, detached. */
export function deleteEmptyOpenings(db: Db): void {
  prepared(
    db,
    'UPDATE events SET opening_id = NULL WHERE opening_id IS NOT NULL AND opening_id NOT IN (SELECT opening_id FROM opening_links)',
  ).run();
  prepared(db, 'DELETE FROM openings WHERE id NOT IN (SELECT opening_id FROM opening_links)').run();
}

/** The openings of some postings. */
export function openingIdsOfPostings(db: Db, postingIds: readonly number[]): number[] {
  return prepared<[string], { opening_id: number }>(
    db,
    'SELECT DISTINCT opening_id FROM opening_links WHERE posting_id IN (SELECT value FROM json_each(?))',
  )
    .all(JSON.stringify(postingIds))
    .map((r) => r.opening_id);
}

export interface OpeningMember {
  stored: StoredPosting;
  link: OpeningLink;
}

/**
 * What a summary keeps of a posting's description: the openings' search text is an index, not the
 * record, so a batch of summaries costs the same whatever the descriptions hold.
 */
export const SUMMARY_DESCRIPTION_CHARS = 4000;

/**
 * A posting's JSON as summaries read it, cut down by SQLite before it reaches the heap: no HTML,
 * the text's first SUMMARY_DESCRIPTION_CHARS characters, no offer-page copy.
 */
const SUMMARY_CONTENT = `json_set(c.data, '$.descriptionHtml', NULL, '$.descriptionText',
    substr(json_extract(c.data, '$.descriptionText'), 1, ${SUMMARY_DESCRIPTION_CHARS})) AS data, NULL AS detail_data`;

/**
 * The postings of some openings with their links, by opening, in posting order. `summary`: their
 * contents cut to what an opening's summary reads (SUMMARY_CONTENT), for the lifecycle's refresh.
 */
export function openingMembers(
  db: Db,
  openingIds: readonly number[],
  content: 'whole' | 'summary' = 'whole',
): Map<number, OpeningMember[]> {
  const columns = content === 'whole' ? POSTING_COLUMNS : `${POSTING_ROW_COLUMNS}, ${SUMMARY_CONTENT}`;
  const rows = prepared<[string], RawPosting & RawLink>(
    db,
    `SELECT ${columns}, l.posting_id, l.opening_id, l.reason, l.score, l.manual, l.linked_at
     FROM opening_links l JOIN postings p ON p.id = l.posting_id JOIN posting_content c ON c.posting_id = p.id
     WHERE l.opening_id IN (SELECT value FROM json_each(?)) ORDER BY p.id`,
  ).all(JSON.stringify(openingIds));
  const byOpening = new Map<number, OpeningMember[]>();
  for (const row of rows) {
    const list = byOpening.get(row.opening_id) ?? [];
    list.push({ stored: toStored(row), link: toLink(row) });
    byOpening.set(row.opening_id, list);
  }
  return byOpening;
}

export interface OpeningSummary {
  status: OpeningStatus;
  title: string;
  updatedAt: string;
  publishedAt: string;
  /** Folded words a reader's `q` is looked for in. */
  searchText: string;
}

export function setOpeningSummary(db: Db, id: number, s: OpeningSummary): void {
  prepared(
    db,
    'UPDATE openings SET status = ?, title = ?, updated_at = ?, updated_ms = ?, published_ms = ?, search_text = ? WHERE id = ?',
  ).run(s.status, s.title, s.updatedAt, Date.parse(s.updatedAt), Date.parse(s.publishedAt), s.searchText, id);
}

/** What readers filter openings by; every part optional. `q` is already folded (foldForMatch). */
export interface OpeningFilter {
  /** One organisation's openings (every organisation's when absent). */
  organisation?: string | undefined;
  statuses?: readonly OpeningStatus[] | undefined;
  source?: string | undefined;
  q?: string | undefined;
}

/** Position after the last opening of a page, newest first (keyset paging). */
export interface OpeningCursor {
  updatedMs: number;
  publishedMs: number;
  uid: string;
}

const FILTER = `(:organisation IS NULL OR o.organisation = :organisation)
  AND (:statuses IS NULL OR o.status IN (SELECT value FROM json_each(:statuses)))
  AND (:source IS NULL OR EXISTS (SELECT 1 FROM opening_links l JOIN postings p ON p.id = l.posting_id WHERE l.opening_id = o.id AND p.source = :source))
  AND (:q IS NULL OR instr(o.search_text, :q) > 0)`;

const filterParams = (f: OpeningFilter) => ({
  organisation: f.organisation ?? null,
  statuses: f.statuses ? JSON.stringify(f.statuses) : null,
  source: f.source ?? null,
  q: f.q ?? null,
});

/** One page of openings, newest change first; `after` continues from a previous page. */
export function pageOfOpeningIds(
  db: Db,
  filter: OpeningFilter,
  limit: number,
  after?: OpeningCursor,
): { id: number; cursor: OpeningCursor }[] {
  const rows = prepared<
    [Record<string, unknown>],
    { id: number; uid: string; updated_ms: number; published_ms: number }
  >(
    db,
    `SELECT o.id, o.uid, o.updated_ms, o.published_ms FROM openings o
     WHERE ${FILTER} AND (:afterUid IS NULL OR (o.updated_ms, o.published_ms, o.uid) < (:afterUpdated, :afterPublished, :afterUid))
     ORDER BY o.updated_ms DESC, o.published_ms DESC, o.uid DESC LIMIT :limit`,
  ).all({
    ...filterParams(filter),
    afterUid: after?.uid ?? null,
    afterUpdated: after?.updatedMs ?? null,
    afterPublished: after?.publishedMs ?? null,
    limit,
  });
  return rows.map((r) => ({ id: r.id, cursor: { updatedMs: r.updated_ms, publishedMs: r.published_ms, uid: r.uid } }));
}

export function countOpenings(db: Db, filter: OpeningFilter): number {
  return prepared<[Record<string, unknown>], { n: number }>(
    db,
    `SELECT COUNT(*) AS n FROM openings o WHERE ${FILTER}`,
  ).get(filterParams(filter))!.n;
}

export function openingCountsByStatus(db: Db, organisation: string | null = null): Map<OpeningStatus, number> {
  // Kept by triggers: constant time whatever the number of openings.
  const rows = prepared<[string | null, string | null], { status: OpeningStatus; n: number }>(
    db,
    'SELECT status, SUM(n) AS n FROM opening_counts WHERE n > 0 AND (? IS NULL OR organisation = ?) GROUP BY status',
  ).all(organisation, organisation);
  return new Map(rows.map((r) => [r.status, r.n]));
}

/** Newest change of any opening (a feed's date when it has no item). */
export function newestOpeningUpdate(db: Db, organisation: string | null = null): string | null {
  return (
    prepared<[string | null, string | null], { updated_at: string | null }>(
      db,
      'SELECT updated_at FROM openings WHERE (? IS NULL OR organisation = ?) ORDER BY updated_ms DESC LIMIT 1',
    ).get(organisation, organisation)?.updated_at ?? null
  );
}

/** The team's list: open first, then missing, then closed, each newest publication first (offset paging, for page numbers). */
export function listedOpeningIds(db: Db, filter: OpeningFilter, limit: number, offset: number): number[] {
  return prepared<[Record<string, unknown>], { id: number }>(
    db,
    `SELECT o.id FROM openings o WHERE ${FILTER}
     ORDER BY CASE o.status WHEN 'open' THEN 0 WHEN 'missing' THEN 1 ELSE 2 END, o.published_ms DESC, o.uid DESC LIMIT :limit OFFSET :offset`,
  )
    .all({ ...filterParams(filter), limit, offset })
    .map((r) => r.id);
}

/** Openings still open or missing, and those closed since `closedSinceMs` (epoch ms of their last change). */
export function openingIdsOpenOrClosedSince(
  db: Db,
  closedSinceMs: number,
  organisation: string | null = null,
): number[] {
  return prepared<[number, string | null, string | null], { id: number }>(
    db,
    `SELECT id FROM openings WHERE (status != 'closed' OR updated_ms >= ?) AND (? IS NULL OR organisation = ?) ORDER BY id`,
  )
    .all(closedSinceMs, organisation, organisation)
    .map((r) => r.id);
}
