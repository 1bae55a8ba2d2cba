/**
 * What every parse result goes through before anything stores or shows it. Scraped text may hold
 * control characters (raw bytes, `&#27;` references) that would reach a terminal or a page, lone
 * UTF-16 surrogates (`&#xD800;`) that strict JSON parsers reject, and recruiters' contacts.
 */
import { scrubPersonalData } from './personal-data.ts';
import type { Posting } from './posting.ts';
import type { ParsedPosting, ParseResult, Problem } from './source.ts';

/** C0 controls but tab and line feed, DEL, C1 controls, and surrogates without their other half. */
const UNSAFE =
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Text without control characters nor lone surrogates (tab and line feed kept). */
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
export function safeParseResult(result: ParseResult): ParseResult {
  return { ...result, postings: result.postings.map(safeParsedPosting), problems: result.problems.map(safeProblem) };
}
