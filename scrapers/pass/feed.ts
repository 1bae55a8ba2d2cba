/**
 * PASS RSS (`/flux/offres`, `/flux/offres_stages`), a Drupal feed with quirks (docs/portals.md §3):
 * a raw `<a>` inside `<title>`, ISO-like dates with `+0100` and a trailing newline, an `<author>`
 * escaped twice, control characters. Parsed leniently with cheerio's XML mode; one bad item is
 * skipped and reported, never fatal.
 */
import * as cheerio from 'cheerio';
import type { Element } from 'domhandler';
import { parsePortalDate } from '../../src/model/dates.ts';
import { emptyPosting } from '../../src/model/posting.ts';
import { htmlToText, sanitizeDescription } from '../../src/model/sanitize.ts';
import type { ParsedPosting, ParseResult, Problem } from '../../src/model/source.ts';
import { unrecognisedPage } from '../../src/model/source.ts';
import { cleanText, decodeEntities, stripControlChars } from '../../src/model/text.ts';
import { canonicalUrl, type HostPolicy, isOnPortal } from '../../src/model/urls.ts';

export function parsePassFeed(body: string, pageUrl: string, policy: HostPolicy): ParseResult {
  const $ = cheerio.load(stripControlChars(body), { xml: { xmlMode: true, decodeEntities: true } });
  if ($('rss > channel, channel').length === 0) {
    return unrecognisedPage(pageUrl, 'PASS feed: no RSS <channel> found, the page is not the expected feed');
  }
  const problems: Problem[] = [];
  const postings: ParsedPosting[] = [];
  $('item').each((index, item) => {
    const parsed = parseItem($, item, pageUrl, policy);
    if (typeof parsed === 'string')
      problems.push({ severity: 'warning', message: `PASS item ${index + 1} skipped: ${parsed}`, url: pageUrl });
    else postings.push(parsed);
  });
  return {
    variant: 'pass-rss',
    postings,
    next: [],
    explicitlyEmpty: postings.length === 0 && $('item').length === 0,
    problems,
  };
}

/** Returns the posting, or the reason the item was skipped. */
function parseItem($: cheerio.CheerioAPI, item: Element, pageUrl: string, policy: HostPolicy): ParsedPosting | string {
  const field = (name: string): string | null => cleanText($(item).children(name.replace(':', '\\:')).first().text());
  const titleEl = $(item).children('title').first();
  const titleLink = titleEl.find('a').first();
  // Some Drupal versions escape the <a> instead of embedding it: read the text through HTML then.
  const rawTitle = titleLink.length ? titleLink.text() : titleEl.text();
  const title = cleanText(/<a\b/i.test(rawTitle) ? cheerio.load(rawTitle).text() : rawTitle);
  const href = field('link') ?? titleLink.attr('href') ?? null;
  const url = href ? canonicalUrl(href, pageUrl, policy) : null;
  if (!title) return 'no title';
  if (!url) return `no usable link for "${title}"`;
  if (!isOnPortal(url, pageUrl, policy)) return `its link ${url} leaves the portal ("${title}")`;

  const sourceId = field('dc:identifier') ?? field('guid') ?? new URL(url).pathname.replace(/^\/offre\//, '');
  const posting = emptyPosting('pass', sourceId, url, title);
  posting.reference = field('dc:identifier');
  // <author> is escaped twice by the portal: the XML parser removed one level, remove the second.
  const author = cleanText(decodeEntities(field('author') ?? ''));
  const publisher = field('dc:publisher');
  const contributor = field('dc:contributor');
  posting.employer = author ?? publisher;
  posting.organisation = contributor;
  if (publisher) posting.extra['Service recruteur'] = publisher;
  posting.location = field('dc:coverage');
  posting.department = normaliseDepartment(field('dc:description'));
  posting.educationLevel = field('dc:type');
  posting.duration = field('dc:format');
  posting.startDate = parsePortalDate(field('dc:date'));
  posting.publishedAt = parsePortalDate(field('pubDate'));
  const updated = $(item).children('dc\\:source').find('time').attr('datetime') ?? field('dc:source');
  posting.updatedAt = parsePortalDate(updated);
  posting.contractType = contractTypeOf(sourceId, [pageUrl, $(item).children('source').attr('url') ?? '']);
  posting.descriptionHtml = sanitizeDescription($(item).children('description').first().text());
  posting.descriptionText = htmlToText(posting.descriptionHtml);
  // dc:creator holds a recruiter's e-mail and phone: personal data, deliberately never read.
  return { posting, orgHints: [publisher, author, contributor].filter((s): s is string => s !== null) };
}

function normaliseDepartment(raw: string | null): string | null {
  if (!raw) return null;
  const code = raw.trim().toUpperCase();
  if (/^\d$/.test(code)) return `0${code}`;
  return /^(\d{2,3}|2[AB])$/.test(code) ? code : null;
}

/** Apprenticeship ids start with `A-`; the internships feed is `/flux/offres_stages`. */
function contractTypeOf(sourceId: string, feedUrls: readonly string[]): string | null {
  if (feedUrls.some((url) => /\/flux\/offres_stages\b/.test(url))) return 'Stage';
  if (/^A-/i.test(sourceId)) return 'Apprentissage';
  return null;
}
