/**
 * A person's word on which postings are the same post (`openings link` / `openings unlink`).
 * Manual links are kept by every later run; the openings' uids (feed guids) never change.
 */
import type { Db } from '../../db/database.ts';
import { insertEvent } from '../../db/events.ts';
import { createOpening, findOpeningByUid, linkOf, setLink } from '../../db/openings.ts';
import { findPosting, organisationsOfPosting } from '../../db/postings.ts';
import { isPortal } from '../../scrapers/index.ts';
import type { StoredPosting } from '../model/lifecycle.ts';
import { refreshOpenings } from './opening-summaries.ts';

export class ManualActionError extends Error {}

/**
 * `source:sourceId`, e.g. `passerelles:5372` or `csp:MEF_2026-32366`, as `organisation` holds it;
 * without one, the posting must belong to a single organisation.
 */
export function resolvePosting(db: Db, ref: string, organisation: string | null = null): StoredPosting {
  const colon = ref.indexOf(':');
  if (colon < 1)
    throw new ManualActionError(
      `"${ref}" is not a posting reference; write it as <source>:<sourceId>, e.g. passerelles:5372`,
    );
  const [source, sourceId] = [ref.slice(0, colon), ref.slice(colon + 1)];
  if (organisation === null) {
    const holders = organisationsOfPosting(db, source, sourceId);
    if (holders.length > 1)
      throw new ManualActionError(
        `${ref} belongs to several organisations (${holders.join(', ')}): name one with --org`,
      );
  }
  const posting = findPosting(db, source, sourceId, organisation);
  if (!posting)
    throw new ManualActionError(
      `no posting ${ref}${organisation ? ` of organisation ${organisation}` : ''} in the database`,
    );
  if (!isPortal(posting.posting.source))
    throw new ManualActionError(`${ref} is a hiring-page tile, not a portal posting: it has no opening`);
  return posting;
}

/** The opening a target names: an opening uid, or the opening of a posting reference, of the same organisation. */
function resolveOpening(db: Db, target: string, organisation: string): number {
  const byUid = findOpeningByUid(db, target);
  if (byUid && byUid.organisation !== organisation)
    throw new ManualActionError(`opening ${target} is organisation ${byUid.organisation}'s, not ${organisation}'s`);
  if (byUid) return byUid.id;
  const link = linkOf(db, resolvePosting(db, target, organisation).id);
  if (!link) throw new ManualActionError(`${target} has no opening yet (run a scrape first)`);
  return link.openingId;
}

/** Puts `postingRef` into the opening of `target` (a posting reference or an opening uid). */
export function linkPosting(
  db: Db,
  postingRef: string,
  target: string,
  at: string,
  organisation: string | null = null,
): { openingId: number } {
  return db.transaction(() => {
    const posting = resolvePosting(db, postingRef, organisation);
    const openingId = resolveOpening(db, target, posting.organisation);
    const from = linkOf(db, posting.id)?.openingId;
    setLink(db, { postingId: posting.id, openingId, reason: 'manual', score: null, manual: true, linkedAt: at });
    insertEvent(db, {
      at,
      runId: null,
      openingId,
      postingId: posting.id,
      detail: { scope: 'posting', type: 'linked', reason: 'manual', score: null, manual: true },
    });
    refreshOpenings(db, [openingId, ...(from !== undefined ? [from] : [])], { runId: null, at, created: new Set() });
    return { openingId };
  })();
}

/** Takes a posting out of its opening into one of its own, and keeps it apart from now on. */
export function unlinkPosting(
  db: Db,
  postingRef: string,
  at: string,
  organisation: string | null = null,
): { openingId: number } {
  return db.transaction(() => {
    const posting = resolvePosting(db, postingRef, organisation);
    const from = linkOf(db, posting.id)?.openingId ?? null;
    const openingId = createOpening(db, at, posting.organisation);
    setLink(db, { postingId: posting.id, openingId, reason: 'manual', score: null, manual: true, linkedAt: at });
    insertEvent(db, {
      at,
      runId: null,
      openingId,
      postingId: posting.id,
      detail: { scope: 'posting', type: 'unlinked', from },
    });
    refreshOpenings(db, [openingId, ...(from !== null ? [from] : [])], {
      runId: null,
      at,
      created: new Set([openingId]),
    });
    return { openingId };
  })();
}
