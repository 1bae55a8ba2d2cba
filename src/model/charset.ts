/** Turns a body's bytes into text, finding its encoding the way browsers do, and the bytes when the label lies. */
import { isUtf8 } from 'node:buffer';
import type iconvModule from 'iconv-lite';
import { lazyModule } from '../lazy-module.ts';

const iconv = lazyModule<typeof iconvModule>('iconv-lite');

export interface DecodedBody {
  text: string;
  /** The encoding actually used to decode. */
  charset: string;
}

/** The HTML prescan reads 1024 bytes; real pages sometimes declare their charset later in a long head. */
const PRESCAN_BYTES = 4096;

/**
 * Browsers decode every Latin-1 label as windows-1252, and pages labelled Latin-1 do contain its
 * extra characters (’ œ €): decoding them as strict Latin-1 would yield control characters.
 */
const WINDOWS_1252_LABELS = new Set(['iso-8859-1', 'iso8859-1', 'iso_8859-1', 'latin1', 'l1', 'us-ascii', 'ascii']);

const BOMS: ReadonlyArray<{ bytes: readonly number[]; charset: string }> = [
  { bytes: [0xef, 0xbb, 0xbf], charset: 'utf-8' },
  { bytes: [0xff, 0xfe], charset: 'utf-16le' },
  { bytes: [0xfe, 0xff], charset: 'utf-16be' },
];

/**
 * Decodes a body: a byte order mark wins (it cannot lie), then the Content-Type charset, then the
 * document's own declaration (`<?xml encoding>`, `<meta charset>`, `<meta http-equiv>`), then UTF-8;
 * unless the bytes contradict the label they were given (see `trustworthyCharset`).
 */
export function decodeBody(body: Buffer, contentType: string | null): DecodedBody {
  const bom = BOMS.find(({ bytes }) => bytes.every((byte, i) => body[i] === byte));
  if (bom) return { text: iconv().decode(body.subarray(bom.bytes.length), bom.charset), charset: bom.charset };
  const labelled = supported(charsetFromContentType(contentType)) ?? supported(declaredCharset(body)) ?? 'utf-8';
  return trustworthyCharset(body, labelled);
}

const SINGLE_BYTE_LATIN = new Set(['windows-1252', 'iso-8859-15', 'latin9']);

/**
 * Servers re-encode a file without changing its label, or the reverse. The bytes tell: text with
 * multi-byte UTF-8 sequences that is valid UTF-8 is hardly ever Latin-1 (`é` would read `Ã©`), and
 * a body labelled UTF-8 that is not valid UTF-8 is the windows-1252 it decodes to without a gap.
 * Anything else keeps its label; what still reads wrong is caught by `misdecodingIn`.
 */
function trustworthyCharset(body: Buffer, labelled: string): DecodedBody {
  if (SINGLE_BYTE_LATIN.has(labelled) && body.some((byte) => byte >= 0x80) && isUtf8(body)) {
    return { text: iconv().decode(body, 'utf-8'), charset: 'utf-8' };
  }
  const text = iconv().decode(body, labelled);
  if ((labelled === 'utf-8' || labelled === 'utf8') && !isUtf8(body)) {
    const windows1252 = iconv().decode(body, 'windows-1252');
    // iconv gives U+FFFD for the five bytes windows-1252 leaves undefined.
    if (!windows1252.includes('\ufffd')) return { text: windows1252, charset: 'windows-1252' };
  }
  return { text, charset: labelled };
}

export function charsetFromContentType(contentType: string | null): string | null {
  if (!contentType) return null;
  return /;\s*charset\s*=\s*["']?([^"';\s]+)/i.exec(contentType)?.[1] ?? null;
}

/** The encoding a document declares in its first bytes, as written (not validated). */
export function declaredCharset(body: Buffer): string | null {
  // Latin-1 maps bytes one to one, so ASCII markup reads the same whatever the real encoding.
  const head = body.subarray(0, PRESCAN_BYTES).toString('latin1');
  const xml = /^\s*<\?xml\s[^>]*?encoding\s*=\s*["']([^"']+)["']/i.exec(head);
  if (xml) return xml[1]!;
  // Covers `<meta charset="x">` and `<meta http-equiv="Content-Type" content="text/html; charset=x">`.
  return /<meta\s[^>]*?charset\s*=\s*["']?\s*([^"'\s/>;]+)/i.exec(head)?.[1] ?? null;
}

function supported(label: string | null): string | null {
  if (!label) return null;
  const normalised = label.trim().toLowerCase();
  if (WINDOWS_1252_LABELS.has(normalised)) return 'windows-1252';
  return iconv().encodingExists(normalised) ? normalised : null;
}
