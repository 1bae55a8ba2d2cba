/** Query parameters of the feeds and the API, checked: a value we do not know is a 400 that says what is allowed. */
import type { Context } from 'hono';
import { decodeCursor } from '../feeds/openings-feed.ts';
import type { OpeningCursor } from '../read-model/openings.ts';

export class BadQuery extends Error {
  constructor(
    readonly parameter: string,
    message: string,
    readonly allowed?: readonly string[],
  ) {
    super(message);
  }
}

/** A value no record could have (`?status=bogus`): a mistake of the caller, not an empty 200. */
export function unknownValue(name: string, value: string, allowed: readonly string[]): BadQuery {
  return new BadQuery(
    name,
    `${name}: unknown value "${value}" (allowed: ${allowed.length > 0 ? allowed.join(', ') : 'none yet'})`,
    allowed,
  );
}

/** An optional parameter that must be one of `allowed`. */
export function oneOf<T extends string>(c: Context, name: string, allowed: readonly T[]): T | undefined {
  const value = c.req.query(name);
  if (value === undefined || value === '') return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw unknownValue(name, value, allowed);
  return value as T;
}

/** `?limit=`: a whole number from 1 to `max`, `fallback` when absent. */
export function limitOf(c: Context, fallback: number, max: number): number {
  const value = c.req.query('limit');
  if (value === undefined || value === '') return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > max)
    throw new BadQuery('limit', `limit must be a whole number from 1 to ${max}`);
  return Number(value);
}

/** `?after=`: a cursor from a previous page's `next` link. */
export function cursorOf(c: Context): OpeningCursor | undefined {
  const value = c.req.query('after');
  if (value === undefined || value === '') return undefined;
  const cursor = decodeCursor(value);
  if (!cursor) throw new BadQuery('after', 'after must be the cursor of a previous page (its next link)');
  return cursor;
}

/** `?before=`: an event id from a previous page's `next` link. */
export function beforeOf(c: Context): number | undefined {
  const value = c.req.query('before');
  if (value === undefined || value === '') return undefined;
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value)))
    throw new BadQuery('before', 'before must be an event id from a previous page (its next link)');
  return Number(value);
}
