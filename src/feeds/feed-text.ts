/** Text rules shared by the three formats: which characters may appear, and the item body. */
import { sanitizeDescription } from '../model/sanitize.ts';
import { escapeHtml } from '../model/text.ts';
import type { FeedItem } from './feed-model.ts';

/**
 * Removes what XML 1.0 forbids (control characters, lone surrogates, U+FFFE/U+FFFF). Applied to
 * JSON Feed too, so the three formats carry the same text.
 */
export function stripNonXmlChars(text: string): string {
  return text.replace(/[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, '');
}

/** Plain text kept as written (line breaks included), or null when nothing is left. */
export function plainText(text: string | null): string | null {
  return text === null ? null : stripNonXmlChars(text).trim() || null;
}

/** Titles, names and categories: one line, no stray spaces. */
export function singleLine(text: string): string {
  return stripNonXmlChars(text)
    .replace(/[\s\u00a0\u202f]+/g, ' ')
    .trim();
}

/** One line of text as HTML. */
const lineHtml = (text: string) => escapeHtml(singleLine(text));

function paragraphs(text: string): string {
  return text
    .split(/\n+/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => `<p>${lineHtml(line)}</p>`)
    .join('\n');
}

/**
 * The HTML body of an item in every format: the description (sanitised again here), else the
 * summary, else the title; then the opening's other portal pages.
 */
export function itemContentHtml(item: FeedItem): string {
  const body =
    sanitizeDescription(stripNonXmlChars(item.contentHtml ?? '')) ??
    (paragraphs(plainText(item.summary) ?? '') || paragraphs(item.title));
  const otherLinks = new Map(item.links.filter((link) => link.url !== item.url).map((link) => [link.url, link.title]));
  if (otherLinks.size === 0) return body;
  const list = [...otherLinks].map(([url, title]) => `<li><a href="${lineHtml(url)}">${lineHtml(title)}</a></li>`);
  return `${body}\n<p>Autres annonces :</p>\n<ul>${list.join('')}</ul>`;
}
