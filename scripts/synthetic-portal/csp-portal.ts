/**
 * A synthetic Choisir le service public with N offers of one organisation, for the scale bench
 * (`npm run bench:scale`) and its test. Pages are made on request from templates cut out of the
 * real captures: the results page of `fixtures/portals/csp/` (cards, announced total, DSFR
 * pagination; facets grown to the portal's 4.5 MB) and the whole real offer page
 * `fixtures/samples/csp-offer-detail.html` (hero, key facts, missions, accordions, six recommended
 * offers, JSON-LD). Offers are deterministic from a seed and the day; nothing is written to disk.
 *
 * `changed = true` turns on a later state of the portal where 1 offer in 100 was republished with
 * a new deadline: its card (publication date) and its offer page differ, nothing else does.
 * Cards keep their position so that only the results pages holding a changed card change.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { keywordSlug } from '../../scrapers/csp/portal.ts';
import { DAY_MS } from '../../src/model/time.ts';
import {
  ADVANTAGES,
  CATEGORY_LABELS,
  CENTRAL_SERVICES,
  CONTRACT_NATURES,
  EXPERIENCES,
  FRENCH_MONTHS,
  JOBS,
  type JobKind,
  PLACES,
  type Place,
  SALARIES,
  SERVICES,
} from './csp-data.ts';
import { cspFacetPadding } from './csp-weight.ts';
import { entityHeavy, longText, moreFields, offerShapeOf, type PortalShape } from './offer-shapes.ts';
import { escapeAsWordPress, PageTemplate, phpJson } from './page-template.ts';
import { type FoundPage, random, servePage } from './serve-page.ts';

const FIXTURES = join(import.meta.dirname, '../../fixtures');
const ORIGIN = 'https://choisirleservicepublic.gouv.fr';
const CARDS_PER_PAGE = 20;
/** Offers whose index is this modulo 100 change in the `changed` state: exactly 1 in 100. */
const CHANGED_RESIDUE = 0;

export interface SyntheticCspOptions {
  offers: number;
  seed?: number;
  /** Short name every employer carries (what `organisation.match` names); default DGFiP. */
  organisation?: string;
  /** Full name, in the central services' employer field. */
  organisationFullName?: string;
  /** The search term that finds the offers (other searches find nothing); default the short name. */
  searchTerm?: string;
  /** Weight of a results page in characters; the real portal's 4.5 MB by default, 0 for the capture's. */
  listingBytes?: number;
  /** What the offer pages hold (offer-shapes.ts); the capture's by default. */
  shape?: PortalShape;
  /** Dates are relative to this day (default today): deadlines stay ahead whatever the calendar. */
  today?: Date;
  port?: number;
}

export interface SyntheticOffer {
  index: number;
  reference: string;
  /** Canonical offer URL (real portal host). */
  url: string;
  title: string;
  employer: string;
  place: Place;
  job: JobKind;
  domain: string;
  category: string;
  nature: string;
  experience: string;
  salary: string | null;
  management: string;
  remote: string;
  publishedAt: Date;
  modifiedAt: Date;
  deadline: Date | null;
  vacantFrom: Date;
  missions: string[];
  profile: string[];
  advantages: string[];
  /** The earlier offer this one republishes under a second reference (same post), if any. */
  republishes: number | null;
}

export type RequestKind = 'robots' | 'listing' | 'offer' | 'other';

export interface SyntheticRequest {
  kind: RequestKind;
  path: string;
  status: number;
  /** Body bytes sent (0 for a 304 or a HEAD). */
  bytes: number;
  conditional: boolean;
}

const pick = <T>(rnd: () => number, items: readonly T[]): T => items[Math.floor(rnd() * items.length)]!;
const pad2 = (n: number) => String(n).padStart(2, '0');
const slashDate = (d: Date) => `${pad2(d.getUTCDate())}/${pad2(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
const longDate = (d: Date) => `${pad2(d.getUTCDate())} ${FRENCH_MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;

/** WordPress's slug: accents and punctuation dropped, each run of spaces a dash ("106 - Data" → "106---data"). */
function slugOf(title: string): string {
  return title
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9\s-]/g, '')
    .trim()
    .replace(/\s+/g, '-');
}

/** The department as the portal writes it: `Rhône (69)`. */
const areaLabel = (place: Place) => `${place.area} (${place.department})`;

/** The six recommended offers at the foot of an offer page, as one run of `<li>`. */
const RELATED_START = '<li class="fr-col-12 fr-col-md-6 fr-col-lg-4 ">';
const RELATED_CARDS =
  /<li class="fr-col-12 fr-col-md-6 fr-col-lg-4 ">[\s\S]*<\/li>(?=\s*<\/ul>\s*<\/div>\s*<\/div>\s*<div class="strate strate-sep)/;

interface Templates {
  listing: PageTemplate;
  card: PageTemplate;
  /** One recommended offer (a card) of an offer page, and the capture's six as they are. */
  related: PageTemplate;
  relatedCards: string;
  noResults: string;
  offer: PageTemplate;
  robots: string;
}

let templates: Templates | undefined;

function loadTemplates(): Templates {
  if (templates) return templates;
  const listingSource = readFileSync(join(FIXTURES, 'portals/csp/listing-peren-page-1.html'), 'utf8');
  const CARD_START = '<li class="fr-col-12 item">';
  const first = listingSource.indexOf(CARD_START);
  const second = listingSource.indexOf(CARD_START, first + 1);
  const card = PageTemplate.cut(
    listingSource.slice(first, second),
    {
      everywhere: [
        ['https://choisirleservicepublic.gouv.fr/offre-emploi/chef-de-projet-data-hf-reference-2026-2461230/', 'url'],
        ['Chef de projet data (H/F)', 'title'],
        ['Numérique', 'domain'],
        ['Paris <strong>(75)</strong>', 'location'],
        ["Fonction publique de l'État", 'versant'],
        ['Direction interministérielle du numérique (DINUM)', 'employer'],
        ['En ligne depuis le 09 octobre 2026', 'published'],
        ['fav-6ac5f747c14e3', 'favId'],
        ['https://choisirleservicepublic.gouv.fr/wp-content/uploads/2025/05/MIN_SG-RVB-605x605.png', 'logoSrc'],
        ['bloc-marque du Premier ministre', 'logoAlt'],
      ],
    },
    'CSP card template',
  );
  const listing = PageTemplate.cut(
    listingSource,
    {
      inOrder: [
        [/(?<=<link rel="canonical" href=")[^"]*/, 'canonical'],
        [/(?<=id="search-offers-keywords" name="keywords" value=")[^"]*/, 'keywords'],
        [/(?<=<div class="filters-panel" id="filters-panel">)/, 'facets'],
        [/(?<=<span class="number">)\d+/, 'total'],
        [
          /(?<=<ul class="fr-grid-row fr-grid-row--gutters">)[\s\S]*?(?=<\/ul>\s*<nav role="navigation" class="fr-pagination)/,
          'cards',
        ],
        [/<nav role="navigation" class="fr-pagination[\s\S]*?<\/nav>/, 'pagination'],
      ],
    },
    'CSP results page template',
  );
  const offerSource = readFileSync(join(FIXTURES, 'samples/csp-offer-detail.html'), 'utf8');
  const relatedCards = RELATED_CARDS.exec(offerSource)?.[0];
  if (!relatedCards) throw new Error('CSP offer page template: no recommended offers');
  const firstRelated = relatedCards.slice(0, relatedCards.indexOf(RELATED_START, RELATED_START.length + 1));
  const related = PageTemplate.cut(
    firstRelated,
    {
      everywhere: [
        [
          'https://choisirleservicepublic.gouv.fr/offre-emploi/adjointe-cheffe-du-bureau-des-procedures-reglementaires-reference-2026-2431080/',
          'url',
        ],
        ['Adjoint(e) chef(fe) du bureau des procédures réglementaires', 'title'],
        ['Ressources humaines', 'domain'],
        ['Hauts-de-Seine <strong>(92)</strong>', 'location'],
        ['Secrétariat Général', 'employer'],
        ['En ligne depuis le 06 octobre 2026', 'published'],
        ['fav-6ac4a907bef2b', 'favId'],
      ],
    },
    'CSP recommended offer template',
  );
  const offer = PageTemplate.cut(
    offerSource,
    {
      everywhere: [
        [
          'https://choisirleservicepublic.gouv.fr/offre-emploi/charge-de-recrutement-et-de-la-mobilite-reference-DEF_15-00064919',
          'offerUrl',
        ],
        ['Charge de recrutement et de la mobilite 27 BOULEVARD DE STALINGRAD 92240 MALAKOFF', 'pageTitle'],
        ['CHARGE DE RECRUTEMENT ET DE LA MOBILITE', 'title'],
        ['pdf-def_15-00064919', 'pdfFolder'],
        ['charge-de-recrutement-et-de-la-mobilite-choisir-le-service-public.pdf', 'pdfFile'],
        ['DEF_15-00064919', 'reference'],
        [
          'Le recrutement du personnel civil, des apprentis et des stagiaires est un enjeu stratégique pour le service qui monte en puissance dans de nombreux segments p...',
          'metaDescription',
        ],
        ['27 BOULEVARD DE STALINGRAD 92240 MALAKOFF', 'address'],
        ['Direction du renseignement et de la sécurité de la Défense (DRSD)', 'employer'],
        ['mailto:drsd.cer.fct@intradef.gouv.fr', 'applyMailto'],
      ],
      inOrder: [
        [/(?<=id="content_categorie" value=")[^"]*/, 'category'],
        [/(?<=id="content_dept" value=")[^"]*/, 'area'],
        [/(?<=id="content_reg" value=")[^"]*/, 'region'],
        [/(?<=id="content_metier" value=")[^"]*/, 'metier'],
        [/(?<=id="content_domaine" value=")[^"]*/, 'domain'],
        [/(?<=id="content_startPublicationDate_day" value=")\d+/, 'publishedDay'],
        [/(?<=id="content_startPublicationDate_month" value=")\d+/, 'publishedMonth'],
        [/(?<=id="content_startPublicationDate_year" value=")\d+/, 'publishedYear'],
        [/(?<=id="content_modificationDate_day" value=")\d+/, 'modifiedDay'],
        [/(?<=id="content_modificationDate_month" value=")\d+/, 'modifiedMonth'],
        [/(?<=id="content_modificationDate_year" value=")\d+/, 'modifiedYear'],
        [/(?<=<div class="logo-wrapper">\s*<img [^>]*src=")[^"]*/, 'logoSrc'],
        [/(?<=alt=")[^"]*/, 'logoAlt'],
        [/(?<=<span class="sr-only">Fonction publique : <\/span>\s*<span>)[^<]*/, 'versant'],
        ['https://choisirleservicepublic.gouv.fr/metiers/ressources-humaines/', 'domainHref'],
        [/(?<=Domaine :\s*<\/span>\s*)Ressources humaines/, 'domain'],
        [/(?<=<span>Postuler par mail<\/span>\s*<\/a>)/, 'deadline'],
        ['Emploi ouvert aux titulaires et aux contractuels', 'nature'],
        ['Débutant', 'experience'],
        ['Non renseignée', 'salaryContract'],
        ['Non renseignée', 'salaryCivilServant'],
        ['Catégorie A (cadre)', 'category'],
        [/(?<=<strong>Management<\/strong>\s*<\/span>\s*<span>\s*)Non/, 'management'],
        [/(?<=<strong>Télétravail possible<\/strong>\s*<\/span>\s*<span>\s*)Oui/, 'remote'],
        [/(?<=<\/span>\s*<\/li>)/, 'moreFields'],
        [/<p>Le recrutement du personnel civil[\s\S]*?<\/p>/, 'missions'],
        [/<p>Une première expérience en RH[\s\S]*?<\/p>/, 'profile'],
        ['<ul><li>drsd.cer.fct@intradef.gouv.fr</li><li>drsd.cer.fct@intradef.gouv.fr</li></ul>', 'contacts'],
        [/<p>Le ministère des Armées et des Anciens combattants[\s\S]*?<\/p>/, 'about'],
        [/<p>La direction du renseignement et de la sécurité de la défense \(DRSD\)[\s\S]*?<\/p>/, 'service'],
        [/<p>Restauration d&rsquo;entreprise[\s\S]*?<\/p>/, 'information'],
        [/<p>MERCI DE POSTULER[\s\S]*?<\/p>/, 'conditions'],
        ['Vacant &agrave; partir du 01/10/2026', 'vacancy'],
        ['Charg&eacute;e / Charg&eacute; de gestion administrative et/ou de paie', 'metier'],
        [RELATED_CARDS, 'related'],
        [/(?<=<script type="application\/ld\+json">\s*)\{[\s\S]*?\}(?=<\/script>)/, 'jsonLd'],
      ],
    },
    'CSP offer page template',
  );
  templates = {
    listing,
    card,
    offer,
    related,
    relatedCards,
    noResults: readFileSync(join(FIXTURES, 'portals/csp/listing-no-results.html'), 'utf8'),
    robots: readFileSync(join(FIXTURES, 'portals/csp/robots.txt'), 'utf8'),
  };
  return templates;
}

/** Each reference shape the portal prints, by kind of posting. */
function referenceFor(index: number, rnd: () => number): string {
  const kind = rnd();
  if (kind < 0.55) return `MEF_2026-${30000 + index}`;
  if (kind < 0.9) return `2026-${2300000 + index}`;
  return `MEF_2025-${90000 + index}`;
}

export class SyntheticCspPortal {
  /** Every request answered, in order. */
  readonly requests: SyntheticRequest[] = [];
  /** The later state of the portal: 1 offer in 100 republished with a new deadline. */
  changed = false;
  url = '';
  /** Called for each request answered (the bench watches offer pages go by). */
  onRequest: ((request: SyntheticRequest) => void) | undefined;

  readonly organisation: string;
  private readonly seed: number;
  private readonly organisationFullName: string;
  private readonly searchSlug: string;
  private readonly facets: string;
  private readonly today: Date;
  private readonly byReference = new Map<string, number>();
  private server: Server | undefined;

  private constructor(readonly options: SyntheticCspOptions) {
    if (!Number.isInteger(options.offers) || options.offers < 1)
      throw new Error(`synthetic CSP: offers must be a positive integer, got ${options.offers}`);
    this.seed = options.seed ?? 1;
    this.organisation = options.organisation ?? 'DGFiP';
    this.organisationFullName = options.organisationFullName ?? 'Direction générale des Finances publiques';
    this.searchSlug = keywordSlug(options.searchTerm ?? this.organisation);
    const day = options.today ?? new Date();
    this.today = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate()));
    // The facets come first in the page: pad them so that a full page weighs `listingBytes`.
    this.facets = cspFacetPadding((options.listingBytes ?? 4_500_000) - this.listingPage(1)!.length);
    for (let i = 0; i < options.offers; i++) this.byReference.set(this.offer(i).reference, i);
  }

  static async start(options: SyntheticCspOptions): Promise<SyntheticCspPortal> {
    const portal = new SyntheticCspPortal(options);
    portal.server = createServer((req, res) => portal.handle(req, res));
    await new Promise<void>((resolve) => portal.server!.listen(options.port ?? 0, '127.0.0.1', resolve));
    portal.url = `http://127.0.0.1:${(portal.server.address() as AddressInfo).port}`;
    return portal;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  get offers(): number {
    return this.options.offers;
  }

  get pages(): number {
    return Math.ceil(this.options.offers / CARDS_PER_PAGE);
  }

  /** The search term whose results list the offers (what `sources.csp.searchTerms` needs). */
  get searchTerm(): string {
    return this.searchSlug.replace(/\+/g, ' ');
  }

  /** Whether offer `index` differs in the `changed` state. */
  static changes(index: number): boolean {
    return index % 100 === CHANGED_RESIDUE;
  }

  /** How many offers differ in the `changed` state. */
  get changedOffers(): number {
    let n = 0;
    for (let i = CHANGED_RESIDUE; i < this.options.offers; i += 100) n += 1;
    return n;
  }

  /** Offer `index` (0 = newest) as the portal shows it in its current state. */
  offer(index: number): SyntheticOffer {
    const rnd = random(this.seed * 1_000_003 + index * 7919 + 17);
    const reference = referenceFor(index, rnd);
    // A republication is the same post: everything but the reference comes from the earlier offer.
    const republishes = index > 0 && rnd() < 0.02 ? (this.offer(index - 1).republishes ?? index - 1) : null;
    const content = this.content(republishes ?? index);
    const changed = this.changed && SyntheticCspPortal.changes(index);
    const title = content.title;
    const deadline = changed ? new Date((content.deadline ?? this.today).getTime() + 30 * DAY_MS) : content.deadline;
    return {
      index,
      reference,
      url: `${ORIGIN}/offre-emploi/${slugOf(title)}-reference-${reference}/`,
      ...content,
      title,
      publishedAt: changed ? this.today : content.publishedAt,
      modifiedAt: changed ? this.today : content.modifiedAt,
      deadline,
      republishes,
    };
  }

  /** What an offer says, from its own random stream (shared by its republication). */
  private content(index: number): Omit<SyntheticOffer, 'index' | 'reference' | 'url' | 'republishes'> {
    const rnd = random(this.seed * 7_368_787 + index * 104_729 + 3);
    const job = pick(rnd, JOBS);
    const central = rnd() < 0.2;
    const place = central ? pick(rnd, PLACES.slice(0, 5)) : pick(rnd, PLACES);
    const employer = central
      ? `${this.organisationFullName} (${this.organisation}) - ${pick(rnd, CENTRAL_SERVICES)}`
      : `${this.organisation} - ${pick(rnd, SERVICES).replace('{of}', place.of)}`;
    const specialty = pick(rnd, job.specialties);
    let title = rnd() < 0.7 ? job.title : pick(rnd, job.variants);
    if (specialty) title += ` - ${specialty}`;
    const gender = rnd();
    if (!/\//.test(title.split(' - ')[0]!) || gender < 0.3)
      title += gender < 0.7 ? ' (H/F)' : gender < 0.85 ? ' (F/H)' : '';
    if (rnd() < 0.1) title = `${this.organisation} ${place.department} - ${title}`;
    if (rnd() < 0.08) title = title.toUpperCase();
    // Published yesterday or earlier, so that a republication today always changes the card.
    const ageDays = 1 + Math.floor((index * 60) / this.options.offers);
    const publishedAt = new Date(this.today.getTime() - ageDays * DAY_MS);
    const hasDeadline = rnd() < 0.8;
    const deadlineDays = 30 + Math.floor(rnd() * 45);
    const deadline = hasDeadline
      ? new Date(Math.max(publishedAt.getTime() + deadlineDays * DAY_MS, this.today.getTime() + 10 * DAY_MS))
      : null;
    const salaried = rnd() < 0.4;
    const advantages = ADVANTAGES.filter(() => rnd() < 0.5);
    return {
      title,
      employer,
      place,
      job,
      domain: job.domain,
      category: CATEGORY_LABELS[job.category],
      nature: pick(rnd, CONTRACT_NATURES),
      experience: pick(rnd, EXPERIENCES),
      salary: salaried ? pick(rnd, SALARIES[job.category]) : null,
      management: rnd() < 0.2 ? 'Oui' : 'Non',
      remote: rnd() < 0.6 ? 'Oui' : 'Non',
      publishedAt,
      modifiedAt: new Date(publishedAt.getTime() + DAY_MS),
      deadline,
      vacantFrom: new Date(publishedAt.getTime() + (45 + Math.floor(rnd() * 60)) * DAY_MS),
      missions: [
        `Au sein de la structure « ${employer} », à ${place.city}, vous rejoignez une équipe de ${5 + Math.floor(rnd() * 30)} agents.`,
        ...job.missions,
      ],
      profile: job.profile,
      advantages: advantages.length ? advantages : [ADVANTAGES[0]!],
    };
  }

  private searchUrl(page: number): string {
    const base = `${ORIGIN}/nos-offres/filtres/mot-cles/${this.searchSlug}/`;
    return page > 1 ? `${base}page/${page}/` : base;
  }

  private cardHtml(offer: SyntheticOffer): string {
    const { card } = loadTemplates();
    return card.render({
      url: offer.url,
      title: escapeAsWordPress(offer.title),
      domain: escapeAsWordPress(offer.domain),
      location: `${escapeAsWordPress(offer.place.area)} <strong>(${offer.place.department})</strong>`,
      versant: "Fonction publique de l'État",
      employer: escapeAsWordPress(offer.employer),
      published: `En ligne depuis le ${longDate(offer.publishedAt)}`,
      favId: `fav-${offer.reference.toLowerCase().replace(/[^a-z0-9]/g, '')}`,
      logoSrc: `${ORIGIN}/wp-content/uploads/2025/05/MIN_Economie-RVB-605x605.png`,
      logoAlt: 'bloc-marque des ministères économiques et financiers',
    });
  }

  /** The DSFR pagination of the real results pages: first, previous, a window of pages, next, last. */
  private paginationHtml(page: number): string {
    const last = this.pages;
    const link = (target: number, cls: string, label: string, title: string) =>
      target === page || target < 1 || target > last
        ? `<li><a class="fr-pagination__link${cls}" ${target === page && !cls ? `aria-current="page" title="${title}"` : 'aria-disabled="true" role="link"'}>${label}</a></li>`
        : `<li><a class="fr-pagination__link${cls}" href="${this.searchUrl(target)}" title="${title}">${label}</a></li>`;
    const items = [
      link(page === 1 ? 0 : 1, ' fr-pagination__link--first', 'Première page', 'Première page'),
      link(page - 1, ' fr-pagination__link--prev fr-pagination__link--lg-label', 'Page précédente', 'Page précédente'),
    ];
    for (let p = Math.max(1, page - 2); p <= Math.min(last, page + 2); p++)
      items.push(link(p, '', String(p), `Page ${p}`));
    items.push(
      link(page + 1, ' fr-pagination__link--next fr-pagination__link--lg-label', 'Page suivante', 'Page suivante'),
    );
    items.push(link(page === last ? last + 1 : last, ' fr-pagination__link--last', 'Dernière page', 'Dernière page'));
    return `<nav role="navigation" class="fr-pagination fr-mt-6w" aria-label="Pagination">
                        <ul class="fr-pagination__list">
                            ${items.join('\n                            ')}
                        </ul>
                    </nav>`;
  }

  /** Results page `page` (1-based) of the organisation's search, or null past the last page. */
  listingPage(page: number): string | null {
    if (page < 1 || page > this.pages) return null;
    const { listing } = loadTemplates();
    const cards: string[] = [];
    for (let i = (page - 1) * CARDS_PER_PAGE; i < Math.min(page * CARDS_PER_PAGE, this.options.offers); i++)
      cards.push(this.cardHtml(this.offer(i)));
    return listing.render({
      canonical: this.searchUrl(page),
      facets: this.facets ?? '', // unset while the constructor measures a bare page
      keywords: escapeAsWordPress(this.searchTerm),
      total: String(this.options.offers),
      cards: `\n\t\t\t\t\t\t\t\t\t\t\t\t${cards.join('')}`,
      pagination: this.paginationHtml(page),
    });
  }

  /** Six recommended offers other than offer `index`, with longer titles than the capture's. */
  private relatedCards(index: number): string {
    const { related } = loadTemplates();
    const cards: string[] = [];
    for (let k = 1; k <= 6; k++) {
      const other = this.offer((index + k * 7) % this.options.offers);
      const title = `${other.title} - ${other.employer} - ${other.place.city} (${other.reference})`;
      cards.push(
        related.render({
          url: other.url,
          title: escapeAsWordPress(title),
          domain: escapeAsWordPress(other.domain),
          location: `${escapeAsWordPress(other.place.area)} <strong>(${other.place.department})</strong>`,
          employer: escapeAsWordPress(other.employer),
          published: `En ligne depuis le ${longDate(other.publishedAt)}`,
          favId: `fav-${other.reference.toLowerCase().replace(/[^a-z0-9]/g, '')}`,
        }),
      );
    }
    return cards.join('\n                ');
  }

  /** The offer page of offer `index`. */
  offerPage(index: number): string {
    const o = this.offer(index);
    const { offer, relatedCards } = loadTemplates();
    const shape = offerShapeOf(this.options.shape ?? 'capture', index);
    const canonical = o.url.replace(/\/$/, '');
    const slug = slugOf(o.title);
    const escapeText = shape === 'entities' ? entityHeavy : escapeAsWordPress;
    const paragraphs = (lines: string[]) => `<p>${lines.map(escapeText).join('<br>- ')}</p>`;
    const missions =
      shape === 'long-description'
        ? longText(o.missions, o.reference, 200_000)
        : shape === 'entities'
          ? longText(o.missions, o.reference, 20_000)
          : o.missions;
    const missionsText = o.missions.join(' ');
    const ldDescription =
      shape === 'long-json-ld' ? longText(o.missions, o.reference, 100_000).join(' ') : missionsText;
    return offer.render({
      offerUrl: canonical,
      pageTitle: escapeAsWordPress(`${o.title} ${o.place.street} ${o.place.postcode} ${o.place.city}`),
      title: escapeAsWordPress(o.title),
      pdfFolder: `pdf-${o.reference.toLowerCase()}`,
      pdfFile: `${slug}-choisir-le-service-public.pdf`,
      reference: o.reference,
      metaDescription: escapeAsWordPress(`${missionsText.slice(0, 150)}...`),
      address: escapeAsWordPress(`${o.place.street} ${o.place.postcode} ${o.place.city}`),
      employer: escapeAsWordPress(o.employer),
      applyMailto: 'mailto:mail@example.invalid',
      category: escapeAsWordPress(o.category),
      area: escapeAsWordPress(areaLabel(o.place)),
      region: escapeAsWordPress(o.place.region),
      metier: escapeAsWordPress(o.job.metier),
      domain: escapeAsWordPress(o.domain),
      publishedDay: pad2(o.publishedAt.getUTCDate()),
      publishedMonth: pad2(o.publishedAt.getUTCMonth() + 1),
      publishedYear: String(o.publishedAt.getUTCFullYear()),
      modifiedDay: pad2(o.modifiedAt.getUTCDate()),
      modifiedMonth: pad2(o.modifiedAt.getUTCMonth() + 1),
      modifiedYear: String(o.modifiedAt.getUTCFullYear()),
      logoSrc: `${ORIGIN}/wp-content/uploads/2025/05/MIN_Economie-RVB-605x605.png`,
      logoAlt: 'Ministères économiques et financiers',
      versant: "Fonction publique de l'État",
      domainHref: `${ORIGIN}/metiers/${slugOf(o.domain)}/`,
      // The deadline line as the real pages print it under the apply button (fixtures/portals/csp/offre-*.html).
      deadline: o.deadline
        ? `
                                                                        <p class=" fr-text--sm fr-mb-0 fr-mt-2w">
                                <span class="fr-icon-information-line fr-icon--sm tl-color--bluelight" aria-hidden="true"></span>
                                Date limite de candidature : ${slashDate(o.deadline)}                            </p>`
        : '',
      nature: escapeAsWordPress(o.nature),
      experience: escapeAsWordPress(o.experience),
      salaryContract: escapeAsWordPress(o.salary ?? 'Non renseignée'),
      salaryCivilServant: 'Non renseignée',
      management: o.management,
      remote: o.remote,
      moreFields: shape === 'many-fields' ? moreFields(o.reference, 60) : '',
      missions: paragraphs(missions),
      profile: paragraphs(shape === 'entities' ? longText(o.profile, o.reference, 20_000) : o.profile),
      contacts: '<ul><li>mail@example.invalid</li></ul>',
      about: `<p>${escapeAsWordPress(`La ${this.organisationFullName} (${this.organisation}) est l’une des plus grandes administrations de l’État. Présente sur tout le territoire, elle assure le calcul et le recouvrement de l’impôt, la tenue des comptes publics et le conseil aux collectivités.`)}</p>`,
      service: `<p>${escapeAsWordPress(`${o.employer} regroupe les services de la ${this.organisation} à ${o.place.city} (${o.place.region}).`)}</p>`,
      information: paragraphs(o.advantages),
      conditions: '<p>Poste soumis à une obligation de discrétion professionnelle.</p>',
      vacancy: `Vacant &agrave; partir du ${slashDate(o.vacantFrom)}`,
      related: shape === 'related-cards' ? this.relatedCards(index) : relatedCards,
      jsonLd: phpJson({
        '@context': 'https://schema.org/',
        '@type': 'JobPosting',
        title: o.title,
        addressLocality: `${areaLabel(o.place)}, France`,
        jobLocation: {
          '@type': 'Place',
          address: {
            '@type': 'PostalAddress',
            streetAddress: `${areaLabel(o.place)}, France`,
            addressLocality: `${areaLabel(o.place)}, France`,
            addressRegion: o.place.region,
            addressCountry: 'France',
            postalCode: areaLabel(o.place),
          },
        },
        hiringOrganization: o.employer,
        baseSalary: o.salary ?? 'Non renseigné',
        experienceRequirements: o.experience,
        Description: `\n${ldDescription}\n`,
        skills: '',
        datePosted: slashDate(o.publishedAt),
        industry: o.domain,
        educationRequirements: '',
      }),
    });
  }

  /** The body answering a path, with what kind of page it is; null for a 404. */
  private route(path: string): FoundPage<RequestKind> | null {
    const html = 'text/html; charset=UTF-8';
    if (path === '/robots.txt')
      return { kind: 'robots', body: loadTemplates().robots, contentType: 'text/plain; charset=utf-8' };
    const search = /^\/nos-offres\/filtres\/mot-cles\/([^/]+)\/?(?:page\/(\d+)\/?)?$/.exec(path);
    if (search) {
      const page = search[2] ? Number(search[2]) : 1;
      const body = decodeURIComponent(search[1]!) === this.searchSlug ? this.listingPage(page) : null;
      return { kind: 'listing', body: body ?? loadTemplates().noResults, contentType: html };
    }
    const offer = /^\/offre-emploi\/(?:.*-reference-)?([^/]+)\/?$/.exec(path);
    const index = offer ? this.byReference.get(decodeURIComponent(offer[1]!)) : undefined;
    if (index !== undefined) return { kind: 'offer', body: this.offerPage(index), contentType: html };
    return null;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const conditional = Boolean(req.headers['if-none-match']);
    const answer = (kind: RequestKind, status: number, bytes: number) => {
      const entry = { kind, path, status, bytes, conditional };
      this.requests.push(entry);
      this.onRequest?.(entry);
    };
    servePage<RequestKind>(req, res, this.route(path), answer);
  }
}

/**
 * A configuration for `openings scrape --source csp` against the portal: its organisation and
 * search term, the other sources off (so `/healthz` judges CSP alone), pacing off, and a page cap
 * just above the portal's page count.
 */
export function syntheticCspConfig(portal: SyntheticCspPortal): Record<string, unknown> {
  return {
    organisation: { name: portal.organisation, match: [portal.organisation] },
    sources: {
      csp: { enabled: true, baseUrl: portal.url, searchTerms: [portal.searchTerm], maxPages: portal.pages + 1 },
      passerelles: { enabled: false },
      pass: { enabled: false },
      peren: { enabled: false },
    },
    http: { minIntervalMs: 0 },
  };
}
