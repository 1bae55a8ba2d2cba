/**
 * `--save DIR`: each source's fetched bodies as a fixture portal (docs/fixture-portals.md), so a
 * live capture becomes a test fixture by copying a folder. Bodies are written as UTF-8 text (the
 * route's Content-Type says so, whatever the portal's charset was) with personal data replaced;
 * what the portal actually sent (URL, date, headers, charset) is kept in the manifest's `capture`.
 */
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeFolder } from '../files.ts';
import { type Manifest, manifestSchema, type Route } from '../fixture-portal/manifest.ts';
import { scrubPersonalData } from '../model/personal-data.ts';
import { looksLikeHtml } from './page-sniff.ts';
import type { ProbedPage } from './probe-page.ts';
import type { PageProbe, SavedCapture, SourceReport } from './report.ts';

/** Headers that identify our session, not the portal: never written to a fixture. */
const PRIVATE_HEADERS = new Set(['set-cookie', 'cookie']);

/** The folders `--save` would write that already hold files: a capture never overwrites another. */
export function occupiedCaptureFolders(root: string, sourceIds: readonly string[]): string[] {
  return sourceIds.map((id) => join(root, id)).filter((dir) => existsSync(dir) && readdirSync(dir).length > 0);
}

/** Writes `root/<source>/`: manifest.json and one file per fetched body. */
export function saveCapture(root: string, report: SourceReport, pages: readonly ProbedPage[]): SavedCapture {
  const dir = join(root, report.source);
  makeFolder(dir);
  const routes: Route[] = [];
  const routeKeys = new Set<string>();
  const files = new Set<string>();
  const captured: Record<string, unknown>[] = [];
  for (const page of pages) {
    const body = page.page?.body ?? null;
    const route = body === null ? null : routeFor(page, body, files);
    // Two canonical hosts mapped to one fixture origin can ask the same path: the first body answers.
    if (body !== null && route && !routeKeys.has(routeKey(route))) {
      routeKeys.add(routeKey(route));
      files.add(route.file);
      routes.push(route);
      writeFileSync(join(dir, route.file), scrubPersonalData(body), { flag: 'wx' });
      captured.push(captureEntry(page, route.file));
    } else {
      captured.push(captureEntry(page, null));
    }
  }
  const manifest: Manifest = manifestSchema.parse({
    description: `${report.label}: live capture by openings doctor, ${report.pages[0]?.fetchedAt ?? 'no page'}, verdict ${report.verdict}. Bodies as served, re-encoded in UTF-8, e-mail addresses and phone numbers replaced.`,
    routes,
    capture: {
      tool: 'openings doctor',
      source: report.source,
      verdict: report.verdict,
      findings: report.findings,
      pages: captured,
    },
  });
  writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`, { flag: 'wx' });
  const failures = pages.flatMap((page) =>
    page.probe.fetchError && page.probe.channel !== 'robots.txt' ? [page.probe.fetchError.message] : [],
  );
  return { dir, files: routes.length, failures };
}

function routeKey(route: Route): string {
  return `${route.path}?${new URLSearchParams(route.query).toString()}`;
}

function routeFor(page: ProbedPage, body: string, taken: ReadonlySet<string>): Route {
  const { probe, request } = page;
  const url = new URL(request.url);
  const query = Object.fromEntries(url.searchParams);
  const contentType = utf8ContentType(probe.contentType, body);
  return {
    path: safeDecode(url.pathname),
    ...(Object.keys(query).length > 0 ? { query } : {}),
    file: uniqueName(baseName(page), extension(contentType, probe), taken),
    contentType,
    // The fixture server computes its own ETag; Last-Modified is the validator only the portal knows.
    ...(probe.lastModified ? { headers: { 'Last-Modified': probe.lastModified } } : {}),
    constructed: false,
    note: note(probe),
  };
}

function note(probe: PageProbe): string {
  const redirected = probe.finalUrl && probe.fetchedUrl !== probe.finalUrl ? ` (redirected to ${probe.finalUrl})` : '';
  const served = `HTTP ${probe.status}, ${probe.contentType ?? 'no Content-Type'}, ${probe.bytes} bytes decoded as ${probe.charset}`;
  const parsed =
    probe.channel === 'robots.txt'
      ? ''
      : `; variant ${probe.variant ?? 'none'}, ${probe.postings} posting(s)${probe.declaredTotal !== null ? ` of ${probe.declaredTotal} announced` : ''}`;
  return `captured by openings doctor on ${probe.fetchedAt} from ${probe.url}${redirected}: ${served}${parsed}; e-mail addresses and phone numbers replaced`;
}

function captureEntry(page: ProbedPage, file: string | null): Record<string, unknown> {
  const { probe } = page;
  const headers = Object.fromEntries(Object.entries(page.headers).filter(([name]) => !PRIVATE_HEADERS.has(name)));
  return {
    file,
    channel: probe.channel,
    label: probe.label,
    url: probe.url,
    fetchedAt: probe.fetchedAt,
    fetchedUrl: probe.fetchedUrl,
    finalUrl: probe.finalUrl,
    status: probe.status,
    contentType: probe.contentType,
    charset: probe.charset,
    bytes: probe.bytes,
    headers,
    variant: probe.variant,
    postings: probe.postings,
    declaredTotal: probe.declaredTotal,
    problems: probe.problems,
    error: probe.fetchError?.message ?? null,
  };
}

function utf8ContentType(contentType: string | null, body: string): string {
  const media = contentType?.split(';')[0]?.trim().toLowerCase() || sniffMediaType(body);
  return `${media}; charset=utf-8`;
}

function sniffMediaType(body: string): string {
  if (looksLikeHtml(body)) return 'text/html';
  if (/^\s*<(?:\?xml|rss|feed)[\s>]/i.test(body)) return 'application/xml';
  return 'text/plain';
}

function extension(contentType: string, probe: PageProbe): string {
  if (probe.channel === 'robots.txt') return '.txt';
  if (/html/.test(contentType)) return '.html';
  if (/xml|rss|atom/.test(contentType)) return '.xml';
  if (/json/.test(contentType)) return '.json';
  return '.txt';
}

/** `rss-flux-offres`, `listing-peren-page-2`, `offer-5372`: what the page is, readable in a folder listing. */
function baseName(page: ProbedPage): string {
  if (page.probe.channel === 'robots.txt') return 'robots';
  const { label, series, sourceId, page: number, url } = page.request;
  const parts = [
    label,
    series !== label ? series : undefined,
    sourceId,
    number !== undefined ? `page-${number}` : undefined,
  ];
  // Feeds and single pages have nothing but their path to tell them apart.
  if (parts.slice(1).every((part) => part === undefined))
    parts.push(new URL(url).pathname.replace(/\.[a-z0-9]+$/i, ''));
  return parts
    .filter((part): part is string => part !== undefined)
    .map((part) =>
      part
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '')
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '')
        .slice(0, 48),
    )
    .filter((part) => part !== '')
    .join('-');
}

function uniqueName(base: string, ext: string, taken: ReadonlySet<string>): string {
  let name = `${base}${ext}`;
  for (let n = 2; taken.has(name); n++) name = `${base}-${n}${ext}`;
  return name;
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
