import type { Db } from '../../../db/database.ts';
import type { Config } from '../../config.ts';
import type { Logger } from '../../log.ts';
import { createApp } from '../../server/app.ts';
import { listen } from '../../server/listen.ts';
import { type GlobalOptions, openReadContext, UserError } from '../context.ts';

export async function startServer(
  db: Db,
  config: Config,
  host: string,
  port: number,
  log: Logger,
): Promise<{ url: string; close: () => Promise<void> }> {
  const app = createApp({ db, config, publicUrl: config.server.publicUrl, log });
  let listening: Awaited<ReturnType<typeof listen>>;
  try {
    listening = await listen(app, host, port);
  } catch (error) {
    // EADDRINUSE, EACCES (a port below 1024), EADDRNOTAVAIL or ENOTFOUND (a host that is not ours).
    const { code, message } = error as NodeJS.ErrnoException;
    throw new UserError(
      `${host}:${port}: cannot listen there (${code ?? message}); choose another --host or --port, or stop what uses it`,
    );
  }
  const { server, url } = listening;
  log.info({ url }, 'server listening');
  return { url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Serves until SIGINT/SIGTERM; prints the URL it listens at. */
export async function serveCommand(
  options: GlobalOptions & { host?: string; port?: number },
  log: Logger,
): Promise<number> {
  const { config, db } = openReadContext(options);
  const { url, close } = await startServer(
    db,
    config,
    options.host ?? config.server.host,
    options.port ?? config.server.port,
    log,
  );
  process.stdout.write(`Serving on ${url}/ (feeds: ${url}/feed.rss ${url}/feed.atom ${url}/feed.json)\n`);
  await waitForSignal();
  await close();
  db.close();
  return 0;
}

export function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => resolve();
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
}
