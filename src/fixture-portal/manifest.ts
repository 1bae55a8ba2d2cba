/** The on-disk layout of a fixture portal (docs/fixture-portals.md), validated with zod. */
import { readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { z } from 'zod';

const routeSchema = z.strictObject({
  path: z.string().startsWith('/'),
  query: z.record(z.string(), z.string()).optional(),
  file: z.string().min(1),
  contentType: z.string().optional(),
  status: z.number().int().min(100).max(599).optional(),
  headers: z.record(z.string(), z.string()).optional(),
  constructed: z.boolean().optional(),
  note: z.string().optional(),
});
export type Route = z.infer<typeof routeSchema>;

export const manifestSchema = z.strictObject({
  description: z.string().optional(),
  routes: z.array(routeSchema),
  /** What `openings doctor --save` recorded about a live capture (URLs, dates, headers, verdict); the server ignores it. */
  capture: z.record(z.string(), z.unknown()).optional(),
});
export type Manifest = z.infer<typeof manifestSchema>;

export function readManifest(dir: string): Manifest {
  const path = join(dir, 'manifest.json');
  const parsed = manifestSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success)
    throw new Error(
      `invalid fixture manifest ${path}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  return parsed.data;
}

const trimSlash = (p: string) => (p.length > 1 ? p.replace(/\/+$/, '') : p);

/** The route answering a request: same path, every named query key equal, the most specific first. */
export function matchRoute(routes: readonly Route[], url: URL): Route | undefined {
  const path = trimSlash(decodeURIComponent(url.pathname));
  let best: Route | undefined;
  let bestKeys = -1;
  for (const route of routes) {
    if (trimSlash(route.path) !== path) continue;
    const query = Object.entries(route.query ?? {});
    if (!query.every(([k, v]) => url.searchParams.get(k) === v)) continue;
    if (query.length > bestKeys) {
      best = route;
      bestKeys = query.length;
    }
  }
  return best;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.xml': 'application/rss+xml; charset=utf-8',
  '.rss': 'application/rss+xml; charset=utf-8',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
};

export function contentTypeFor(route: Route): string {
  return route.contentType ?? TYPES[extname(route.file).toLowerCase()] ?? 'application/octet-stream';
}
