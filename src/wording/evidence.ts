/** The French wording of what the portals showed (states, dates, close reasons), as evidence for the team. */

import { isoFromInstant } from '../model/dates.ts';
import type { StoredPosting } from '../model/lifecycle.ts';
import { DAY_MS } from '../model/time.ts';
import type { OpeningView } from '../read-model/opening-view.ts';
import { CLOSE_REASON_LABELS, frenchDate, sourceLabel } from './labels.ts';

/** The Paris calendar day of an instant, `dd/mm/yyyy`. */
export function day(iso: string | null): string {
  const ms = iso ? Date.parse(iso) : Number.NaN;
  return Number.isFinite(ms) ? frenchDate(isoFromInstant(ms))! : 'date inconnue';
}

/** "depuis 3 jours", for how long a state has lasted at `now`. */
export function sinceDays(from: string, now: Date): string {
  const days = Math.floor((now.getTime() - Date.parse(from)) / DAY_MS);
  if (!(days >= 1)) return "depuis moins d'un jour";
  return days === 1 ? 'depuis 1 jour' : `depuis ${days} jours`;
}

/** "vue sur Passerelles le 14/09/2021, fermée le 29/09/2021 (retirée du portail)". */
export function postingEvidence(p: StoredPosting): string {
  const seen = `vue sur ${sourceLabel(p.posting.source)} le ${day(p.lastSeenAt)}`;
  if (p.state === 'closed')
    return `${seen}, fermée le ${day(p.closedAt)}${p.closeReason ? ` (${CLOSE_REASON_LABELS[p.closeReason]})` : ''}`;
  if (p.state === 'missing') return `${seen}, absente des relevés depuis le ${day(p.missingSince)}`;
  return `${seen}, en ligne depuis le ${day(p.posting.publishedAt ?? p.firstSeenAt)}`;
}

/** Every posting of the opening, the one seen last first. */
export function openingEvidence(opening: OpeningView): string {
  return opening.postings
    .map((member) => member.stored)
    .sort((a, b) => Date.parse(b.lastSeenAt) - Date.parse(a.lastSeenAt) || a.id - b.id)
    .map(postingEvidence)
    .join(' ; ');
}
