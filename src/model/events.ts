/**
 * What happened to postings and openings, as a tagged union: the lifecycle writes these, the
 * events feed, the page and the notifications read them. Stored details are checked when read.
 */
import { z } from 'zod';
import { CLOSE_REASONS, type CloseReason, type TransitionReason } from './lifecycle.ts';

export type LinkReason = 'first' | 'url' | 'reference' | 'similarity' | 'manual';

type PostingEventDetail =
  | { scope: 'posting'; type: 'new' }
  | { scope: 'posting'; type: 'changed'; fields: string[] }
  | {
      scope: 'posting';
      type: 'missing' | 'seen-again' | 'closed' | 'reopened';
      reason: TransitionReason;
      closeReason: CloseReason | null;
      shortLived: boolean;
      manual: boolean;
    }
  | { scope: 'posting'; type: 'linked'; reason: LinkReason; score: number | null; manual: boolean }
  | { scope: 'posting'; type: 'unlinked'; from: number | null };

type OpeningEventDetail =
  | { scope: 'opening'; type: 'new'; title: string }
  | { scope: 'opening'; type: 'closed'; title: string; closeReasons: CloseReason[]; shortLived: boolean }
  | { scope: 'opening'; type: 'reopened'; title: string };

export type EventDetail = PostingEventDetail | OpeningEventDetail;
export type EventType = EventDetail['type'];

export interface LifecycleEvent {
  id: number;
  at: string;
  runId: number | null;
  openingId: number | null;
  postingId: number | null;
  detail: EventDetail;
}

/**
 * The one rule for what readers are told (events feed, page, notifications): an opening appearing,
 * closing or reopening, and a field change of one of its postings. Missing, linking and the
 * posting-level transitions are bookkeeping, shown only in an opening's history.
 */
export function isPublished(detail: Pick<EventDetail, 'scope' | 'type'>): boolean {
  return detail.scope === 'opening' ? detail.type !== 'changed' : detail.type === 'changed';
}

const closeReason = z.enum(CLOSE_REASONS as [CloseReason, ...CloseReason[]]);

const transitionReason: z.ZodType<TransitionReason> = z.union([
  z.strictObject({ code: z.literal('filled') }),
  z.strictObject({ code: z.literal('listed-again') }),
  z.strictObject({ code: z.literal('relisted') }),
  z.strictObject({ code: z.literal('absent'), missingRuns: z.number(), runsToClose: z.number() }),
  z.strictObject({
    code: z.literal('gone'),
    missingRuns: z.number(),
    hoursMissing: z.number(),
    shortLived: z.boolean(),
  }),
  z.strictObject({ code: z.literal('deadline'), deadline: z.string() }),
  z.strictObject({ code: z.literal('manual-close'), note: z.string().nullable() }),
  z.strictObject({ code: z.literal('manual-reopen') }),
  z.strictObject({ code: z.literal('legacy'), text: z.string() }),
  // Before reasons were codes, the lifecycle stored its French sentence.
  z.string().transform((text) => ({ code: 'legacy' as const, text })),
]);

const linkReason = z.enum(['first', 'url', 'reference', 'similarity', 'manual']);

/** Stored details; the older shape (no scope, French reasons, optional flags) is read too. */
const storedDetail = z.union([
  z.object({ scope: z.literal('opening'), type: z.literal('new'), title: z.string() }),
  z.object({
    scope: z.literal('opening'),
    type: z.literal('closed'),
    title: z.string(),
    closeReasons: z.array(closeReason).default([]),
    shortLived: z.boolean().default(false),
  }),
  z.object({ scope: z.literal('opening'), type: z.literal('reopened'), title: z.string() }),
  z.object({ scope: z.literal('posting'), type: z.literal('new') }),
  z.object({ scope: z.literal('posting'), type: z.literal('changed'), fields: z.array(z.string()) }),
  z.object({
    scope: z.literal('posting'),
    type: z.enum(['missing', 'seen-again', 'closed', 'reopened']),
    reason: transitionReason,
    closeReason: closeReason.nullable().default(null),
    shortLived: z.boolean().default(false),
    manual: z.boolean().default(false),
  }),
  z.object({
    scope: z.literal('posting'),
    type: z.literal('linked'),
    reason: linkReason.default('manual'),
    score: z.number().nullable().default(null),
    manual: z.boolean().default(false),
  }),
  z.object({ scope: z.literal('posting'), type: z.literal('unlinked'), from: z.number().nullable().default(null) }),
]);

class StoredEventError extends Error {}

/** Checks a stored event (its columns and JSON detail) and returns its typed detail. */
export function readEventDetail(scope: string, type: string, detailJson: string, eventId: number): EventDetail {
  let raw: unknown;
  try {
    raw = JSON.parse(detailJson);
  } catch {
    throw new StoredEventError(`event ${eventId}: its detail is not JSON`);
  }
  const parsed = storedDetail.safeParse({ ...(raw as object), scope, type });
  if (!parsed.success)
    throw new StoredEventError(`event ${eventId} (${scope} ${type}): unexpected detail ${detailJson}`);
  return parsed.data as EventDetail;
}
