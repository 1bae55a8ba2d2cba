import { randomUUID } from 'node:crypto';
import type { Db } from './database.ts';

export interface OpeningLink {
  postingId: number;
  openingId: number;
  reason: string;
  score: number | null;
  manual: boolean;
  linkedAt: string;
}

export interface OpeningRow {
  id: number;
  uid: string;
  createdAt: string;
}

interface RawLink {
  posting_id: number;
  opening_id: number;
  reason: string;
  score: number | null;
  manual: number;
  linked_at: string;
}

const toLink = (r: RawLink): OpeningLink => ({
  postingId: r.posting_id,
  openingId: r.opening_id,
  reason: r.reason,
  score: r.score,
  manual: r.manual === 1,
  linkedAt: r.linked_at,
});

/** A new opening with a fresh uid: the uid is the feed guid and never changes afterwards. */
export function createOpening(db: Db, at: string): number {
  return Number(db.prepare('INSERT INTO openings (uid, created_at) VALUES (?, ?)').run(randomUUID(), at).lastInsertRowid);
}

export function allOpenings(db: Db): OpeningRow[] {
  return db.prepare<[], OpeningRow>('SELECT id, uid, created_at AS createdAt FROM openings ORDER BY id').all();
}

export function getOpening(db: Db, id: number): OpeningRow | undefined {
  return db.prepare<[number], OpeningRow>('SELECT id, uid, created_at AS createdAt FROM openings WHERE id = ?').get(id);
}

export function findOpeningByUid(db: Db, uid: string): OpeningRow | undefined {
  return db.prepare<[string], OpeningRow>('SELECT id, uid, created_at AS createdAt FROM openings WHERE uid = ?').get(uid);
}

export function allLinks(db: Db): OpeningLink[] {
  return db.prepare<[], RawLink>('SELECT * FROM opening_links ORDER BY posting_id').all().map(toLink);
}

export function linkOf(db: Db, postingId: number): OpeningLink | undefined {
  const row = db.prepare<[number], RawLink>('SELECT * FROM opening_links WHERE posting_id = ?').get(postingId);
  return row && toLink(row);
}

export function setLink(db: Db, link: OpeningLink): void {
  db.prepare(
    `INSERT INTO opening_links (posting_id, opening_id, reason, score, manual, linked_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (posting_id) DO UPDATE SET opening_id = excluded.opening_id, reason = excluded.reason, score = excluded.score,
       manual = excluded.manual, linked_at = excluded.linked_at`,
  ).run(link.postingId, link.openingId, link.reason, link.score, link.manual ? 1 : 0, link.linkedAt);
}

/** Removes openings no posting belongs to any more (after a merge). */
export function deleteEmptyOpenings(db: Db): void {
  db.prepare('UPDATE events SET opening_id = NULL WHERE opening_id NOT IN (SELECT opening_id FROM opening_links)').run();
  db.prepare('DELETE FROM openings WHERE id NOT IN (SELECT opening_id FROM opening_links)').run();
}
