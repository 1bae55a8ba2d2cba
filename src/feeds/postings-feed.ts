/** Maps stored postings onto the neutral feed model (the renderers do the formats). */
import type { Db } from '../../db/database.ts';
import { allPostings, type StoredPosting } from '../../db/postings.ts';
import { SOURCES } from '../../scrapers/index.ts';
import type { FeedDocument, FeedItem } from './feed-model.ts';

export const SOURCE_LABELS: Record<string, string> = Object.fromEntries(Object.values(SOURCES).map((s) => [s.id, s.label]));

export const TAG_AUTHORITY = 'peren-openings,2026';

export interface FeedSite {
  /** Absolute base URL the server is reached at (no trailing slash). */
  publicUrl: string;
  organisationName: string;
}

/** The guid of a posting: our own key, stable whatever URL the portal gives it later. */
export function postingGuid(p: StoredPosting): string {
  return `tag:${TAG_AUTHORITY}:posting:${encodeURIComponent(p.posting.source)}:${encodeURIComponent(p.posting.sourceId)}`;
}

function toItem(p: StoredPosting, sourceLabels: Record<string, string>): FeedItem {
  const posting = p.posting;
  const published = posting.publishedAt ?? p.firstSeenAt;
  const updated = [posting.updatedAt, published, p.firstSeenAt].filter((d): d is string => d !== null).sort((a, b) => Date.parse(b) - Date.parse(a))[0]!;
  const categories = [posting.contractType, posting.category, posting.versant, posting.location].filter((c): c is string => Boolean(c));
  return {
    id: postingGuid(p),
    title: posting.title,
    url: posting.url,
    contentHtml: posting.descriptionHtml,
    summary: posting.descriptionText ? posting.descriptionText.slice(0, 500) : null,
    publishedAt: published,
    updatedAt: updated,
    authorName: posting.employer,
    categories,
    links: [{ title: sourceLabels[posting.source] ?? posting.source, url: posting.url }],
    extensions: {
      source: posting.source,
      sourceId: posting.sourceId,
      reference: posting.reference,
      status: p.state,
      deadline: posting.deadline,
      location: posting.location,
      department: posting.department,
      firstSeenAt: p.firstSeenAt,
      lastSeenAt: p.lastSeenAt,
    },
  };
}

export function postingsFeed(postings: readonly StoredPosting[], site: FeedSite, sourceLabels: Record<string, string>, dataUpdatedAt: string): FeedDocument {
  const items = postings.map((p) => toItem(p, sourceLabels));
  const newest = items.reduce<string | null>((max, i) => (max === null || Date.parse(i.updatedAt) > Date.parse(max) ? i.updatedAt : max), null);
  return {
    id: `tag:${TAG_AUTHORITY}:feed:openings`,
    title: `Offres d'emploi du ${site.organisationName}`,
    description: `Les offres d'emploi, de stage et d'apprentissage du ${site.organisationName} publiées sur les portails de recrutement de l'État.`,
    language: 'fr',
    homePageUrl: `${site.publicUrl}/`,
    feedUrls: { rss: `${site.publicUrl}/feed.rss`, atom: `${site.publicUrl}/feed.atom`, json: `${site.publicUrl}/feed.json` },
    author: { name: 'peren-openings', url: `${site.publicUrl}/` },
    updatedAt: newest ?? dataUpdatedAt,
    items,
  };
}

/** The main feed as published: every posting not closed, hiring-page tiles excluded. */
export function mainFeedFromDatabase(db: Db, site: FeedSite): FeedDocument {
  const postings = allPostings(db);
  const open = postings.filter((p) => p.state !== 'closed' && p.posting.source !== 'peren');
  const lastChange = postings.reduce((max, p) => (Date.parse(p.firstSeenAt) > Date.parse(max) ? p.firstSeenAt : max), new Date(0).toISOString());
  return postingsFeed(open, site, SOURCE_LABELS, lastChange);
}
