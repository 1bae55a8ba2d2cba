/** Structured logs (JSON lines on stderr). Quiet by default on the CLI so cron mails only trouble. */
import { type Logger, pino } from 'pino';

export type { Logger };

export function createLogger(level: string = process.env.OPENINGS_LOG_LEVEL ?? 'warn'): Logger {
  return pino({ level, base: { app: 'peren-openings' } }, pino.destination(2));
}
