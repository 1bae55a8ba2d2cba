/**
 * The `notify` key of the configuration: channels (e-mail, webhook, Matrix room), which kinds of
 * notification each wants and how (one message per notification or one digest per run), and the
 * sender's retry rules. Secrets are never in the file: each channel names the environment variable
 * that holds its password, signing secret or access token (see secrets.ts).
 */
import { z } from 'zod';

const NOTIFICATION_KINDS = [
  'new',
  'closed',
  'reopened',
  'deadline-changed',
  'source-failing',
  'source-stale',
  'source-recovered',
  'hiring-page-error',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

const envName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { message: 'must be the name of an environment variable' });

const delivery = {
  /** Kinds of notification this channel is sent (all by default). */
  events: z
    .array(z.enum(NOTIFICATION_KINDS))
    .min(1)
    .default([...NOTIFICATION_KINDS]),
  /** `each`: one message per notification; `digest`: one message per run with all of them. */
  mode: z.enum(['each', 'digest']).default('each'),
  /** Most messages one run (or action) sends this channel in `each` mode: past it, one digest names the rest. */
  maxMessagesPerRun: z.number().int().min(1).default(20),
};

const emailChannel = z.strictObject({
  type: z.literal('email'),
  ...delivery,
  host: z.string().min(1),
  /** Default: 587 with STARTTLS, 465 with TLS, 25 without. */
  port: z.number().int().min(1).max(65535).optional(),
  /** `starttls` (required, not opportunistic), `tls` (implicit, port 465) or `none` (a local relay). */
  security: z.enum(['starttls', 'tls', 'none']).default('starttls'),
  /** PEM file of a CA to trust beyond the system's (an internal relay's certificate). */
  caFile: z.string().min(1).optional(),
  user: z.string().min(1).optional(),
  passwordEnv: envName.optional(),
  from: z.string().min(3),
  to: z.array(z.email()).min(1),
});

const webhookChannel = z.strictObject({
  type: z.literal('webhook'),
  ...delivery,
  url: z.url({ protocol: /^https?$/ }),
  /** `standard`: the notifications as JSON, signed per Standard Webhooks; `text`: `{"text": …}` for Mattermost/Slack. */
  format: z.enum(['standard', 'text']).default('standard'),
  /** Variable holding the `whsec_…` signing secret (required for `standard`). */
  secretEnv: envName.optional(),
});

const matrixChannel = z.strictObject({
  type: z.literal('matrix'),
  ...delivery,
  /** Client-server API base, e.g. https://matrix.agent.tchap.gouv.fr */
  homeserver: z.url({ protocol: /^https?$/ }),
  /** Room id (`!…:server`), as shown in the room's advanced settings. */
  room: z.string().regex(/^!.+:.+$/, { message: 'must be a room id like !abcdef:agent.tchap.gouv.fr' }),
  accessTokenEnv: envName,
});

const channel = z.discriminatedUnion('type', [emailChannel, webhookChannel, matrixChannel]).superRefine((c, ctx) => {
  if (c.type === 'email' && Boolean(c.user) !== Boolean(c.passwordEnv)) {
    ctx.addIssue({
      code: 'custom',
      path: [c.user ? 'passwordEnv' : 'user'],
      message: 'user and passwordEnv go together',
    });
  }
  if (c.type === 'webhook' && c.format === 'standard' && !c.secretEnv) {
    ctx.addIssue({
      code: 'custom',
      path: ['secretEnv'],
      message: 'required for format "standard" (the signing secret)',
    });
  }
});

const CHANNEL_NAME_RULE = 'channel names are lower-case letters, digits, - and _';

export const notifySchema = z
  .strictObject({
    channels: z.preprocess(
      (value, ctx) => {
        // JSON.parse keeps a `__proto__` key, which zod's record skips without a word: refuse it here.
        if (value !== null && typeof value === 'object' && Object.hasOwn(value, '__proto__'))
          ctx.addIssue({ code: 'custom', path: ['__proto__'], message: CHANNEL_NAME_RULE, input: value });
        return value;
      },
      z.record(z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, { message: CHANNEL_NAME_RULE }), channel).default({}),
    ),
    /** The first healthy run of a source reads a backlog: announce its offers as new only when true. */
    announceBacklog: z.boolean().default(false),
    /** A source is failing after this many consecutive unhealthy runs (one bad run is noise). */
    failingAfterRuns: z.number().int().min(1).default(2),
    /** Longest wait for one delivery attempt (connection, answer). */
    timeoutMs: z.number().int().min(100).default(10_000),
    retry: z
      .strictObject({
        /** First wait after a failed attempt; doubled at each further failure… */
        baseMs: z.number().int().min(0).default(60_000),
        /** …up to this long (a longer `Retry-After` is still honoured). */
        maxMs: z.number().int().min(0).default(3_600_000),
        /** A delivery still failing this long after it was written is marked failed. */
        giveUpAfterHours: z.number().positive().default(24),
      })
      .prefault({}),
    /** How often the daemon delivers what is due and checks for stale sources. */
    tickSeconds: z.number().positive().default(60),
  })
  .prefault({});

export type NotifySettings = z.infer<typeof notifySchema>;
export type ChannelSettings = z.infer<typeof channel>;
export type EmailChannel = z.infer<typeof emailChannel>;
export type WebhookChannel = z.infer<typeof webhookChannel>;
export type MatrixChannel = z.infer<typeof matrixChannel>;
