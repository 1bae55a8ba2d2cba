import cron from 'node-cron';
import { LockHeldError } from '../../../db/lock.ts';
import type { Logger } from '../../log.ts';
import { allChannelSecrets } from '../../notify/secrets.ts';
import { startNotifyTicker } from '../../notify/ticker.ts';
import { scrape } from '../../pipeline/scrape.ts';
import { runReasonText } from '../../wording/reasons.ts';
import { type GlobalOptions, openContext } from '../context.ts';
import { startServer, waitForSignal } from './serve.ts';

/**
 * The service: the server, plus one scrape at start and then on the configured schedule. A run
 * still going when the next is due is not overlapped (node-cron's noOverlap, and the DB lock
 * against a `scrape` started by hand).
 */
export async function daemonCommand(options: GlobalOptions, log: Logger): Promise<number> {
  const { config, db } = openContext(options);
  allChannelSecrets(config.notify);
  const { url, close } = await startServer(db, config, config.server.host, config.server.port, log);
  process.stdout.write(`peren-openings running: ${url}/ — scrapes on "${config.schedule}"\n`);

  let current: Promise<void> = Promise.resolve();
  const runOnce = async () => {
    try {
      await scrape(db, config, {
        log,
        // Nobody reads a terminal here: a failed run is a warning of the log.
        onRunEnd: (o) => {
          if (o.summary.status !== 'healthy')
            log.warn(
              {
                source: o.source,
                runId: o.runId,
                reasonCode: o.summary.reason?.reason.code,
                reason: o.summary.reason && runReasonText(o.summary.reason),
              },
              'source run unhealthy',
            );
        },
      });
    } catch (error) {
      if (error instanceof LockHeldError) log.warn({ reason: error.message }, 'scheduled scrape skipped');
      else log.error({ err: error }, 'scheduled scrape failed');
    }
  };
  const track = () => (current = runOnce());
  const task = cron.schedule(config.schedule, track, { noOverlap: true, name: 'scrape' });
  void track();
  const notifier = startNotifyTicker(db, config, log);
  await waitForSignal();
  await task.stop();
  await notifier.stop();
  // Let a run in progress finish (its writes are one transaction; a SIGKILL now is harmless too).
  log.info('stopping: waiting for the run in progress');
  await current;
  await close();
  db.close();
  return 0;
}
