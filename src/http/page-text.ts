/**
 * From a body's bytes to the text parsers read: decoded (src/model/charset.ts), checked for what
 * still reads mis-decoded, and scrubbed of contacts (src/model/scrubbed-body.ts). The fetcher does
 * it for the pages it hands over as text; a run's parse workers do it for the pages they get as
 * bytes, so the main thread never holds a page's text (src/pipeline/parse-pool.ts).
 */

import { decodeBody } from '../model/charset.ts';
import { scrubbedText } from '../model/scrubbed-body.ts';
import type { FetchedPage } from '../model/source.ts';
import { misdecodingIn } from './mis-decoding.ts';

/** A page as it came: its body still bytes (a run's pages travel so to their parse worker). */
export interface RawPage extends Omit<FetchedPage, 'body'> {
  bytes: Uint8Array;
}

export type PageText =
  | { text: string; charset: string; wrongCharset: null }
  /** The text still reads wrong after decoding: it is not what the portal says, and is not handed over. */
  | { text: null; charset: string; wrongCharset: string };

export function readPageText(bytes: Uint8Array, contentType: string | null): PageText {
  const decoded = decodeBody(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), contentType);
  const wrongCharset = misdecodingIn(decoded.text);
  if (wrongCharset) return { text: null, charset: decoded.charset, wrongCharset };
  return { text: scrubbedText(decoded.text), charset: decoded.charset, wrongCharset: null };
}

/** The message of a page whose text reads wrong, naming where it came from and how it was served. */
export function wrongCharsetMessage(
  where: string,
  read: PageText & { wrongCharset: string },
  contentType: string | null,
): string {
  const served = `decoded as ${read.charset}${contentType ? `, served as "${contentType}"` : ''}`;
  return `${where}: ${read.wrongCharset} (${served})`;
}
