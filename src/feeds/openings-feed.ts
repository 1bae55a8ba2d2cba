/** Maps openings and their events onto the neutral feed model (the renderers do the formats). */
import type { Db } from '../../db/database.ts';
import { recentEvents, type EventRow } from '../../db/events.ts';
import { openingViews, postingSummaries, type OpeningView } from '../lifecycle/opening-view.ts';
import type { FeedDocument, FeedItem } from './feed-model.ts';
import { CLOSE_REASON_LABELS, FIELD_LABELS, frenchDate, SOURCE_LABELS, STATUS_LABELS } from './labels.ts';

export const TAG_AUTHORITY = 'peren-openings,2026';

export interface FeedSite {
  /** Absolute base URL the server is reached at (no trailing slash). */
  publicUrl: string;
  organisationName: string;
}

/** The guid of an opening: our own uid, stable when postings are added, re-linked or moved. */
export const openingGuid = (o: OpeningView) => `tag:${TAG_AUTHORITY}:opening:${o.uid}`;

export function openingLinks(o: OpeningView): { title: string; url: string }[] {
  return o.postings.map(({ stored }) => ({
    title: `${SOURCE_LABELS[stored.posting.source] ?? stored.posting.source}${stored.posting.reference ? ` (réf. ${stored.posting.reference})` : ''}`,
    url: stored.posting.url,
  }));
}

function openingSummary(o: OpeningView): string {
  const p = o.posting;
  return [
    `Statut : ${STATUS_LABELS[o.status]}`,
    p.employer && `Employeur : ${p.employer}`,
    p.location && `Lieu : ${p.location}`,
    p.contractType && `Contrat : ${p.contractType}`,
    p.deadline && `Date limite de candidature : ${frenchDate(p.deadline)}`,
  ]
    .filter(Boolean)
    .join(' — ');
}

function openingItem(o: OpeningView, site: FeedSite): FeedItem {
  const p = o.posting;
  return {
    id: openingGuid(o),
    title: p.title,
    url: p.url,
    contentHtml: p.descriptionHtml,
    summary: openingSummary(o),
    publishedAt: o.publishedAt,
    updatedAt: o.updatedAt,
    authorName: p.employer,
    categories: [p.contractType, p.category, p.versant, p.location].filter((c): c is string => Boolean(c)),
    links: openingLinks(o),
    extensions: {
      status: o.status,
      page: `${site.publicUrl}/offres/${o.uid}`,
      deadline: p.deadline,
      location: p.location,
      department: p.department,
      contractType: p.contractType,
      firstSeenAt: o.firstSeenAt,
      lastSeenAt: o.lastSeenAt,
      postings: postingSummaries(o),
    },
  };
}

function feedShell(site: FeedSite, kind: 'openings' | 'events'): Omit<FeedDocument, 'items' | 'updatedAt'> {
  const base = kind === 'openings' ? `${site.publicUrl}/feed` : `${site.publicUrl}/feed/events`;
  return {
    id: `tag:${TAG_AUTHORITY}:feed:${kind}`,
    title: kind === 'openings' ? `Offres du ${site.organisationName}` : `Offres du ${site.organisationName} : évènements`,
    description:
      kind === 'openings'
        ? `Les offres d'emploi, de stage et d'apprentissage ouvertes du ${site.organisationName}, réunies depuis les portails de recrutement de l'État.`
        : `Nouvelles offres, modifications, fermetures et réouvertures des offres du ${site.organisationName}.`,
    language: 'fr',
    homePageUrl: `${site.publicUrl}/`,
    feedUrls: { rss: `${base}.rss`, atom: `${base}.atom`, json: `${base}.json` },
    author: { name: 'peren-openings', url: `${site.publicUrl}/` },
  };
}

const newestOf = (dates: readonly string[]) => dates.reduce<string | null>((max, d) => (max === null || Date.parse(d) > Date.parse(max) ? d : max), null);

/** The main feed: openings still open or only missing (they stay until they close). */
export function openingsFeed(db: Db, site: FeedSite): FeedDocument {
  const views = openingViews(db);
  const items = views.filter((o) => o.status !== 'closed').map((o) => openingItem(o, site));
  const fallback = newestOf(views.map((o) => o.updatedAt)) ?? new Date(0).toISOString();
  return { ...feedShell(site, 'openings'), updatedAt: newestOf(items.map((i) => i.updatedAt)) ?? fallback, items };
}

const EVENT_TITLES = { new: 'Nouvelle offre', changed: 'Offre modifiée', closed: 'Offre fermée', reopened: 'Offre rouverte' } as const;
type PublishedEvent = keyof typeof EVENT_TITLES;

function eventText(e: EventRow, o: OpeningView): string {
  if (e.type === 'changed') {
    const fields = (e.detail.fields as string[] | undefined) ?? [];
    return `Champs modifiés : ${fields.map((f) => FIELD_LABELS[f] ?? f).join(', ')}.`;
  }
  if (e.type === 'closed') {
    const reasons = o.closeReasons.map((r) => CLOSE_REASON_LABELS[r]).join(', ');
    return `Fermée${reasons ? ` (${reasons})` : ''}.${o.shortLived ? ' Fermée moins d’un mois après sa publication : à vérifier.' : ''}`;
  }
  if (e.type === 'reopened') return 'De nouveau publiée sur un portail.';
  return `Publiée sur ${o.postings.map(({ stored }) => SOURCE_LABELS[stored.posting.source]).join(', ')}.`;
}

/** `/feed/events.*`: what happened to the openings, newest first. */
export function eventsFeed(db: Db, site: FeedSite, limit = 200): FeedDocument {
  const views = new Map(openingViews(db).map((o) => [o.id, o]));
  const events = recentEvents(db, limit, ['new', 'changed', 'closed', 'reopened']).filter(
    (e) => e.openingId !== null && views.has(e.openingId) && (e.type === 'changed' || e.detail.scope === 'opening'),
  );
  const items: FeedItem[] = events.map((e) => {
    const o = views.get(e.openingId!)!;
    const type = e.type as PublishedEvent;
    return {
      id: `tag:${TAG_AUTHORITY}:event:${e.id}`,
      title: `${EVENT_TITLES[type]} : ${o.posting.title}`,
      url: `${site.publicUrl}/offres/${o.uid}`,
      contentHtml: null,
      summary: eventText(e, o),
      publishedAt: e.at,
      updatedAt: e.at,
      authorName: o.posting.employer,
      categories: [type],
      links: openingLinks(o),
      extensions: { event: type, opening: openingGuid(o), status: o.status, ...(e.detail.fields ? { fields: e.detail.fields as string[] } : {}) },
    };
  });
  const fallback = new Date(0).toISOString();
  return { ...feedShell(site, 'events'), updatedAt: newestOf(items.map((i) => i.updatedAt)) ?? fallback, items };
}
