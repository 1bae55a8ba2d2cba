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

export class ReadCache {
  private generation = Number.NaN;
  private readonly entries = new Map<string, Rendered>();

  /** `maxEntries` bounds memory: keys include the query string and the origin asked for. */
  constructor(
    private readonly currentGeneration: () => number,
    private readonly maxEntries = 500,
  ) {}

  get(key: string, render: () => Rendered): Rendered {
    const generation = this.currentGeneration();
    if (generation !== this.generation) {
      this.entries.clear();
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
    this.entries.set(key, fresh);
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return fresh;
  }
}
