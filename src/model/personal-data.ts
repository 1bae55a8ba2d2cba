/**
 * Personal data out of everything we keep: portals print recruiters' e-mail addresses and phone
 * numbers (PASS's `dc:creator`, contact lines of descriptions, contact blocks of offer pages). The
 * fetcher replaces them in every body before it is parsed or cached, the parsers' output is
 * scrubbed again (addresses hidden in character references only appear once decoded), and
 * `doctor --save` writes no capture without it.
 */

const EMAIL_PLACEHOLDER = 'mail@example.invalid';
const PHONE_PLACEHOLDER = '00 00 00 00 00';

/**
 * `@` also as the character references pages use to hide addresses from harvesters, escaped again
 * inside feeds (`&amp;#64;`, `&amp;amp;#64;`). The lookbehind starts a match only at the start of
 * a word, which keeps the search linear on long runs of letters (a data: URI).
 */
const EMAIL =
  /(?<![a-z0-9._%+-])[a-z0-9._%+-]+(?:@|&(?:amp;)*#0*64;|&(?:amp;)*#x0*40;)[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/gi;

/**
 * French numbers: `01 23 45 67 89`, `01.23.45.67.89`, `0123456789`, `+33 1 23 45 67 89`,
 * `+33 (0)1 …`, `0033 …`, spaces possibly written `&nbsp;` (escaped again in feeds). Not inside
 * a longer token (ids, URLs, decimals), so that offer ids and links stay intact.
 */
const SEP = String.raw`(?:[\s.\-]|&(?:amp;)*(?:nbsp|#160|#x0*a0);)?`;
const PHONE = new RegExp(
  String.raw`(?<![\w+.\-/=])(?:(?:\+|00)33${SEP}(?:\(0\)${SEP})?|0)[1-9](?:${SEP}\d{2}){4}(?![\w])`,
  'gi',
);

export function scrubPersonalData(text: string): string {
  return text.replace(EMAIL, EMAIL_PLACEHOLDER).replace(PHONE, PHONE_PLACEHOLDER);
}
