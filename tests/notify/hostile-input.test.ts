/**
 * What comes from outside cannot take over what we send, through the real CLI and real peers on
 * 127.0.0.1: a webhook that never ends its body is read only so far; a server's error body reaches
 * the terminal escaped; scraped titles (fixtures/hostile/pass-hostile-titles) neither ping a chat
 * room, nor show a link we did not write, nor become an encoded word in an e-mail Subject; and a
 * run with more new offers than a channel's cap sends the cap, the last message a digest of the rest.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FixturePortals } from '../../src/fixture-portal/server.ts';
import { runCli, workspace } from '../support/cli.ts';
import { startHostilePortals, testConfig } from '../support/portals.ts';
import { startEndlessWebhook, startMatrixServer, startSmtpServer, startWebhookReceiver } from './receivers.ts';

const ENV = { OPENINGS_MATRIX_TOKEN: 'syt_room_token' };
const MENTIONS = '@room @channel <!channel> [cliquez ici](https://evil.example/phish) - PEReN H/F';
const ENCODED_WORD = 'Apprenti(e) =?utf-8?b?PHNjcmlwdD4=?= - PEReN H/F';

/** The text a reader sees: word joiners are invisible, entities are decoded by Mattermost and Slack. */
const asRead = (text: string) =>
  text.replaceAll('\u2060', '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

let hostile: FixturePortals;
beforeAll(async () => {
  hostile = await startHostilePortals(['pass-hostile-titles']);
});
afterAll(async () => hostile.close());

const toClose: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(toClose.splice(0).map((close) => close()));
});

function notifyWorkspace(channels: Record<string, unknown>, notify: Record<string, unknown> = {}) {
  return workspace(
    testConfig(hostile, ['pass'], {
      sources: { pass: { baseUrl: hostile.urls['pass-hostile-titles'] } },
      server: { publicUrl: 'https://offres.example.org' },
      notify: { channels, timeoutMs: 5000, retry: { baseMs: 0, maxMs: 0, giveUpAfterHours: 24 }, ...notify },
    }),
  );
}

describe('openings notify test against a hostile server', () => {
  it('reads only the start of a body that never ends, and drops the connection', async () => {
    const endless = await startEndlessWebhook(200);
    toClose.push(endless.close);
    const ws = notifyWorkspace({ hook: { type: 'webhook', url: endless.url, format: 'text' } });
    const run = await runCli([...ws.args, 'notify', 'test']);
    // Reading it all would end only at the timeout, as a failure: "timed out".
    expect(run.stdout, run.stderr).toMatch(/^hook \(webhook\): sent — HTTP 200 x{300}\n$/);
    expect(run.code).toBe(0);
    expect(endless.hungUp).toBe(1);
  });

  it('shows a server error body escaped: no escape sequence reaches the terminal', async () => {
    const receiver = await startWebhookReceiver({
      answer: () => ({ status: 500, body: 'panne \x1b[2J\x1b]0;titre\x07 \u202efin' }),
    });
    toClose.push(receiver.close);
    const ws = notifyWorkspace({ hook: { type: 'webhook', url: receiver.url, format: 'text' } });
    const run = await runCli([...ws.args, 'notify', 'test']);
    expect(run.code).toBe(1);
    expect(run.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    expect(run.stdout.trim()).toBe(
      'hook (webhook): FAILED — HTTP 500 — server said: HTTP 500 panne \\x1b[2J\\x1b]0;titre\\x07 \\u202efin',
    );
  });
});

describe('scraped titles in chat messages and e-mail', () => {
  it('ping no one, link nowhere but to us, and stay words in the Subject; past the cap, a digest names the rest', async () => {
    const chat = await startWebhookReceiver();
    const capped = await startWebhookReceiver();
    const matrix = await startMatrixServer({ token: 'syt_room_token' });
    const smtp = await startSmtpServer();
    toClose.push(chat.close, capped.close, matrix.close, smtp.close);
    const ws = notifyWorkspace(
      {
        chat: { type: 'webhook', url: chat.url, format: 'text', events: ['new'] },
        capped: { type: 'webhook', url: capped.url, format: 'text', events: ['new'], maxMessagesPerRun: 2 },
        tchap: {
          type: 'matrix',
          homeserver: matrix.url,
          room: '!equipe:agent.tchap.gouv.fr',
          accessTokenEnv: 'OPENINGS_MATRIX_TOKEN',
          events: ['new'],
        },
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
      { announceBacklog: true },
    );
    const run = await runCli([...ws.args, 'scrape'], { env: ENV });
    expect(run.code, run.stderr).toBe(0);

    // Four hostile PEReN offers and the clean internship: five new offers, one message each under the default cap.
    const texts = chat.accepted.map((a) => (a.payload as { text: string }).text);
    expect(texts).toHaveLength(5);
    const pinging = texts.find((t) => asRead(t).startsWith(`Nouvelle offre : ${MENTIONS}`));
    expect(pinging, texts.join('\n---\n')).toBeDefined();
    for (const text of texts) {
      expect(text).not.toMatch(/@(room|channel|here|all)\b/);
      expect(text).not.toMatch(/<!|<@|<https?:/);
      expect(text).not.toMatch(/\]\(/);
      expect(text).not.toMatch(/https?:\/\/evil|evil\.example/);
      // Our own links stay links.
      expect(text).toMatch(/https:\/\/offres\.example\.org\/offres\/[0-9a-f-]{36}/);
    }

    expect(matrix.events).toHaveLength(5);
    const room = matrix.events.find((e) => asRead(e.content.body).startsWith(`Nouvelle offre : ${MENTIONS}`));
    expect(room).toBeDefined();
    expect(JSON.parse(matrix.requests.find((r) => r.txnId === room!.txnId)!.body)['m.mentions']).toEqual({});
    for (const { content } of matrix.events) {
      for (const text of [content.body, content.formatted_body!]) {
        expect(text).not.toMatch(/@(room|channel|here|all)\b/);
        expect(text).not.toMatch(/https?:\/\/evil|evil\.example/);
      }
      expect(content.formatted_body).not.toContain('<!channel>');
      expect(content.formatted_body).not.toMatch(/<a href="(?!https:\/\/(offres\.example\.org|www\.pass\.))/);
    }

    expect(smtp.messages).toHaveLength(5);
    // Decoded by the mail client as it would: the title's characters, not what they encode.
    const subjects = smtp.messages.map((m) => (m.mail.subject ?? '').replaceAll('\u2060', ''));
    expect(subjects).toContain(`Nouvelle offre : ${ENCODED_WORD}`);
    for (const subject of subjects) expect(subject).not.toContain('<script>');

    // Cap of 2: one offer on its own, then one digest naming the four others.
    const cappedTexts = capped.accepted.map((a) => (a.payload as { text: string }).text);
    expect(cappedTexts).toHaveLength(2);
    expect(cappedTexts[0]).toMatch(/^Nouvelle offre : /);
    expect(cappedTexts[1]).toMatch(/^Offres du PEReN : 4 nouvelles offres\./);
    expect(cappedTexts[1]!.match(/^Nouvelle offre : /gm)).toHaveLength(4);
  });
});
