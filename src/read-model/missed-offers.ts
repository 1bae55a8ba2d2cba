/**
 * What the weekly open-data file says CSP listed and no CSP run saw: per organisation, its offers
 * active on the file's date whose reference no CSP posting has. Offers CSP shows that the file does
 * not list yet are normal (the file lags up to a week), and without a healthy CSP run since the
 * file's date nothing can be called missed: the report says so instead.
 */
import type { Db } from '../../db/database.ts';
import { healthyRunSince, latestOpenDataFile, type OpenDataFile, offersUnseenByCsp } from '../../db/open-data.ts';
import { OPEN_DATA_ATTRIBUTION } from '../../scrapers/csp-open-data/facts.ts';
import { cspOfferUrl } from '../../scrapers/csp-open-data/history-posting.ts';

export interface MissedOffer {
  reference: string;
  title: string | null;
  employer: string | null;
  organisme: string | null;
  firstPublished: string | null;
  publicationEnd: string | null;
  /** The offer's page on the portal (the file has no URL column; pages are named by reference). */
  url: string;
}

interface FileFacts {
  date: string;
  url: string;
  importedAt: string;
}

export type MissedReport =
  | { state: 'no-file'; attribution: string }
  | { state: 'no-csp-run'; file: FileFacts; attribution: string }
  | { state: 'checked'; file: FileFacts; cspRunAt: string; missed: MissedOffer[]; attribution: string };

function facts(file: OpenDataFile): FileFacts {
  return { date: file.fileDate, url: file.url, importedAt: file.importedAt };
}

export function missedOffers(db: Db, organisation: string): MissedReport {
  const attribution = OPEN_DATA_ATTRIBUTION;
  const file = latestOpenDataFile(db);
  if (!file) return { state: 'no-file', attribution };
  const cspRunAt = healthyRunSince(db, 'csp', file.fileDate);
  if (!cspRunAt) return { state: 'no-csp-run', file: facts(file), attribution };
  const missed = offersUnseenByCsp(db, organisation, file.fileDate).map((o) => ({
    reference: o.reference,
    title: o.title,
    employer: o.employer,
    organisme: o.organisme,
    firstPublished: o.firstPublished,
    publicationEnd: o.publicationEnd,
    url: cspOfferUrl(o.reference),
  }));
  return { state: 'checked', file: facts(file), cspRunAt, missed, attribution };
}
