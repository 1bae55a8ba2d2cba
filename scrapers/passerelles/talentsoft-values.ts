/**
 * Recognises the unlabelled values Talentsoft prints (RSS `<category>`, listing card cells) by what
 * they are, never by their position: the order and the set of values vary between tenants.
 */
import { cleanText, foldForMatch } from '../../src/model/text.ts';

/**
 * Contract and status words. A tenant of the public service prints the status ("Emploi ouvert aux
 * titulaires et aux contractuels") where a company prints the contract ("CDI").
 */
const CONTRACT_WORDS =
  /(?:^|[^a-z])(?:cdi|cdd|(?:contrat a )?duree (?:in)?determinee|contrat de projet|stage|stagiaire|alternance|alternant|apprentissage|apprenti|interim|v\.i\.e\.?|volontariat|vacataire|vacation|titulaires?|contractuel(?:le)?s?|fonctionnaires?|permanent contract|fixed[- ]term|internship|trainee|apprenticeship|temporary)(?:$|[^a-z])/;

/** A French postcode, but not a number in brackets (`Vacant (45823)`) nor part of a longer number. */
const POSTCODE = /(?<![\d(])\d{5}(?![\d)])/;
/** A street address: number, then a kind of street (`66 rue de Sotteville`). */
const STREET =
  /^\d+\s*(?:bis|ter)?,?\s+(?:rue|avenue|av\.|boulevard|bd|place|quai|allee|chemin|route|impasse|cours|square|esplanade|parvis)\b/;
/** A department number in brackets, as in `Île-de-France, Paris (75)`. */
const DEPARTMENT_IN_BRACKETS = /\((?:\d{2,3}|2[AB])\)/i;

const DAY_DATE = /^\d{1,2}\/\d{1,2}\/\d{4}$/;
const REFERENCE_CELL = /^r[ée]f(?:[ée]rence|\.)?\s*:?\s*(\S+)/i;

/** How Talentsoft references look: `2026-10639`, `DEF_14-00069057`, `O056261001001569` (upper case, several digits). */
const REFERENCE_TOKEN = /^[A-Z0-9][A-Z0-9_./-]*$/;

export function isReferenceToken(token: string): boolean {
  return REFERENCE_TOKEN.test(token) && (token.match(/\d/g)?.length ?? 0) >= 4;
}

export type ValueKind = 'contract' | 'address' | 'date' | 'reference' | 'other';

export function classifyValue(raw: string): ValueKind {
  const text = cleanText(raw) ?? '';
  if (REFERENCE_CELL.test(text)) return 'reference';
  if (DAY_DATE.test(text)) return 'date';
  const folded = foldForMatch(text);
  if (POSTCODE.test(text) || DEPARTMENT_IN_BRACKETS.test(text) || STREET.test(folded)) return 'address';
  if (text.length <= 80 && CONTRACT_WORDS.test(folded)) return 'contract';
  return 'other';
}

/** The reference of a `Réf. : 2026-1563` cell. */
export function referenceFromCell(raw: string): string | null {
  return REFERENCE_CELL.exec(cleanText(raw) ?? '')?.[1] ?? null;
}

/**
 * Splits the leading references off an RSS or listing title: `2026-10639 - Ingénieur DevOps F/H`
 * gives `["2026-10639"]` and `Ingénieur DevOps F/H`. Some tenants prefix two references.
 */
export function splitLeadingReferences(raw: string): { references: string[]; title: string } {
  const references: string[] = [];
  let title = cleanText(raw) ?? '';
  for (;;) {
    const match = /^(\S+)\s+[-–]\s+(.*)$/.exec(title);
    if (!match || !isReferenceToken(match[1]!)) break;
    references.push(match[1]!);
    title = match[2]!;
  }
  // A bare reference is an item whose job title is missing.
  if (isReferenceToken(title)) return { references: [...references, title], title: '' };
  return { references, title };
}
