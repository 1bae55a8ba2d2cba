/**
 * What a body is, independent of the parser: when the parser matched nothing, this tells "the
 * portal redesigned" from "the portal served an error or maintenance page".
 */
import * as cheerio from 'cheerio';
import { cleanText, foldForMatch } from '../model/text.ts';

const FEED_LABEL = /\b(?:rss|atom|feed)\b/i;
const HTML_START = /^\s*(?:<!--[\s\S]*?-->\s*)*<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>])/i;
/** Matched on the folded headline (lower case, no accents). */
const ERROR_WORDS =
  /\b(?:erreur|error|maintenance|indisponible|unavailable|introuvable|not found|access denied|acces (?:refuse|interdit)|forbidden|bad gateway|too many requests)\b|\b[45]\d\d\b/;

/** Requests whose label names a feed expect XML, never an HTML page. */
export function expectsFeed(label: string): boolean {
  return FEED_LABEL.test(label);
}

export function looksLikeHtml(body: string): boolean {
  return HTML_START.test(body);
}

/** The `<title>` of an HTML page, else its first `<h1>`; null when it has neither. */
export function htmlHeadline(body: string): string | null {
  const $ = cheerio.load(body);
  return cleanText($('title').first().text()) ?? cleanText($('h1').first().text());
}

/** An error, maintenance or access-denied page, judged from its headline. */
export function looksLikeErrorPage(headline: string | null): boolean {
  return headline !== null && ERROR_WORDS.test(foldForMatch(headline));
}
