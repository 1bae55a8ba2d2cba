/** French wording shared by the feeds, the API and the page. */
import { SOURCES } from '../../scrapers/index.ts';

export const SOURCE_LABELS: Record<string, string> = Object.fromEntries(Object.values(SOURCES).map((s) => [s.id, s.label]));

export const STATUS_LABELS = { open: 'ouverte', missing: 'absente du dernier relevé', closed: 'fermée' } as const;

export const CLOSE_REASON_LABELS = {
  gone: 'retirée du portail',
  deadline: 'date limite passée',
  filled: 'poste pourvu',
  manual: 'fermée à la main',
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
