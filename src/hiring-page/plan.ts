/**
 * The hiring page's openings section rewritten from the openings (pure: text and openings in, text
 * and changes out). Rules:
 *
 * - A tile whose offer is still open (or only missing from the last run, not closed yet) stays as
 *   the team wrote it, byte for byte: its title, its `<em lang="en">`, its image, its link.
 * - A tile whose offer is closed on every portal goes; so does a second tile of the same opening.
 * - A tile whose offer no portal shows (a portal not read, a link to a page of the site) stays:
 *   nothing proves it wrong. So does anything in the grid that is not a tile.
 * - An open opening without a tile gets one at the end, linking its offer on the portal the page
 *   links most (ties: the opening's own order, Passerelles first); openings the page is not expected
 *   to list (internships and apprenticeships) get none.
 * - On the English page a new tile carries the translation configured for its opening, else the
 *   French title, and is listed as needing one.
 * - Every other byte of the file is kept, line endings included.
 */
import { identifyOfferLink } from '../../scrapers/peren/offer-links.ts';
import { PEREN_POLICY } from '../../scrapers/peren/site.ts';
import { canonicalUrl } from '../model/urls.ts';
import { type GridChild, type GridSection, locateGrid } from './section.ts';
import { type TileLayout, tileMarkup, tileTitle } from './tile-markup.ts';

export interface PageOpening {
  uid: string;
  /** The opening's title on the portals (French). */
  title: string;
  status: 'open' | 'missing' | 'closed';
  /** Every offer that is this opening, as `source:id` (its postings, and the originals they re-publish). */
  offerKeys: readonly string[];
  /** Where a new tile may link: its open postings' offers, best source first. */
  links: readonly { source: string; url: string }[];
  /** False for openings the page is not expected to list. */
  listed: boolean;
}

export interface PlanOptions {
  lang: 'fr' | 'en';
  /** The page's address, to resolve relative links. */
  pageUrl: string;
  /** English titles by opening uid (or by `source:id` of one of its offers). */
  translations: Readonly<Record<string, string>>;
  /** The image of a new tile, when the grid has no tile to take it from. */
  defaultImage: string;
  /** Names whose post codes ("SEN PEReN 156") are taken out of new tiles' titles. */
  organisationNames: readonly string[];
}

interface TileChange {
  title: string;
  href: string;
  /** The opening's uid; null for a tile whose offer no portal shows. */
  opening: string | null;
}

export interface HiringPagePlan {
  /** The whole file with its section rewritten. */
  text: string;
  /** The section alone, as the file writes it. */
  section: string;
  changed: boolean;
  kept: TileChange[];
  removed: (TileChange & { why: 'closed' | 'duplicate' })[];
  added: TileChange[];
  /** New English tiles that carry the French title. */
  untranslated: TileChange[];
  /** Tiles kept because no portal shows their offer. */
  unverified: TileChange[];
}

/** `passerelles:4165` for a link to a portal offer, however the page wrote it; null otherwise. */
function offerKeyOfHref(href: string, pageUrl: string): string | null {
  const target = canonicalUrl(href, pageUrl, PEREN_POLICY);
  const offer = target ? identifyOfferLink(target) : null;
  return offer ? `${offer.source}:${offer.id}` : null;
}

/** The tile's visible title: the link's text without its markup. */
function titleOf(child: GridChild): string {
  const link = /<a\b[^>]*>([\s\S]*?)<\/a>/i.exec(child.text)?.[1] ?? '';
  return link
    .replace(/<[^>]*>/g, '')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

function layoutOf(grid: GridSection, text: string): TileLayout {
  const tiles = grid.children.filter((child) => child.href !== null);
  const model = tiles.at(-1);
  const lastLine = (s: string) => s.slice(s.lastIndexOf('\n') + 1);
  if (model) {
    const indent = lastLine(model.before);
    const inner = /\n([ \t]*)\S/.exec(model.text)?.[1] ?? `${indent}    `;
    const unit = inner.startsWith(indent) && inner.length > indent.length ? inner.slice(indent.length) : '    ';
    return { indent, unit, newline: grid.newline };
  }
  const gridIndent = /[ \t]*$/.exec(text.slice(0, grid.gridStart))![0];
  return { indent: `${gridIndent}    `, unit: '    ', newline: grid.newline };
}

function imageOf(grid: GridSection, fallback: string): string {
  for (const child of [...grid.children].reverse()) {
    const src = /<img\b[^>]*\bsrc="([^"]+)"/i.exec(child.text)?.[1];
    if (child.href !== null && src) return src;
  }
  return fallback;
}

/** The source the page links most; ties keep the opening's own order. */
function chooseLink(opening: PageOpening, usage: Map<string, number>): { source: string; url: string } | undefined {
  return [...opening.links].sort((a, b) => (usage.get(b.source) ?? 0) - (usage.get(a.source) ?? 0))[0];
}

export function planHiringPage(text: string, openings: readonly PageOpening[], options: PlanOptions): HiringPagePlan {
  const grid = locateGrid(text);
  const byOffer = new Map<string, PageOpening>();
  for (const opening of openings) for (const key of opening.offerKeys) if (!byOffer.has(key)) byOffer.set(key, opening);

  const plan: Omit<HiringPagePlan, 'text' | 'section' | 'changed'> = {
    kept: [],
    removed: [],
    added: [],
    untranslated: [],
    unverified: [],
  };
  const covered = new Set<string>();
  const usage = new Map<string, number>();
  const children: GridChild[] = [];
  for (const child of grid.children) {
    if (child.href === null) {
      children.push(child);
      continue;
    }
    const key = offerKeyOfHref(child.href, options.pageUrl);
    const opening = key ? byOffer.get(key) : undefined;
    const change = { title: titleOf(child), href: child.href, opening: opening?.uid ?? null };
    if (!opening) {
      plan.unverified.push(change);
      children.push(child);
    } else if (opening.status === 'closed') {
      plan.removed.push({ ...change, why: 'closed' });
    } else if (covered.has(opening.uid)) {
      plan.removed.push({ ...change, why: 'duplicate' });
    } else {
      covered.add(opening.uid);
      plan.kept.push(change);
      children.push(child);
    }
    // Every tile says which portal the page links, the closed ones too.
    if (key) {
      const source = key.slice(0, key.indexOf(':'));
      usage.set(source, (usage.get(source) ?? 0) + 1);
    }
  }

  const layout = layoutOf(grid, text);
  const image = imageOf(grid, options.defaultImage);
  const before =
    [...grid.children].reverse().find((child) => child.href !== null)?.before ?? `${layout.newline}${layout.indent}`;
  for (const opening of openings) {
    if (opening.status !== 'open' || !opening.listed || covered.has(opening.uid)) continue;
    const link = chooseLink(opening, usage);
    if (!link) continue;
    covered.add(opening.uid);
    const french = tileTitle(opening.title, options.organisationNames);
    const translation =
      options.lang === 'en'
        ? (options.translations[opening.uid] ?? opening.offerKeys.map((key) => options.translations[key]).find(Boolean))
        : undefined;
    const title = translation ?? french;
    const change = { title, href: link.url, opening: opening.uid };
    plan.added.push(change);
    if (options.lang === 'en' && !translation) plan.untranslated.push(change);
    children.push({ before, text: tileMarkup(title, link.url, image, layout), href: link.url });
  }

  const gridText = `${text.slice(grid.gridStart, grid.openTagEnd)}${children.map((c) => c.before + c.text).join('')}${grid.tail}${text.slice(grid.closeStart, grid.gridEnd)}`;
  const newText = text.slice(0, grid.gridStart) + gridText + text.slice(grid.gridEnd);
  const section = sectionText(grid, newText, gridText, newText.length - text.length);
  return { text: newText, section, changed: newText !== text, ...plan };
}

/** The section as the site's Markdown writes it: as the file has it, or a rendered page's heading and grid. */
function sectionText(grid: GridSection, text: string, gridText: string, shift: number): string {
  return grid.format === 'markdown'
    ? text.slice(grid.sectionStart, grid.sectionEnd + shift)
    : `## ${grid.heading}${grid.newline}${grid.newline}${gridText}${grid.newline}`;
}

/** The openings section of a page as it stands. */
export function currentSection(text: string): string {
  const grid = locateGrid(text);
  return sectionText(grid, text, text.slice(grid.gridStart, grid.gridEnd), 0);
}
