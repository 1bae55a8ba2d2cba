/**
 * The "Nos offres en cours" / "Current openings" section, and the other signs that a page is the
 * hiring page: needed to tell a hiring page with no opening (fine) from a page we can no longer
 * read (a failure).
 */
import type { CheerioAPI } from 'cheerio';
import type { Element } from 'domhandler';
import { cleanText, foldForMatch } from '../../src/model/text.ts';
import { isOwnHost } from '../../src/model/urls.ts';
import { frontMatterTitle, hasFrontMatter, type PageDocument } from './page-document.ts';
import { isNavigableHref, linksAmong, linksInMarkdownExcerpt, type RawLink } from './page-links.ts';
import { PEREN_POLICY } from './site.ts';

/** Headings (folded) that introduce the list of openings. */
const OPENINGS_HEADINGS: readonly RegExp[] = [
  /^(?:nos )?offres (?:d'emploi )?(?:en cours|actuelles|ouvertes|disponibles)$/,
  /^(?:nos )?postes (?:ouverts|a pourvoir|vacants)$/,
  /^(?:current|open) (?:openings|positions|vacancies|job offers)$/,
  /^job openings$/,
];

/**
 * Sentences (folded) stating that nothing is open right now. Deliberately narrow: "Aucune offre ne
 * correspond à votre profil ?" is a common invitation to apply spontaneously, not an empty list.
 */
const NO_OPENING_SENTENCES: readonly RegExp[] = [
  /\b(?:aucune|aucun|pas d')[ ]?(?:offre|poste)s? (?:n'est |ne sont )?(?:actuellement |pour le moment |en ce moment )?(?:en cours|ouverte?s?|disponibles?|a pourvoir|publiee?s?)\b/,
  /\b(?:aucune|aucun|pas d')[ ]?(?:offre|poste)s? (?:pour le moment|actuellement|en ce moment)\b/,
  /\b(?:nous n'avons|il n'y a) (?:actuellement |pour le moment |en ce moment )?(?:aucune?|pas d')[ ]?(?:offre|poste)/,
  /\bno (?:current|open) (?:openings|positions|vacancies|offers)\b/,
  /\bno (?:openings|positions|vacancies|offers) (?:are )?(?:currently |at the moment )?(?:available|open)\b/,
  /\bthere are (?:currently )?no (?:openings|positions|vacancies|offers)\b/,
];

const RECRUITMENT_TITLE =
  /\b(?:recrutement|recrute|rejoignez|nous rejoindre|we are hiring|hiring|recruitment|careers?|join us)\b/;

export interface OpeningsSection {
  heading: string;
  lang: 'fr' | 'en';
  /** Links that lead somewhere (not anchors or e-mail addresses) between the heading and the next one. */
  links: RawLink[];
}

/** Whether a heading's text introduces the list of openings ("Nos offres en cours", "Current openings"). */
export function isOpeningsHeading(text: string | null): boolean {
  return text !== null && OPENINGS_HEADINGS.some((pattern) => pattern.test(foldForMatch(text)));
}

function headingLanguage(heading: string): 'fr' | 'en' {
  return /^(?:current|open|job)\b/.test(foldForMatch(heading)) ? 'en' : 'fr';
}

const HEADING_TAGS = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'];

function htmlOpeningsSection($: CheerioAPI): OpeningsSection | null {
  const elements = $('body *').toArray();
  const start = elements.findIndex(
    (el) => HEADING_TAGS.includes(el.tagName) && isOpeningsHeading(cleanText($(el).text())),
  );
  const heading = elements[start];
  if (!heading) return null;
  const level = Number(heading.tagName.slice(1));
  const inSection: Element[] = [];
  for (const el of elements.slice(start + 1)) {
    if (HEADING_TAGS.includes(el.tagName) && Number(el.tagName.slice(1)) <= level) break;
    // Links inside the heading itself are permalink anchors, not openings.
    if (!$.contains(heading, el)) inSection.push(el);
  }
  const text = cleanText($(heading).text())!;
  return {
    heading: text,
    lang: headingLanguage(text),
    links: linksAmong($, inSection).filter((l) => isNavigableHref(l.href)),
  };
}

function markdownOpeningsSection(source: string): OpeningsSection | null {
  const lines = source.split(/\r?\n/);
  const atx = (line: string) => /^[ ]{0,3}(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$/.exec(line);
  const start = lines.findIndex((line) => isOpeningsHeading(atx(line)?.[2] ?? null));
  if (start < 0) return null;
  const level = atx(lines[start]!)![1]!.length;
  const heading = atx(lines[start]!)![2]!;
  const nextHeading = lines.findIndex((line, i) => i > start && (atx(line)?.[1]?.length ?? 7) <= level);
  const excerpt = lines.slice(start + 1, nextHeading < 0 ? undefined : nextHeading).join('\n');
  return {
    heading,
    lang: headingLanguage(heading),
    links: linksInMarkdownExcerpt(excerpt, source).filter((l) => isNavigableHref(l.href)),
  };
}

export function openingsSection(doc: PageDocument): OpeningsSection | null {
  return doc.format === 'markdown' ? markdownOpeningsSection(doc.body) : htmlOpeningsSection(doc.$);
}

/** The sentence by which the page says no opening is currently published, or null. */
export function noOpeningStatement(doc: PageDocument): string | null {
  const text = foldForMatch(doc.format === 'markdown' ? doc.body : doc.$('body').text());
  for (const pattern of NO_OPENING_SENTENCES) {
    const found = pattern.exec(text);
    if (found) return found[0];
  }
  return null;
}

/** Whether an HTML page says it is on peren.gouv.fr: canonical or og:url, or the DSFR header's service name. */
export function isPerenSite($: CheerioAPI): boolean {
  const declaredUrls = [$('link[rel="canonical"]').attr('href'), $('meta[property="og:url"]').attr('content')];
  if (declaredUrls.some((url) => url !== undefined && isOwnHost(url, PEREN_POLICY))) return true;
  if (foldForMatch($('.fr-header__service-title').first().text()) === 'peren') return true;
  const title = foldForMatch($('title').first().text());
  return /\bperen\b/.test(title) && RECRUITMENT_TITLE.test(title);
}

/**
 * Whether the body looks like PEReN's hiring page: the Hugo source (front matter plus openings
 * heading, tiles or a recruitment title) or a rendered page of peren.gouv.fr with one of those.
 */
export function looksLikeHiringPage(doc: PageDocument): boolean {
  const hasTiles = doc.$('.fr-tile').length > 0;
  if (doc.format === 'markdown') {
    const title = frontMatterTitle(doc.body);
    const recruitmentTitle = title !== null && RECRUITMENT_TITLE.test(foldForMatch(title));
    return hasFrontMatter(doc.body) && (recruitmentTitle || hasTiles || markdownOpeningsSection(doc.body) !== null);
  }
  const titles = [doc.$('title').first().text(), doc.$('h1').first().text()].map(foldForMatch);
  const recruitmentTitle = titles.some((title) => RECRUITMENT_TITLE.test(title));
  return isPerenSite(doc.$) && (recruitmentTitle || hasTiles || htmlOpeningsSection(doc.$) !== null);
}
