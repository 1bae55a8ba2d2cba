/** The fetcher's settings: one schema, with its defaults, composed into the configuration. */
import { z } from 'zod';

export const httpSettingsSchema = z.strictObject({
  userAgent: z
    .string()
    .min(1)
    .default('peren-openings/0.1 (+https://peren.gouv.fr/recrutement/; veille des offres du PEReN)'),
  minIntervalMs: z.number().int().min(0).default(1000),
  timeoutMs: z.number().int().min(100).default(30_000),
  maxBytes: z
    .number()
    .int()
    .min(1024)
    .default(16 * 1024 * 1024),
  retries: z.number().int().min(0).max(10).default(3),
  retryBaseMs: z.number().int().min(0).default(1000),
  maxRetryAfterMs: z.number().int().min(0).default(120_000),
});

export type HttpSettings = z.infer<typeof httpSettingsSchema>;
