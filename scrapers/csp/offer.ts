/**
 * An offer page (`/offre-emploi/<slug>-reference-<REF>/`), docs/portals.md §2 and the real capture
 * `csp-offer-detail.html`. The main offer is `main.main-content-single-offer`; the same `main`
 * ends with cards for six *other* offers, so every query is scoped to the blocks of `main` that
 * hold no offer card. Visible labelled fields come first, then the `JobPosting` JSON-LD block,
 * then the hidden analytics inputs (`#content_*`).
 */
import type * as cheerio from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { parisIso, parsePortalDate } from '../../src/model/dates.ts';
import { emptyPosting, type Posting } from '../../src/model/posting.ts';
import { htmlToText, sanitizeDescription } from '../../src/model/sanitize.ts';
import type { FetchedPage, ParseResult, Problem } from '../../src/model/source.ts';
import { unrecognisedPage } from '../../src/model/source.ts';
import { cleanText, departmentFrom, escapeHtml } from '../../src/model/text.ts';
import { canonicalUrl, isOwnHost } from '../../src/model/urls.ts';
import { labelKey, loadHtml, srOnlyLabel, valueText, withoutControls } from './dom.ts';
import { type JobPostingFacts, readJobPosting } from './json-ld.ts';
import { cspPolicy, isReference, offerUrlFor, referenceFromUrl } from './portal.ts';

type TextField =
  | 'contractType'
  | 'experience'
  | 'salary'
  | 'category'
  | 'remote'
  | 'educationLevel'
  | 'duration'
  | 'organisation'
  | 'versant'
  | 'employer'
  | 'location'
  | 'jobFamily';

/** Labels of the hero facts and of the key-facts table, folded. Anything else goes to `extra`. */
const FIELD_BY_LABEL: Record<string, TextField> = {
  'fonction publique': 'versant',
  employeur: 'employer',
  localisation: 'location',
  domaine: 'jobFamily',
  "nature de l'emploi": 'contractType',
  'experience souhaitee': 'experience',
  remuneration: 'salary',
  categorie: 'category',
  'teletravail possible': 'remote',
  teletravail: 'remote',
  "niveau d'etudes": 'educationLevel',
  'niveau de diplome': 'educationLevel',
  'duree du contrat': 'duration',
  'organisme de rattachement': 'organisation',
};

/** Callouts that name people to contact: personal data, never stored. */
const CONTACT_CALLOUT = /contact/i;

interface PageContext {
  $: cheerio.CheerioAPI;
  /** Blocks of `main` about this offer: every child of `main` without an offer card. */
  own: cheerio.Cheerio<Element>;
  hero: cheerio.Cheerio<Element>;
  posting: Posting;
  warn: (message: string) => void;
}

export function parseOfferPage(page: FetchedPage): ParseResult {
  const $ = loadHtml(page.body);
  const main = $('main.main-content-single-offer, main[data-reference]').first();
  const { facts: ld, problem: ldProblem } = readJobPosting($);
  if (!main.length && !ld) {
    return unrecognisedPage(page.url, 'CSP offer page: no main.main-content-single-offer and no JobPosting JSON-LD');
  }
  const problems: Problem[] = [];
  const warn = (message: string): void => {
    problems.push({ severity: 'warning', message, url: page.url });
  };
  if (ldProblem) warn(ldProblem);

  const hidden = (id: string): string | null => cleanText($(`input#${id}`).attr('value'));
  const reference = [
    cleanText(main.attr('data-reference')),
    hidden('content_ref'),
    numberText(main),
    referenceFromUrl(canonicalLink($) ?? ''),
    referenceFromUrl(page.url),
  ].find(isReference);
  if (!reference)
    return unrecognisedPage(
      page.url,
      'CSP offer page: no offer reference (main[data-reference], #content_ref, p.number or URL)',
    );
  if (page.request.sourceId && page.request.sourceId !== reference) {
    warn(`the page shows offer ${reference}, the request was for ${page.request.sourceId}`);
  }

  const hero = main.find('.strate-hero-offer').first();
  const title = cleanText(hero.find('h1').first().text()) ?? ld?.title ?? hidden('page_name');
  if (!title)
    return unrecognisedPage(page.url, `CSP offer page ${reference}: no title (.strate-hero-offer h1, JSON-LD title)`);
  if (!hero.length) warn(`${reference}: no .strate-hero-offer block, fields read from JSON-LD and hidden inputs only`);

  const posting = emptyPosting('csp', reference, offerUrl($, page.url, reference), title);
  const own = main.children().filter((_, block) => $(block).find('.fr-card--offer').length === 0);
  const context: PageContext = { $, own, hero, posting, warn };

  readHeroFacts(context);
  readKeyFacts(context);
  readAccordions(context);
  readCallouts(context);
  posting.deadline = deadlineOf(context) ?? ld?.deadline ?? null;
  posting.originalUrl = originalUrlOf(context);
  fillFromJsonLd(posting, ld);
  fillFromHiddenInputs(posting, hidden);
  // The department input is authoritative: the hero's place is a street or a city.
  posting.department =
    departmentFrom(hidden('content_dept')) ??
    departmentFrom(posting.location) ??
    departmentFrom(ld?.postalCode) ??
    departmentFrom(ld?.area);
  posting.descriptionHtml = tidy(
    sanitizeDescription(descriptionOf(context)) ?? sanitizeDescription(ld?.descriptionHtml),
  );
  if (!posting.descriptionHtml) warn(`${reference}: no description (.col-left.rte sections or JSON-LD Description)`);
  posting.descriptionText = htmlToText(posting.descriptionHtml);

  const orgHints = [posting.title, posting.employer, posting.organisation].filter(
    (hint): hint is string => hint !== null,
  );
  return {
    variant: main.length ? 'csp-offer-page' : 'csp-offer-json-ld',
    postings: [{ posting, orgHints }],
    next: [],
    problems,
  };
}

/** `p.number`: "Réf." (decorative) and "Référence : " (screen readers) around the reference. */
function numberText(main: cheerio.Cheerio<Element>): string | null {
  const number = main.find('.strate-hero-offer p.number')[0];
  return number ? valueText(number) : null;
}

function canonicalLink($: cheerio.CheerioAPI): string | null {
  return cleanText($('link[rel="canonical"]').attr('href'));
}

/** The page's canonical offer URL when it names this offer, else the URL served, else the short form. */
function offerUrl($: cheerio.CheerioAPI, pageUrl: string, reference: string): string {
  for (const href of [canonicalLink($), pageUrl]) {
    const url = href ? canonicalUrl(href, pageUrl, cspPolicy) : null;
    if (url && referenceFromUrl(url) === reference) return url;
  }
  return offerUrlFor(reference);
}

function setField(context: PageContext, label: string, value: string | null): void {
  if (!value) return;
  const field = FIELD_BY_LABEL[labelKey(label)];
  if (field) context.posting[field] ??= value;
  else context.posting.extra[label] = value;
}

/** `Fonction publique`, `Employeur`, `Localisation` and the `Domaine` tag of the hero block. */
function readHeroFacts(context: PageContext): void {
  const { $, hero, posting } = context;
  hero.find('li, .fr-tag').each((_, item) => {
    const label = srOnlyLabel($, item);
    if (label) setField(context, label, valueText(item));
  });
  const logo = cleanText(hero.find('.logo img[alt]').first().attr('alt'));
  // The logo is the ministry's brand block; territorial offers show the versant's logo instead.
  if (logo && !/^fonction publique/i.test(logo)) posting.organisation ??= logo;
}

/** `ul.table > li.table-cell`: a `<strong>` label and its value; the salary cell has two ranges. */
function readKeyFacts(context: PageContext): void {
  const { $, own } = context;
  own.find('ul.table > li.table-cell').each((_, cell) => {
    const label = cleanText($(cell).find('strong').first().text());
    if (!label) return;
    const ranges = $(cell).find('.offer-result');
    if (ranges.length) setField(context, label, salaryOf($, ranges));
    else
      setField(
        context,
        label,
        valueText(cell, (el) => el.name === 'strong'),
      );
  });
}

/** Each range with its caption ("Fourchette indicative pour les contractuels"), "Non renseignée" ones left out. */
function salaryOf($: cheerio.CheerioAPI, ranges: cheerio.Cheerio<AnyNode>): string | null {
  const parts = ranges.toArray().flatMap((range) => {
    const value = cleanText($(range).text());
    if (!value || /^non renseign/i.test(value)) return [];
    const caption = cleanText($(range).prevAll(':not(.offer-result)').first().text());
    return [caption && !/^r[ée]mun[ée]ration$/i.test(caption) ? `${caption} : ${value}` : value];
  });
  return parts.length ? parts.join(' ; ') : null;
}

/** "À propos de l'offre" accordions: label → text; "Statut du poste" also gives the start date. */
function readAccordions(context: PageContext): void {
  const { $, own, posting } = context;
  own.find('section.fr-accordion').each((_, section) => {
    const label = cleanText($(section).find('.fr-accordion__btn, .fr-accordion__title').first().text());
    const value = htmlToText($(section).find('.fr-collapse').first().html());
    if (!label || !value) return;
    posting.extra[label] = value;
    // "Vacant à partir du 01/10/2026": when the post is free, which is not a deadline.
    if (labelKey(label) === 'statut du poste' && /partir d/i.test(value)) posting.startDate = parsePortalDate(value);
  });
}

/** "Éléments de candidature" callouts such as "Documents à transmettre", contacts left out. */
function readCallouts(context: PageContext): void {
  const { $, own, posting } = context;
  own.find('.block-cards .fr-callout').each((_, callout) => {
    const label = cleanText($(callout).find('.fr-callout__title').first().text());
    const value = htmlToText($(callout).find('.fr-callout__text').first().html());
    if (label && value && !CONTACT_CALLOUT.test(label)) posting.extra[label] = value;
  });
}

/** "Date limite de candidature : 01/11/2026" under the apply button, when the offer has one. */
function deadlineOf({ $, hero, posting, warn }: PageContext): string | null {
  const line = hero
    .find('p')
    .toArray()
    .map((p) => cleanText($(p).text()))
    .find((text) => !!text && /date limite/i.test(text));
  if (!line) return null;
  const deadline = parsePortalDate(line);
  if (!deadline) warn(`${posting.sourceId}: unreadable deadline "${line}"`);
  return deadline;
}

const EMPLOI_TERRITORIAL = /https?:\/\/(?:www\.)?emploi-territorial\.fr\/offre\/[^\s"'<>)]+/i;

/** Drops tracking parameters (`pk_campaign=ep`) and trailing punctuation from a link found in prose. */
function tidyLink(raw: string): string | null {
  try {
    const url = new URL(raw.replace(/[.,;:!?]+$/, ''));
    for (const key of [...url.searchParams.keys()]) if (/^(pk|mtm|utm)_/i.test(key)) url.searchParams.delete(key);
    url.hash = '';
    return url.toString();
  } catch {
    return null;
  }
}

/**
 * The original offer: an emploi-territorial.fr link (territorial offers name it in a link or in
 * the text), else the apply button when it leads to the employer's own site.
 */
function originalUrlOf({ $, own, hero }: PageContext): string | null {
  const linked = own.find('a[href*="emploi-territorial.fr"]').attr('href');
  const inText = EMPLOI_TERRITORIAL.exec(own.find('.col-left, .fr-collapse').text())?.[0];
  const territorial = linked ?? inText;
  if (territorial) return tidyLink(territorial);
  const apply = hero
    .find('.buttons-wrapper a[href]')
    .toArray()
    .map((a) => $(a).attr('href')!)
    .find((href) => /^https?:/i.test(href) && !isOwnHost(href, cspPolicy));
  return apply ? tidyLink(apply) : null;
}

/**
 * Missions, profile and the employer's presentation ("Qui sommes-nous ?"), each under its heading,
 * hidden "Afficher la suite" parts included.
 */
function descriptionOf({ $, own }: PageContext): string | null {
  const sections: string[] = [];
  const column = own.find('.col-left.rte').first();
  withoutControls(column);
  column.children('h2').each((_, heading) => {
    const body = $(heading).nextUntil('h2').not('.block-cards');
    const html = body
      .toArray()
      .map((el) => $.html(el))
      .join('');
    if (htmlToText(html)) sections.push(`<h3>${escapeHtml(cleanText($(heading).text()) ?? '')}</h3>${html}`);
  });
  own.filter('.about-agency').each((_, about) => {
    const heading = cleanText($(about).find('h2').first().text());
    const text = $(about).find('[data-module="components/clamp"]').first();
    const block = withoutControls(text.length ? text : $(about).find('.rte > div').has('p').first());
    const html = block.html();
    if (heading && htmlToText(html)) sections.push(`<h3>${escapeHtml(heading)}</h3>${html}`);
  });
  return sections.length ? sections.join('\n') : null;
}

/** Template indentation is noise in a feed; a line break is white space in HTML either way. */
function tidy(html: string | null): string | null {
  return html ? html.replace(/\s*\n\s*/g, '\n').trim() : null;
}

function fillFromJsonLd(posting: Posting, ld: JobPostingFacts | null): void {
  if (!ld) return;
  posting.employer ??= ld.employer;
  posting.location ??= ld.area;
  posting.publishedAt ??= ld.publishedAt;
  posting.salary ??= ld.salary;
  posting.experience ??= ld.experience;
  posting.educationLevel ??= ld.educationLevel;
  posting.jobFamily ??= ld.jobFamily;
  posting.contractType ??= ld.contractType;
}

/** The analytics inputs at the top of `body`: structured copies of what the page shows. */
function fillFromHiddenInputs(posting: Posting, hidden: (id: string) => string | null): void {
  posting.versant ??= hidden('content_versant');
  posting.category ??= hidden('content_categorie');
  posting.jobFamily ??= hidden('content_domaine');
  posting.employer ??= hidden('content_entite');
  posting.location ??= hidden('content_dept');
  posting.publishedAt ??= dateInputs(hidden, 'content_startPublicationDate');
  posting.updatedAt ??= dateInputs(hidden, 'content_modificationDate');
  const region = hidden('content_reg');
  if (region) posting.extra.Région ??= region;
  const job = hidden('content_metier');
  if (job) posting.extra['Métier de référence'] ??= job;
}

function dateInputs(hidden: (id: string) => string | null, prefix: string): string | null {
  const [day, month, year] = ['day', 'month', 'year'].map((part) => Number(hidden(`${prefix}_${part}`)));
  return day && month && year ? parisIso(year, month, day) : null;
}
