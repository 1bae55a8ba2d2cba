/**
 * Migration 003's data step: what earlier releases stored before the fetcher and the parsers kept
 * contacts, control characters and lone surrogates out is rewritten the way the release that brought it wrote it,
 * so its next run saw no change. The rules are this migration's own frozen copy
 * (003-personal-data-rules.ts), not the live ones: replaying it gives the same result forever.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Db } from '../database.ts';
import {
  cachedBody,
  decodeBody,
  type StoredPostingJson,
  safePosting,
  safeScrapedText,
  scrubPersonalData,
} from './003-personal-data-rules.ts';

export function scrubStoredData(db: Db): void {
  scrubHttpCache(db);
  scrubPostings(db);
  scrubHistory(db);
}

/** Cached bodies become the scrubbed text the fetcher caches; validators stay, so revalidation goes on. */
function scrubHttpCache(db: Db): void {
  const read = db.prepare<[string], { content_type: string | null; body: Buffer }>(
    'SELECT content_type, body FROM http_cache WHERE url = ?',
  );
  const write = db.prepare('UPDATE http_cache SET body = ? WHERE url = ?');
  for (const url of db.prepare('SELECT url FROM http_cache').pluck().all() as string[]) {
    const row = read.get(url)!;
    const text = decodeBody(gunzipSync(row.body), row.content_type);
    write.run(gzipSync(cachedBody(scrubPersonalData(text))), url);
  }
}

function scrubPostings(db: Db): void {
  const rows = db.prepare('SELECT id, data, detail_data FROM postings').all() as {
    id: number;
    data: string;
    detail_data: string | null;
  }[];
  const write = db.prepare('UPDATE postings SET data = ?, detail_data = ?, title = ?, reference = ? WHERE id = ?');
  for (const row of rows) {
    const posting = safePosting(JSON.parse(row.data) as StoredPostingJson);
    const detail =
      row.detail_data === null ? null : JSON.stringify(safePosting(JSON.parse(row.detail_data) as StoredPostingJson));
    write.run(JSON.stringify(posting), detail, posting.title, posting.reference, row.id);
  }
}

/** Field history, events and run reasons quote scraped values. */
function scrubHistory(db: Db): void {
  const changes = db.prepare('SELECT id, old_value, new_value FROM posting_changes').all() as {
    id: number;
    old_value: string | null;
    new_value: string | null;
  }[];
  const writeChange = db.prepare('UPDATE posting_changes SET old_value = ?, new_value = ? WHERE id = ?');
  for (const c of changes)
    writeChange.run(c.old_value && safeScrapedText(c.old_value), c.new_value && safeScrapedText(c.new_value), c.id);

  const events = db.prepare('SELECT id, detail FROM events').all() as { id: number; detail: string }[];
  const writeEvent = db.prepare('UPDATE events SET detail = ? WHERE id = ?');
  for (const e of events) writeEvent.run(JSON.stringify(safeStrings(JSON.parse(e.detail))), e.id);

  const runs = db.prepare('SELECT id, reason, problems FROM runs').all() as {
    id: number;
    reason: string | null;
    problems: string;
  }[];
  const writeRun = db.prepare('UPDATE runs SET reason = ?, problems = ? WHERE id = ?');
  for (const r of runs)
    writeRun.run(r.reason && safeScrapedText(r.reason), JSON.stringify(safeStrings(JSON.parse(r.problems))), r.id);
}

function safeStrings(value: unknown): unknown {
  if (typeof value === 'string') return safeScrapedText(value);
  if (Array.isArray(value)) return value.map(safeStrings);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, safeStrings(v)]));
  return value;
}
