/**
 * What every parse result goes through before anything stores or shows it. Scraped text may hold
 * control characters (raw bytes, `&#27;` references) that would reach a terminal or a page, lone
 * UTF-16 surrogates (`&#xD800;`) that strict JSON parsers reject, bidi overrides and isolates
 * (`&#x202E;` turns `fdp.exe` round on the page and in a chat), noncharacters (U+FFFE, which XML
 * 1.0 feeds may not carry), and recruiters' contacts.
 */
import { collectDateRefusals } from './dates.ts';
import { scrubPersonalData } from './personal-data.ts';
import type { Posting } from './posting.ts';
import type { FetchedPage, ParsedPosting, ParseResult, Problem } from './source.ts';

/** High surrogates of the planes' last two code points (U+1FFFE, U+1FFFF … U+10FFFF): noncharacters too. */
const PLANE_ENDS = Array.from({ length: 16 }, (_, plane) => String.fromCharCode(0xd83f + plane * 0x40)).join('');

/**
 * C0 controls but tab and line feed, DEL, C1 controls; bidi embeddings, overrides and isolates
 * (U+202A–U+202E, U+2066–U+2069; the marks U+200E/U+200F do no harm and stay); noncharacters;
 * and surrogates without their other half.
 */
const UNSAFE = new RegExp(
  [
    '[\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069\\ufdd0-\\ufdef\\ufffe\\uffff]',
    `[${PLANE_ENDS}][\\udffe\\udfff]`,
    '[\\ud800-\\udbff](?![\\udc00-\\udfff])',
    '(?<![\\ud800-\\udbff])[\\udc00-\\udfff]',
  ].join('|'),
  'g',
);

/** Text without control characters, bidi overrides, noncharacters nor lone surrogates (tab and line feed kept). */
export function withoutUnsafeCharacters(text: string): string {
  return text.replace(UNSAFE, '');
}

/** Scraped text as it may be kept: no unsafe characters, contacts replaced. */
function safeScrapedText(text: string): string {
  return scrubPersonalData(withoutUnsafeCharacters(text));
}

/** URLs went through `new URL`, which percent-encodes control characters; they are identities, left as they are. */
const LEFT_AS_THEY_ARE: ReadonlySet<string> = new Set(['source', 'url', 'originalUrl']);
/** Fields a posting always has: they stay strings when nothing is left of them. */
const REQUIRED: ReadonlySet<string> = new Set(['sourceId', 'title']);

export function safePosting(posting: Posting): Posting {
  const safe = { ...posting, extra: {} } as Posting;
  const fields = safe as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(posting)) {
    if (typeof value !== 'string' || LEFT_AS_THEY_ARE.has(key)) continue;
    const text = safeScrapedText(value).trim();
    fields[key] = text === '' && !REQUIRED.has(key) ? null : text;
  }
  for (const [label, value] of Object.entries(posting.extra)) {
    const text = safeScrapedText(value).trim();
    if (text !== '') safe.extra[safeScrapedText(label).trim()] = text;
  }
  return safe;
}

function safeParsedPosting(item: ParsedPosting): ParsedPosting {
  return { ...item, posting: safePosting(item.posting), orgHints: item.orgHints.map(safeScrapedText) };
}

function safeProblem(problem: Problem): Problem {
  return { ...problem, message: safeScrapedText(problem.message) };
}

/** The result a parser gave, with every scraped string made safe (see the module comment). */
function safeParseResult(result: ParseResult): ParseResult {
  return { ...result, postings: result.postings.map(safeParsedPosting), problems: result.problems.map(safeProblem) };
}

/**
 * Runs a parser on a page: its result made safe, and each impossible date it met (the field left
 * empty) told as a warning of the page, so the run says why a date is missing.
 */
export function safeParse(page: FetchedPage, parse: () => ParseResult): ParseResult {
  const { value, refused } = collectDateRefusals(parse);
  const safe = safeParseResult(value);
  if (refused.length === 0) return safe;
  const warnings = refused.map(
    (why): Problem => ({
      severity: 'warning',
      message: safeScrapedText(`${why}: the field is left empty`),
      url: page.url,
    }),
  );
  return { ...safe, problems: [...safe.problems, ...warnings] };
}
