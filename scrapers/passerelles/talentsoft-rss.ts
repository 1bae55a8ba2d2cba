/**
 * Talentsoft's RSS export (`/handlers/offerRss.ashx?LCID=1036`), shared by every source whose portal
 * runs on Talentsoft. An item (docs/portals.md §1): `<title>` "<reference> - <job title>", `<link>` to the
 * offer, `<category>` values in no fixed order (job family, contract or status, postal address),
 * `<description>` escaped HTML opening with `<b>Label : </b>value<br/>` fields, `<pubDate>` in RFC 822
 * with a `Z` or `GMT` zone.
 */
import { XMLParser } from 'fast-xml-parser';
import { z } from 'zod';
import { parsePortalDate } from '../../src/model/dates.ts';
import { emptyPosting, type Posting } from '../../src/model/posting.ts';
import { htmlToText, sanitizeDescription } from '../../src/model/sanitize.ts';
import { type ParsedPosting, type ParseResult, type Problem, unrecognisedPage } from '../../src/model/source.ts';
import { cleanText, departmentFrom, stripControlChars } from '../../src/model/text.ts';
import { canonicalUrl, type HostPolicy, isOnPortal } from '../../src/model/urls.ts';
import { assignField, displayLabel, isPostingTarget, targetForLabel } from './talentsoft-labels.ts';
import { classifyValue, splitLeadingReferences } from './talentsoft-values.ts';

export interface TalentsoftRssOptions {
  source: string;
  policy: HostPolicy;
  /** Maps an item's canonical link (+ the reference stripped from its title) to the posting identity; null skips the item with a warning. */
  identify(link: string, reference: string | null): { sourceId: string; url: string } | null;
}

const TALENTSOFT_RSS_VARIANT = 'talentsoft-rss';

const xmlParser = new XMLParser({
  ignoreAttributes: true,
  // Titles and categories such as "2026" or "75012" must stay strings.
  parseTagValue: false,
  trimValues: true,
  htmlEntities: true,
  isArray: (name) => name === 'item' || name === 'category',
});

const feedSchema = z.object({
  rss: z.object({ channel: z.object({ item: z.array(z.unknown()).optional() }) }),
});

const itemSchema = z.object({
  title: z.string().optional(),
  link: z.string().optional(),
  category: z.array(z.string()).optional(),
  description: z.string().optional(),
  pubDate: z.string().optional(),
});
type RssItem = z.infer<typeof itemSchema>;

export function parseTalentsoftRss(body: string, pageUrl: string, options: TalentsoftRssOptions): ParseResult {
  const feed = readFeed(body);
  if (!feed) return unrecognisedPage(pageUrl, 'Talentsoft RSS: the body is not an RSS feed (no <rss><channel>)');
  const items = feed.rss.channel.item ?? [];
  const result: ParseResult = { variant: TALENTSOFT_RSS_VARIANT, postings: [], next: [], problems: [] };
  if (items.length === 0) return { ...result, explicitlyEmpty: true };

  items.forEach((raw, index) => {
    const item = itemSchema.safeParse(raw);
    const outcome = item.success ? readItem(item.data, pageUrl, options) : 'its elements are not plain text';
    if (typeof outcome === 'string') {
      result.problems.push(warning(`Talentsoft RSS: item ${index + 1} skipped, ${outcome}`, pageUrl));
      return;
    }
    result.postings.push(outcome.parsed);
    result.problems.push(...outcome.problems);
  });
  // Every item unreadable: the feed is not the Talentsoft export we know (another platform's RSS).
  if (result.postings.length === 0) {
    return {
      ...result,
      variant: null,
      problems: [
        ...result.problems,
        {
          severity: 'error',
          message: `Talentsoft RSS: none of the ${items.length} item(s) could be read (${pageUrl})`,
          url: pageUrl,
        },
      ],
    };
  }
  return result;
}

function readFeed(body: string): z.infer<typeof feedSchema> | null {
  try {
    const parsed = feedSchema.safeParse(xmlParser.parse(stripControlChars(body)));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The item as a posting, or why it was skipped. */
function readItem(
  item: RssItem,
  pageUrl: string,
  options: TalentsoftRssOptions,
): { parsed: ParsedPosting; problems: Problem[] } | string {
  const link = item.link ? canonicalUrl(item.link, pageUrl, options.policy) : null;
  if (!link) return `no usable <link> (${cleanText(item.link) ?? 'missing'})`;
  if (!isOnPortal(link, pageUrl, options.policy)) return `its link ${link} leaves the portal`;
  const rawTitle = cleanText(item.title);
  const { references, title } = splitLeadingReferences(rawTitle ?? '');
  if (!title) return `no job title in <title> (${link})`;
  const reference = references[0] ?? null;
  const identity = options.identify(link, reference);
  if (!identity) return `its link names no offer (${link})`;

  const posting = emptyPosting(options.source, identity.sourceId, identity.url, title);
  posting.reference = reference;
  readDescription(posting, item.description ?? null);
  readCategories(posting, item.category ?? []);

  const problems: Problem[] = [];
  posting.publishedAt = parsePortalDate(item.pubDate);
  if (item.pubDate && !posting.publishedAt) {
    problems.push(warning(`Talentsoft RSS: unreadable <pubDate> "${item.pubDate}" for ${identity.url}`, pageUrl));
  }
  const orgHints = [
    rawTitle,
    identity.url,
    reference,
    posting.employer,
    posting.organisation,
    ...Object.values(posting.extra),
  ];
  return { parsed: { posting, orgHints: unique(orgHints) }, problems };
}

/** Keeps the whole description and reads its `<b>Label : </b>value` fields. */
function readDescription(posting: Posting, html: string | null): void {
  posting.descriptionHtml = sanitizeDescription(html);
  posting.descriptionText = htmlToText(posting.descriptionHtml);
  if (!html) return;
  let area: string | null = null;
  for (const { label, value } of labelledFields(html)) {
    const target = targetForLabel(label);
    if (target === 'reference') posting.reference ??= value;
    else if (target === 'area') area ??= value;
    else if (target && isPostingTarget(target)) assignField(posting, target, label, value);
    else if (!target) posting.extra[label] = value;
    // `title` and `description` fields are already in the item's title and description.
  }
  if (area && !posting.location) assignField(posting, 'location', 'Zone géographique', area);
}

/** A field is a bold label ending with a colon, its value runs to the next line break or label. */
const LABELLED_FIELD = /<(b|strong)>([^<]{1,80})<\/\1>([\s\S]*?)(?=<br\s*\/?>|<\/?(?:b|strong|p|div|ul|li)[\s>]|$)/gi;

function labelledFields(html: string): Array<{ label: string; value: string }> {
  const fields: Array<{ label: string; value: string }> = [];
  for (const match of html.matchAll(LABELLED_FIELD)) {
    const label = cleanText(htmlToText(match[2]!));
    const value = cleanText(htmlToText(match[3]!));
    if (label && value && /:$/.test(label)) fields.push({ label: displayLabel(label), value });
  }
  return fields;
}

/** Categories come in no fixed order: read each by what it is. */
function readCategories(posting: Posting, categories: readonly string[]): void {
  const unknown: string[] = [];
  for (const category of categories) {
    const text = cleanText(category);
    if (!text) continue;
    const kind = classifyValue(text);
    if (kind === 'address') {
      assignField(posting, 'location', 'Adresse', text);
      posting.department ??= departmentFrom(text);
    } else if (kind === 'contract') {
      assignField(posting, 'contractType', 'Contrat', text);
    } else if (text.includes('/')) {
      // "FAMILLE/Métier", the platform's job family path.
      assignField(posting, 'jobFamily', 'Famille / métier', text);
    } else {
      unknown.push(text);
    }
  }
  if (unknown.length > 0) posting.extra.Catégories = unknown.join(' | ');
}

function warning(message: string, url: string): Problem {
  return { severity: 'warning', message: `${message} (${url})`, url };
}

function unique(values: ReadonlyArray<string | null>): string[] {
  return [...new Set(values.filter((value): value is string => !!value))];
}
