/** ETag / Last-Modified with 304, for every feed, API response and page. */
import type { Context } from 'hono';
import { NO_SNIFF } from './errors.ts';
import type { Rendered } from './read-cache.ts';

function isNotModified(c: Context, r: Rendered): boolean {
  const ifNoneMatch = c.req.header('If-None-Match');
  if (ifNoneMatch)
    return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === r.etag || tag.trim() === '*');
  const ifModifiedSince = c.req.header('If-Modified-Since');
  return Boolean(ifModifiedSince && r.lastModified && Date.parse(ifModifiedSince) >= Date.parse(r.lastModified));
}

export function conditionalResponse(c: Context, r: Rendered, extraHeaders: Record<string, string> = {}): Response {
  if (r.status !== 200)
    return new Response(r.body, {
      status: r.status,
      headers: { ...NO_SNIFF, ...extraHeaders, 'Content-Type': r.contentType },
    });
  const headers: Record<string, string> = { ETag: r.etag, 'Cache-Control': 'no-cache', ...NO_SNIFF, ...extraHeaders };
  if (r.lastModified) headers['Last-Modified'] = r.lastModified;
  if (isNotModified(c, r)) return new Response(null, { status: 304, headers });
  return new Response(r.body, {
    status: 200,
    headers: { ...headers, 'Content-Type': r.contentType, 'Content-Length': String(r.body.length) },
  });
}
