/**
 * Personal data out of saved captures: portals print recruiters' e-mail addresses and phone numbers
 * (PASS's `dc:creator`, contact blocks of offer pages), which must not end up in fixtures.
 */

export const EMAIL_PLACEHOLDER = 'mail@example.invalid';
export const PHONE_PLACEHOLDER = '00 00 00 00 00';

/** `@` also as the character references pages use to hide addresses from harvesters. */
const EMAIL = /[a-z0-9._%+-]+(?:@|&#0*64;|&#x0*40;)[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/gi;

/**
 * French numbers: `01 23 45 67 89`, `01.23.45.67.89`, `0123456789`, `+33 1 23 45 67 89`,
 * `+33 (0)1 …`, `0033 …`, spaces possibly written `&nbsp;`. Not inside a longer token (ids, URLs,
 * decimals), so that offer ids and links stay intact.
 */
const SEP = String.raw`(?:[\s.\-]|&nbsp;|&#160;)?`;
const PHONE = new RegExp(
  String.raw`(?<![\w+.\-/=])(?:(?:\+|00)33${SEP}(?:\(0\)${SEP})?|0)[1-9](?:${SEP}\d{2}){4}(?![\w])`,
  'g',
);

export function scrubPersonalData(text: string): string {
  return text.replace(EMAIL, EMAIL_PLACEHOLDER).replace(PHONE, PHONE_PLACEHOLDER);
}
