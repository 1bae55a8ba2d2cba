/**
 * An organisation's hiring pages (their tiles, source `peren`) against its openings on the
 * portals. Rules:
 *
 * - Tiles: `peren` postings whose state is not closed; the lifecycle closes a tile the page's
 *   healthy runs no longer show. The FR and EN pages link the same offers: one offer is one tile
 *   (the French title and language win, the French page being read first).
 * - A tile's offer: the portal postings whose (source, id) or canonical URL is the tile's target
 *   (`passerelles:4165` ↔ Passerelles posting 4165, a CSP tile ↔ the CSP posting of that reference,
 *   a PASS tile ↔ the PASS posting at that slug); failing those (the portal is not read), the
 *   re-publications whose original offer link is the target. A tile covers the openings of its
 *   offer, so a tile linking the Passerelles offer also covers the Choisir le service public
 *   re-publication in the same opening.
 * - tile-offer-closed (error): every opening of the tile's offer is closed, i.e. closed on every
 *   portal. An opening only `missing` is not closed yet and is not reported.
 * - tile-offer-unknown: no portal posting is the tile's offer. Warning when the target is an offer
 *   of a portal that had a healthy run (a dead link, or an offer outside what is watched), or an
 *   address on a portal that is no offer URL. Info when that portal was never read, or when the
 *   link leads off the portals (a page of peren.gouv.fr).
 * - opening-missing-from-page: an open opening (neither missing nor closed) no current tile covers.
 *   Warning; info when all its postings are on PASS: internships and apprenticeships, while the
 *   page has only ever listed job offers.
 * - title-mismatch (warning): French tiles only, the English ones being translations; see
 *   title-match.ts for when two titles differ.
 * - duplicate-link (warning): a page linked the same offer more than once.
 * - outdated-link: a portal offer linked through the old host place-emploi-public.gouv.fr (warning),
 *   or a `www.` or `http:` spelling (info).
 * - page-without-offers (warning): one of the organisation's pages, another site than PEReN's,
 *   was read as a page that links no portal offer at all (its last parse, kept with the cache).
 * - Title and link checks are skipped for a tile flagged closed: the fix is to remove it.
 * - Nothing is compared before the hiring page had a healthy run.
 *
 * Findings come errors first, then warnings, then info; within a severity, by kind, in page order.
 */
import type { Db } from '../../db/database.ts';
import { latestRun, type RunRow } from '../../db/runs.ts';
import { getSource, HIRING_PAGES, PORTALS } from '../../scrapers/index.ts';
import { usesOutdatedHost } from '../../scrapers/peren/offer-links.ts';
import { NO_OFFER_LINKS } from '../../scrapers/peren/site.ts';
import { pageReadings } from '../hiring-page/page-readings.ts';
import { isOwnHost } from '../model/urls.ts';
import type { OpeningView } from '../read-model/opening-view.ts';
import { allOpeningViews } from '../read-model/openings.ts';
import { day, openingEvidence, postingEvidence, sinceDays } from '../wording/evidence.ts';
import { sourceLabel } from '../wording/labels.ts';
import { type IndexedPosting, OfferIndex } from './offer-index.ts';
import { currentTiles, type Tile } from './tiles.ts';
import { titlesDiffer } from './title-match.ts';

type FindingKind =
  | 'tile-offer-closed' // a tile points at an offer that is closed on every portal
  | 'tile-offer-unknown' // a tile points at an offer no portal shows (never seen)
  | 'opening-missing-from-page' // an open opening the page does not link
  | 'title-mismatch' // tile title differs from the offer's title
  | 'duplicate-link' // the same offer linked twice on a page
  | 'outdated-link' // old host (place-emploi-public.gouv.fr) or www./http variant to update
  | 'page-without-offers'; // a hiring page that links no portal offer at all

export interface Finding {
  kind: FindingKind;
  severity: 'error' | 'warning' | 'info';
  /** French, one sentence, for the team (shown on the page and in the terminal). */
  message: string;
  tile: { title: string; url: string; hrefAsWritten: string; lang: string | null } | null;
  opening: { uid: string; title: string; status: 'open' | 'missing' | 'closed'; url: string } | null;
  /** French evidence: which portal showed the offer last and when ("vue sur Passerelles le 12/01/2022, fermée le …"). */
  evidence: string;
}

export interface Reconciliation {
  pageReadAs: string[];
  lastHiringPageRun: string | null;
  findings: Finding[];
}

const SEVERITY_ORDER = ['error', 'warning', 'info'] as const;
const KIND_ORDER: readonly FindingKind[] = [
  'tile-offer-closed',
  'tile-offer-unknown',
  'page-without-offers',
  'opening-missing-from-page',
  'title-mismatch',
  'duplicate-link',
  'outdated-link',
];
const OLD_CSP_HOST = /(?:^|\.)place-emploi-public\.gouv\.fr$/i;

const tileOf = (tile: Tile): Finding['tile'] => ({
  title: tile.title,
  url: tile.url,
  hrefAsWritten: tile.hrefAsWritten,
  lang: tile.lang,
});
const openingOf = (opening: OpeningView): Finding['opening'] => ({
  uid: opening.uid,
  title: opening.posting.title,
  status: opening.status,
  url: opening.posting.url,
});

interface Context {
  db: Db;
  now: Date;
}

/**
 * One organisation's hiring pages against its openings (every row of the database when none is
 * named). `pages`, its hiring pages, adds what their last reading says of each page itself.
 */
export function reconcile(
  db: Db,
  options: { now?: Date; organisation?: string; pages?: readonly string[] } = {},
): Reconciliation {
  const pageRun = HIRING_PAGES.map((source) => latestRun(db, source.id, 'healthy'))
    .filter((run): run is RunRow => run !== undefined)
    .sort((a, b) => b.id - a.id)[0];
  if (!pageRun) return { pageReadAs: [], lastHiringPageRun: null, findings: [] };
  const context: Context = { db, now: options.now ?? new Date() };
  const openings = allOpeningViews(db, options.organisation ?? null);
  const index = new OfferIndex(openings);
  const tiles = currentTiles(db, options.organisation ?? null);
  const covered = new Set<OpeningView>();
  const findings: Finding[] = [];
  for (const tile of tiles) {
    const offer = index.offerOf(tile);
    for (const { opening } of offer) covered.add(opening);
    findings.push(...tileFindings(tile, offer, context));
  }
  const withoutOffers = pageReadings(db, options.pages ?? []).filter((page) => page.variant === NO_OFFER_LINKS);
  for (const page of withoutOffers) findings.push(pageWithoutOffers(page.url, pageRun));
  for (const opening of openings) {
    if (opening.status === 'open' && !covered.has(opening)) findings.push(missingFromPage(opening, context.now));
  }
  const readAs = [...tiles.map((tile) => tile.readAs), ...withoutOffers.map(() => NO_OFFER_LINKS)];
  return {
    pageReadAs: [...new Set(readAs.filter((r): r is string => r !== null))],
    lastHiringPageRun: pageRun.finishedAt,
    findings: sortFindings(findings),
  };
}

function tileFindings(tile: Tile, offerPostings: IndexedPosting[], context: Context): Finding[] {
  const findings: Finding[] = [];
  const duplicate = duplicateLink(tile);
  if (duplicate) findings.push(duplicate);
  const offer = offerPostings[0];
  if (!offer) return [unknownOffer(tile, context), ...findings];

  const openings = [...new Set(offerPostings.map((entry) => entry.opening))];
  if (openings.every((opening) => opening.status === 'closed')) {
    const closedAt = openings
      .map((opening) => opening.closedAt)
      .filter((at): at is string => at !== null)
      .sort()
      .at(-1);
    findings.push({
      kind: 'tile-offer-closed',
      severity: 'error',
      message: `La tuile « ${tile.title} » renvoie vers une offre fermée sur tous les portails${closedAt ? ` ${sinceDays(closedAt, context.now)}` : ''} : elle est à retirer de la page.`,
      tile: tileOf(tile),
      opening: openingOf(offer.opening),
      evidence: openings.map(openingEvidence).join(' ; '),
    });
    return findings;
  }

  if (tile.lang === 'fr' && titlesDiffer(tile.title, offer.stored.posting.title)) {
    findings.push({
      kind: 'title-mismatch',
      severity: 'warning',
      message: `La tuile « ${tile.title} » ne reprend pas l'intitulé de l'offre vers laquelle elle renvoie, « ${offer.stored.posting.title} ».`,
      tile: tileOf(tile),
      opening: openingOf(offer.opening),
      evidence: postingEvidence(offer.stored),
    });
  }
  const outdated = outdatedLink(tile);
  if (outdated) {
    findings.push({
      kind: 'outdated-link',
      ...outdated,
      tile: tileOf(tile),
      opening: openingOf(offer.opening),
      evidence: openingEvidence(offer.opening),
    });
  }
  return findings;
}

/** "l'offre Passerelles 4165", or the address when the link is no known offer. */
function targetName(tile: Tile): string {
  return tile.targetSource ? `l'offre ${sourceLabel(tile.targetSource)} ${tile.targetId}` : `l'adresse ${tile.url}`;
}

function unknownOffer(tile: Tile, context: Context): Finding {
  const finding = (severity: Finding['severity'], message: string, evidence: string): Finding => ({
    kind: 'tile-offer-unknown',
    severity,
    message,
    tile: tileOf(tile),
    opening: null,
    evidence,
  });
  if (!tile.targetSource) {
    const portal = portalOfHost(tile.url);
    return portal
      ? finding(
          'warning',
          `La tuile « ${tile.title} » renvoie vers une adresse de ${sourceLabel(portal)} qui n'a pas la forme d'une offre (${tile.url}) : le lien est à vérifier.`,
          `lien écrit ${tile.hrefAsWritten}`,
        )
      : finding(
          'info',
          `La tuile « ${tile.title} » ne renvoie vers aucune offre d'un portail suivi (${tile.url}).`,
          `lien écrit ${tile.hrefAsWritten}`,
        );
  }
  const label = sourceLabel(tile.targetSource);
  const lastRead = latestRun(context.db, tile.targetSource, 'healthy');
  if (!lastRead) {
    return finding(
      'info',
      `La tuile « ${tile.title} » renvoie vers ${targetName(tile)}, invérifiable tant que ${label} n'a pas été relevé.`,
      `aucun relevé sain de ${label} à ce jour`,
    );
  }
  return finding(
    'warning',
    `La tuile « ${tile.title} » renvoie vers ${targetName(tile)}, qu'aucun relevé n'a jamais vue : lien mort ou offre hors du périmètre suivi.`,
    `dernier relevé sain de ${label} le ${day(lastRead.finishedAt)}, sans cette offre`,
  );
}

function pageWithoutOffers(url: string, pageRun: RunRow): Finding {
  return {
    kind: 'page-without-offers',
    severity: 'warning',
    message: `La page ${url} ne renvoie vers aucune offre : aucun lien vers une offre de Passerelles, de Choisir le service public ou de PASS.`,
    tile: null,
    opening: null,
    evidence: `page relevée le ${day(pageRun.finishedAt)}`,
  };
}

/** The portal source whose host the URL is on, when it is one. */
function portalOfHost(url: string): string | null {
  return PORTALS.find((source) => isOwnHost(url, source.policy))?.id ?? null;
}

function duplicateLink(tile: Tile): Finding | null {
  if (tile.duplicateTitles.length < 2) return null;
  return {
    kind: 'duplicate-link',
    severity: 'warning',
    message: `La page renvoie ${tile.duplicateTitles.length} fois vers ${targetName(tile)} (${tile.duplicateTitles.map((title) => `« ${title} »`).join(', ')}) : une seule tuile suffit.`,
    tile: tileOf(tile),
    opening: null,
    evidence: `liens vers ${tile.url}`,
  };
}

/** How the tile's link should be rewritten, when it uses an old host or a `www.`/`http:` spelling. */
function outdatedLink(tile: Tile): Pick<Finding, 'severity' | 'message'> | null {
  if (!tile.targetSource) return null;
  const written = tile.hrefAsWritten;
  const writtenOutdated = /^http:/i.test(written) || usesOutdatedHost(written);
  if (!writtenOutdated && !tile.oldHost) return null;
  if (!writtenOutdated) {
    return {
      severity: 'info',
      message: `Un autre lien de la page vers l'offre de la tuile « ${tile.title} » utilise une ancienne adresse : l'écrire ${tile.url}.`,
    };
  }
  if (OLD_CSP_HOST.test(new URL(written).hostname)) {
    return {
      severity: 'warning',
      message: `La tuile « ${tile.title} » renvoie vers l'ancien site Place de l'emploi public (${written}) : l'écrire ${tile.url}.`,
    };
  }
  return {
    severity: 'info',
    message: `Le lien de la tuile « ${tile.title} » est écrit ${written} : l'écrire ${tile.url}.`,
  };
}

/**
 * An open opening the page does not link: a warning, unless every portal listing it says the page
 * is not expected to (its source record's `unlinkedFromHiringPage`).
 */
function missingFromPage(opening: OpeningView, now: Date): Finding {
  const rules = [...new Set(opening.postings.map((member) => member.stored.posting.source))].map(
    (source) => getSource(source)?.unlinkedFromHiringPage,
  );
  const excused = rules.every((rule) => rule?.severity === 'info') ? (rules[0] as { because: string }) : null;
  const since = sinceDays(opening.publishedAt, now);
  return {
    kind: 'opening-missing-from-page',
    severity: excused ? 'info' : 'warning',
    message: excused
      ? `L'offre « ${opening.posting.title} » est ouverte ${since} sans figurer sur la page recrutement : ${excused.because}.`
      : `L'offre « ${opening.posting.title} » est ouverte ${since} mais la page recrutement n'y renvoie pas.`,
    tile: null,
    opening: openingOf(opening),
    evidence: openingEvidence(opening),
  };
}

function sortFindings(findings: Finding[]): Finding[] {
  // Array.prototype.sort is stable: page order and opening order survive within a kind.
  return findings.sort(
    (a, b) =>
      SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) ||
      KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind),
  );
}
