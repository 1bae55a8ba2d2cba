import sanitizeHtml from 'sanitize-html';
import { boundNesting } from './bounded-nesting.ts';
import { cleanText } from './text.ts';

/** What a feed reader or our page may show of a portal's description: structure, no scripts or styles. */
const ALLOWED: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'ul',
    'ol',
    'li',
    'strong',
    'b',
    'em',
    'i',
    'u',
    'h3',
    'h4',
    'h5',
    'h6',
    'a',
    'blockquote',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
    'span',
  ],
  allowedAttributes: { a: ['href'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  disallowedTagsMode: 'discard',
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'template'],
};

/** Sanitised HTML, or null when nothing readable is left. */
export function sanitizeDescription(html: string | null | undefined): string | null {
  if (!html) return null;
  // Nested without end (JSON-LD text is not bounded with its page), sanitize-html would be quadratic.
  const clean = sanitizeHtml(boundNesting(html), ALLOWED)
    .replace(/<(p|span|li)>\s*<\/\1>/g, '')
    .trim();
  return htmlToText(clean) ? clean : null;
}

/** Plain text of an HTML fragment, paragraphs and list items kept on their own lines. */
export function htmlToText(html: string | null | undefined): string | null {
  if (!html) return null;
  const withBreaks = boundNesting(html)
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|li|h[1-6]|div|tr|blockquote)>/gi, '\n')
    .replace(/<li[^>]*>/gi, '• ');
  const text = sanitizeHtml(withBreaks, {
    allowedTags: [],
    allowedAttributes: {},
    nonTextTags: ALLOWED.nonTextTags ?? [],
  });
  const lines = text
    .split('\n')
    .map((line) => cleanText(decodeBasic(line)))
    .filter((line): line is string => line !== null);
  return lines.length ? lines.join('\n') : null;
}

function decodeBasic(s: string): string {
  return s
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}
