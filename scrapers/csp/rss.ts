/**
 * The Talentsoft RSS export behind the portal (one feed per "organisme de rattachement", the 20
 * newest offers, links to `/offre-emploi/<REF>/`), read with the Talentsoft parser shared with
 * Passerelles. Each item gets its offer page as detail request, and organisation hints limited
 * to the title, employer and organisation like the other CSP channels.
 */
import type { ParseResult } from '../../src/model/source.ts';
import { parseTalentsoftRss } from '../passerelles/talentsoft-rss.ts';
import { cspPolicy, isReference, offerIdentity } from './portal.ts';

export function parseRssFeed(body: string, pageUrl: string): ParseResult {
  const result = parseTalentsoftRss(body, pageUrl, {
    source: 'csp',
    policy: cspPolicy,
    identify(link, reference) {
      const identity = offerIdentity(link, pageUrl);
      if (identity) return { sourceId: identity.reference, url: identity.url };
      return isReference(reference) && new URL(link).hostname === 'choisirleservicepublic.gouv.fr'
        ? { sourceId: reference, url: link }
        : null;
    },
  });
  for (const entry of result.postings) {
    const { posting } = entry;
    if (posting.reference === posting.sourceId) posting.reference = null;
    entry.orgHints = [posting.title, posting.employer, posting.organisation].filter(
      (hint): hint is string => hint !== null,
    );
    entry.detail = { url: posting.url, role: 'detail', label: 'offer', sourceId: posting.sourceId };
  }
  return result;
}
