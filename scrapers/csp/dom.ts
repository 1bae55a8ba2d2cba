/** Small DOM helpers for the portal's DSFR markup, where labels live in `sr-only` spans. */
import * as cheerio from 'cheerio';
import type { AnyNode, Element, Text } from 'domhandler';
import { type PruneTest, prunedDocument } from '../../src/model/pruned-html.ts';
import { cleanText, foldForMatch } from '../../src/model/text.ts';

const HTMLPARSER2 = { xml: { xmlMode: false, decodeEntities: true } };

/**
 * Parses a page once. htmlparser2 rather than parse5: results pages weigh about 4.5 MB and it
 * builds the tree several times faster; entities such as `&eacute;` are decoded either way.
 * With `prune`, the elements it names are left out of the tree (src/model/pruned-html.ts).
 */
export function loadHtml(body: string, prune?: PruneTest): cheerio.CheerioAPI {
  return cheerio.load(prune ? prunedDocument(body, prune) : body, HTMLPARSER2);
}

function hasClass(el: Element, name: string): boolean {
  return (el.attribs.class ?? '').split(/\s+/).includes(name);
}

function textSkipping(node: AnyNode, skip: (el: Element) => boolean): string {
  if (node.type === 'text') return (node as Text).data;
  if (node.type !== 'tag') return '';
  const el = node as Element;
  return skip(el) ? '' : el.children.map((child) => textSkipping(child, skip)).join('');
}

const isLabel = (el: Element): boolean => hasClass(el, 'sr-only') || el.attribs['aria-hidden'] === 'true';

/** Visible text of an element without its screen-reader label (`Localisation : `) or decorative parts. */
export function valueText(el: AnyNode, alsoSkip?: (el: Element) => boolean): string | null {
  return cleanText(textSkipping(el, (child) => isLabel(child) || (alsoSkip?.(child) ?? false)));
}

/** The `sr-only` label directly inside an element, without its colon (`Employeur`), or null. */
export function srOnlyLabel($: cheerio.CheerioAPI, el: AnyNode): string | null {
  const label = cleanText($(el).children('.sr-only').first().text());
  const match = label ? /^(.*?\S)\s*:$/.exec(label) : null;
  return match ? match[1]! : null;
}

/** A label folded for lookups: `Nature de l’emploi` → `nature de l'emploi`. */
export function labelKey(label: string): string {
  return foldForMatch(label).replace(/\s*:\s*$/, '');
}

/** Removes elements that only make sense with JavaScript ("Afficher la suite" buttons) before reading HTML. */
export function withoutControls<T extends AnyNode>(el: cheerio.Cheerio<T>): cheerio.Cheerio<T> {
  el.find('button, script, style, template, input').remove();
  return el;
}
