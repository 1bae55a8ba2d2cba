/**
 * A Talentsoft offer page (`/offre-de-emploi/emploi-<slug>_<id>.aspx`). The title is
 * `h1.ts-offer-page__title`; every field lives in `#contenu-ficheoffre` (the page then lists other
 * offers) as an `<h3>` label followed by an element whose id is the platform's field name
 * (`fldjobdescription_contract`, …). The id decides what a field is, since ids are the same on
 * every tenant, in every language (`LCID`) and wherever the field sits on the page; the label
 * decides for an id the platform leaves to the tenant (`…customcodetablevalueN`) or for a field
 * without one.
 */

import type { CheerioAPI } from 'cheerio';
import * as cheerio from 'cheerio';
import type { Element } from 'domhandler';
import { emptyPosting, type Posting } from '../../src/model/posting.ts';
import { htmlToText, sanitizeDescription } from '../../src/model/sanitize.ts';
import type { FetchedPage, ParseResult } from '../../src/model/source.ts';
import { unrecognisedPage } from '../../src/model/source.ts';
import { cleanText, departmentFrom, escapeHtml } from '../../src/model/text.ts';
import { canonicalUrl } from '../../src/model/urls.ts';
import { type OfferIdentity, offerIdentity, passerellesPolicy } from './portal.ts';
import { assignField, displayLabel, type FieldTarget, isPostingTarget, targetForLabel } from './talentsoft-labels.ts';
import { isReferenceToken } from './talentsoft-values.ts';

const OFFER_PAGE_VARIANT = 'ts-offer-page';

/** Talentsoft's own field names (element ids), the same on every tenant. */
const ID_RULES: ReadonlyArray<readonly [RegExp, FieldTarget]> = [
  [/^fldjobdescription_jobtitle$/, 'title'],
  [/^fldjobdescription_contractlength$/, 'duration'],
  [/^fldjobdescription_contract$/, 'contractType'],
  [/^fldjobdescription_(description|longtext)\d*$/, 'description'],
  [/^fldjobdescription_primaryprofile$/, 'jobFamily'],
  [/^fldjobdescription_professionalcategory$/, 'category'],
  [/^fldjobdescription_salaryrange$/, 'salary'],
  // Tenants that label them call them the start date ("Date de prise de poste souhaitée") and the
  // application deadline ("Date limite de candidature").
  [/^fldjobdescription_date1$/, 'startDate'],
  [/^fldjobdescription_date2$/, 'deadline'],
  [/^fldlocation_joblocation$/, 'location'],
  // The establishment of the post, held in the location block whatever the page's language.
  [/^fldlocation_customcodetablevalue1$/, 'employer'],
  [/^fldlocation_location_geographicalarea/, 'area'],
  [/^fldapplicantcriteria_educationlevel$/, 'educationLevel'],
  [/^fldapplicantcriteria_experiencelevel$/, 'experience'],
  [/^fldapplicantcriteria_(longtext|freecriteria)\d*$/, 'description'],
];

function targetForId(id: string | null): FieldTarget | null {
  const folded = id?.toLowerCase();
  return folded ? (ID_RULES.find(([pattern]) => pattern.test(folded))?.[1] ?? null) : null;
}

type Node = ReturnType<CheerioAPI>;

interface Field {
  label: string | null;
  id: string | null;
  element: Node;
  /** The field's value as HTML (outer HTML of the elements that hold it when they spilled out of it). */
  html: string;
}

export function parseOfferPage(page: FetchedPage): ParseResult {
  const $ = cheerio.load(page.body);
  const scope = $('#contenu-ficheoffre').first();
  if (scope.length === 0) return unrecognisedPage(page.url, 'Talentsoft offer page: no #contenu-ficheoffre block');
  const title = readTitle($, scope);
  if (!title)
    return unrecognisedPage(
      page.url,
      'Talentsoft offer page: no offer title (h1.ts-offer-page__title or #fldjobdescription_jobtitle)',
    );
  const offer = identify($, page);
  if (!offer)
    return unrecognisedPage(page.url, 'Talentsoft offer page: no offer id in its URL, link rel=canonical or og:url');

  const posting = emptyPosting('passerelles', offer.sourceId, offer.url, title);
  posting.reference = readReference(scope);
  const entity = readEntity(posting, scope);
  readFields(posting, collectFields($, scope));

  const logo = cleanText($('.ts-offer-page__entity-logo img').first().attr('alt'));
  const orgHints = [
    title,
    offer.url,
    posting.reference,
    posting.employer,
    posting.organisation,
    entity,
    logo,
    ...Object.values(posting.extra),
  ];
  return {
    variant: OFFER_PAGE_VARIANT,
    postings: [{ posting, orgHints: [...new Set(orgHints.filter((hint): hint is string => !!hint))] }],
    next: [],
    problems: [],
  };
}

function readTitle($: CheerioAPI, scope: Node): string | null {
  const heading = $('h1.ts-offer-page__title').first();
  // The heading may add spans after the title (date, reference).
  const span = heading.children('span').first();
  return (
    cleanText((span.length > 0 ? span : heading).text()) ??
    cleanText(scope.find('#fldjobdescription_jobtitle').first().text())
  );
}

/**
 * The offer URL: the page's own, else the one it states (`link rel=canonical`, `og:url`) for a page
 * saved elsewhere. The request's sourceId, when there is one, names the posting this page enriches.
 */
function identify($: CheerioAPI, page: FetchedPage): OfferIdentity | null {
  const stated = [page.url, $('link[rel="canonical"]').attr('href'), $('meta[property="og:url"]').attr('content')];
  for (const href of stated) {
    const offer = href ? offerIdentity(href, page.url) : null;
    if (offer) return page.request.sourceId ? { ...offer, sourceId: page.request.sourceId } : offer;
  }
  const url = canonicalUrl(page.url, page.url, passerellesPolicy);
  return page.request.sourceId && url ? { sourceId: page.request.sourceId, url } : null;
}

/** `<div class="ts-offer-page__reference"><h3>Référence</h3>2021-5372&nbsp;&nbsp;</div>`. */
function readReference(scope: Node): string | null {
  const block = scope.find('.ts-offer-page__reference').first().clone();
  block.children('h3').remove();
  const text = cleanText(block.text());
  if (!text) return null;
  return text.split(' ').find(isReferenceToken) ?? text;
}

/** The entity block: a short name is the employer, a presentation text stays in `extra`. */
function readEntity(posting: Posting, scope: Node): string | null {
  const block = scope.find('.ts-offer-page__entity-description').first().clone();
  const label = displayLabel(block.children('h3').first().text()) || 'Entité';
  block.children('h3').remove();
  const text = cleanText(block.text());
  if (!text) return null;
  const oneLine = block.find('br, p, ul').length === 0;
  if (oneLine && text.length <= 150 && !/[.!?]\s/.test(text)) posting.employer = text;
  else posting.extra[label] = text;
  return text;
}

/** Elements carrying a platform field id, then `<h3>` labels followed by an element without one. */
function collectFields($: CheerioAPI, scope: Node): Field[] {
  const fields: Field[] = [];
  const taken = new Set<Element>();
  scope.find('[id^="fld"]').each((_, element) => {
    taken.add(element);
    const previous = $(element).prev();
    const label = previous.is('h3') ? cleanText(previous.text()) : null;
    fields.push({ label, id: $(element).attr('id') ?? null, ...fieldValue($, $(element)) });
  });
  scope.find('h3').each((_, heading) => {
    if ($(heading).parent().is('.ts-offer-page__reference, .ts-offer-page__entity-description')) return;
    const value = $(heading).next();
    const element = value.get(0);
    if (!element || taken.has(element) || value.is('h1, h2, h3, h4')) return;
    taken.add(element);
    fields.push({ label: cleanText($(heading).text()), id: null, element: value, html: (value.html() ?? '').trim() });
  });
  return fields;
}

/**
 * Some tenants write a block inside the field's paragraph (`<p id="fldlocation_joblocation"><div>…`).
 * HTML parsers close the `<p>` before the `<div>`, leaving the field empty and its value beside it,
 * up to the next label.
 */
function fieldValue($: CheerioAPI, element: Node): { element: Node; html: string } {
  const own = (element.html() ?? '').trim();
  if (own !== '' || !element.is('p')) return { element, html: own };
  const spilled = element.nextUntil('h1, h2, h3, h4, [id^="fld"]');
  return {
    element: spilled,
    html: spilled
      .toArray()
      .map((el) => $.html(el))
      .join('')
      .trim(),
  };
}

function readFields(posting: Posting, fields: readonly Field[]): void {
  const description: string[] = [];
  let area: { label: string; value: string } | null = null;
  for (const { label, id, element, html } of fields) {
    const value = cleanText(htmlToText(html));
    if (!value) continue;
    const shown = label ? displayLabel(label) : (id ?? '');
    const target = targetForId(id) ?? targetForLabel(label) ?? (isRichText(element) ? 'description' : null);
    if (target === 'description') description.push(label ? `<h3>${escapeHtml(shown)}</h3>${html}` : html);
    else if (target === 'reference') posting.reference ??= value;
    else if (target === 'area') area ??= { label: shown, value };
    else if (target && isPostingTarget(target)) assignField(posting, target, shown, value);
    else if (!target) posting.extra[shown] = value;
    // A `title` field repeats the page heading.
  }
  // The geographical area ("Europe, France, Île-de-France, Paris (75)") is the location only when no address is given.
  if (area && posting.location) {
    posting.extra[area.label] = area.value;
    posting.department ??= departmentFrom(area.value);
  } else if (area) {
    assignField(posting, 'location', area.label, area.value);
  }
  posting.descriptionHtml = sanitizeDescription(description.join('\n'));
  posting.descriptionText = htmlToText(posting.descriptionHtml);
}

/** Free text written with the rich-text editor (paragraphs, lists): part of the description. */
function isRichText(element: Node): boolean {
  return element.is('.RichText_viewer_fo') || element.find('p, ul, ol, li').length > 0;
}
