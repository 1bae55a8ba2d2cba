/**
 * A safety net on what a posting keeps of its description. The portals' own offer pages hold 5 to
 * 20 kB of it; past DESCRIPTION_MAX_CHARS it is junk or an attack, and every copy of it (stored,
 * read back, summarised) would cost memory and disk. The text is cut there, and the HTML, which
 * cannot be cut anywhere without breaking its markup, is rebuilt from the cut text; the parse
 * result says so with a warning naming the posting.
 */
import type { ParseResult, Problem } from './source.ts';
import { escapeHtml } from './text.ts';

export const DESCRIPTION_MAX_CHARS = 100_000;

const paragraphs = (text: string) =>
  text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${escapeHtml(p)}</p>`)
    .join('');

export function withCappedDescriptions(result: ParseResult, url: string): ParseResult {
  const problems: Problem[] = [];
  const postings = result.postings.map((item) => {
    const { descriptionHtml: html, descriptionText: text } = item.posting;
    if ((html?.length ?? 0) <= DESCRIPTION_MAX_CHARS && (text?.length ?? 0) <= DESCRIPTION_MAX_CHARS) return item;
    const cut = text === null ? null : `${text.slice(0, DESCRIPTION_MAX_CHARS)}…`;
    problems.push({
      severity: 'warning',
      message: `the description of ${item.posting.sourceId} (${item.posting.title}) holds ${Math.max(html?.length ?? 0, text?.length ?? 0)} characters: kept only its first ${DESCRIPTION_MAX_CHARS}`,
      url: item.posting.url || url,
    });
    return { ...item, posting: { ...item.posting, descriptionText: cut, descriptionHtml: cut && paragraphs(cut) } };
  });
  return problems.length === 0 ? result : { ...result, postings, problems: [...result.problems, ...problems] };
}
