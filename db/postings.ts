/** Postings: one row per portal listing, with its lifecycle state and the runs that saw it. */

import { createHash } from 'node:crypto';
import type {
  CloseReason,
  PostingLifeState,
  PostingState,
  StateChange,
  StoredPosting,
} from '../src/model/lifecycle.ts';
import { type Posting, postingSchema } from '../src/model/posting.ts';
import type { Db } from './database.ts';
import { prepared } from './statements.ts';

class StoredPostingError extends Error {}

interface RawLife {
  id: number;
  source_id: string;
  state: PostingState;
  first_seen_at: string;
  missing_since: string | null;
  missing_runs: number;
  closed_at: string | null;
  close_reason: CloseReason | null;
  short_lived: number;
  deadline: string | null;
  published_at: string | null;
}

export interface RawPosting extends RawLife {
  organisation: string;
  data: string;
  inventory_hash: string;
  detail_data: string | null;
  detail_at: string | null;
  detail_error: string | null;
  first_seen_run: number;
  last_seen_at: string;
  last_seen_run: number;
  state_run: number | null;
}

const LIFE = [
  'id',
  'source_id',
  'state',
  'first_seen_at',
  'missing_since',
  'missing_runs',
  'closed_at',
  'close_reason',
  'short_lived',
  'deadline',
  'published_at',
];
const LIFE_COLUMNS = LIFE.join(', ');
const BOOKKEEPING = [
  'organisation',
  'inventory_hash',
  'detail_at',
  'detail_error',
  'first_seen_run',
  'last_seen_at',
  'last_seen_run',
  'state_run',
];

/**
 * The columns a StoredPosting is read from: `p` is postings, `c` its posting_content row
 * (`FROM postings p JOIN posting_content c ON c.posting_id = p.id`); ROW: all but the content.
 */
export const POSTING_ROW_COLUMNS = [...LIFE, ...BOOKKEEPING].map((c) => `p.${c}`).join(', ');
export const POSTING_COLUMNS = `${POSTING_ROW_COLUMNS}, c.data, c.detail_data`;
const FROM = 'FROM postings p JOIN posting_content c ON c.posting_id = p.id';

const toLife = (r: RawLife): PostingLifeState => ({
  id: r.id,
  sourceId: r.source_id,
  state: r.state,
  firstSeenAt: r.first_seen_at,
  missingSince: r.missing_since,
  missingRuns: r.missing_runs,
  closedAt: r.closed_at,
  closeReason: r.close_reason,
  shortLived: r.short_lived === 1,
  deadline: r.deadline,
  publishedAt: r.published_at,
});

function parsedJson(json: string, what: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    throw new StoredPostingError(`${what}: stored posting is not JSON`);
  }
}

/** A stored posting's JSON, checked: a row that does not hold a posting is refused, never cast. */
export function readPostingJson(json: string, what: string): Posting {
  return checkedPosting(parsedJson(json, what), what);
}

function checkedPosting(raw: unknown, what: string): Posting {
  const parsed = postingSchema.safeParse(raw);
  if (!parsed.success)
    throw new StoredPostingError(
      `${what}: stored posting does not have the posting shape (${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message})`,
    );
  return parsed.data;
}

/**
 * The offer page's posting is stored beside the merged one, whose description is the offer page's
 * own most of the time: then `detail_data` does not repeat it (DESCRIPTION_IN_DATA) and takes it
 * back from `data` when read. A description is stored once.
 */
const DESCRIPTION_IN_DATA = 'descriptionInData';

type Description = Pick<Posting, 'descriptionHtml' | 'descriptionText'>;

function detailJson(posting: Posting, detail: Posting | null): string | null {
  if (!detail) return null;
  const shared =
    (detail.descriptionHtml !== null || detail.descriptionText !== null) &&
    detail.descriptionHtml === posting.descriptionHtml &&
    detail.descriptionText === posting.descriptionText;
  return JSON.stringify(
    shared ? { ...detail, descriptionHtml: null, descriptionText: null, [DESCRIPTION_IN_DATA]: true } : detail,
  );
}

/** An offer page's stored posting, its description taken back from the posting's when stored once. */
function readDetailJson(json: string, description: () => Description, what: string): Posting {
  const raw = parsedJson(json, what);
  if (raw && typeof raw === 'object' && (raw as Record<string, unknown>)[DESCRIPTION_IN_DATA] === true) {
    const { [DESCRIPTION_IN_DATA]: _, ...rest } = raw as Record<string, unknown>;
    return checkedPosting({ ...rest, ...description() }, what);
  }
  return checkedPosting(raw, what);
}

export const toStored = (r: RawPosting): StoredPosting => {
  const posting = readPostingJson(r.data, `posting ${r.id}`);
  return {
    ...toLife(r),
    organisation: r.organisation,
    posting,
    inventoryHash: r.inventory_hash,
    detail: r.detail_data ? readDetailJson(r.detail_data, () => posting, `posting ${r.id} (offer page)`) : null,
    detailAt: r.detail_at,
    detailError: r.detail_error,
    firstSeenRun: r.first_seen_run,
    lastSeenAt: r.last_seen_at,
    lastSeenRun: r.last_seen_run,
    stateRun: r.state_run,
  };
};

/** A posting by its portal id, as one organisation holds it (any organisation's copy when none is named). */
export function findPosting(
  db: Db,
  source: string,
  sourceId: string,
  organisation: string | null = null,
): StoredPosting | undefined {
  const row = prepared<[Record<string, unknown>], RawPosting>(
    db,
    `SELECT ${POSTING_COLUMNS} ${FROM} WHERE p.source = :source AND p.source_id = :sourceId
       AND (:organisation IS NULL OR p.organisation = :organisation) ORDER BY p.id LIMIT 1`,
  ).get({ source, sourceId, organisation });
  return row && toStored(row);
}

/** The organisations holding a posting of this portal id. */
export function organisationsOfPosting(db: Db, source: string, sourceId: string): string[] {
  return prepared<[string, string], { organisation: string }>(
    db,
    'SELECT organisation FROM postings WHERE source = ? AND source_id = ? ORDER BY organisation',
  )
    .all(source, sourceId)
    .map((r) => r.organisation);
}

export function postingsOfSource(db: Db, source: string, organisation: string | null = null): StoredPosting[] {
  return prepared<[string, string | null, string | null], RawPosting>(
    db,
    `SELECT ${POSTING_COLUMNS} ${FROM} WHERE p.source = ? AND (? IS NULL OR p.organisation = ?) ORDER BY p.id`,
  )
    .all(source, organisation, organisation)
    .map(toStored);
}

/** Every posting of a source one organisation holds, with only its lifecycle state: one query, no JSON parsed. */
export function lifeStatesOfSource(db: Db, source: string, organisation: string): PostingLifeState[] {
  return prepared<[string, string], RawLife>(
    db,
    `SELECT ${LIFE_COLUMNS} FROM postings WHERE organisation = ? AND source = ? ORDER BY id`,
  )
    .all(organisation, source)
    .map(toLife);
}

/**
 * A stored posting as a run compares it: its state and bookkeeping, its fields without the
 * description (SQLite drops it before it reaches the heap), and the hashes of what is stored.
 */
export interface PreviousPosting extends Omit<StoredPosting, 'detail'> {
  hasDetail: boolean;
  /** Null for rows stored before migration 013 until a run sees them again. */
  contentHash: string | null;
  descriptionHash: string | null;
}

/** The stored postings of a source with these ids, as one organisation holds them (one query per batch of a run). */
export function previousPostings(
  db: Db,
  source: string,
  sourceIds: readonly string[],
  organisation: string,
): Map<string, PreviousPosting> {
  const rows = prepared<
    [string, string, string],
    RawPosting & { has_detail: number; content_hash: string | null; description_hash: string | null }
  >(
    db,
    `SELECT ${POSTING_ROW_COLUMNS}, p.has_detail, p.content_hash, p.description_hash,
       json_set(c.data, '$.descriptionHtml', NULL, '$.descriptionText', NULL) AS data, NULL AS detail_data
     ${FROM} WHERE p.organisation = ? AND p.source = ? AND p.source_id IN (SELECT value FROM json_each(?))`,
  ).all(organisation, source, JSON.stringify(sourceIds));
  return new Map(
    rows.map((r) => {
      const { detail: _, ...stored } = toStored(r);
      return [
        r.source_id,
        { ...stored, hasDetail: r.has_detail === 1, contentHash: r.content_hash, descriptionHash: r.description_hash },
      ];
    }),
  );
}

/** The offer page's posting stored for a posting (one at a time: a run reuses it when it did not fetch the page again). */
export function storedDetail(db: Db, id: number): Posting | null {
  const row = prepared<[number], { detail_data: string | null; html: string | null; text: string | null }>(
    db,
    `SELECT detail_data, json_extract(data, '$.descriptionHtml') AS html, json_extract(data, '$.descriptionText') AS text
     FROM posting_content WHERE posting_id = ?`,
  ).get(id);
  if (!row?.detail_data) return null;
  return readDetailJson(
    row.detail_data,
    () => ({ descriptionHtml: row.html, descriptionText: row.text }),
    `posting ${id} (offer page)`,
  );
}

/** The hashes of a posting stored before migration 013, computed from its stored content. */
export function storedHashes(db: Db, id: number): { contentHash: string; descriptionHash: string | null } {
  const row = prepared<[number], { data: string; detail_data: string | null; text: string | null }>(
    db,
    `SELECT data, detail_data, json_extract(data, '$.descriptionText') AS text FROM posting_content WHERE posting_id = ?`,
  ).get(id);
  if (!row) throw new StoredPostingError(`posting ${id}: no stored content`);
  const { contentHash, descriptionHash } = hashedContent(row.data, row.detail_data, row.text);
  return { contentHash, descriptionHash };
}

/** What enrichment needs to know of earlier offer-page fetches, for a batch of a source's postings. */
export interface PreviousDetailRow {
  sourceId: string;
  inventoryHash: string;
  hasDetail: boolean;
  detailAt: string | null;
  detailError: string | null;
}

/** Per portal id, per organisation holding it, what its earlier offer-page fetches left. */
export function previousDetails(
  db: Db,
  source: string,
  sourceIds: readonly string[],
): Map<string, Map<string, PreviousDetailRow>> {
  const rows = prepared<
    [string, string],
    {
      organisation: string;
      source_id: string;
      inventory_hash: string;
      has_detail: number;
      detail_at: string | null;
      detail_error: string | null;
    }
  >(
    db,
    `SELECT organisation, source_id, inventory_hash, has_detail, detail_at, detail_error FROM postings
     WHERE source = ? AND source_id IN (SELECT value FROM json_each(?))`,
  ).all(source, JSON.stringify(sourceIds));
  const bySourceId = new Map<string, Map<string, PreviousDetailRow>>();
  for (const r of rows) {
    const byOrganisation = bySourceId.get(r.source_id) ?? new Map<string, PreviousDetailRow>();
    byOrganisation.set(r.organisation, {
      sourceId: r.source_id,
      inventoryHash: r.inventory_hash,
      hasDetail: r.has_detail === 1,
      detailAt: r.detail_at,
      detailError: r.detail_error,
    });
    bySourceId.set(r.source_id, byOrganisation);
  }
  return bySourceId;
}

/**
 * Per source and state (status, /healthz, /metrics), of one organisation or summed over all (a
 * posting two organisations share counts in each): kept by triggers, read in constant time.
 */
export function postingCounts(
  db: Db,
  organisation: string | null = null,
): { source: string; state: PostingState; n: number }[] {
  return prepared<[string | null, string | null], { source: string; state: PostingState; n: number }>(
    db,
    `SELECT source, state, SUM(n) AS n FROM posting_counts WHERE n > 0 AND (? IS NULL OR organisation = ?)
     GROUP BY source, state ORDER BY source, state`,
  ).all(organisation, organisation);
}

export interface SeenPosting {
  posting: Posting;
  inventoryHash: string;
  detail: Posting | null;
  detailAt: string | null;
  detailError: string | null;
}

const columnsOf = (p: Posting) =>
  [
    p.url,
    p.title,
    p.reference,
    p.employer,
    p.location,
    p.department,
    p.originalUrl,
    p.contractType,
    p.deadline,
    p.publishedAt,
  ] as const;

/** A posting's content as posting_content stores it, with the hashes a later run compares. */
export interface StoredContent {
  data: string;
  detailData: string | null;
  contentHash: string;
  descriptionHash: string | null;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The hash of a description's text, as field history records a description change. */
export const descriptionHash = (text: string | null): string | null =>
  text === null ? null : `sha256:${sha256(text).slice(0, 16)}`;

function hashedContent(data: string, detailData: string | null, descriptionText: string | null): StoredContent {
  return {
    data,
    detailData,
    contentHash: sha256(`${data}\n${detailData ?? ''}`).slice(0, 32),
    descriptionHash: descriptionHash(descriptionText),
  };
}

/** What a run would store of a posting it saw. */
export const contentOf = (seen: SeenPosting): StoredContent =>
  hashedContent(JSON.stringify(seen.posting), detailJson(seen.posting, seen.detail), seen.posting.descriptionText);

/** What a run learnt of a posting besides its fields: inventory_hash, has_detail, detail_at, detail_error. */
const seenColumns = (seen: SeenPosting) =>
  [seen.inventoryHash, seen.detail ? 1 : 0, seen.detailAt, seen.detailError] as const;

/** Inserts a posting an organisation's run saw for the first time; returns its id. */
export function insertPosting(
  db: Db,
  organisation: string,
  runId: number,
  at: string,
  seen: SeenPosting,
  content: StoredContent = contentOf(seen),
): number {
  const p = seen.posting;
  const info = prepared(
    db,
    `INSERT INTO postings (organisation, source, source_id, url, title, reference, employer, location, department, original_url, contract_type, deadline, published_at,
       inventory_hash, has_detail, detail_at, detail_error, state, first_seen_at, first_seen_run, last_seen_at, last_seen_run, state_run,
       content_hash, description_hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    organisation,
    p.source,
    p.sourceId,
    ...columnsOf(p),
    ...seenColumns(seen),
    at,
    runId,
    at,
    runId,
    runId,
    content.contentHash,
    content.descriptionHash,
  );
  const id = Number(info.lastInsertRowid);
  prepared(db, 'INSERT INTO posting_content (posting_id, data, detail_data) VALUES (?, ?, ?)').run(
    id,
    content.data,
    content.detailData,
  );
  return id;
}

/**
 * Records that a known posting was seen again in a run. Its content is rewritten only when it
 * changed: most postings of most runs are the same as before.
 */
export function updateSeenPosting(
  db: Db,
  id: number,
  runId: number,
  at: string,
  seen: SeenPosting,
  content: StoredContent,
  contentChanged: boolean,
): void {
  prepared(
    db,
    `UPDATE postings SET url = ?, title = ?, reference = ?, employer = ?, location = ?, department = ?, original_url = ?, contract_type = ?, deadline = ?, published_at = ?,
       inventory_hash = ?, has_detail = ?, detail_at = ?, detail_error = ?, last_seen_at = ?, last_seen_run = ?, content_hash = ?, description_hash = ? WHERE id = ?`,
  ).run(...columnsOf(seen.posting), ...seenColumns(seen), at, runId, content.contentHash, content.descriptionHash, id);
  if (contentChanged)
    prepared(db, 'UPDATE posting_content SET data = ?, detail_data = ? WHERE posting_id = ?').run(
      content.data,
      content.detailData,
      id,
    );
}

/** Writes a posting's lifecycle state and the run that decided it. */
export function setPostingState(db: Db, id: number, change: StateChange): void {
  prepared(
    db,
    `UPDATE postings SET state = ?, state_run = ?, missing_since = ?, missing_runs = ?, closed_at = ?, close_reason = ?, short_lived = ? WHERE id = ?`,
  ).run(
    change.state,
    change.runId,
    change.missingSince,
    change.missingRuns,
    change.closedAt,
    change.closeReason,
    change.shortLived ? 1 : 0,
    id,
  );
}

export function insertPostingChange(
  db: Db,
  postingId: number,
  runId: number,
  at: string,
  field: string,
  oldValue: string | null,
  newValue: string | null,
): void {
  prepared(
    db,
    'INSERT INTO posting_changes (posting_id, run_id, at, field, old_value, new_value) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(postingId, runId, at, field, oldValue, newValue);
}

export interface PostingChangeRow {
  runId: number;
  at: string;
  field: string;
  oldValue: string | null;
  newValue: string | null;
}

export function postingChanges(db: Db, postingId: number): PostingChangeRow[] {
  return prepared<[number], PostingChangeRow>(
    db,
    'SELECT run_id AS runId, at, field, old_value AS oldValue, new_value AS newValue FROM posting_changes WHERE posting_id = ? ORDER BY id',
  ).all(postingId);
}

/** What linking compares: identity fields and the words of title, employer and place, no description. */
export interface LinkablePosting {
  id: number;
  source: string;
  url: string;
  originalUrl: string | null;
  reference: string | null;
  title: string;
  employer: string | null;
  location: string | null;
  department: string | null;
  openingId: number | null;
}

/** One organisation's postings of these sources: linking never joins postings of two organisations. */
export function linkablePostings(db: Db, sources: readonly string[], organisation: string): LinkablePosting[] {
  return prepared<[string, string], LinkablePosting>(
    db,
    `SELECT p.id, p.source, p.url, p.original_url AS originalUrl, p.reference, p.title, p.employer, p.location, p.department, l.opening_id AS openingId
     FROM postings p LEFT JOIN opening_links l ON l.posting_id = p.id
     WHERE p.organisation = ? AND p.source IN (SELECT value FROM json_each(?)) ORDER BY p.id`,
  ).all(organisation, JSON.stringify(sources));
}

/** Two postings' descriptions are the same text (same-portal linking demands it). */
export function sameDescription(db: Db, a: number, b: number): boolean {
  const row = prepared<[number, number], { same: number }>(
    db,
    `SELECT json_extract(x.data, '$.descriptionText') IS NOT NULL AND json_extract(x.data, '$.descriptionText') = json_extract(y.data, '$.descriptionText') AS same
     FROM posting_content x, posting_content y WHERE x.posting_id = ? AND y.posting_id = ?`,
  ).get(a, b);
  return row?.same === 1;
}

/** What readers filter postings by; `contractType` and `q` already folded (foldForMatch). */
export interface PostingFilter {
  /** One organisation's postings (every organisation's when absent). */
  organisation?: string | undefined;
  source?: string | undefined;
  contractType?: string | undefined;
  q?: string | undefined;
}

const POSTING_FILTER = `(:organisation IS NULL OR p.organisation = :organisation)
  AND (:source IS NULL OR p.source = :source)
  AND (:contractType IS NULL OR fold(p.contract_type) = :contractType)
  AND (:q IS NULL OR instr(fold(concat_ws(' ', p.title, p.employer, p.location, p.reference, json_extract(c.data, '$.descriptionText'))), :q) > 0)`;

const postingFilterParams = (f: PostingFilter) => ({
  organisation: f.organisation ?? null,
  source: f.source ?? null,
  contractType: f.contractType ?? null,
  q: f.q ?? null,
});

/** One page of postings in id order; `afterId` continues from a previous page. */
export function pageOfPostings(db: Db, filter: PostingFilter, limit: number, afterId = 0): StoredPosting[] {
  return prepared<[Record<string, unknown>], RawPosting>(
    db,
    `SELECT ${POSTING_COLUMNS} ${FROM} WHERE ${POSTING_FILTER} AND p.id > :afterId ORDER BY p.id LIMIT :limit`,
  )
    .all({ ...postingFilterParams(filter), afterId, limit })
    .map(toStored);
}

export function countPostings(db: Db, filter: PostingFilter): number {
  return prepared<[Record<string, unknown>], { n: number }>(
    db,
    `SELECT COUNT(*) AS n ${FROM} WHERE ${POSTING_FILTER}`,
  ).get(postingFilterParams(filter))!.n;
}

/** The contract types postings have, as the portals write them. */
export function contractTypes(db: Db): string[] {
  return prepared<[], { contract_type: string }>(
    db,
    'SELECT DISTINCT contract_type FROM postings WHERE contract_type IS NOT NULL ORDER BY contract_type',
  )
    .all()
    .map((r) => r.contract_type);
}

/** One line per posting, for `openings status`: its bookkeeping, no content. */
export interface PostingLine {
  /** Whose posting it is: a post shared by two organisations has a line for each. */
  organisation: string;
  source: string;
  sourceId: string;
  title: string;
  state: PostingState;
  firstSeenAt: string;
  lastSeenAt: string;
  detailError: string | null;
}

export function postingLines(db: Db, organisation: string | null = null): PostingLine[] {
  return prepared<[string | null, string | null], PostingLine>(
    db,
    `SELECT organisation, source, source_id AS sourceId, title, state, first_seen_at AS firstSeenAt, last_seen_at AS lastSeenAt, detail_error AS detailError
     FROM postings WHERE (? IS NULL OR organisation = ?) ORDER BY source, id`,
  ).all(organisation, organisation);
}
