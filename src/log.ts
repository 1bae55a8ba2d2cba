/** Structured logs (JSON lines on stderr). Quiet by default on the CLI so cron mails only trouble. */
import { createRequire } from 'node:module';
import type { Logger, pino as Pino } from 'pino';

export type { Logger };

// pino and its dependencies (some 40 files) are loaded with the first logger, not with this
// module: a command that never logs, such as `status`, starts that much sooner.
const loadPino = () => (createRequire(import.meta.url)('pino') as { pino: typeof Pino }).pino;

export function createLogger(level: string = process.env.OPENINGS_LOG_LEVEL ?? 'warn'): Logger {
  const pino = loadPino();
  return pino({ level, base: { app: 'peren-openings' } }, pino.destination(2));
}
