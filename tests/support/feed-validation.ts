/**
 * Checks a finished feed the way a strict reader would, for unit tests and for integration tests on
 * served feeds. Each document goes through two independent parsers (fast-xml-parser and feedsmith;
 * JSON.parse and feedsmith) plus a schema (RFC 4287 RELAX NG through libxml2 compiled to WebAssembly,
 * JSON Feed 1.1 through ajv). Each validator throws one Error listing every problem found.
 */
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parseAtomFeed, parseJsonFeed, parseRssFeed } from 'feedsmith';
import { RelaxNGValidator, XmlDocument, XmlParseError, XmlValidateError } from 'libxml2-wasm';

const ATOM_NS = 'http://www.w3.org/2005/Atom';
/** RFC 4287 appendix B in RELAX NG's XML syntax (libxml2 reads no compact syntax); kept for the process. */
const atomSchema = RelaxNGValidator.fromDoc(
  XmlDocument.fromString(readFileSync(new URL('../../fixtures/schemas/atom.rng', import.meta.url), 'utf8')),
);
const JSON_FEED_SCHEMA = JSON.parse(
  readFileSync(new URL('../../fixtures/schemas/jsonfeed-1.1.schema.json', import.meta.url), 'utf8'),
) as object;

const RFC_3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;
const RFC_822 =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) \d{2}:\d{2}:\d{2} (?:[+-]\d{4}|GMT)$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const NON_XML_CHAR = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u;

type XmlNode = Record<string, unknown>;

/** Collects problems so one run reports all of them. */
class Findings {
  readonly problems: string[] = [];
  add(problem: string): void {
    this.problems.push(problem);
  }
  throwIfAny(what: string): void {
    if (this.problems.length)
      throw new Error(`${what}: ${this.problems.length} problem(s)\n- ${this.problems.join('\n- ')}`);
  }
}

/** Elements a feed may repeat, by path, so one occurrence still reads as a list. */
const REPEATABLE = new Set([
  'feed.author',
  'feed.link',
  'feed.entry',
  'feed.entry.link',
  'feed.entry.author',
  'feed.entry.category',
  'rss.channel.atom:link',
  'rss.channel.item',
  'rss.channel.item.category',
]);

const xmlParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  isArray: (_name, jpath) => REPEATABLE.has(String(jpath)),
});

function parseXml(xml: string, findings: Findings): XmlNode | null {
  if (NON_XML_CHAR.test(xml)) findings.add('contains a character XML 1.0 forbids');
  const wellFormed = XMLValidator.validate(xml);
  if (wellFormed !== true) {
    findings.add(`not well-formed: ${wellFormed.err.msg} (line ${wellFormed.err.line})`);
    return null;
  }
  return xmlParser.parse(xml) as XmlNode;
}

function textOf(node: unknown): string {
  if (typeof node === 'string') return node;
  if (node && typeof node === 'object' && '#text' in node) return String((node as XmlNode)['#text']);
  return '';
}

function attributeOf(node: unknown, name: string): string | null {
  const value = node && typeof node === 'object' ? (node as XmlNode)[`@_${name}`] : undefined;
  return typeof value === 'string' ? value : null;
}

function nodes(node: XmlNode, name: string): XmlNode[] {
  const value = node[name];
  return Array.isArray(value) ? (value as XmlNode[]) : [];
}

function isHttpUrl(value: string | null): boolean {
  return value !== null && /^https?:\/\/\S+$/.test(value);
}

function rfc3339Instant(value: string, where: string, findings: Findings): number | null {
  const ms = RFC_3339.test(value) ? Date.parse(value) : NaN;
  if (Number.isFinite(ms)) return ms;
  findings.add(`${where}: "${value}" is not an RFC 3339 date`);
  return null;
}

function rfc822Instant(value: string, where: string, findings: Findings): number | null {
  const m = RFC_822.exec(value);
  const ms = m ? Date.parse(value) : NaN;
  if (!m || !Number.isFinite(ms)) {
    findings.add(`${where}: "${value}" is not an RFC 822 date`);
    return null;
  }
  const weekday = new Date(Date.UTC(+m[4]!, MONTHS.indexOf(m[3]!), +m[2]!)).getUTCDay();
  if (DAYS[weekday] !== m[1]) findings.add(`${where}: "${value}" names the wrong day of the week`);
  return ms;
}

interface Dated {
  id: string;
  updated: number | null;
}

/** What every format must honour: unique ids, newest first, the feed date being the newest item's. */
function checkIdentityAndOrder(entries: Dated[], feedUpdated: number | null, findings: Findings): void {
  const seen = new Set<string>();
  for (const { id } of entries) {
    if (!id) findings.add('an item has no id');
    else if (seen.has(id)) findings.add(`duplicate id ${id}`);
    seen.add(id);
  }
  const dates = entries.map((entry) => entry.updated);
  if (dates.some((date) => date === null)) return;
  for (let i = 1; i < dates.length; i++) {
    if (dates[i]! > dates[i - 1]!)
      findings.add(`items not newest first: ${entries[i]!.id} is newer than ${entries[i - 1]!.id}`);
  }
  if (feedUpdated !== null && dates.length && feedUpdated !== Math.max(...(dates as number[]))) {
    findings.add('feed update date is not the newest item update date');
  }
}

/** The second parser must read the same values as the first; a throw counts as disagreement. */
function compareParsers(what: string, ours: string[], readTheirs: () => string[], findings: Findings): void {
  let theirs: string[];
  try {
    theirs = readTheirs();
  } catch (error) {
    findings.add(`feedsmith cannot parse the feed: ${(error as Error).message}`);
    return;
  }
  if (JSON.stringify(ours) !== JSON.stringify(theirs)) {
    findings.add(`the two parsers disagree on ${what}: ${JSON.stringify(ours)} vs ${JSON.stringify(theirs)}`);
  }
}

/**
 * One finding per libxml2 diagnostic, in its words. The last ones say which elements failed
 * ("Element entry failed to validate content"); inside Atom's interleaves the first can name the
 * wrong missing child (a missing <id> reads "Expecting an element author"), so trust the element.
 */
function checkAtomSchema(xml: string, findings: Findings): void {
  let doc: XmlDocument;
  try {
    doc = XmlDocument.fromString(xml);
  } catch (error) {
    if (!(error instanceof XmlParseError)) throw error;
    findings.add(`libxml2 cannot parse the feed: ${error.message.trim()}`);
    return;
  }
  try {
    atomSchema.validate(doc);
  } catch (error) {
    if (!(error instanceof XmlValidateError)) throw error;
    for (const detail of error.details)
      findings.add(`RELAX NG (RFC 4287): ${detail.line ? `line ${detail.line}: ` : ''}${detail.message.trim()}`);
  } finally {
    doc.dispose();
  }
}

export function validateAtom(xml: string): void {
  const findings = new Findings();
  const doc = parseXml(xml, findings);
  const feed = doc?.feed as XmlNode | undefined;
  if (doc && !feed) findings.add('root element is not <feed>');
  if (feed) {
    if (attributeOf(feed, 'xmlns') !== ATOM_NS) findings.add(`<feed> is not in the Atom namespace ${ATOM_NS}`);
    for (const name of ['id', 'title', 'updated']) if (!textOf(feed[name])) findings.add(`feed has no <${name}>`);
    if (!nodes(feed, 'author').some((author) => textOf(author.name)))
      findings.add('feed has no <author> with a <name>');
    const links = nodes(feed, 'link');
    for (const rel of ['self', 'alternate']) {
      if (!links.some((link) => attributeOf(link, 'rel') === rel && isHttpUrl(attributeOf(link, 'href')))) {
        findings.add(`feed has no <link rel="${rel}"> with an absolute href`);
      }
    }
    const entries = nodes(feed, 'entry').map((entry, index) => {
      const id = textOf(entry.id);
      const where = `entry ${id || `#${index + 1}`}`;
      if (!textOf(entry.title)) findings.add(`${where} has no <title>`);
      if (attributeOf(entry.content, 'type') !== 'html' || !textOf(entry.content))
        findings.add(`${where} has no <content type="html">`);
      if (
        !nodes(entry, 'link').some(
          (link) => attributeOf(link, 'rel') === 'alternate' && isHttpUrl(attributeOf(link, 'href')),
        )
      ) {
        findings.add(`${where} has no <link rel="alternate"> with an absolute href`);
      }
      if (entry.published !== undefined) rfc3339Instant(textOf(entry.published), `${where} <published>`, findings);
      return { id, updated: rfc3339Instant(textOf(entry.updated), `${where} <updated>`, findings) };
    });
    checkIdentityAndOrder(entries, rfc3339Instant(textOf(feed.updated), 'feed <updated>', findings), findings);

    compareParsers(
      'entry ids and titles',
      nodes(feed, 'entry').flatMap((entry) => [textOf(entry.id), textOf(entry.title)]),
      () => (parseAtomFeed(xml).entries ?? []).flatMap((entry) => [entry.id ?? '', entry.title?.value ?? '']),
      findings,
    );
    checkAtomSchema(xml, findings);
  }
  findings.throwIfAny('Invalid Atom feed');
}

export function validateRss(xml: string): void {
  const findings = new Findings();
  const doc = parseXml(xml, findings);
  const rss = doc?.rss as XmlNode | undefined;
  const channel = rss?.channel as XmlNode | undefined;
  if (doc && !channel) findings.add('no <rss><channel>');
  if (rss && channel) {
    if (attributeOf(rss, 'version') !== '2.0') findings.add('<rss> is not version="2.0"');
    for (const name of ['title', 'link', 'description'])
      if (!textOf(channel[name])) findings.add(`channel has no <${name}>`);
    if (
      !nodes(channel, 'atom:link').some(
        (link) => attributeOf(link, 'rel') === 'self' && isHttpUrl(attributeOf(link, 'href')),
      )
    ) {
      findings.add('channel has no <atom:link rel="self"> with an absolute href');
    }
    const items = nodes(channel, 'item').map((item, index) => {
      const guid = item.guid;
      const id = textOf(guid);
      const where = `item ${id || `#${index + 1}`}`;
      if (!textOf(item.title)) findings.add(`${where} has no <title>`);
      if (!isHttpUrl(textOf(item.link))) findings.add(`${where} has no absolute <link>`);
      if (attributeOf(guid, 'isPermaLink') !== 'false') findings.add(`${where}: <guid> lacks isPermaLink="false"`);
      if (item.author !== undefined && !textOf(item.author).includes('@'))
        findings.add(`${where}: <author> is not an e-mail address`);
      rfc822Instant(textOf(item.pubDate), `${where} <pubDate>`, findings);
      return { id, updated: rfc3339Instant(textOf(item['dcterms:modified']), `${where} <dcterms:modified>`, findings) };
    });
    checkIdentityAndOrder(
      items,
      rfc822Instant(textOf(channel.lastBuildDate), 'channel <lastBuildDate>', findings),
      findings,
    );

    compareParsers(
      'guids, titles and links',
      nodes(channel, 'item').flatMap((item) => [textOf(item.guid), textOf(item.title), textOf(item.link)]),
      () =>
        (parseRssFeed(xml).items ?? []).flatMap((item) => [item.guid?.value ?? '', item.title ?? '', item.link ?? '']),
      findings,
    );
  }
  findings.throwIfAny('Invalid RSS feed');
}

const ajv = new Ajv({ allErrors: true });
const matchesJsonFeedSchema = ajv.compile(JSON_FEED_SCHEMA);

interface JsonFeedShape {
  items: { id: string; date_modified?: string; date_published?: string }[];
}

export function validateJsonFeed(json: string): void {
  const findings = new Findings();
  let feed: unknown;
  try {
    feed = JSON.parse(json);
  } catch (error) {
    findings.add(`not JSON: ${(error as Error).message}`);
  }
  if (feed !== undefined && !matchesJsonFeedSchema(feed)) {
    for (const error of matchesJsonFeedSchema.errors ?? [])
      findings.add(`JSON Feed 1.1 schema: ${error.instancePath || '/'} ${error.message}`);
  } else if (feed !== undefined) {
    const items = (feed as JsonFeedShape).items.map((item) => {
      const where = `item ${item.id}`;
      if (item.date_published === undefined) findings.add(`${where} has no date_published`);
      if (item.date_modified === undefined) findings.add(`${where} has no date_modified`);
      return {
        id: item.id,
        updated: item.date_modified === undefined ? null : rfc3339Instant(item.date_modified, where, findings),
      };
    });
    checkIdentityAndOrder(items, null, findings);
    compareParsers(
      'item ids',
      items.map((item) => item.id),
      () => (parseJsonFeed(json).items ?? []).map((item) => item.id ?? ''),
      findings,
    );
  }
  findings.throwIfAny('Invalid JSON Feed');
}
