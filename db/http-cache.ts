import { gunzipSync, gzipSync } from 'node:zlib';
import type { CachedResponse, HttpCache } from '../src/model/http-cache.ts';
import type { Db } from './database.ts';
import { prepared } from './statements.ts';

interface CacheRow {
  url: string;
  etag: string | null;
  last_modified: string | null;
  content_type: string | null;
  body: Buffer;
  derived: Buffer | null;
  derived_key: string | null;
}

/** A body that is not kept (migration 009): the column stays NOT NULL, an empty blob says "none". */
const NO_BODY = Buffer.alloc(0);

/**
 * The fetcher's conditional-GET cache, kept in SQLite; bodies and what was made of them (parse
 * results) are gzipped. Every use is dated, so entries nobody asks for any more can be pruned.
 */
export function sqliteHttpCache(db: Db): HttpCache {
  return {
    get(url: string): CachedResponse | undefined {
      const row = prepared<[string], CacheRow>(
        db,
        'SELECT url, etag, last_modified, content_type, body, derived, derived_key FROM http_cache WHERE url = ?',
      ).get(url);
      if (!row) return undefined;
      prepared(db, 'UPDATE http_cache SET used_at = ? WHERE url = ?').run(new Date().toISOString(), url);
      return {
        url: row.url,
        etag: row.etag,
        lastModified: row.last_modified,
        contentType: row.content_type,
        body: row.body.length > 0 ? gunzipSync(row.body) : null,
        derived:
          row.derived && row.derived_key !== null
            ? { key: row.derived_key, value: gunzipSync(row.derived).toString('utf8') }
            : null,
      };
    },
    put(entry: CachedResponse): void {
      const now = new Date().toISOString();
      prepared(
        db,
        `INSERT INTO http_cache (url, etag, last_modified, content_type, body, derived, derived_key, stored_at, used_at)
         VALUES (@url, @etag, @lastModified, @contentType, @body, @derived, @derivedKey, @storedAt, @storedAt)
         ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,
           content_type = excluded.content_type, body = excluded.body, derived = excluded.derived,
           derived_key = excluded.derived_key, stored_at = excluded.stored_at, used_at = excluded.used_at`,
      ).run({
        url: entry.url,
        etag: entry.etag,
        lastModified: entry.lastModified,
        contentType: entry.contentType,
        body: entry.body ? gzipSync(entry.body) : NO_BODY,
        derived: entry.derived ? gzipSync(entry.derived.value) : null,
        derivedKey: entry.derived?.key ?? null,
        storedAt: now,
      });
    },
  };
}
