/**
 * Filters of the JSON API. A value no record could ever have (`?status=bogus`) is a mistake of the
 * caller, answered 400 with the values allowed, not an empty 200 that reads like "nothing is open".
 * An empty value means no filter, as a form leaves it.
 */
import type { Context } from 'hono';
import { jsonError } from './errors.ts';

export interface AllowedValues {
  values: readonly string[];
  /** How a given value is compared with the allowed ones (exact by default). */
  same?: (given: string, allowed: string) => boolean;
}

/** The 400 for the first query parameter whose value is not allowed, or null when all are. */
export function invalidQuery(c: Context, allowed: Record<string, AllowedValues>): Response | null {
  for (const [name, rule] of Object.entries(allowed)) {
    const given = c.req.query(name);
    if (given === undefined || given === '') continue;
    const same = rule.same ?? ((a: string, b: string) => a === b);
    if (rule.values.some((value) => same(given, value))) continue;
    const choices = rule.values.length > 0 ? rule.values.join(', ') : 'none yet';
    return jsonError(400, { error: `${name}: unknown value "${given}" (allowed: ${choices})`, parameter: name, allowed: rule.values });
  }
  return null;
}
