/**
 * One offer card of a results page (docs/portals.md §2): `.fr-card__title > a[href]`, then
 * `ul.fr-card__desc > li` items introduced by `sr-only` labels, and domain tags. Labels decide
 * what an item is; the item's icon class is only a fallback for an item without a label.
 */
import type * as cheerio from 'cheerio';
import type { AnyNode } from 'domhandler';
import { parsePortalDate } from '../../src/model/dates.ts';
import { emptyPosting, type Posting } from '../../src/model/posting.ts';
import type { ParsedPosting } from '../../src/model/source.ts';
import { cleanText, departmentFrom } from '../../src/model/text.ts';
import { labelKey, srOnlyLabel, valueText } from './dom.ts';
import { offerIdentity } from './portal.ts';

type CardField = 'location' | 'employer' | 'versant' | 'publishedAt' | 'category' | 'jobFamily';

const FIELD_BY_LABEL: Record<string, CardField> = {
  localisation: 'location',
  employeur: 'employer',
  'fonction publique': 'versant',
  'en ligne depuis': 'publishedAt',
  'date de publication': 'publishedAt',
  categorie: 'category',
  domaine: 'jobFamily',
};

const FIELD_BY_ICON: Array<[RegExp, CardField]> = [
  [/\bfr-icon-map-pin/, 'location'],
  [/\bfr-icon-user/, 'employer'],
  [/\bfr-icon-file/, 'versant'],
  [/\bfr-icon-calendar/, 'publishedAt'],
];

function fieldOfItem(label: string | null, className: string, text: string): CardField | null {
  if (label) return FIELD_BY_LABEL[labelKey(label)] ?? null;
  if (/^en ligne depuis/i.test(text)) return 'publishedAt';
  return FIELD_BY_ICON.find(([icon]) => icon.test(className))?.[1] ?? null;
}

/**
 * Reads the card whose nodes are `scope` (a `.fr-card` element, or a title heading and the
 * siblings that follow it in trimmed markup). Returns the posting, or why the card was skipped.
 */
export function parseCard(
  $: cheerio.CheerioAPI,
  scope: cheerio.Cheerio<AnyNode>,
  pageUrl: string,
  warn: (message: string) => void,
): ParsedPosting | string {
  const link = scope.find('.fr-card__title a[href]').add(scope.filter('.fr-card__title').find('a[href]')).first();
  if (!link.length) return 'no title link (.fr-card__title a[href])';
  const href = link.attr('href')!;
  const title =
    cleanText(link.text()) ?? cleanText(link.attr('aria-label')?.replace(/,\s*nouvelle fen[êe]tre\s*$/i, ''));
  const identity = offerIdentity(href, pageUrl);
  if (!identity) return `link "${cleanText(href)}" carries no offer reference`;
  if (!title) return `no title for ${identity.reference}`;

  const posting = emptyPosting('csp', identity.reference, identity.url, title);
  scope
    .find('.fr-card__desc > li')
    .add(scope.filter('.fr-card__desc').children('li'))
    .each((_, item) => {
      const label = srOnlyLabel($, item);
      const value = valueText(item);
      if (!value) return;
      const field = fieldOfItem(label, $(item).attr('class') ?? '', value);
      if (field) setField(posting, field, value, warn);
      else if (label) posting.extra[label] = value;
    });
  const domains: string[] = [];
  scope.find('.fr-tag').each((_, tag) => {
    const label = srOnlyLabel($, tag);
    const value = valueText(tag);
    if (!value) return;
    const field = label ? FIELD_BY_LABEL[labelKey(label)] : /^cat[ée]gorie\b/i.test(value) ? 'category' : 'jobFamily';
    if (field === 'jobFamily') domains.push(value);
    else if (field) setField(posting, field, value, warn);
    else posting.extra[label!] = value;
  });
  if (domains.length) posting.jobFamily = domains.join(', ');
  posting.department = departmentFrom(posting.location);

  const orgHints = [posting.title, posting.employer].filter((hint): hint is string => hint !== null);
  return {
    posting,
    orgHints,
    detail: { url: posting.url, role: 'detail', label: 'offer', sourceId: posting.sourceId },
  };
}

function setField(posting: Posting, field: CardField, value: string, warn: (message: string) => void): void {
  if (field !== 'publishedAt') posting[field] = value;
  else {
    posting.publishedAt = parsePortalDate(value);
    if (!posting.publishedAt) warn(`${posting.sourceId}: unreadable publication date "${value}"`);
  }
}
