/**
 * How the server says no. Every resource is read-only (GET and HEAD); a request whose Host header
 * makes no URL is a bad request (RFC 9112 §3.2), answered before any handler builds a link from
 * it. Error bodies are JSON and never sniffed as something else.
 */
import type { Context, MiddlewareHandler } from 'hono';

/** On every response, error or not: what its Content-Type says is what it is. */
export const NO_SNIFF = { 'X-Content-Type-Options': 'nosniff' } as const;

export function jsonError(
  status: 400 | 404 | 405 | 500,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
): Response {
  return new Response(`${JSON.stringify(body, null, 2)}\n`, {
    status,
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'no-store',
      ...NO_SNIFF,
      ...headers,
    },
  });
}

const READ_METHODS = ['GET', 'HEAD'];

export const onlyReadMethods: MiddlewareHandler = async (c, next) => {
  if (READ_METHODS.includes(c.req.method)) return next();
  return jsonError(
    405,
    { error: `method ${c.req.method} not allowed: this server only reads`, allow: READ_METHODS },
    { Allow: READ_METHODS.join(', ') },
  );
};

/** The request's origin, or null when its Host header makes no valid URL (`Host: xn--`). */
function requestOrigin(c: Context): string | null {
  try {
    return new URL(c.req.url).origin;
  } catch {
    return null;
  }
}

/** Without `server.publicUrl`, links are built from the request's origin: it must be one. */
export function validHost(publicUrl: string | undefined): MiddlewareHandler {
  return async (c, next) => {
    if (publicUrl || requestOrigin(c) !== null) return next();
    return jsonError(400, { error: `invalid Host header "${c.req.header('host') ?? ''}"` });
  };
}
