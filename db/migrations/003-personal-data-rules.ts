/**
 * Migration 003's own copy of the rules it applies, frozen as they stood when it was written
 * (src/model/charset.ts, personal-data.ts, scraped-text.ts and kept-body.ts, now scrubbed-body.ts, at
 * commit c8cba73). Replayed on an old database later, the migration must give the same result
 * whatever the live rules become, so this file never changes to follow them.
 */
import { isUtf8 } from 'node:buffer';
import type iconvModule from 'iconv-lite';
import { lazyModule } from '../../src/lazy-module.ts';

// Loaded on first use: every command opens the database, few of them meet a database this old.
const iconv = lazyModule<typeof iconvModule>('iconv-lite');

// --- Decoding a cached body (src/model/charset.ts) ---

const PRESCAN_BYTES = 4096;
const WINDOWS_1252_LABELS = new Set(['iso-8859-1', 'iso8859-1', 'iso_8859-1', 'latin1', 'l1', 'us-ascii', 'ascii']);
const BOMS: ReadonlyArray<{ bytes: readonly number[]; charset: string }> = [
  { bytes: [0xef, 0xbb, 0xbf], charset: 'utf-8' },
  { bytes: [0xff, 0xfe], charset: 'utf-16le' },
  { bytes: [0xfe, 0xff], charset: 'utf-16be' },
];
const SINGLE_BYTE_LATIN = new Set(['windows-1252', 'iso-8859-15', 'latin9']);

/** A byte order mark, then the Content-Type charset, then the document's declaration, then UTF-8; unless the bytes contradict the label. */
export function decodeBody(body: Buffer, contentType: string | null): string {
  const bom = BOMS.find(({ bytes }) => bytes.every((byte, i) => body[i] === byte));
  if (bom) return iconv().decode(body.subarray(bom.bytes.length), bom.charset);
  const labelled = supported(charsetFromContentType(contentType)) ?? supported(declaredCharset(body)) ?? 'utf-8';
  if (SINGLE_BYTE_LATIN.has(labelled) && body.some((byte) => byte >= 0x80) && isUtf8(body)) {
    return iconv().decode(body, 'utf-8');
  }
  const text = iconv().decode(body, labelled);
  if ((labelled === 'utf-8' || labelled === 'utf8') && !isUtf8(body)) {
    const windows1252 = iconv().decode(body, 'windows-1252');
    if (!windows1252.includes('\ufffd')) return windows1252;
  }
  return text;
}

function charsetFromContentType(contentType: string | null): string | null {
  if (!contentType) return null;
  return /;\s*charset\s*=\s*["']?([^"';\s]+)/i.exec(contentType)?.[1] ?? null;
}

function declaredCharset(body: Buffer): string | null {
  const head = body.subarray(0, PRESCAN_BYTES).toString('latin1');
  const xml = /^\s*<\?xml\s[^>]*?encoding\s*=\s*["']([^"']+)["']/i.exec(head);
  if (xml) return xml[1]!;
  return /<meta\s[^>]*?charset\s*=\s*["']?\s*([^"'\s/>;]+)/i.exec(head)?.[1] ?? null;
}

function supported(label: string | null): string | null {
  if (!label) return null;
  const normalised = label.trim().toLowerCase();
  if (WINDOWS_1252_LABELS.has(normalised)) return 'windows-1252';
  return iconv().encodingExists(normalised) ? normalised : null;
}

// --- Contacts (src/model/personal-data.ts) ---

const EMAIL_PLACEHOLDER = 'mail@example.invalid';
const PHONE_PLACEHOLDER = '00 00 00 00 00';
const EMAIL =
  /(?<![a-z0-9._%+-])[a-z0-9._%+-]+(?:@|&(?:amp;)*#0*64;|&(?:amp;)*#x0*40;)[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/gi;
const SEP = String.raw`(?:[\s.\-]|&(?:amp;)*(?:nbsp|#160|#x0*a0);)?`;
const PHONE = new RegExp(
  String.raw`(?<![\w+.\-/=])(?:(?:\+|00)33${SEP}(?:\(0\)${SEP})?|0)[1-9](?:${SEP}\d{2}){4}(?![\w])`,
  'gi',
);

export function scrubPersonalData(text: string): string {
  return text.replace(EMAIL, EMAIL_PLACEHOLDER).replace(PHONE, PHONE_PLACEHOLDER);
}

// --- The cache's bytes (src/model/kept-body.ts) ---

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** The bytes the cache stores for a scrubbed text: UTF-8 behind a byte order mark. */
export function cachedBody(text: string): Buffer {
  return Buffer.concat([UTF8_BOM, Buffer.from(text, 'utf8')]);
}

// --- Scraped text and postings (src/model/scraped-text.ts) ---

const UNSAFE =
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** No control characters but tab and line feed, no lone surrogates, contacts replaced. */
export function safeScrapedText(text: string): string {
  return scrubPersonalData(text.replace(UNSAFE, ''));
}

/** A posting as release 0.1 stored it (JSON): string fields, and `extra` labels and values. */
export interface StoredPostingJson {
  extra?: Record<string, string>;
  [field: string]: unknown;
}

const LEFT_AS_THEY_ARE: ReadonlySet<string> = new Set(['source', 'url', 'originalUrl']);
const REQUIRED: ReadonlySet<string> = new Set(['sourceId', 'title']);

export function safePosting(posting: StoredPostingJson): StoredPostingJson {
  const safe: StoredPostingJson = { ...posting, extra: {} };
  for (const [key, value] of Object.entries(posting)) {
    if (typeof value !== 'string' || LEFT_AS_THEY_ARE.has(key)) continue;
    const text = safeScrapedText(value).trim();
    safe[key] = text === '' && !REQUIRED.has(key) ? null : text;
  }
  for (const [label, value] of Object.entries(posting.extra ?? {})) {
    const text = safeScrapedText(value).trim();
    if (text !== '') safe.extra![safeScrapedText(label).trim()] = text;
  }
  return safe;
}
