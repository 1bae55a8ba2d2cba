/**
 * The hiring page as parsers see it: either the rendered HTML or the Hugo Markdown source (whose
 * tiles are raw HTML, so one cheerio document serves both).
 */

import type { CheerioAPI } from 'cheerio';
import * as cheerio from 'cheerio';

export interface PageDocument {
  format: 'markdown' | 'html';
  body: string;
  $: CheerioAPI;
}

const FRONT_MATTER = /^\uFEFF?(?:---|\+\+\+)[ \t]*\r?\n/;

/** Hugo content starts with YAML (`---`) or TOML (`+++`) front matter; a page without `<html>` but with ATX headings is Markdown too. */
function isMarkdownSource(body: string): boolean {
  if (FRONT_MATTER.test(body)) return true;
  return !/<(?:html|body|head)[\s>]/i.test(body) && /^#{1,6}[ \t]+\S/m.test(body);
}

export function hasFrontMatter(body: string): boolean {
  return FRONT_MATTER.test(body);
}

/** The `title:` of the YAML front matter (or `title =` of TOML), or null. */
export function frontMatterTitle(body: string): string | null {
  const block = /^\uFEFF?(---|\+\+\+)[ \t]*\r?\n([\s\S]*?)\r?\n\1[ \t]*(?:\r?\n|$)/.exec(body)?.[2];
  const title = block && /^title[ \t]*[:=][ \t]*(.+)$/m.exec(block)?.[1];
  return title ? title.trim().replace(/^(["'])(.*)\1$/, '$2') : null;
}

export function loadPageDocument(body: string): PageDocument {
  return { format: isMarkdownSource(body) ? 'markdown' : 'html', body, $: cheerio.load(body) };
}
