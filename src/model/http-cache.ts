/** What the fetcher's conditional-GET cache stores (db/http-cache.ts keeps it in SQLite). */

export interface CachedResponse {
  /** Canonical URL (cache key). */
  url: string;
  etag: string | null;
  lastModified: string | null;
  contentType: string | null;
  /**
   * The scrubbed text of the body (src/model/scrubbed-body.ts: UTF-8 behind a byte order mark), decoded
   * again on replay; null when only what was made of it is kept (`derived`).
   */
  body: Buffer | null;
  /**
   * What the caller made of the body (a page's parse result, as text) and the key it was made
   * under: a 304 re-uses it without the body, as long as the caller asks under the same key.
   */
  derived: { key: string; value: string } | null;
}

export interface HttpCache {
  get(url: string): CachedResponse | undefined;
  put(entry: CachedResponse): void;
}
