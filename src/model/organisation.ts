import { foldForMatch } from './text.ts';

/** What the database knows of an organisation: its id (in URLs and every row) and its name. */
export interface OrganisationRecord {
  id: string;
  name: string;
}

/** An organisation id: lowercase letters, digits and `-`, as it appears in `/o/<id>/`. */
export const ORGANISATION_ID = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

/** The default configuration's organisation, and the owner of a database no configuration named. */
export const DEFAULT_ORGANISATION: OrganisationRecord = { id: 'peren', name: 'PEReN' };

/** The id a name gives when the configuration names one organisation without an id ("PEReN" → "peren"). */
export function organisationIdOf(name: string): string {
  return foldForMatch(name)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '');
}

/**
 * Decides whether a text names the organisation. Names are matched on word boundaries after
 * folding case and accents, so "PEReN" matches "sen-peren-156" but not "pérenne".
 */
export class OrganisationMatcher {
  private readonly patterns: RegExp[];

  constructor(names: readonly string[]) {
    this.patterns = names
      .map((name) => foldForMatch(name))
      .filter((name) => name.length > 0)
      .map((name) => {
        const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/[ '-]+/g, "[\\s'_-]+");
        return new RegExp(`(?:^|[^a-z0-9])${escaped}(?:$|[^a-z0-9])`);
      });
  }

  matches(text: string | null | undefined): boolean {
    if (!text) return false;
    const folded = foldForMatch(text);
    return this.patterns.some((pattern) => pattern.test(folded));
  }

  matchesAny(texts: ReadonlyArray<string | null | undefined>): boolean {
    return texts.some((text) => this.matches(text));
  }
}
