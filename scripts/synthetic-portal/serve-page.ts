/** What the synthetic portals share: their seeded randomness and how they answer a page with validators. */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32): the same seed makes the same portal. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export interface FoundPage<K extends string> {
  kind: K;
  body: string;
  contentType: string;
}

/**
 * Answers a page as the portal does: 404 when there is none, 304 when the client's ETag (a hash of
 * the body) matches, else the body (none for HEAD). `answered` hears each answer's kind, status and bytes sent.
 */
export function servePage<K extends string>(
  req: IncomingMessage,
  res: ServerResponse,
  found: FoundPage<K> | null,
  answered: (kind: K | 'other', status: number, bytes: number) => void,
): void {
  if (!found) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('not found');
    answered('other', 404, 9);
    return;
  }
  const body = Buffer.from(found.body);
  const etag = `"${createHash('sha1').update(body).digest('hex')}"`;
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, { ETag: etag });
    res.end();
    answered(found.kind, 304, 0);
    return;
  }
  res.writeHead(200, { 'Content-Type': found.contentType, 'Content-Length': String(body.length), ETag: etag });
  const head = req.method === 'HEAD';
  res.end(head ? undefined : body);
  answered(found.kind, 200, head ? 0 : body.length);
}
