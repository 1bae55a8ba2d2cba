/** ETag / Last-Modified with 304, for every feed and API response. */
import { createHash } from 'node:crypto';
import type { Context } from 'hono';

export function conditionalResponse(c: Context, body: string, contentType: string, lastModified: string | null): Response {
  const etag = `"${createHash('sha1').update(body).digest('base64url')}"`;
  const headers: Record<string, string> = { ETag: etag, 'Cache-Control': 'no-cache' };
  const modified = lastModified ? new Date(Math.floor(Date.parse(lastModified) / 1000) * 1000) : null;
  if (modified && !Number.isNaN(modified.getTime())) headers['Last-Modified'] = modified.toUTCString();

  const ifNoneMatch = c.req.header('If-None-Match');
  const ifModifiedSince = c.req.header('If-Modified-Since');
  const notModified = ifNoneMatch
    ? ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag || tag.trim() === '*')
    : Boolean(ifModifiedSince && modified && Date.parse(ifModifiedSince) >= modified.getTime());
  if (notModified) return new Response(null, { status: 304, headers });
  return new Response(body, { status: 200, headers: { ...headers, 'Content-Type': contentType } });
}
