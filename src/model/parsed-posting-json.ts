/** A parsed posting written to a run's stage and read back: checked when read, like every stored posting. */
import { z } from 'zod';
import { postingSchema } from './posting.ts';
import type { ParsedPosting } from './source.ts';

const pageRequestSchema = z.strictObject({
  url: z.string(),
  role: z.enum(['inventory', 'detail']),
  label: z.string(),
  series: z.string().optional(),
  page: z.number().optional(),
  sourceId: z.string().optional(),
});

const parsedPostingSchema = z.strictObject({
  posting: postingSchema,
  orgHints: z.array(z.string()),
  detail: pageRequestSchema.optional(),
  filled: z.boolean().optional(),
});

export function writeParsedPosting(item: ParsedPosting): string {
  return JSON.stringify(item);
}

export function readParsedPosting(json: string, what: string): ParsedPosting {
  const parsed = parsedPostingSchema.safeParse(JSON.parse(json));
  if (!parsed.success)
    throw new Error(
      `${what}: staged posting does not have the expected shape (${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message})`,
    );
  // zod types optional keys as `T | undefined`; absent keys stay absent.
  return parsed.data as ParsedPosting;
}
