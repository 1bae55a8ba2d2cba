/**
 * The one neutral feed model every format is rendered from. It knows nothing of the database:
 * the publisher maps openings onto it, the renderers turn it into RSS, Atom or JSON Feed.
 */

import { singleLine } from './feed-text.ts';

export type FeedFormat = 'rss' | 'atom' | 'json';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface FeedPerson {
  name: string;
  url: string | null;
}

export interface FeedDocument {
  /** Stable tag URI (RFC 4151), e.g. `tag:example.org,2026:feed`. */
  id: string;
  title: string;
  description: string;
  language: 'fr';
  homePageUrl: string;
  /** Where each format is served: each feed's self link. */
  feedUrls: Record<FeedFormat, string>;
  /** Who publishes the feed (Atom requires a feed-level author). */
  author: FeedPerson;
  /**
   * ISO 8601 with offset, taken from the data, never "now": the newest item's `updatedAt` when the
   * feed has items, otherwise when the data last changed.
   */
  updatedAt: string;
  /** Any order: the renderers sort newest first. */
  items: FeedItem[];
  /** The next page of this feed in each format (RFC 5005 paging), null on the last page. */
  nextUrls: Record<FeedFormat, string> | null;
}

export interface FeedItem {
  /** Stable tag URI on our own id, never a portal URL (a portal URL may change or be shared). */
  id: string;
  title: string;
  /** Main link: the best portal page for this opening. */
  url: string;
  /** Description HTML; sanitised again at render time, so a hostile portal cannot inject markup. */
  contentHtml: string | null;
  /** Plain text. */
  summary: string | null;
  /** ISO 8601 with offset. */
  publishedAt: string;
  /** ISO 8601 with offset: the latest change of this item. */
  updatedAt: string;
  /** The employer. */
  authorName: string | null;
  categories: string[];
  /** Every portal page of the opening (the main one may be among them). */
  links: { title: string; url: string }[];
  /** Rendered as the JSON Feed `_peren` object (status, deadline, …); other formats ignore it. */
  extensions?: Record<string, JsonValue>;
}

const OFFSET_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;
const TAG_URI = /^tag:[a-z0-9.@-]+,\d{4}(?:-\d{2}(?:-\d{2})?)?:\S+$/i;

/** Milliseconds since the epoch of an ISO 8601 date with offset; throws on anything else. */
export function instantOf(iso: string, what: string): number {
  const ms = OFFSET_DATE_TIME.test(iso) ? Date.parse(iso) : NaN;
  if (!Number.isFinite(ms)) throw new Error(`${what}: "${iso}" is not an ISO 8601 date with an offset`);
  return ms;
}

/** Newest change first; ties broken by publication, then by id so the order is stable. */
export function itemsNewestFirst(items: readonly FeedItem[]): FeedItem[] {
  return [...items].sort(
    (a, b) =>
      instantOf(b.updatedAt, 'updatedAt') - instantOf(a.updatedAt, 'updatedAt') ||
      instantOf(b.publishedAt, 'publishedAt') - instantOf(a.publishedAt, 'publishedAt') ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

function assertHttpUrl(url: string, what: string): void {
  let protocol: string | null = null;
  try {
    protocol = new URL(url).protocol;
  } catch {
    // reported below
  }
  if (protocol !== 'http:' && protocol !== 'https:')
    throw new Error(`${what}: "${url}" is not an absolute http(s) URL`);
}

function assertText(text: string, what: string): void {
  if (singleLine(text) === '') throw new Error(`${what} is empty`);
}

function assertTagUri(id: string, what: string): void {
  if (!TAG_URI.test(id)) throw new Error(`${what}: "${id}" is not a tag URI (tag:authority,date:specific)`);
}

/**
 * Rejects a document no feed should be rendered from (a mapping bug upstream): ids that are not
 * unique tag URIs, empty titles, dates without an offset, relative links, a feed date that is not
 * the newest item's.
 */
export function assertValidFeedDocument(doc: FeedDocument): void {
  assertTagUri(doc.id, 'feed id');
  assertText(doc.title, 'feed title');
  assertText(doc.description, 'feed description');
  assertText(doc.author.name, 'feed author name');
  assertHttpUrl(doc.homePageUrl, 'feed homePageUrl');
  for (const [format, url] of Object.entries(doc.feedUrls)) assertHttpUrl(url, `feed ${format} URL`);
  for (const [format, url] of Object.entries(doc.nextUrls ?? {})) assertHttpUrl(url, `feed ${format} next page URL`);
  if (doc.author.url !== null) assertHttpUrl(doc.author.url, 'feed author URL');
  const feedUpdated = instantOf(doc.updatedAt, 'feed updatedAt');

  const seen = new Set<string>();
  let newest = -Infinity;
  for (const item of doc.items) {
    const where = `item ${item.id}`;
    assertTagUri(item.id, 'item id');
    if (seen.has(item.id)) throw new Error(`${where}: duplicate id`);
    seen.add(item.id);
    assertText(item.title, `${where} title`);
    assertHttpUrl(item.url, `${where} url`);
    for (const link of item.links) assertHttpUrl(link.url, `${where} link`);
    instantOf(item.publishedAt, `${where} publishedAt`);
    newest = Math.max(newest, instantOf(item.updatedAt, `${where} updatedAt`));
  }
  if (doc.items.length > 0 && newest !== feedUpdated) {
    throw new Error(`feed updatedAt ${doc.updatedAt} is not the newest item updatedAt`);
  }
}
