/**
 * What the fetcher hands over and keeps of a body. Parsers and the conditional-GET cache get the
 * same text, so a page replayed on a 304 parses exactly as it did on its 200: the decoded text with
 * e-mail addresses and phone numbers replaced (src/model/personal-data.ts). The cache stores that
 * text as UTF-8 behind a byte order mark, which decides its decoding on replay whatever the
 * Content-Type kept beside it says.
 */
import { scrubPersonalData } from './personal-data.ts';

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** The text parsers read: contacts replaced. */
export function scrubbedText(decoded: string): string {
  return scrubPersonalData(decoded);
}

/** The bytes the cache stores for a scrubbed text. */
export function cachedBody(text: string): Buffer {
  return Buffer.concat([UTF8_BOM, Buffer.from(text, 'utf8')]);
}
