/**
 * Rendered responses, kept until the data changes: feeds, API and pages are rendered once per
 * change of the database (its generation counter, moved by any process's commit), not per request.
 * A conditional request for a cached entry is answered 304 without rendering anything.
 */
import { createHash } from 'node:crypto';

export interface Rendered {
  /** 404 for a page that names nothing (cached too: it costs the same to find out). */
  status: 200 | 404;
  body: Buffer;
  contentType: string;
  etag: string;
  /** HTTP date, when the data says when it last changed. */
  lastModified: string | null;
}

export function rendered(
  body: string,
  contentType: string,
  lastModifiedIso: string | null,
  status: 200 | 404 = 200,
): Rendered {
  const bytes = Buffer.from(body, 'utf8');
  const modified = lastModifiedIso ? new Date(Math.floor(Date.parse(lastModifiedIso) / 1000) * 1000) : null;
  return {
    status,
    body: bytes,
    contentType,
    etag: `"${createHash('sha1').update(bytes).digest('base64url')}"`,
    lastModified: modified && !Number.isNaN(modified.getTime()) ? modified.toUTCString() : null,
  };
}

export interface ReadCacheStats {
  entries: number;
  /** Bytes of the bodies kept. */
  bytes: number;
  /** Renders since the start: a request that did not find its entry. */
  renders: number;
}

/** Bodies kept at most, in all: 600 different `?limit=500` feeds of a large database must not fill the memory. */
const READ_CACHE_BYTES = 32 * 1024 * 1024;

export class ReadCache {
  private generation = Number.NaN;
  private readonly entries = new Map<string, Rendered>();
  private bytes = 0;
  private renders = 0;

  /** Keys include the query's known parameters and the origin asked for: entries and bytes are both bounded. */
  constructor(
    private readonly currentGeneration: () => number,
    private readonly maxEntries = 500,
    private readonly maxBytes = READ_CACHE_BYTES,
  ) {}

  get(key: string, render: () => Rendered): Rendered {
    const generation = this.currentGeneration();
    if (generation !== this.generation) {
      this.entries.clear();
      this.bytes = 0;
      this.generation = generation;
    }
    const hit = this.entries.get(key);
    if (hit) {
      // Most recently used last, so the oldest is evicted first.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const fresh = render();
    this.renders += 1;
    // A body larger than the whole budget is served, not kept.
    if (fresh.body.length > this.maxBytes) return fresh;
    this.entries.set(key, fresh);
    this.bytes += fresh.body.length;
    while (this.entries.size > this.maxEntries || this.bytes > this.maxBytes) {
      const [oldest, entry] = this.entries.entries().next().value!;
      this.entries.delete(oldest);
      this.bytes -= entry.body.length;
    }
    return fresh;
  }

  stats(): ReadCacheStats {
    return { entries: this.entries.size, bytes: this.bytes, renders: this.renders };
  }
}
