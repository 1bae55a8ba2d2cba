/**
 * Turns the links the hiring page shows into postings of the `peren` source, one per target offer.
 * The lead's reconciliation reads `extra`: which portal offer a link targets, how it was written,
 * and whether it uses a host spelling that should be updated.
 */
import { emptyPosting } from '../../src/model/posting.ts';
import type { ParsedPosting, Problem } from '../../src/model/source.ts';
import { canonicalUrl } from '../../src/model/urls.ts';
import { identifyOfferLink, usesOutdatedHost } from './offer-links.ts';
import type { RawLink } from './page-links.ts';
import { PEREN_POLICY } from './site.ts';

type ReadAs = 'dsfr-tiles' | 'offer-links';

export interface LinkContext {
  pageUrl: string;
  lang: string;
  readAs: ReadAs;
  /** What the postings tell the pipeline of whose they are: the page that listed them. */
  orgHints: readonly string[];
  /** How problems name the page ("PEReN hiring page", "hiring page"). */
  pageName: string;
}

interface Collected {
  parsed: ParsedPosting;
  titles: string[];
}

export function linksToPostings(
  links: readonly RawLink[],
  context: LinkContext,
): { postings: ParsedPosting[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const warn = (message: string) =>
    problems.push({ severity: 'warning', message: `${context.pageName}: ${message}`, url: context.pageUrl });
  const byTarget = new Map<string, Collected>();

  for (const link of links) {
    const target = canonicalUrl(link.href, context.pageUrl, PEREN_POLICY);
    if (!target) {
      warn(`link "${link.href}" skipped: not a web address`);
      continue;
    }
    const offer = identifyOfferLink(target);
    const sourceId = offer ? `${offer.source}:${offer.id}` : target;
    const title = link.around ?? link.text ?? link.label ?? target;
    if (!link.text && !link.label) warn(`link to ${target} has no text: its URL stands in for the title`);
    if (!offer) warn(`"${title}" links ${target}, which is no known portal offer`);

    const seen = byTarget.get(sourceId);
    if (seen) {
      seen.titles.push(title);
      seen.parsed.posting.extra.duplicateTitles = seen.titles.join(' | ');
      if (usesOutdatedHost(target)) seen.parsed.posting.extra.oldHost = 'true';
      warn(`offer ${sourceId} is linked more than once: ${seen.titles.map((t) => `"${t}"`).join(' and ')}`);
      continue;
    }
    const posting = emptyPosting('peren', sourceId, offer?.url ?? target, title);
    posting.extra = {
      targetSource: offer?.source ?? 'unknown',
      targetId: offer?.id ?? target,
      hrefAsWritten: link.href,
      lang: context.lang,
      readAs: context.readAs,
      ...(usesOutdatedHost(target) ? { oldHost: 'true' } : {}),
    };
    byTarget.set(sourceId, { parsed: { posting, orgHints: [...context.orgHints] }, titles: [title] });
  }
  return { postings: [...byTarget.values()].map((c) => c.parsed), problems };
}
