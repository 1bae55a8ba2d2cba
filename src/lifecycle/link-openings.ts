/**
 * Openings: one per real post. Every portal posting belongs to exactly one opening. A new posting
 * joins an existing opening when an identifying key says it is the same post (a CSP `MEF_`
 * reference carrying the Passerelles reference, the same offer URL), else when title, employer and
 * place are similar enough; otherwise it founds a new opening. Links made or undone by a person
 * (`manual`) are never changed by the automation.
 */
import type { Db } from '../../db/database.ts';
import { insertEvent } from '../../db/events.ts';
import { allLinks, createOpening, setLink, type OpeningLink } from '../../db/openings.ts';
import { allPostings, type StoredPosting } from '../../db/postings.ts';
import { postingSimilarity } from './similarity.ts';

/** Sources whose postings are openings; the hiring page's tiles point at them instead. */
export const PORTAL_SOURCES: ReadonlySet<string> = new Set(['passerelles', 'csp', 'pass']);

/** Keys that identify a post across portals. */
export function identityKeys(p: StoredPosting): string[] {
  const keys = [`url:${p.posting.url}`];
  if (p.posting.originalUrl) keys.push(`url:${p.posting.originalUrl}`);
  const ref = p.posting.reference;
  if (ref && p.posting.source === 'passerelles') keys.push(`mef:${ref.toUpperCase()}`);
  if (ref && p.posting.source === 'csp' && /^MEF_/i.test(ref)) keys.push(`mef:${ref.slice(4).toUpperCase()}`);
  return keys;
}

interface Candidate {
  openingId: number;
  reason: string;
  score: number;
}

function bestCandidate(p: StoredPosting, linked: readonly { posting: StoredPosting; link: OpeningLink }[], threshold: number): Candidate | null {
  const keys = new Set(identityKeys(p));
  for (const other of linked) {
    const shared = identityKeys(other.posting).find((k) => keys.has(k));
    if (shared) return { openingId: other.link.openingId, reason: shared.startsWith('mef:') ? 'reference' : 'url', score: 1 };
  }
  const scores = new Map<number, number>();
  for (const other of linked) {
    const sameSource = other.posting.posting.source === p.posting.source;
    // On one portal, two offers may share a title (PEReN posted two "Data-scientist confirmé"):
    // there only an identical description makes them one post.
    if (sameSource && (!p.posting.descriptionText || p.posting.descriptionText !== other.posting.posting.descriptionText)) continue;
    const score = postingSimilarity(p.posting, other.posting.posting);
    if (score >= threshold) scores.set(other.link.openingId, Math.max(score, scores.get(other.link.openingId) ?? 0));
  }
  const ranked = [...scores].sort((a, b) => b[1] - a[1]);
  if (ranked.length === 0) return null;
  // Two openings equally close: ambiguous, keep the posting apart rather than guess.
  if (ranked.length > 1 && ranked[0]![1] - ranked[1]![1] < 0.02) return null;
  return { openingId: ranked[0]![0], reason: 'similarity', score: Math.round(ranked[0]![1] * 1000) / 1000 };
}

/** Links every portal posting that has no opening yet; returns the openings it created. */
export function linkNewPostings(db: Db, runId: number | null, at: string, threshold: number): number[] {
  const links = new Map(allLinks(db).map((l) => [l.postingId, l]));
  const postings = allPostings(db).filter((p) => PORTAL_SOURCES.has(p.posting.source));
  const linked = postings.filter((p) => links.has(p.id)).map((posting) => ({ posting, link: links.get(posting.id)! }));
  const created: number[] = [];
  for (const p of postings) {
    if (links.has(p.id)) continue;
    const candidate = bestCandidate(p, linked, threshold);
    const link: OpeningLink = candidate
      ? { postingId: p.id, openingId: candidate.openingId, reason: candidate.reason, score: candidate.score, manual: false, linkedAt: at }
      : { postingId: p.id, openingId: createOpening(db, at), reason: 'first', score: null, manual: false, linkedAt: at };
    setLink(db, link);
    if (candidate) {
      insertEvent(db, { at, runId, openingId: link.openingId, postingId: p.id, type: 'linked', detail: { reason: link.reason, score: link.score } });
    } else {
      created.push(link.openingId);
    }
    links.set(p.id, link);
    linked.push({ posting: p, link });
  }
  return created;
}
