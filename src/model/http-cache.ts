/** What the fetcher's conditional-GET cache stores (db/http-cache.ts keeps it in SQLite). */

export interface CachedResponse {
  /** Canonical URL (cache key). */
  url: string;
  etag: string | null;
  lastModified: string | null;
  contentType: string | null;
  /** The scrubbed text of the body (src/model/scrubbed-body.ts: UTF-8 behind a byte order mark), decoded again on replay. */
  body: Buffer;
}

export interface HttpCache {
  get(url: string): CachedResponse | undefined;
  put(entry: CachedResponse): void;
}
