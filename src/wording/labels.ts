/** French labels shared by the feeds, the page, the terminal and the notifications. */
import { SOURCE_LIST } from '../../scrapers/index.ts';
import type { EventType, LinkReason } from '../model/events.ts';
import type { NotificationKind } from '../notify/settings.ts';

export const SOURCE_LABELS: Record<string, string> = Object.fromEntries(SOURCE_LIST.map((s) => [s.id, s.label]));

export const sourceLabel = (source: string): string => SOURCE_LABELS[source] ?? source;

const HIRING_PAGE_SOURCES = new Set(SOURCE_LIST.filter((s) => s.kind === 'hiring-page').map((s) => s.id));

/**
 * A source's name for the organisations a reader is looking at: a hiring-page source reads every
 * organisation's own pages, so for one organisation it is that organisation's page ("Page
 * recrutement du PEReN"), and its crawl-wide name otherwise.
 */
export function sourceLabelFor(source: string, organisations: readonly { of: string }[]): string {
  const only = organisations.length === 1 ? organisations[0] : undefined;
  return only && HIRING_PAGE_SOURCES.has(source) ? `Page recrutement ${only.of}` : sourceLabel(source);
}

export const STATUS_LABELS = { open: 'ouverte', missing: 'absente du dernier relevé', closed: 'fermée' } as const;

export const STATUS_PLURAL_LABELS: Record<keyof typeof STATUS_LABELS, string> = {
  open: 'ouvertes',
  missing: 'absentes du dernier relevé',
  closed: 'fermées',
};

export const CLOSE_REASON_LABELS = {
  gone: 'retirée du portail',
  deadline: 'date limite passée',
  filled: 'poste pourvu',
  manual: 'fermée à la main',
  'open-data': 'terminée selon le fichier officiel (DGAFP, data.gouv.fr)',
} as const;

export const FIELD_LABELS: Record<string, string> = {
  reference: 'référence',
  url: 'adresse',
  title: 'intitulé',
  employer: 'employeur',
  organisation: 'organisme',
  location: 'lieu',
  department: 'département',
  contractType: 'type de contrat',
  category: 'catégorie',
  versant: 'versant',
  educationLevel: 'niveau d’études',
  experience: 'expérience',
  jobFamily: 'famille de métiers',
  salary: 'rémunération',
  remote: 'télétravail',
  duration: 'durée',
  startDate: 'date de prise de poste',
  publishedAt: 'date de publication',
  deadline: 'date limite de candidature',
  originalUrl: 'offre d’origine',
  description: 'description',
};

/** `2026-12-15T00:00:00+01:00` → `15/12/2026`. */
export function frenchDate(iso: string | null): string | null {
  if (!iso) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

/** What each event is called in an opening's history and the recent events. */
export const EVENT_LABELS: Record<EventType, string> = {
  new: 'nouvelle',
  changed: 'modifiée',
  missing: 'absente du relevé',
  'seen-again': 'de nouveau listée',
  closed: 'fermée',
  reopened: 'rouverte',
  linked: 'rattachée',
  unlinked: 'détachée',
};

/** Why a posting joined its opening. */
export const LINK_REASONS: Record<LinkReason, string> = {
  first: 'première annonce du poste',
  url: 'même adresse d’offre',
  reference: 'même référence',
  similarity: 'intitulé, employeur et lieu proches',
  manual: 'rattachée à la main',
};

/** The title of an item of the events feed, by the type of the published event. */
export const FEED_EVENT_TITLES = {
  new: 'Nouvelle offre',
  changed: 'Offre modifiée',
  closed: 'Offre fermée',
  reopened: 'Offre rouverte',
} as const;

/** Said of an opening closed before the legal minimum of publication (`shortLived`). */
export const SHORT_LIVED_NOTE = 'Fermée moins d’un mois après sa publication : à vérifier.';

/** Each kind of notification as a noun, singular and plural, for a digest's subject. */
export const NOTIFICATION_KIND_NOUNS: Record<NotificationKind, [string, string]> = {
  new: ['nouvelle offre', 'nouvelles offres'],
  closed: ['offre fermée', 'offres fermées'],
  reopened: ['offre rouverte', 'offres rouvertes'],
  'deadline-changed': ['date limite modifiée', 'dates limites modifiées'],
  'source-failing': ['source en échec', 'sources en échec'],
  'source-stale': ['source en retard', 'sources en retard'],
  'source-recovered': ['source rétablie', 'sources rétablies'],
  'hiring-page-error': ['erreur de la page recrutement', 'erreurs de la page recrutement'],
};
