/**
 * What a Talentsoft label means. French tenants label their fields in French, others in English;
 * the same words label RSS description fields (`<b>Contrat : </b>CDI`) and offer-page `<h3>`s.
 */
import { parsePortalDate } from '../../src/model/dates.ts';
import type { Posting } from '../../src/model/posting.ts';
import { cleanText, departmentFrom, foldForMatch } from '../../src/model/text.ts';

type TextField =
  | 'employer'
  | 'organisation'
  | 'location'
  | 'contractType'
  | 'category'
  | 'versant'
  | 'educationLevel'
  | 'experience'
  | 'jobFamily'
  | 'salary'
  | 'remote'
  | 'duration';
type DateField = 'startDate' | 'publishedAt' | 'updatedAt' | 'deadline';

/**
 * `title`, `reference` and `description` are handled by each parser; `area` is a geographical area
 * (`Europe, France, Île-de-France, Paris (75)`), the location when no address is given.
 */
export type FieldTarget = TextField | DateField | 'title' | 'reference' | 'description' | 'area';

/** Folded label (lower case, no accents, no trailing colon) → field. First match wins. */
const LABEL_RULES: ReadonlyArray<readonly [RegExp, FieldTarget]> = [
  [/^(intitule( du poste)?|titre( du poste| de l'offre)?|job title)$/, 'title'],
  [/^(reference|ref\.?|reference de l'offre)$/, 'reference'],
  [/^(type de contrat|contrat|nature du contrat|nature de l'emploi|statut|contract( type)?)$/, 'contractType'],
  [/^(duree( du contrat| de la mission| du poste)?|contract length)$/, 'duration'],
  [
    /^(metiers?|famille (de|des) metiers?|domaine( fonctionnel| d'activite| professionnel)?|domaine \/ metier|emploi[- ]type|emploi de reference|filiere|business type|job family|type of job)$/,
    'jobFamily',
  ],
  [/^(categorie( statutaire| de l'emploi| fonction publique)?|professional category|job category)$/, 'category'],
  [/^(versant( de la fonction publique)?|fonction publique)$/, 'versant'],
  [/^(niveau d'etudes|niveau de diplome|niveau de formation|diplome|formation|education( level)?)/, 'educationLevel'],
  [/^(niveau d'experience|experience( souhaitee| requise)?|experience level)/, 'experience'],
  [/^(remuneration|salaire|fourchette (de remuneration|salariale)|salary( range)?)/, 'salary'],
  [/^(teletravail|remote)/, 'remote'],
  [
    /^(date (de prise de (poste|fonctions?)|de debut( de (contrat|mission))?|d'entree en fonction)|poste a pourvoir|starting date|start date)/,
    'startDate',
  ],
  [/^(date limite|date de (fin de publication|cloture)|deadline|closing date)/, 'deadline'],
  [/^(date de (publication|parution)|publie le|publication date)/, 'publishedAt'],
  [/^(date de mise a jour|mise a jour|mis a jour le|update date)/, 'updatedAt'],
  [
    /^(localisation|lieu|lieu (de travail|d'affectation|d'exercice)|adresse( du poste)?|ville|job location|location)$/,
    'location',
  ],
  [/^(zone geographique|geographical area|region)$/, 'area'],
  [
    /^(employeur|entite|entite de rattachement|direction|service|structure|direction \/ service|service recruteur|etablissement|entity|employer)$/,
    'employer',
  ],
  [/^(ministere( de rattachement)?|organisme de rattachement|administration|organisation)$/, 'organisation'],
  [
    /^(missions?|vos missions|description( du poste| de la mission| de l'offre)?|descriptif( du poste| de l'emploi)?|activites( principales)?|job (summary|description)|profil( recherche| souhaite| du candidat)?|competences( requises| attendues)?|qualifications?)$/,
    'description',
  ],
];

/** A label as shown, without its trailing colon: `Contrat : ` → `Contrat`. */
export function displayLabel(label: string): string {
  return (cleanText(label) ?? '').replace(/\s*:$/, '');
}

function foldLabel(label: string): string {
  return foldForMatch(displayLabel(label));
}

export function targetForLabel(label: string | null | undefined): FieldTarget | null {
  if (!label) return null;
  const folded = foldLabel(label);
  return LABEL_RULES.find(([pattern]) => pattern.test(folded))?.[1] ?? null;
}

const DATE_FIELDS: ReadonlySet<FieldTarget> = new Set<FieldTarget>([
  'startDate',
  'publishedAt',
  'updatedAt',
  'deadline',
]);

/**
 * Stores one value in its posting field, without overwriting one already filled. A date that
 * does not parse ("Dès que possible") and a value for a field that is taken stay readable in `extra`.
 */
export function assignField(posting: Posting, target: TextField | DateField, label: string, value: string): void {
  if (DATE_FIELDS.has(target)) {
    const date = parsePortalDate(value);
    if (date && posting[target as DateField] === null) posting[target as DateField] = date;
    else posting.extra[label] = value;
    return;
  }
  const current = posting[target as TextField];
  if (current !== null) {
    if (current !== value) posting.extra[label] = value;
    return;
  }
  posting[target as TextField] = value;
  if (target === 'location') posting.department ??= departmentFrom(value);
}

export function isPostingTarget(target: FieldTarget): target is TextField | DateField {
  return target !== 'title' && target !== 'reference' && target !== 'description' && target !== 'area';
}
