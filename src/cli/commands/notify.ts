/**
 * `openings notify test [--channel NAME]`: one test message through each channel (or one), with
 * what the server answered. `openings notify send`: one delivery pass now (for cron setups without
 * the daemon, between scrapes).
 */
import { installId } from '../../../db/outbox.ts';
import type { Config } from '../../config.ts';
import { enqueueStaleNotifications } from '../../notify/enqueue.ts';
import { renderTestMessage } from '../../notify/render.ts';
import { allChannelSecrets } from '../../notify/secrets.ts';
import { createAdapter, deliverDue } from '../../notify/sender.ts';
import { organisationsOf } from '../../organisations.ts';
import { type GlobalOptions, openContext, UserError } from '../context.ts';
import { terminalSafe } from '../terminal-text.ts';

export async function notifyTestCommand(options: GlobalOptions & { channel?: string }): Promise<number> {
  const { config, db } = openContext(options);
  try {
    const channels = Object.entries(config.notify.channels).filter(
      ([name]) => !options.channel || name === options.channel,
    );
    if (Object.keys(config.notify.channels).length === 0)
      throw new UserError('no notification channel is configured (notify.channels)');
    if (channels.length === 0)
      throw new UserError(
        `unknown channel "${options.channel}" (configured: ${Object.keys(config.notify.channels).join(', ')})`,
      );
    const adapters = await Promise.all(
      channels.map(async ([name, channel]) => [name, channel, await createAdapter(name, channel, config)] as const),
    );
    let failures = 0;
    for (const [name, channel, adapter] of adapters) {
      const at = new Date().toISOString();
      const result = await adapter.send({
        deliveryId: `${installId(db)}-test-${Date.now()}`,
        mode: 'test',
        notifications: [],
        rendered: renderTestMessage(name, channelOrganisations(config, name), at),
      });
      adapter.close();
      if (result.ok) {
        process.stdout.write(`${name} (${channel.type}): sent — ${terminalSafe(result.response)}\n`);
      } else {
        failures += 1;
        process.stdout.write(
          // What a server answered is its text, not ours: escape sequences in it are shown, not run.
          `${terminalSafe(
            `${name} (${channel.type}): FAILED — ${result.error}${result.response ? ` — server said: ${result.response}` : ''}`,
          )}\n`,
        );
      }
    }
    return failures === 0 ? 0 : 1;
  } finally {
    db.close();
  }
}

/** Exit 1 when a delivery failed for good in this pass. */
export async function notifySendCommand(options: GlobalOptions): Promise<number> {
  const { config, db } = openContext(options);
  try {
    allChannelSecrets(config.notify);
    enqueueStaleNotifications(db, config, new Date());
    const report = await deliverDue(db, config);
    if (report.skipped) process.stderr.write('another process is delivering notifications; nothing done\n');
    else if (process.stderr.isTTY || report.failed > 0) {
      process.stderr.write(
        `notifications: ${report.sent} sent, ${report.retrying} to retry, ${report.failed} failed, ${report.deferred} waiting for their channel\n`,
      );
    }
    return report.failed > 0 ? 1 : 0;
  } finally {
    db.close();
  }
}

/** How a test message names who the channel hears of: its organisation, or "des employeurs suivis". */
function channelOrganisations(config: Config, channel: string): string {
  const heard = organisationsOf(config).filter((o) => !o.channels || o.channels.includes(channel));
  return heard.length === 1 ? heard[0]!.of : 'des employeurs suivis';
}
