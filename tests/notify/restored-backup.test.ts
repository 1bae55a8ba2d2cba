/**
 * A database restored from a backup counts its outbox rows from the backup's on: the messages it
 * sends next must still carry ids no receiver has seen (webhook-id, Message-ID), or a receiver
 * that drops the ids it knows (as the README tells it to) drops them. Through the real CLI, a
 * signed-webhook receiver and an SMTP server on 127.0.0.1.
 */

import { copyFileSync, rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, workspace } from '../support/cli.ts';
import { scenarioPortals, testConfig } from '../support/portals.ts';
import { startSmtpServer, startWebhookReceiver } from './receivers.ts';

const portalsNow = scenarioPortals(['pass']);
const SECRET = 'whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD';
const ENV = { OPENINGS_WEBHOOK_SECRET: SECRET };
const OFFER_A = 'A-2026-201734';
const OFFER_B = 'A-2026-201655';

const toClose: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(toClose.splice(0).map((close) => close()));
});

/** The PASS feed as served now (deadlines ahead), without the items of these references. */
async function feedWithout(...references: string[]): Promise<string> {
  let body = await (await fetch(`${portalsNow().urls.pass}/flux/offres`)).text();
  for (const ref of references) {
    const item = new RegExp(`<item>(?:(?!</item>)[\\s\\S])*<dc:identifier>${ref}</dc:identifier>[\\s\\S]*?</item>\\s*`);
    expect(body).toMatch(item);
    body = body.replace(item, '');
  }
  return body;
}

describe('a database restored from a backup', () => {
  it('announces the next offer under ids never used before, and the receivers take it', async () => {
    const hook = await startWebhookReceiver({ secret: SECRET });
    const smtp = await startSmtpServer();
    toClose.push(hook.close, smtp.close);
    const ws = workspace(
      testConfig(portalsNow(), ['pass'], {
        notify: {
          channels: {
            hook: { type: 'webhook', url: hook.url, secretEnv: 'OPENINGS_WEBHOOK_SECRET', events: ['new'] },
            mail: {
              type: 'email',
              host: '127.0.0.1',
              port: smtp.port,
              security: 'none',
              from: 'veille@example.org',
              to: ['rh@example.org'],
              events: ['new'],
            },
          },
          timeoutMs: 20_000, // a loaded machine must not turn a slow greeting into a retry
        },
      }),
    );
    const scrape = () => runCli([...ws.args, 'scrape'], { env: ENV });
    const served = await feedWithout(OFFER_A, OFFER_B);
    const withA = await feedWithout(OFFER_B);
    const withB = await feedWithout(OFFER_A);

    portalsNow().override('pass', 'flux-offres.xml', served);
    expect((await scrape()).code).toBe(0); // the backlog: announced to no one
    const backup = `${ws.dbPath}.backup`;
    copyFileSync(ws.dbPath, backup); // the scrape has ended: the file holds everything (its log was checkpointed)

    portalsNow().override('pass', 'flux-offres.xml', withA);
    const first = await scrape();
    expect(first.code, first.stderr).toBe(0);
    expect(hook.accepted).toHaveLength(1);
    expect(JSON.stringify(hook.accepted[0]!.payload)).toContain(OFFER_A);
    expect(smtp.messages).toHaveLength(1);

    for (const side of ['-wal', '-shm']) rmSync(`${ws.dbPath}${side}`, { force: true });
    copyFileSync(backup, ws.dbPath);
    portalsNow().override('pass', 'flux-offres.xml', withB);
    const second = await scrape();
    expect(second.code, second.stderr).toBe(0);

    expect(hook.requests.map((r) => r.verdict)).toEqual(['accepted', 'accepted']);
    expect(JSON.stringify(hook.accepted[1]!.payload)).toContain(OFFER_B);
    expect(hook.accepted[1]!.id).not.toBe(hook.accepted[0]!.id);
    expect(smtp.messages).toHaveLength(2);
    const [a, b] = smtp.messages.map((m) => m.mail.messageId);
    expect(a).toMatch(/^<.+@peren-openings>$/);
    expect(b).not.toBe(a);
  });
});
