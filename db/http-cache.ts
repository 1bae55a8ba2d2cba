import { gunzipSync, gzipSync } from 'node:zlib';
import type { CachedResponse, HttpCache } from '../src/http/fetcher.ts';
import type { Db } from './database.ts';

interface CacheRow {
  url: string;
  etag: string | null;
  last_modified: string | null;
  content_type: string | null;
  body: Buffer;
}

/** The fetcher's conditional-GET cache, kept in SQLite; bodies are gzipped (CSP pages weigh megabytes). */
export function sqliteHttpCache(db: Db): HttpCache {
  const select = db.prepare<[string], CacheRow>('SELECT url, etag, last_modified, content_type, body FROM http_cache WHERE url = ?');
  const upsert = db.prepare(
    `INSERT INTO http_cache (url, etag, last_modified, content_type, body, stored_at)
     VALUES (@url, @etag, @lastModified, @contentType, @body, @storedAt)
     ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,
       content_type = excluded.content_type, body = excluded.body, stored_at = excluded.stored_at`,
  );
  return {
    get(url: string): CachedResponse | undefined {
      const row = select.get(url);
      if (!row) return undefined;
      return { url: row.url, etag: row.etag, lastModified: row.last_modified, contentType: row.content_type, body: gunzipSync(row.body) };
    },
    put(entry: CachedResponse): void {
      upsert.run({ ...entry, body: gzipSync(entry.body), storedAt: new Date().toISOString() });
    },
  };
}
