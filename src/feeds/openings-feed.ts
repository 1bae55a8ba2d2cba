/** Maps openings and their events onto the neutral feed model (the renderers do the formats). */

import type { Db } from '../../db/database.ts';
import { publishedEvents } from '../../db/events.ts';
import { newestOpeningUpdate } from '../../db/openings.ts';
import type { LifecycleEvent } from '../model/events.ts';
import { escapeHtml } from '../model/text.ts';
import { newestOf } from '../model/time.ts';
import { fieldsWithOrigin, OPEN_DATA_ORIGIN } from '../read-model/open-data-fields.ts';
import { type OpeningView, postingSummaries } from '../read-model/opening-view.ts';
import { type OpeningCursor, openingViewsByIds, pageOfOpenings } from '../read-model/openings.ts';
import {
  CLOSE_REASON_LABELS,
  FEED_EVENT_TITLES,
  FIELD_LABELS,
  frenchDate,
  SHORT_LIVED_NOTE,
  SOURCE_LABELS,
  STATUS_LABELS,
} from '../wording/labels.ts';
import type { FeedDocument, FeedItem } from './feed-model.ts';

export const TAG_AUTHORITY = 'peren-openings,2026';

export interface FeedSite {
  /** Absolute base URL the server is reached at (no trailing slash). */
  publicUrl: string;
  organisationName: string;
  /** Whose openings: one organisation's; every row of the database when absent. */
  organisation?: string | undefined;
  /** French after "de" ("du PEReN", "de la DINUM"); `du <name>` when absent. */
  of?: string | undefined;
  /** Where the organisation's feeds, page and calendar live under publicUrl: '' (the root) or `/o/<id>`. */
  basePath?: string | undefined;
  /** Set when the deployment has several organisations: their feeds' ids differ. */
  feedKey?: string | undefined;
}

/** "du PEReN": how the feeds, the page and the calendar name the organisation after "de". */
export const organisationOf = (site: Pick<FeedSite, 'organisationName' | 'of'>) =>
  site.of ?? `du ${site.organisationName}`;

/** The absolute URL of the organisation's own pages: its feeds, page and calendar. */
export const siteBase = (site: FeedSite) => `${site.publicUrl}${site.basePath ?? ''}`;

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

/** What the weekly file adds to an item, said with its origin: the fields it filled and the trade. */
function fileFieldsText(file: ReturnType<typeof fieldsWithOrigin>): string | null {
  const parts = Object.entries(file.fields)
    .filter(([, f]) => f?.source === OPEN_DATA_ORIGIN)
    .map(([field, f]) => `${FIELD_LABELS[field] ?? 'métier'} : ${f!.value}`);
  return parts.length > 0
    ? `D'après le fichier open data de la DGAFP : ${parts.join(', ')} (${file.attribution})`
    : null;
}

function openingItem(db: Db, o: OpeningView, site: FeedSite): FeedItem {
  const p = o.posting;
  const file = fieldsWithOrigin(db, o);
  const fromFile = Object.values(file.fields)
    .filter((f) => f?.source === OPEN_DATA_ORIGIN)
    .map((f) => f!.value);
  const fileText = fileFieldsText(file);
  return {
    id: openingGuid(o),
    title: p.title,
    url: p.url,
    // The file's line follows the description too: RSS shows only the content, and the licence asks for the attribution.
    contentHtml:
      p.descriptionHtml && fileText ? `${p.descriptionHtml}\n<p>${escapeHtml(fileText)}</p>` : p.descriptionHtml,
    summary: fileText ? `${openingSummary(o)} — ${fileText}` : openingSummary(o),
    publishedAt: o.publishedAt,
    updatedAt: o.updatedAt,
    authorName: p.employer,
    categories: [p.contractType, p.category, p.versant, p.location, ...fromFile].filter((c): c is string => Boolean(c)),
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
      ...(file.attribution ? file : {}),
    },
  };
}

function feedShell(
  site: FeedSite,
  kind: 'openings' | 'events',
): Omit<FeedDocument, 'items' | 'updatedAt' | 'nextUrls'> {
  const home = siteBase(site);
  const base = kind === 'openings' ? `${home}/feed` : `${home}/feed/events`;
  const of = organisationOf(site);
  return {
    id: `tag:${TAG_AUTHORITY}:feed:${site.feedKey ? `${site.feedKey}:` : ''}${kind}`,
    title: kind === 'openings' ? `Offres ${of}` : `Offres ${of} : évènements`,
    description:
      kind === 'openings'
        ? `Les offres d'emploi, de stage et d'apprentissage ouvertes ${of}, réunies depuis les portails de recrutement de l'État.`
        : `Nouvelles offres, modifications, fermetures et réouvertures des offres ${of}.`,
    language: 'fr',
    homePageUrl: `${home}/`,
    feedUrls: { rss: `${base}.rss`, atom: `${base}.atom`, json: `${base}.json` },
    author: { name: 'peren-openings', url: `${site.publicUrl}/` },
  };
}

/** Where a page of a feed starts, and how long it is. */
export interface OpeningsFeedPage {
  limit: number;
  after?: OpeningCursor | undefined;
}

export interface EventsFeedPage {
  limit: number;
  /** Events older than this id. */
  before?: number | undefined;
}

/** The opening cursor as it travels in a `next` link. */
export function encodeCursor(cursor: OpeningCursor): string {
  return Buffer.from(JSON.stringify([cursor.updatedMs, cursor.publishedMs, cursor.uid])).toString('base64url');
}

export function decodeCursor(text: string): OpeningCursor | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 3 &&
      Number.isSafeInteger(value[0]) &&
      Number.isSafeInteger(value[1]) &&
      typeof value[2] === 'string'
    ) {
      return { updatedMs: value[0] as number, publishedMs: value[1] as number, uid: value[2] };
    }
  } catch {
    // not a cursor: below
  }
  return null;
}

/** `…/feed.rss?limit=50&after=…`: the same feed, one page on, in every format. */
function nextUrls(feedUrls: FeedDocument['feedUrls'], params: Record<string, string>): FeedDocument['feedUrls'] {
  const query = new URLSearchParams(params).toString();
  return { rss: `${feedUrls.rss}?${query}`, atom: `${feedUrls.atom}?${query}`, json: `${feedUrls.json}?${query}` };
}

/** The main feed: openings still open or only missing (they stay until they close), newest first, a page at a time. */
export function openingsFeed(db: Db, site: FeedSite, page: OpeningsFeedPage): FeedDocument {
  const found = pageOfOpenings(
    db,
    { organisation: site.organisation, statuses: ['open', 'missing'] },
    page.limit,
    page.after,
  );
  const items = found.views.map((o) => openingItem(db, o, site));
  const shell = feedShell(site, 'openings');
  return {
    ...shell,
    updatedAt:
      newestOf(items.map((i) => i.updatedAt)) ??
      newestOpeningUpdate(db, site.organisation ?? null) ??
      new Date(0).toISOString(),
    items,
    nextUrls: found.next
      ? nextUrls(shell.feedUrls, { limit: String(page.limit), after: encodeCursor(found.next) })
      : null,
  };
}

function eventText(e: LifecycleEvent, o: OpeningView): string {
  const d = e.detail;
  if (d.type === 'changed') return `Champs modifiés : ${d.fields.map((f) => FIELD_LABELS[f] ?? f).join(', ')}.`;
  if (d.scope === 'opening' && d.type === 'closed') {
    const reasons = d.closeReasons.map((r) => CLOSE_REASON_LABELS[r]).join(', ');
    return `Fermée${reasons ? ` (${reasons})` : ''}.${d.shortLived ? ` ${SHORT_LIVED_NOTE}` : ''}`;
  }
  if (d.type === 'reopened') return 'De nouveau publiée sur un portail.';
  return `Publiée sur ${o.postings.map(({ stored }) => SOURCE_LABELS[stored.posting.source]).join(', ')}.`;
}

/** `/feed/events.*`: what happened to the openings (see isPublished), newest first, a page at a time. */
export function eventsFeed(db: Db, site: FeedSite, page: EventsFeedPage): FeedDocument {
  const found = publishedEvents(db, page.limit + 1, page.before, site.organisation ?? null);
  const events = found.slice(0, page.limit);
  const views = new Map(openingViewsByIds(db, [...new Set(events.map((e) => e.openingId!))]).map((o) => [o.id, o]));
  const items: FeedItem[] = [];
  for (const e of events) {
    const o = views.get(e.openingId!);
    if (!o || !(e.detail.type in FEED_EVENT_TITLES)) continue;
    const type = e.detail.type as keyof typeof FEED_EVENT_TITLES;
    items.push({
      id: `tag:${TAG_AUTHORITY}:event:${e.id}`,
      title: `${FEED_EVENT_TITLES[type]} : ${o.posting.title}`,
      url: `${site.publicUrl}/offres/${o.uid}`,
      contentHtml: null,
      summary: eventText(e, o),
      publishedAt: e.at,
      updatedAt: e.at,
      authorName: o.posting.employer,
      categories: [type],
      links: openingLinks(o),
      extensions: {
        event: type,
        opening: openingGuid(o),
        status: o.status,
        ...(e.detail.type === 'changed' ? { fields: e.detail.fields } : {}),
      },
    });
  }
  const shell = feedShell(site, 'events');
  const last = events.at(-1);
  return {
    ...shell,
    updatedAt: newestOf(items.map((i) => i.updatedAt)) ?? new Date(0).toISOString(),
    items,
    nextUrls:
      found.length > page.limit && last
        ? nextUrls(shell.feedUrls, { limit: String(page.limit), before: String(last.id) })
        : null,
  };
}
