/**
 * An ended offer of the weekly file as the posting its history keeps: the file's fields, the CSP
 * page of its reference, and its span (first published to ended). Pure: a row and the file's date in.
 */
import { createHash } from 'node:crypto';
import { emptyPosting, type Posting } from '../../src/model/posting.ts';
import type { OpenDataOffer } from './weekly-file.ts';

/** The portal's page of an offer, named by its reference (the file has no URL column). */
export function cspOfferUrl(reference: string): string {
  return `https://choisirleservicepublic.gouv.fr/offre-emploi/${encodeURIComponent(reference)}/`;
}

export interface HistoryEntry {
  posting: Posting;
  /** Midnight UTC of the first publication (else the default start, else the end). */
  publishedAt: string;
  /** Midnight UTC of the end of publication. */
  endedAt: string;
  /** Changes when any field the history keeps changes: a newer file's edit updates the opening. */
  hash: string;
}

const instant = (day: string) => `${day}T00:00:00.000Z`;

/** The offer as history when the file says it ended before its date; null while it runs (or has no end). */
export function historyEntry(offer: OpenDataOffer, fileDate: string): HistoryEntry | null {
  if (offer.publicationEnd === null || offer.publicationEnd >= fileDate) return null;
  const publishedAt = instant(offer.firstPublished ?? offer.publicationStart ?? offer.publicationEnd);
  const endedAt = instant(offer.publicationEnd);
  const posting: Posting = {
    ...emptyPosting('csp-open-data', offer.reference, cspOfferUrl(offer.reference), offer.title ?? offer.reference),
    reference: offer.reference,
    employer: offer.employer,
    organisation: offer.organisme,
    location: offer.location,
    contractType: offer.contractType,
    category: offer.category,
    versant: offer.versant,
    educationLevel: offer.educationLevel,
    duration: offer.contractDuration,
    publishedAt,
    extra: Object.fromEntries(
      [
        ['Métier', offer.trade],
        ["Nature de l'emploi", offer.nature],
        ['Date de fin de publication', offer.publicationEnd],
      ].filter((entry): entry is [string, string] => entry[1] !== null),
    ),
  };
  const hash = `sha256:${createHash('sha256')
    .update(JSON.stringify([posting, endedAt]))
    .digest('hex')
    .slice(0, 16)}`;
  return { posting, publishedAt, endedAt, hash };
}
