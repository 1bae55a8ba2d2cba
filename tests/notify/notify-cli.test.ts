/**
 * Notifications through the real CLI against the PASS fixture portal and real peers on
 * 127.0.0.1: what a scrape delivers, a server down for a whole scrape, a kill -9 between the
 * scrape's commit and the delivery, `notify test`, and failed deliveries in status and /metrics.
 */

import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/database.ts';
import { parseConfig } from '../../src/config.ts';
import { createApp } from '../../src/server/app.ts';
import { BIN, runCli, workspace } from '../support/cli.ts';
import { fixtureBody } from '../support/fixture-edits.ts';
import { scenarioPortals, testConfig } from '../support/portals.ts';
import { startMatrixServer, startSmtpServer, startWebhookReceiver, TEST_CERT } from './receivers.ts';

const portalsNow = scenarioPortals(['pass']);
const SECRET = 'whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD';
const ENV = {
  OPENINGS_WEBHOOK_SECRET: SECRET,
  OPENINGS_MATRIX_TOKEN: 'syt_room_token',
  OPENINGS_SMTP_PASSWORD: 'mot-de-passe',
};
const NEW_OFFER = 'Apprenti(e) data scientist - PEReN H/F';
const NEW_OFFER_URL = 'https://www.pass.fonction-publique.gouv.fr/offre/apprentie-data-scientist-peren-hf';

/** The PASS feed without the data-scientist offer: the first scrape sees it missing, the second as new. */
const withoutNewOffer = () =>
  fixtureBody('pass', 'flux-offres.xml').replace(
    /<item>(?:(?!<\/item>)[\s\S])*<dc:identifier>A-2026-201734<\/dc:identifier>[\s\S]*?<\/item>\s*/,
    '',
  );

const toClose: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(toClose.splice(0).map((close) => close()));
});

function notifyWorkspace(channels: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return workspace(
    testConfig(portalsNow(), ['pass'], {
      server: { publicUrl: 'https://offres.example.org' },
      notify: { channels, timeoutMs: 30_000, retry: { baseMs: 0, maxMs: 0, giveUpAfterHours: 24 }, ...extra },
    }),
  );
}

const scrape = (args: string[], env: Record<string, string> = ENV) => runCli([...args, 'scrape'], { env });

function outboxRows(
  dbPath: string,
): { id: number; channel: string; status: string; attempts: number; last_error: string | null }[] {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db.prepare('SELECT id, channel, status, attempts, last_error FROM outbox ORDER BY id').all() as never;
  } finally {
    db.close();
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('notifications through the CLI', () => {
  it('e-mail: the first scrape announces no backlog; a new offer arrives once, in French, to every recipient, with its links', async () => {
    const smtp = await startSmtpServer();
    toClose.push(smtp.close);
    const ws = notifyWorkspace({
      equipe: {
        type: 'email',
        host: '127.0.0.1',
        port: smtp.port,
        security: 'none',
        from: 'Veille des offres <veille@example.org>',
        to: ['rh@example.org', 'equipe@example.org'],
      },
    });
    portalsNow().override('pass', 'flux-offres.xml', withoutNewOffer());
    expect((await scrape(ws.args)).code).toBe(0);
    expect(smtp.messages).toHaveLength(0);

    portalsNow().reset();
    const second = await scrape(ws.args);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toBe('');
    expect(smtp.messages).toHaveLength(1);
    const { recipients, mail } = smtp.messages[0]!;
    expect(recipients).toEqual(['rh@example.org', 'equipe@example.org']);
    expect(mail.from?.text).toBe('"Veille des offres" <veille@example.org>');
    expect(mail.subject).toBe(`Nouvelle offre : ${NEW_OFFER}`);
    expect(mail.text).toContain(`Une nouvelle offre est publiée : « ${NEW_OFFER} ».`);
    expect(mail.text).toContain(`- PASS (stages et apprentissage) (réf. A-2026-201734) : ${NEW_OFFER_URL}`);
    expect(mail.text).toMatch(
      /Sa page sur le tableau de bord de l’équipe : https:\/\/offres\.example\.org\/offres\/[0-9a-f-]{36}/,
    );
    expect(mail.html).toContain(`<a href="${NEW_OFFER_URL}">`);
    expect(mail.html).toMatch(/<a href="https:\/\/offres\.example\.org\/offres\/[0-9a-f-]{36}">/);

    expect((await scrape(ws.args)).code).toBe(0);
    expect(smtp.messages).toHaveLength(1);
  });

  it('an SMTP server down for the whole scrape: the scrape succeeds, the next one delivers, once', async () => {
    const port = await freePort();
    const ws = notifyWorkspace({
      equipe: {
        type: 'email',
        host: '127.0.0.1',
        port,
        security: 'none',
        from: 'veille@example.org',
        to: ['rh@example.org'],
      },
    });
    portalsNow().override('pass', 'flux-offres.xml', withoutNewOffer());
    expect((await scrape(ws.args)).code).toBe(0);
    portalsNow().reset();
    const down = await scrape(ws.args);
    expect(down.code, down.stderr).toBe(0);
    expect(outboxRows(ws.dbPath)).toEqual([
      expect.objectContaining({
        status: 'pending',
        attempts: 1,
        last_error: expect.stringMatching(/ECONNECTION|ECONNREFUSED/),
      }),
    ]);
    const status = JSON.parse((await runCli([...ws.args, 'status', '--json'])).stdout) as {
      notifications: { channels: { channel: string; counts: Record<string, number> }[] };
    };
    expect(status.notifications.channels).toEqual([
      { channel: 'equipe', type: 'email', counts: { pending: 1, sent: 0, failed: 0 } },
    ]);

    const smtp = await startSmtpServer({ port });
    toClose.push(smtp.close);
    expect((await scrape(ws.args)).code).toBe(0);
    expect((await scrape(ws.args)).code).toBe(0);
    expect(smtp.messages.map((m) => m.mail.subject)).toEqual([`Nouvelle offre : ${NEW_OFFER}`]);
    expect(outboxRows(ws.dbPath)).toEqual([expect.objectContaining({ status: 'sent', attempts: 2 })]);
  });

  it('kill -9 between the scrape’s commit and the delivery: the next run delivers exactly once', async () => {
    // The receiver takes the first request and never answers it: the scrape is killed while it waits.
    const receiver = await startWebhookReceiver({ secret: SECRET, answer: (n) => (n === 1 ? 'hold' : undefined) });
    toClose.push(receiver.close);
    const ws = notifyWorkspace(
      { hook: { type: 'webhook', url: `${receiver.url}/hook`, secretEnv: 'OPENINGS_WEBHOOK_SECRET' } },
      { timeoutMs: 30_000 },
    );
    portalsNow().override('pass', 'flux-offres.xml', withoutNewOffer());
    expect((await scrape(ws.args)).code).toBe(0);
    portalsNow().reset();

    const child = spawn(process.execPath, [BIN, ...ws.args, 'scrape'], {
      stdio: 'ignore',
      env: { ...process.env, ...ENV },
    });
    const exited = new Promise<number | null>((resolve) =>
      child.once('close', (code, signal) => resolve(signal === 'SIGKILL' ? -9 : code)),
    );
    await receiver.requestReceived(1);
    child.kill('SIGKILL');
    expect(await exited).toBe(-9);

    // The run and its outbox row were committed together; the row was never marked.
    const db = new Database(ws.dbPath, { readonly: true });
    const runs = db.prepare(`SELECT status FROM runs ORDER BY id`).all() as { status: string }[];
    db.close();
    expect(runs.map((r) => r.status)).toEqual(['healthy', 'healthy']);
    expect(outboxRows(ws.dbPath)).toEqual([expect.objectContaining({ status: 'pending', attempts: 0 })]);

    const next = await scrape(ws.args);
    expect(next.code, next.stderr).toBe(0);
    expect((await scrape(ws.args)).code).toBe(0);
    expect(receiver.requests.map((r) => r.verdict)).toEqual(['scripted', 'accepted']);
    expect(receiver.requests[0]!.headers['webhook-id']).toBe(receiver.requests[1]!.headers['webhook-id']);
    expect(receiver.accepted).toHaveLength(1);
    expect(receiver.accepted[0]!.payload).toMatchObject({
      type: 'opening.new',
      data: { opening: { title: NEW_OFFER } },
    });
    expect(outboxRows(ws.dbPath)).toEqual([expect.objectContaining({ status: 'sent' })]);
  });

  it('a source failing twice is said once, in the Matrix room, and its recovery too', async () => {
    const matrix = await startMatrixServer({ token: 'syt_room_token' });
    toClose.push(matrix.close);
    const ws = notifyWorkspace({
      tchap: {
        type: 'matrix',
        homeserver: matrix.url,
        room: '!equipe:agent.tchap.gouv.fr',
        accessTokenEnv: 'OPENINGS_MATRIX_TOKEN',
        events: ['source-failing', 'source-recovered'],
      },
    });
    expect((await scrape(ws.args)).code).toBe(0);
    portalsNow().inject('pass', '/flux/offres', { kind: 'status', status: 503 });
    for (let i = 0; i < 3; i += 1) expect((await scrape(ws.args)).code).toBe(1);
    portalsNow().reset();
    expect((await scrape(ws.args)).code).toBe(0);
    expect(matrix.events.map((e) => e.content.body.split('\n')[0])).toEqual([
      'Source en échec : PASS (stages et apprentissage)',
      'Source rétablie : PASS (stages et apprentissage)',
    ]);
    expect(matrix.events[0]!.content.body).toMatch(
      /Les 2 derniers relevés de PASS \(stages et apprentissage\) ont échoué[\s\S]*Dernière raison : .*HTTP 503/,
    );
  });

  it('a close by hand is delivered by `notify send`; a refused delivery shows in status, on the page and in /metrics', async () => {
    const receiver = await startWebhookReceiver({ answer: () => ({ status: 410, body: 'hook removed' }) });
    toClose.push(receiver.close);
    const ws = notifyWorkspace({ gone: { type: 'webhook', url: receiver.url, format: 'text' } });
    expect((await scrape(ws.args)).code).toBe(0);
    expect(
      (await runCli([...ws.args, 'close', 'pass:A-2026-201734', '--note', 'poste pourvu'], { env: ENV })).code,
    ).toBe(0);
    const send = await runCli([...ws.args, 'notify', 'send'], { env: ENV });
    expect(send.code).toBe(1);
    expect(send.stderr).toContain('notifications: 0 sent, 0 to retry, 1 failed');
    expect(JSON.parse(receiver.requests[0]!.body).text).toMatch(
      new RegExp(`^Offre fermée : ${NEW_OFFER.replace(/[()]/g, '\\$&')}\\n[\\s\\S]*Fermée à la main : poste pourvu`),
    );

    const status = await runCli([...ws.args, 'status']);
    expect(status.stdout).toMatch(/^gone +webhook +0 +0 +1$/m);
    expect(status.stdout).toMatch(/^FAILED DELIVERY +CHANNEL +WHAT/m);
    expect(status.stdout).toMatch(/^1 +gone +closed +\S+ +1 +HTTP 410$/m);

    const db = openDatabase(ws.dbPath);
    try {
      const config = parseConfig(
        testConfig(portalsNow(), ['pass'], {
          notify: { channels: { gone: { type: 'webhook', url: receiver.url, format: 'text' } } },
        }),
      );
      const app = createApp({ db, config });
      const metrics = await (await app.request('/metrics')).text();
      expect(metrics).toContain('openings_notifications_total{channel="gone",result="sent"} 0');
      expect(metrics).toContain('openings_notifications_total{channel="gone",result="failed"} 1');
      expect(metrics).toContain('openings_notifications_pending{channel="gone"} 0');
      const page = await (await app.request('/')).text();
      expect(page).toContain('<h2 id="notifications-titre">Notifications</h2>');
      expect(page).toMatch(
        /<li data-delivery="1">.*sur « gone » : offre fermée\n<br><span class="reason">HTTP 410<\/span>/,
      );
    } finally {
      db.close();
    }
  });
});

describe('the daemon', () => {
  it('delivers after its scrape and retries what is due at each notification tick', async () => {
    // Refused twice (the startup scrape's pass, then the first tick), accepted on the next tick.
    const receiver = await startWebhookReceiver({
      secret: SECRET,
      answer: (n) => (n <= 2 ? { status: 500 } : undefined),
    });
    toClose.push(receiver.close);
    const ws = notifyWorkspace(
      { hook: { type: 'webhook', url: receiver.url, secretEnv: 'OPENINGS_WEBHOOK_SECRET' } },
      { announceBacklog: true, tickSeconds: 0.5 },
    );
    const config = JSON.parse(readFileSync(ws.configPath, 'utf8')) as Record<string, unknown>;
    writeFileSync(ws.configPath, JSON.stringify({ ...config, schedule: '0 0 1 1 *', server: { port: 0 } }));
    const daemon = spawn(process.execPath, [BIN, ...ws.args, 'daemon'], {
      stdio: 'ignore',
      env: { ...process.env, ...ENV },
    });
    try {
      const allSent = () => {
        try {
          const rows = outboxRows(ws.dbPath);
          return rows.length > 0 && rows.every((r) => r.status === 'sent');
        } catch {
          return false; // not created yet
        }
      };
      // Wait for the deliveries themselves; the test's own limit catches a daemon that never sends.
      while (!allSent()) await sleep(200);
    } finally {
      daemon.kill('SIGTERM');
      await new Promise((resolve) => daemon.once('close', resolve));
    }
    // announceBacklog: each of the first scrape's PASS openings, accepted once.
    const rows = outboxRows(ws.dbPath);
    expect(rows.length).toBeGreaterThan(1);
    expect(rows.every((r) => r.status === 'sent')).toBe(true);
    expect(new Set(receiver.accepted.map((a) => a.id)).size).toBe(rows.length);
    expect(receiver.accepted).toHaveLength(rows.length);
    expect(receiver.requests.slice(0, 2).map((r) => r.verdict)).toEqual(['scripted', 'scripted']);
    // The scrape's pass made one attempt each; the tick retried the two refused ones.
    expect(receiver.requests).toHaveLength(rows.length + 2);
    expect(rows.reduce((n, r) => n + r.attempts, 0)).toBe(rows.length + 2);
  });
});

describe('openings notify test', () => {
  it('sends a test message through each channel and prints what each server answered', async () => {
    const smtp = await startSmtpServer({ tls: 'starttls', auth: { user: 'veille', pass: 'mot-de-passe' } });
    const receiver = await startWebhookReceiver({ secret: SECRET });
    const matrix = await startMatrixServer({ token: 'syt_room_token' });
    toClose.push(smtp.close, receiver.close, matrix.close);
    const ws = notifyWorkspace({
      equipe: {
        type: 'email',
        host: 'localhost',
        port: smtp.port,
        security: 'starttls',
        caFile: TEST_CERT,
        user: 'veille',
        passwordEnv: 'OPENINGS_SMTP_PASSWORD',
        from: 'veille@example.org',
        to: ['rh@example.org'],
      },
      hook: { type: 'webhook', url: receiver.url, secretEnv: 'OPENINGS_WEBHOOK_SECRET' },
      tchap: {
        type: 'matrix',
        homeserver: matrix.url,
        room: '!equipe:agent.tchap.gouv.fr',
        accessTokenEnv: 'OPENINGS_MATRIX_TOKEN',
      },
    });
    const all = await runCli([...ws.args, 'notify', 'test'], { env: ENV });
    expect(all.code, all.stderr).toBe(0);
    expect(all.stdout.split('\n').filter(Boolean)).toEqual([
      expect.stringMatching(/^equipe \(email\): sent — 250 .*Message accepted for delivery/),
      'hook (webhook): sent — HTTP 200 {"ok":true}',
      'tchap (matrix): sent — HTTP 200 {"event_id":"$event1"}',
    ]);
    expect(smtp.messages[0]).toMatchObject({ secure: true, user: 'veille' });
    expect(smtp.messages[0]!.mail.subject).toBe('Test de notification : offres du PEReN');
    expect(receiver.accepted[0]!.payload).toMatchObject({ type: 'test' });

    const one = await runCli([...ws.args, 'notify', 'test', '--channel', 'hook'], { env: ENV });
    expect(one.stdout.trim()).toBe('hook (webhook): sent — HTTP 200 {"ok":true}');
    expect(receiver.accepted).toHaveLength(2);
    expect(smtp.messages).toHaveLength(1);

    const unknown = await runCli([...ws.args, 'notify', 'test', '--channel', 'slack'], { env: ENV });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown channel "slack" (configured: equipe, hook, tchap)');
  });

  it('a missing secret is a configuration error (exit 2) for notify test and scrape; a failing server is reported (exit 1)', async () => {
    const receiver = await startWebhookReceiver({ answer: () => ({ status: 503, body: 'maintenance' }) });
    toClose.push(receiver.close);
    const ws = notifyWorkspace({ hook: { type: 'webhook', url: receiver.url, secretEnv: 'OPENINGS_WEBHOOK_SECRET' } });
    const env = { OPENINGS_WEBHOOK_SECRET: '' };
    for (const args of [['notify', 'test'], ['scrape']]) {
      const run = await runCli([...ws.args, ...args], { env });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(
        'openings: notify.channels.hook.secretEnv: environment variable OPENINGS_WEBHOOK_SECRET is not set',
      );
    }
    const failing = await runCli([...ws.args, 'notify', 'test'], { env: ENV });
    expect(failing.code).toBe(1);
    expect(failing.stdout.trim()).toBe('hook (webhook): FAILED — HTTP 503 — server said: HTTP 503 maintenance');
  });

  it('the configuration names what is wrong in a channel', async () => {
    const ws = notifyWorkspace({
      hook: { type: 'webhook', url: 'ftp://example.org/x' },
      mail: {
        type: 'email',
        host: 'smtp.example.org',
        from: 'x@example.org',
        to: ['pas-une-adresse'],
        password: 'en clair',
      },
    });
    const run = await runCli([...ws.args, 'notify', 'test'], { env: ENV });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('notify.channels.hook.url');
    expect(run.stderr).toContain('notify.channels.mail.password: unknown key');
    expect(run.stderr).toContain('notify.channels.mail.to.0');
  });
});
