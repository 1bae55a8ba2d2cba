/** The openings as the hiring-page writer sees them, from the read model. */
import { getSource, isPortal } from '../../scrapers/index.ts';
import { identifyOfferLink } from '../../scrapers/peren/offer-links.ts';
import type { OpeningView } from '../read-model/opening-view.ts';
import type { PageOpening } from './plan.ts';

function offerKey(url: string | null): string | null {
  const offer = url ? identifyOfferLink(url) : null;
  return offer ? `${offer.source}:${offer.id}` : null;
}

/**
 * One opening: the offers that are it (each portal posting, the offer its URL names, the original
 * a re-publication points to), where a new tile may link (its open postings, best source first),
 * and whether the page is expected to list it (not when every portal says otherwise: PASS).
 */
function pageOpening(view: OpeningView): PageOpening {
  const members = view.postings.filter(({ stored }) => isPortal(stored.posting.source));
  const keys = members.flatMap(({ stored: { posting } }) => [
    `${posting.source}:${posting.sourceId}`,
    offerKey(posting.url),
    offerKey(posting.originalUrl),
  ]);
  const rules = [...new Set(members.map(({ stored }) => stored.posting.source))].map(
    (source) => getSource(source)?.unlinkedFromHiringPage?.severity,
  );
  return {
    uid: view.uid,
    title: view.posting.title,
    status: view.status,
    offerKeys: [...new Set(keys.filter((key): key is string => key !== null))],
    links: members
      .filter(({ stored }) => stored.state === 'open')
      .map(({ stored: { posting } }) => ({
        source: posting.source,
        url: identifyOfferLink(posting.url)?.url ?? posting.url,
      })),
    listed: !(rules.length > 0 && rules.every((severity) => severity === 'info')),
  };
}

/** Every opening with a portal posting, oldest publication first (new tiles come in that order). */
export function pageOpenings(views: readonly OpeningView[]): PageOpening[] {
  return [...views]
    .filter((view) => view.postings.some(({ stored }) => isPortal(stored.posting.source)))
    .sort((a, b) => Date.parse(a.publishedAt) - Date.parse(b.publishedAt) || a.id - b.id)
    .map(pageOpening);
}
