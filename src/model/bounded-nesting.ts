/**
 * Markup nested without end (300 kB of unclosed `<b>`, 200,000 `<div>` inside each other) costs the
 * HTML parser, the sanitiser and every recursive walk of the tree time quadratic in the depth, or
 * overflows the stack. No real page nests deeper than a few dozen elements, so before anything
 * parses a page, elements opened deeper than `MAX_NESTING` are cut (their tags only: text and
 * shallower markup stay), in one linear pass. A page that never goes that deep is left untouched.
 */

export const MAX_NESTING = 128;

/** Elements that never hold others (HTML's void elements): they open no level. */
const VOID = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
]);

/** Elements whose content is text up to their end tag, never markup. */
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes', 'plaintext']);

/**
 * A tag, a comment, a declaration, a processing instruction or a CDATA section, from `<`. A tag
 * ends at the next `>` and never spans another `<`, so that no attempt scans further than the
 * next tag: the pass stays linear whatever the page (a `>` inside a quoted attribute only makes
 * the pass miscount that tag, the parser still reads it right).
 */
const MARKUP =
  /<!--[\s\S]*?(?:-->|$)|<!\[CDATA\[[\s\S]*?(?:\]\]>|$)|<[!?][^>]*>?|<(\/?)([A-Za-z][^\s/<>]*)[^<>]*(?:>|$)/y;

export interface NestingOptions {
  maxDepth?: number;
  /** XML: `<x/>` is a whole element. HTML parsers open a level for it (unless it is void). */
  xml?: boolean;
}

/** The markup with every element opened deeper than `maxDepth` unwrapped; the same string when none is. */
export function boundNesting(markup: string, options: NestingOptions = {}): string {
  const maxDepth = options.maxDepth ?? MAX_NESTING;
  if (!markup.includes('<')) return markup;
  const open: string[] = [];
  /** Elements cut because too deep, by name: their end tags go too. */
  const cut = new Map<string, number>();
  const kept: string[] = [];
  let from = 0;
  let copied = 0;
  let changed = false;
  const drop = (start: number, end: number) => {
    kept.push(markup.slice(copied, start));
    copied = end;
    changed = true;
  };
  for (let at = markup.indexOf('<'); at >= 0; at = markup.indexOf('<', from)) {
    MARKUP.lastIndex = at;
    const match = MARKUP.exec(markup);
    if (!match) {
      from = at + 1;
      continue;
    }
    from = MARKUP.lastIndex;
    const name = match[2]?.toLowerCase();
    if (!name) continue;
    if (match[1]) {
      const pending = cut.get(name) ?? 0;
      if (pending > 0) {
        cut.set(name, pending - 1);
        drop(at, from);
        continue;
      }
      // Closes the innermost open element of that name and everything opened inside it.
      const index = open.lastIndexOf(name);
      if (index >= 0) open.length = index;
      continue;
    }
    if (VOID.has(name) || (options.xml && match[0].endsWith('/>'))) continue;
    if (RAW_TEXT.has(name) && !options.xml) {
      const end = new RegExp(`</${name}`, 'gi');
      end.lastIndex = from;
      from = end.exec(markup)?.index ?? markup.length;
      if (open.length < maxDepth) open.push(name);
      continue;
    }
    if (open.length >= maxDepth) {
      cut.set(name, (cut.get(name) ?? 0) + 1);
      drop(at, from);
      continue;
    }
    open.push(name);
  }
  if (!changed) return markup;
  kept.push(markup.slice(copied));
  return kept.join('');
}
