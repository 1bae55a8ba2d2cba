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
}

/**
 * The fetcher's conditional-GET cache, kept in SQLite; bodies are gzipped (CSP pages weigh
 * megabytes). Every use is dated, so bodies nobody asks for any more can be pruned.
 */
export function sqliteHttpCache(db: Db): HttpCache {
  return {
    get(url: string): CachedResponse | undefined {
      const row = prepared<[string], CacheRow>(
        db,
        'SELECT url, etag, last_modified, content_type, body FROM http_cache WHERE url = ?',
      ).get(url);
      if (!row) return undefined;
      prepared(db, 'UPDATE http_cache SET used_at = ? WHERE url = ?').run(new Date().toISOString(), url);
      return {
        url: row.url,
        etag: row.etag,
        lastModified: row.last_modified,
        contentType: row.content_type,
        body: gunzipSync(row.body),
      };
    },
    put(entry: CachedResponse): void {
      const now = new Date().toISOString();
      prepared(
        db,
        `INSERT INTO http_cache (url, etag, last_modified, content_type, body, stored_at, used_at)
         VALUES (@url, @etag, @lastModified, @contentType, @body, @storedAt, @storedAt)
         ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,
           content_type = excluded.content_type, body = excluded.body, stored_at = excluded.stored_at, used_at = excluded.used_at`,
      ).run({ ...entry, body: gzipSync(entry.body), storedAt: now });
    },
  };
}
