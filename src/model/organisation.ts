import { foldForMatch } from './text.ts';

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
