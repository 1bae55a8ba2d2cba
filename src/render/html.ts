/**
 * HTML building with escaping by default: every value interpolated into `html` is text unless it
 * is already markup we built (SafeHtml). Scraped strings can never become tags or attributes.
 */
import { escapeHtml } from '../model/text.ts';

/** Markup that was built by `html` (or deliberately trusted with `trustedHtml`). */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type HtmlValue = SafeHtml | string | number | null | undefined | false | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/** Tagged template: literal parts are markup, interpolations are escaped (arrays are concatenated). */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0]!;
  values.forEach((value, i) => {
    out += render(value) + strings[i + 1]!;
  });
  return new SafeHtml(out);
}

/** Marks markup produced elsewhere as safe: only for sanitised HTML (sanitize.ts) and our own JSON-LD. */
export function trustedHtml(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

/**
 * JSON for a `<script type="application/ld+json">` block: `<`, `>` and `&` become `\u` escapes so no
 * text can close the script element or open a comment, and U+2028/2029 are escaped for old parsers.
 */
export function jsonForScript(value: unknown): SafeHtml {
  const json = JSON.stringify(value, null, 2)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
  return new SafeHtml(json);
}

/** A link target from scraped data: http(s) URLs only, so no `javascript:` or `data:` link can slip through. */
export function safeHref(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.toString() : null;
  } catch {
    return null;
  }
}
