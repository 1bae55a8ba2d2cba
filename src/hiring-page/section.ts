/**
 * Where the openings section and its DSFR grid lie in a hiring page, as offsets into the text as
 * written (the Hugo Markdown source, or the rendered page), so the grid can be rewritten and every
 * other byte kept. The heading is recognised as the parser recognises it (scrapers/peren).
 */
import * as cheerio from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { isOpeningsHeading } from '../../scrapers/peren/openings-section.ts';
import { loadPageDocument } from '../../scrapers/peren/page-document.ts';
import { cleanText } from '../model/text.ts';

/** One element child of the grid: a column holding a tile, or anything else the team put there. */
export interface GridChild {
  /** The whitespace (and anything not an element) written before it, from the previous child's end. */
  before: string;
  text: string;
  /** The href of the tile's title link, when the child holds a tile. */
  href: string | null;
}

export interface GridSection {
  format: 'markdown' | 'html';
  /** The heading's text ("Nos offres en cours"). */
  heading: string;
  /** The section, heading included, up to the next heading of the same or a higher level. */
  sectionStart: number;
  sectionEnd: number;
  /** The grid's opening tag ends here; its closing tag starts at `closeStart` and ends at `gridEnd`. */
  gridStart: number;
  openTagEnd: number;
  closeStart: number;
  gridEnd: number;
  children: GridChild[];
  /** What lies between the last child and the closing tag. */
  tail: string;
  /** The file's line ending, so new tiles are written like the rest. */
  newline: '\n' | '\r\n';
}

export class SectionNotFound extends Error {}

const HEADING = /^[ ]{0,3}(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$/;
const GRID_CLASS = 'fr-grid-row';
const TILE_LINK_SELECTORS = ['.fr-tile__title a[href]', 'a.fr-tile__link[href]'] as const;

interface Located {
  sectionStart: number;
  sectionEnd: number;
  heading: string;
}

/** The openings section of a Markdown source: ATX headings, as Hugo's content files write them. */
function markdownSection(text: string): Located | null {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const lineAt = (n: number) =>
    text.slice(lineStarts[n], (lineStarts[n + 1] ?? text.length + 1) - 1).replace(/\r$/, '');
  let start = -1;
  let level = 0;
  let heading = '';
  for (let n = 0; n < lineStarts.length; n++) {
    const match = HEADING.exec(lineAt(n));
    if (!match) continue;
    if (start < 0) {
      if (isOpeningsHeading(match[2]!)) [start, level, heading] = [n, match[1]!.length, match[2]!];
    } else if (match[1]!.length <= level) {
      return { sectionStart: lineStarts[start]!, sectionEnd: lineStarts[n]!, heading };
    }
  }
  return start < 0 ? null : { sectionStart: lineStarts[start]!, sectionEnd: text.length, heading };
}

const HEADING_TAGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);

/** The openings section of a rendered page: from the heading element to the next heading of its level or above. */
function htmlSection($: cheerio.CheerioAPI): Located | null {
  const elements = $('body *').toArray();
  const at = elements.findIndex((el) => HEADING_TAGS.has(el.tagName) && isOpeningsHeading(cleanText($(el).text())));
  const heading = elements[at];
  if (!heading?.sourceCodeLocation) return null;
  const level = Number(heading.tagName.slice(1));
  const next = elements
    .slice(at + 1)
    .find((el) => HEADING_TAGS.has(el.tagName) && Number(el.tagName.slice(1)) <= level && !$.contains(heading, el));
  return {
    sectionStart: heading.sourceCodeLocation.startOffset,
    sectionEnd: next?.sourceCodeLocation?.startOffset ?? endOfParent(heading),
    heading: cleanText($(heading).text())!,
  };
}

/** Where the heading's parent element closes: the section's end when no heading follows. */
function endOfParent(heading: Element): number {
  const location = (heading.parent as Element | null)?.sourceCodeLocation;
  return location?.endTag?.startOffset ?? location?.endOffset ?? Number.MAX_SAFE_INTEGER;
}

function tileHref($: cheerio.CheerioAPI, child: Element): string | null {
  for (const selector of TILE_LINK_SELECTORS) {
    const href = $(child).find(selector).first().attr('href')?.trim();
    if (href) return href;
  }
  return null;
}

function readGrid($: cheerio.CheerioAPI, grid: Element, text: string, offset: number) {
  const location = grid.sourceCodeLocation!;
  if (!location.startTag || !location.endTag) throw new SectionNotFound('the openings grid is not closed');
  const children: GridChild[] = [];
  let cursor = location.startTag.endOffset;
  for (const node of grid.children as AnyNode[]) {
    if (node.type !== 'tag' || !node.sourceCodeLocation) continue;
    const { startOffset, endOffset } = node.sourceCodeLocation;
    children.push({
      before: text.slice(offset + cursor, offset + startOffset),
      text: text.slice(offset + startOffset, offset + endOffset),
      href: tileHref($, node),
    });
    cursor = endOffset;
  }
  return {
    gridStart: offset + location.startOffset,
    openTagEnd: offset + location.startTag.endOffset,
    closeStart: offset + location.endTag.startOffset,
    gridEnd: offset + location.endOffset,
    children,
    tail: text.slice(offset + cursor, offset + location.endTag.startOffset),
  };
}

/** The openings section and its grid; SectionNotFound says what is missing. */
export function locateGrid(text: string): GridSection {
  const format = loadPageDocument(text).format;
  const newline = /\r\n/.test(text) ? '\r\n' : '\n';
  if (format === 'markdown') {
    const section = markdownSection(text);
    if (!section) throw new SectionNotFound('no "Nos offres en cours" / "Current openings" heading');
    const excerpt = text.slice(section.sectionStart, section.sectionEnd);
    const $ = cheerio.load(excerpt, { sourceCodeLocationInfo: true }, false);
    const grid = $(`.${GRID_CLASS}`).toArray()[0];
    if (!grid) throw new SectionNotFound(`the "${section.heading}" section has no DSFR grid (.${GRID_CLASS})`);
    return { format, ...section, ...readGrid($, grid, text, section.sectionStart), newline };
  }
  const $ = cheerio.load(text, { sourceCodeLocationInfo: true });
  const section = htmlSection($);
  if (!section) throw new SectionNotFound('no "Nos offres en cours" / "Current openings" heading');
  const grid = $(`.${GRID_CLASS}`)
    .toArray()
    .find((el) => {
      const start = el.sourceCodeLocation?.startOffset ?? -1;
      return start > section.sectionStart && start < section.sectionEnd;
    });
  if (!grid) throw new SectionNotFound(`the "${section.heading}" section has no DSFR grid (.${GRID_CLASS})`);
  return { format, ...section, ...readGrid($, grid, text, 0), newline };
}
