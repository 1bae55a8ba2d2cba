/**
 * Personal data out of everything we keep: portals print recruiters' e-mail addresses and phone
 * numbers (PASS's `dc:creator`, contact lines of descriptions, contact blocks of offer pages). The
 * fetcher replaces them in every body before it is parsed or cached, the parsers' output is
 * scrubbed again (addresses hidden in character references only appear once decoded), and
 * `doctor --save` writes no capture without it.
 */

const EMAIL_PLACEHOLDER = 'mail@example.invalid';
const PHONE_PLACEHOLDER = '00 00 00 00 00';

/** A space, also written `&nbsp;` (escaped again inside feeds). */
const SPACE = String.raw`(?:\s|&(?:amp;)*(?:nbsp|#160|#x0*a0);)`;
/** `[at]`, `(dot)`, `{point}`: a word in brackets, spaces allowed inside and around. */
const bracketed = (words: string) => String.raw`${SPACE}*[\[({<]${SPACE}*(?:${words})${SPACE}*[\])}>]${SPACE}*`;

/**
 * `@` as pages write it to hide addresses from harvesters: character references (escaped again
 * inside feeds: `&amp;#64;`), percent-encoded in links (`%40`), spaced (` @ `), in brackets
 * (`[at]`, `(a)`, `{arobase}`…).
 */
const AT = [
  `${SPACE}*@${SPACE}*`,
  '&(?:amp;)*#0*64;',
  '&(?:amp;)*#x0*40;',
  '%(?:25)*40',
  bracketed('@|at|a|arr?obase'),
].join('|');

/** `.` in a disguised address: `[dot]`, `(point)`… */
const HIDDEN_DOT = bracketed(String.raw`\.|dot|point|pt`);
const DOT = `(?:\\.|${HIDDEN_DOT})`;
/** Spelt out in words (`jean arobase peren point fr`), `.` may be a word too. */
const WORD_AT = `${SPACE}+arr?obase${SPACE}+`;
const WORD_DOT = `(?:${DOT}|${SPACE}+(?:dot|point)${SPACE}+)`;

/**
 * The part before `@`: its own `.` are in the character class, hidden ones between its words. The
 * words of an address are bounded in number: a match may start at each word after a hidden dot,
 * and an unbounded chain (`a[dot]a[dot]a…`) would make the search quadratic.
 */
const LOCAL = `[a-z0-9._%+-]+(?:(?:${HIDDEN_DOT})[a-z0-9._%+-]+){0,6}`;
const domain = (dot: string) => `[a-z0-9-]+(?:${dot}[a-z0-9-]+){0,10}${dot}[a-z]{2,}`;

/**
 * The lookbehind starts a match only at the start of a word, which keeps the search linear on
 * long runs of letters (a data: URI).
 */
const EMAIL = new RegExp(`(?<![a-z0-9._%+-])${LOCAL}(?:(?:${AT})${domain(DOT)}|${WORD_AT}${domain(WORD_DOT)})`, 'gi');

/**
 * French numbers: `01 23 45 67 89`, `01.23.45.67.89`, `01-23-45-67-89`, `0123456789` (pairs all
 * apart or all together, so that `01.12.2026 10:00` stays a date), and international:
 * `+33 1 23 45 67 89`, `(+33) 1 …`, `+33 (0)1 …`, `0033 1 …`, `33 1 …` (a
 * separator after 33 then, not to take an 11-digit number for one), `%2B33…` in links; spaces
 * possibly written `&nbsp;` (escaped again in feeds). Not inside a longer token (ids, URLs,
 * decimals), so that offer ids and links stay intact.
 */
const SEP = String.raw`(?:[\s.\-]|&(?:amp;)*(?:nbsp|#160|#x0*a0);)`;
const COUNTRY = String.raw`\(?(?:\+|%2B|00)33\)?${SEP}?(?:\(0\)${SEP}?)?|33${SEP}(?:\(0\)${SEP}?)?`;
const PHONE = new RegExp(String.raw`(?<![\w+.\-/=])(?:${COUNTRY}|0)[1-9](?:\d{8}|(?:${SEP}\d{2}){4})(?![\w])`, 'gi');

export function scrubPersonalData(text: string): string {
  return text.replace(EMAIL, EMAIL_PLACEHOLDER).replace(PHONE, PHONE_PLACEHOLDER);
}
