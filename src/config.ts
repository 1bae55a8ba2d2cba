/** Configuration: read once, validated with zod, every default in this one schema. */
import { existsSync, readFileSync } from 'node:fs';
import type cronModule from 'node-cron';
import { z } from 'zod';
import { SOURCE_LIST, type SourceSettingsById } from '../scrapers/index.ts';
import { ConfigError } from './config-error.ts';
import { httpSettingsSchema } from './http/settings.ts';
import { lazyModule } from './lazy-module.ts';
import { ORGANISATION_ID } from './model/organisation.ts';
import type { SourceFacts } from './model/source.ts';
import { notifySchema } from './notify/settings.ts';

/** Only a configured schedule needs the cron parser (the default one is known good). */
const cron = lazyModule<typeof cronModule>('node-cron');

/**
 * A source's settings, its `enabled` defaulting to the source's own `defaultEnabled`: a source
 * that arrives with an upgrade stays off until the configuration turns it on.
 */
function settingsOf(source: SourceFacts) {
  return z
    .preprocess(
      (raw) =>
        raw !== null && typeof raw === 'object' && !('enabled' in raw)
          ? { ...raw, enabled: source.defaultEnabled }
          : raw,
      source.settings,
    )
    .prefault({});
}

/** One entry per registered source, each with the settings schema that lives next to its scraper. */
const sourcesSchema = z
  .strictObject(Object.fromEntries(SOURCE_LIST.map((source) => [source.id, settingsOf(source)])))
  .prefault({}) as unknown as z.ZodType<SourceSettingsById, unknown>;

const httpUrl = z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' });

/** One organisation of `organisations` (see src/organisations.ts for what is derived from it). */
const organisationEntry = z.strictObject({
  name: z.string().min(1),
  /** How French names it after "de": "du PEReN", "de la DINUM" ("Offres du PEReN"); default `de <name>`. */
  of: z.string().min(1).optional(),
  /** Names and aliases matched case- and accent-insensitively, on word boundaries; default its name. */
  match: z.array(z.string().min(2)).min(1).optional(),
  /** Its own hiring pages, checked against its openings. */
  hiringPages: z.array(httpUrl).default([]),
  /** `openings hiring-page --org`: its English titles of new tiles (over `hiringPage.translations`) and new tiles' image. */
  hiringPage: z
    .strictObject({
      translations: z.record(z.string().min(1), z.string().min(1)).default({}),
      tileImage: z.string().min(1).optional(),
    })
    .optional(),
  /** The notification channels (names under notify.channels) that hear of it; every channel when absent. */
  channels: z.array(z.string().min(1)).optional(),
  ...Object.fromEntries(
    SOURCE_LIST.flatMap((source) =>
      source.organisationSettings ? [[source.id, source.organisationSettings.optional()]] : [],
    ),
  ),
});
export type OrganisationEntry = z.infer<typeof organisationEntry> & Record<string, unknown>;

const configSchema = z.strictObject({
  /** Several organisations, by id; replaces `organisation` (see src/organisations.ts). */
  organisations: z
    .record(z.string(), organisationEntry)
    .superRefine((map, ctx) => {
      if (Object.keys(map).length === 0) ctx.addIssue({ code: 'custom', message: 'name at least one organisation' });
      for (const id of Object.keys(map))
        if (!ORGANISATION_ID.test(id))
          ctx.addIssue({
            code: 'custom',
            path: [id],
            message: 'an organisation id is lowercase letters, digits and "-"',
          });
    })
    .optional(),
  /** One organisation (the first release's form); its id is derived from its name unless given. */
  organisation: z
    .strictObject({
      id: z.string().regex(ORGANISATION_ID, 'an organisation id is lowercase letters, digits and "-"').optional(),
      name: z.string().min(1).default('PEReN'),
      of: z.string().min(1).optional(),
      /** Names and aliases matched case- and accent-insensitively, on word boundaries. */
      match: z
        .array(z.string().min(2))
        .min(1)
        .default([
          'PEReN',
          "Pôle d'Expertise de la Régulation Numérique",
          "Pole d'expertise de la regulation numerique",
          'SEN PEReN',
        ]),
    })
    .prefault({}),
  sources: sourcesSchema,
  http: httpSettingsSchema.prefault({}),
  schedule: z
    .string()
    .refine((expr) => cron().validate(expr), { message: 'not a valid cron expression' })
    .default('17 */2 * * *'),
  lifecycle: z
    .strictObject({
      /** A posting closes after being absent from this many consecutive healthy runs… */
      missingRunsToClose: z.number().int().min(1).default(3),
      /** …and for at least this many hours. */
      missingHoursToClose: z.number().min(0).default(24),
      /** A healthy-looking run listing fewer than (1 - ratio) × the previous healthy run's count is doubted. */
      plausibleDropRatio: z.number().min(0).max(1).default(0.5),
      /** Civil-service vacancies stay published at least a month (CGFP art. D311-2): quicker closes are flagged. */
      minimumPublicationDays: z.number().int().min(0).default(30),
      /** Title/employer/location similarity from which postings on different portals are one opening. */
      similarityThreshold: z.number().min(0).max(1).default(0.82),
    })
    .prefault({}),
  freshness: z
    .strictObject({
      /** A source without a healthy run for this long is stale: `status` exits non-zero, /healthz answers 503. */
      staleAfterHours: z.number().positive().default(6),
      /** Offer pages whose listing entry did not change are revalidated (conditional GET) after this long. */
      detailRefreshHours: z.number().min(0).default(24),
    })
    .prefault({}),
  retention: z
    .strictObject({
      /** Per-request records, run details and cached bodies unused for this long are pruned at each scrape (postings, history and events are kept). */
      days: z.number().int().min(1).default(60),
    })
    .prefault({}),
  server: z
    .strictObject({
      host: z.string().default('127.0.0.1'),
      port: z.number().int().min(0).max(65535).default(8080),
      /** Absolute URL the feeds are reached at, for self links; defaults to the request's origin. */
      publicUrl: z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' }).optional(),
      /** Items per feed page, API page and page of the team's list, unless `?limit=` asks otherwise. */
      pageSize: z.number().int().min(1).max(1000).default(50),
      /** The largest `?limit=` accepted. */
      maxPageSize: z.number().int().min(1).max(10_000).default(500),
    })
    .prefault({}),
  notify: notifySchema,
  /** `openings hiring-page`: how new tiles of the hiring page are written. */
  hiringPage: z
    .strictObject({
      /** English titles of new tiles, keyed by opening uid or by an offer as `source:id` (`passerelles:5372`). */
      translations: z.record(z.string().min(1), z.string().min(1)).default({}),
      /** The image of a new tile when the grid has no tile to take it from. */
      tileImage: z.string().min(1).default('undraw_Data_re_80ws.svg'),
    })
    .prefault({}),
});

export type Config = z.infer<typeof configSchema>;

export { ConfigError };

/** Turns zod issues into one line naming each offending key. */
function describeIssues(error: z.ZodError, origin: string): string {
  const problems = error.issues.map((issue) => {
    const path = issue.path.length ? issue.path.join('.') : '(root)';
    if (issue.code === 'unrecognized_keys') {
      const keys = issue.keys.map((k) => (issue.path.length ? `${path}.${k}` : k)).join(', ');
      return `${keys}: unknown key`;
    }
    return `${path}: ${issue.message}`;
  });
  return `${origin}: invalid configuration: ${problems.join('; ')}`;
}

export function parseConfig(raw: unknown, origin = 'configuration'): Config {
  const result = configSchema.safeParse(raw);
  if (!result.success) throw new ConfigError(describeIssues(result.error, origin));
  const problem = organisationProblem(raw as Record<string, unknown>, result.data);
  if (problem) throw new ConfigError(`${origin}: invalid configuration: ${problem}`);
  return withoutUnusedHiringPageSources(raw as Record<string, unknown>, result.data);
}

/**
 * With `organisations`, a hiring-page source reads their `hiringPages`: when none has any, it has
 * nothing to read and stays off unless the file turns it on (a run of nothing would be unhealthy).
 */
function withoutUnusedHiringPageSources(raw: Record<string, unknown>, config: Config): Config {
  if (!config.organisations || Object.values(config.organisations).some((o) => o.hiringPages.length > 0)) return config;
  const sources = (raw.sources ?? {}) as Record<string, Record<string, unknown> | undefined>;
  const settings = config.sources as Record<string, { enabled: boolean }>;
  for (const source of SOURCE_LIST)
    if (source.kind === 'hiring-page' && sources[source.id]?.enabled === undefined)
      settings[source.id] = { ...settings[source.id]!, enabled: false };
  return config;
}

/**
 * With `organisations`, what belongs to an organisation lives under it: the singular form, or a
 * source's organisation settings left under `sources`, would silently apply to no one.
 */
function organisationProblem(raw: Record<string, unknown>, config: Config): string | null {
  if (!config.organisations) return null;
  if (raw.organisation !== undefined) return 'organisation: give either organisation or organisations, not both';
  const sources = (raw.sources ?? {}) as Record<string, Record<string, unknown> | undefined>;
  for (const source of SOURCE_LIST) {
    const keys = Object.keys(source.organisationSettings?.shape ?? {});
    const misplaced = keys.find((key) => sources[source.id]?.[key] !== undefined);
    if (misplaced)
      return `sources.${source.id}.${misplaced}: belongs to each organisation (organisations.<id>.${source.id}.${misplaced})`;
  }
  const pagesOf = SOURCE_LIST.find(
    (source) => source.kind === 'hiring-page' && sources[source.id]?.pages !== undefined,
  );
  if (pagesOf)
    return `sources.${pagesOf.id}.pages: with organisations, each one's hiring pages are organisations.<id>.hiringPages`;
  const channels = Object.keys(config.notify.channels ?? {});
  for (const [id, entry] of Object.entries(config.organisations)) {
    const unknown = entry.channels?.find((name) => !channels.includes(name));
    if (unknown) return `organisations.${id}.channels: no channel "${unknown}" under notify.channels`;
  }
  return null;
}

/**
 * Loads the configuration: the given file, else ./openings.config.json when present, else the
 * defaults (which target PEReN on the live portals).
 */
export function loadConfig(file?: string): Config {
  const path = file ?? (existsSync('openings.config.json') ? 'openings.config.json' : undefined);
  if (!path) return parseConfig({});
  if (!existsSync(path)) throw new ConfigError(`${path}: configuration file not found`);
  let raw: unknown;
  try {
    // Editors on Windows save UTF-8 with a byte order mark, which JSON.parse refuses.
    raw = JSON.parse(readFileSync(path, 'utf8').replace(/^\ufeff/, ''));
  } catch (error) {
    throw new ConfigError(`${path}: the configuration file is not valid JSON (${(error as Error).message})`);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    const found = raw === null ? 'null' : Array.isArray(raw) ? 'an array' : `a ${typeof raw}`;
    throw new ConfigError(
      `${path}: the configuration file holds ${found}; it must hold a JSON object, {} for every default`,
    );
  }
  return parseConfig(raw, path);
}
