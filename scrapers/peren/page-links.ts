/** Links as the page writes them, from HTML anchors and, in the Markdown source, Markdown links. */

import type { Cheerio, CheerioAPI } from 'cheerio';
import * as cheerio from 'cheerio';
import type { Element } from 'domhandler';
import { cleanText, foldForMatch } from '../../src/model/text.ts';
import type { PageDocument } from './page-document.ts';

export interface RawLink {
  /** The href exactly as written (trimmed). */
  href: string;
  /** The visible link text, cleaned; null when the link has none. */
  text: string | null;
  /** `aria-label` or `title` of the link itself, a second-best name when the text is empty. */
  label: string | null;
  /**
   * When the text only says "Voir l'offre" (or another call to action), the title the page gives
   * around the link: the rest of its list item, paragraph or table row. Null otherwise.
   */
  around?: string | null;
}

/** Link texts (folded) that name no post: the title is written beside them. */
const CALL_TO_ACTION =
  /^(?:(?:voir|consulter|lire|decouvrir|acceder a) (?:l'offre|l'annonce|la fiche(?: de poste)?|le poste|la suite|l'offre d'emploi|le detail)|en savoir plus|plus d'informations?|postuler|candidater|ici|lien|details?|read more|see the (?:offer|job)|view (?:the )?(?:offer|job)|apply(?: now)?|more)\s*[>»→.!]*$/;

/** The blocks whose text, the link's own aside, is the title a call-to-action link leaves out. */
const TITLE_BLOCKS = 'li, p, tr, dd, dt, td, h1, h2, h3, h4, h5, h6, article';

function textAround(anchor: Cheerio<Element>, linkText: string): string | null {
  const blockText = cleanText(anchor.closest(TITLE_BLOCKS).first().text());
  const at = blockText?.lastIndexOf(linkText) ?? -1;
  if (!blockText || at < 0) return null;
  const rest = `${blockText.slice(0, at)} ${blockText.slice(at + linkText.length)}`;
  return cleanText(rest.replace(/[\s–—:|•→>-]+$/u, '').replace(/^[\s–—:|•-]+/u, ''));
}

export function anchorLink(anchor: Cheerio<Element>): RawLink | null {
  const href = anchor.attr('href')?.trim();
  if (!href) return null;
  const text = cleanText(anchor.text());
  const around = text !== null && CALL_TO_ACTION.test(foldForMatch(text)) ? textAround(anchor, text) : null;
  return {
    href,
    text,
    label: cleanText(anchor.attr('aria-label') ?? anchor.attr('title') ?? null),
    ...(around ? { around } : {}),
  };
}

function anchorLinks($: CheerioAPI, anchors: Cheerio<Element>): RawLink[] {
  return anchors.toArray().flatMap((el) => anchorLink($(el)) ?? []);
}

/** Link text written in Markdown may hold inline HTML (`<em lang="en">`) and emphasis marks. */
function markdownText(raw: string): string | null {
  return cleanText(cheerio.load(raw).text().replace(/[*`]+/g, ''));
}

/**
 * Inline `[text](url "title")`, reference `[text][ref]` / `[text][]` with `[ref]: url`, and
 * `<https://…>` autolinks. References may be defined anywhere in `definitionsFrom` (the whole source).
 */
function markdownLinks(source: string, definitionsFrom = source): RawLink[] {
  const definitions = new Map<string, string>();
  for (const m of definitionsFrom.matchAll(/^[ ]{0,3}\[([^\]]+)\]:[ \t]*<?([^\s>]+)>?/gm)) {
    definitions.set(m[1]!.trim().toLowerCase(), m[2]!);
  }
  const links: RawLink[] = [];
  // `(?<!!)` leaves images out: their alt text is never a title.
  for (const m of source.matchAll(/(?<!!)\[([^\]]*)\]\([ \t]*<?([^)\s>]+)>?(?:[ \t]+["'(][^)]*)?\)/g)) {
    links.push({ href: m[2]!, text: markdownText(m[1]!), label: null });
  }
  for (const m of source.matchAll(/(?<!!)\[([^\]]+)\]\[([^\]]*)\]/g)) {
    const href = definitions.get((m[2] || m[1]!).trim().toLowerCase());
    if (href) links.push({ href, text: markdownText(m[1]!), label: null });
  }
  for (const m of source.matchAll(/<(https?:\/\/[^>\s]+)>/g)) links.push({ href: m[1]!, text: m[1]!, label: null });
  return links;
}

/** Every link of the page: anchors, plus Markdown links when the page is the Markdown source. */
export function allPageLinks(doc: PageDocument): RawLink[] {
  const anchors = anchorLinks(doc.$, doc.$('a[href]'));
  return doc.format === 'markdown' ? [...anchors, ...markdownLinks(doc.body)] : anchors;
}

/** Links of an excerpt of the Markdown source (raw HTML anchors and Markdown links). */
export function linksInMarkdownExcerpt(excerpt: string, wholeSource: string): RawLink[] {
  const $ = cheerio.load(excerpt);
  return [...anchorLinks($, $('a[href]')), ...markdownLinks(excerpt, wholeSource)];
}

/** The links among the given elements. */
export function linksAmong($: CheerioAPI, elements: Element[]): RawLink[] {
  return anchorLinks($, $(elements).filter('a[href]'));
}

/** Links that lead somewhere: not in-page anchors, e-mail, phone or script links. */
export function isNavigableHref(href: string): boolean {
  return !/^(?:#|mailto:|tel:|javascript:)/i.test(href.trim());
}
