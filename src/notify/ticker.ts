/** The daemon's notification tick: stale sources checked and due deliveries sent every `notify.tickSeconds`. */
import type { Db } from '../../db/database.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import { enqueueStaleNotifications } from './enqueue.ts';
import { deliverDue } from './sender.ts';

export function startNotifyTicker(db: Db, config: Config, log: Logger): { stop: () => Promise<void> } {
  let current: Promise<void> | null = null;
  const tick = async () => {
    try {
      enqueueStaleNotifications(db, config, new Date());
      await deliverDue(db, config, { log });
    } catch (error) {
      log.error({ err: error }, 'notification tick failed');
    }
  };
  const timer = setInterval(() => {
    if (!current) current = tick().finally(() => (current = null));
  }, config.notify.tickSeconds * 1000);
  return {
    async stop() {
      clearInterval(timer);
      await current;
    },
  };
}
