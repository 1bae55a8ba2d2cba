/**
 * The sender against real peers on 127.0.0.1: an SMTP server, a webhook receiver verifying
 * signatures with the `standardwebhooks` package, a Matrix-shaped homeserver. Retries, backoff,
 * Retry-After, giving up and exactly-one acceptance, with the clock of the outbox injected.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/database.ts';
import { getDelivery, insertDelivery } from '../../db/outbox.ts';
import { memoryDb } from '../../scripts/synthetic-store.ts';
import { type Config, parseConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import type { Notification } from '../../src/notify/notification.ts';
import { deliverDue } from '../../src/notify/sender.ts';
import { startMatrixServer, startSmtpServer, startWebhookReceiver, TEST_CERT } from './receivers.ts';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const T0 = Date.parse('2026-12-01T08:00:00Z');

const opening = {
  uid: '0b7c2d4e-1111-4222-8333-944455556666',
  title: 'Data scientist confirmé·e – PEReN',
  employer: 'Pôle d’expertise de la régulation numérique',
  location: 'Paris 12e',
  contractType: 'CDD de 3 ans',
  deadline: '2027-01-15T00:00:00+01:00',
  status: 'open' as const,
  pageUrl: 'https://offres.example.org/offres/0b7c2d4e-1111-4222-8333-944455556666',
  links: [
    {
      source: 'passerelles',
      label: 'Passerelles (réf. 2026-5373)',
      url: 'https://passerelles.economie.gouv.fr/offre-de-emploi/emploi-data-scientist_5373.aspx',
    },
    {
      source: 'csp',
      label: 'Choisir le service public (réf. MEF_2026-41872)',
      url: 'https://choisirleservicepublic.gouv.fr/offre-emploi/data-scientist-reference-MEF_2026-41872/',
    },
  ],
};
const NEW: Notification = { kind: 'new', at: '2026-12-01T07:59:00.000Z', opening };

const toClose: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(toClose.splice(0).map((close) => close()));
});

function setup(
  channels: Record<string, unknown>,
  retry: Record<string, number> = { baseMs: 60_000, maxMs: 3_600_000, giveUpAfterHours: 24 },
): { db: Db; config: Config } {
  const config = parseConfig({ organisation: { name: 'PEReN' }, notify: { channels, retry, timeoutMs: 10_000 } });
  return { db: memoryDb(), config };
}

function enqueue(
  db: Db,
  channel: string,
  notifications: Notification[] = [NEW],
  createdAt = new Date(T0).toISOString(),
): number {
  return insertDelivery(db, {
    channel,
    createdAt,
    runId: null,
    mode: notifications.length > 1 ? 'digest' : 'each',
    kinds: notifications.map((n) => n.kind),
    payload: { notifications },
  });
}

const at = (ms: number) => () => new Date(T0 + ms);
const log = createLogger('silent');
const env = {
  OPENINGS_WEBHOOK_SECRET: SECRET,
  OPENINGS_MATRIX_TOKEN: 'syt_secret_token',
  OPENINGS_SMTP_PASSWORD: 'mot-de-passe',
};

describe('e-mail over SMTP', () => {
  it('delivers to every recipient a French subject, a text part and an HTML part with every link', async () => {
    const smtp = await startSmtpServer();
    toClose.push(smtp.close);
    const { db, config } = setup({
      equipe: {
        type: 'email',
        host: '127.0.0.1',
        port: smtp.port,
        security: 'none',
        from: 'Veille <veille@example.org>',
        to: ['rh@example.org', 'equipe@example.org'],
      },
    });
    const id = enqueue(db, 'equipe');
    const report = await deliverDue(db, config, { log, now: at(0), env });
    expect(report).toMatchObject({ sent: 1, failed: 0, retrying: 0 });
    expect(smtp.messages).toHaveLength(1);
    const [{ mail, recipients }] = smtp.messages as [(typeof smtp.messages)[number]];
    expect(recipients).toEqual(['rh@example.org', 'equipe@example.org']);
    expect(mail.subject).toBe('Nouvelle offre : Data scientist confirmé·e – PEReN');
    expect(mail.messageId).toBe(`<${getDelivery(db, id)!.deliveryId}@peren-openings>`);
    for (const part of [mail.text!, mail.html as string]) {
      expect(part).toContain('https://passerelles.economie.gouv.fr/offre-de-emploi/emploi-data-scientist_5373.aspx');
      expect(part).toContain(
        'https://choisirleservicepublic.gouv.fr/offre-emploi/data-scientist-reference-MEF_2026-41872/',
      );
      expect(part).toContain(opening.pageUrl);
    }
    expect(mail.text).toContain('Date limite de candidature : 15/01/2027');
    expect(mail.text).toContain('Une nouvelle offre est publiée');
    expect(mail.html).toMatch(
      /<a href="https:\/\/passerelles\.economie\.gouv\.fr\/[^"]+">Passerelles \(réf\. 2026-5373\)<\/a>/,
    );
    expect(getDelivery(db, id)).toMatchObject({
      status: 'sent',
      attempts: 1,
      response: expect.stringMatching(/^250 /),
    });
  });

  it('a 451 is retried after the backoff and the message then arrives once', async () => {
    const smtp = await startSmtpServer({ answer: (n) => (n === 1 ? '451' : 'accept') });
    toClose.push(smtp.close);
    const { db, config } = setup({
      equipe: {
        type: 'email',
        host: '127.0.0.1',
        port: smtp.port,
        security: 'none',
        from: 'veille@example.org',
        to: ['rh@example.org'],
      },
    });
    const id = enqueue(db, 'equipe');
    expect(await deliverDue(db, config, { log, now: at(0), env })).toMatchObject({ sent: 0, retrying: 1 });
    const retry = getDelivery(db, id)!;
    expect(retry).toMatchObject({ status: 'pending', attempts: 1, lastError: 'SMTP 451 after DATA' });
    // Not before the backoff (60 s base, plus up to one base of jitter)…
    expect(Date.parse(retry.nextAttemptAt) - T0).toBeGreaterThanOrEqual(60_000);
    expect(await deliverDue(db, config, { log, now: at(30_000), env })).toMatchObject({ sent: 0, retrying: 0 });
    // …then once.
    expect(await deliverDue(db, config, { log, now: at(121_000), env })).toMatchObject({ sent: 1 });
    expect(await deliverDue(db, config, { log, now: at(200_000), env })).toMatchObject({ sent: 0 });
    expect(smtp.attempts).toBe(2);
    expect(smtp.messages).toHaveLength(1);
  });

  it('STARTTLS with authentication: encrypted and authenticated, never in clear when TLS fails', async () => {
    const smtp = await startSmtpServer({ tls: 'starttls', auth: { user: 'veille', pass: 'mot-de-passe' } });
    toClose.push(smtp.close);
    const channel = {
      type: 'email',
      host: 'localhost',
      port: smtp.port,
      security: 'starttls',
      user: 'veille',
      passwordEnv: 'OPENINGS_SMTP_PASSWORD',
      from: 'veille@example.org',
      to: ['rh@example.org'],
    };
    // The server's certificate is self-signed: without its CA the upgrade fails and nothing is sent.
    const untrusted = setup({ equipe: channel });
    enqueue(untrusted.db, 'equipe');
    expect(await deliverDue(untrusted.db, untrusted.config, { log, now: at(0), env })).toMatchObject({
      sent: 0,
      retrying: 1,
    });
    const trusted = setup({ equipe: { ...channel, caFile: TEST_CERT } });
    enqueue(trusted.db, 'equipe');
    expect(await deliverDue(trusted.db, trusted.config, { log, now: at(0), env })).toMatchObject({ sent: 1 });
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]).toMatchObject({ secure: true, user: 'veille' });

    // A server that does not offer STARTTLS gets nothing, not a password in clear.
    const plain = await startSmtpServer({ auth: { user: 'veille', pass: 'mot-de-passe' } });
    toClose.push(plain.close);
    const downgraded = setup({ equipe: { ...channel, port: plain.port } });
    const id = enqueue(downgraded.db, 'equipe');
    expect(await deliverDue(downgraded.db, downgraded.config, { log, now: at(0), env })).toMatchObject({ sent: 0 });
    expect(getDelivery(downgraded.db, id)!.lastError).toMatch(/STARTTLS/);
    expect(plain.messages).toHaveLength(0);
  });

  it('implicit TLS (port 465 style)', async () => {
    const smtp = await startSmtpServer({ tls: 'implicit' });
    toClose.push(smtp.close);
    const { db, config } = setup({
      equipe: {
        type: 'email',
        host: 'localhost',
        port: smtp.port,
        security: 'tls',
        caFile: TEST_CERT,
        from: 'veille@example.org',
        to: ['rh@example.org'],
      },
    });
    enqueue(db, 'equipe');
    expect(await deliverDue(db, config, { log, now: at(0), env })).toMatchObject({ sent: 1 });
    expect(smtp.messages[0]!.secure).toBe(true);
  });

  it('a server that refuses for good (5xx) fails the delivery at once', async () => {
    const smtp = await startSmtpServer({ auth: { user: 'veille', pass: 'bon' } });
    toClose.push(smtp.close);
    const { db, config } = setup({
      equipe: {
        type: 'email',
        host: '127.0.0.1',
        port: smtp.port,
        security: 'none',
        user: 'veille',
        passwordEnv: 'OPENINGS_SMTP_PASSWORD',
        from: 'veille@example.org',
        to: ['rh@example.org'],
      },
    });
    const id = enqueue(db, 'equipe');
    expect(await deliverDue(db, config, { log, now: at(0), env })).toMatchObject({ failed: 1 });
    expect(getDelivery(db, id)).toMatchObject({ status: 'failed', lastError: expect.stringMatching(/SMTP 535/) });
  });

  it('a server that is down: one bounded attempt, the channel’s other deliveries wait, nothing is lost', async () => {
    const smtp = await startSmtpServer();
    const port = smtp.port;
    await smtp.close();
    const { db, config } = setup({
      equipe: {
        type: 'email',
        host: '127.0.0.1',
        port,
        security: 'none',
        from: 'veille@example.org',
        to: ['rh@example.org'],
      },
    });
    const first = enqueue(db, 'equipe');
    const second = enqueue(db, 'equipe');
    expect(await deliverDue(db, config, { log, now: at(0), env })).toMatchObject({ sent: 0, retrying: 1, deferred: 1 });
    expect(getDelivery(db, first)).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastError: expect.stringMatching(/ECONNECTION|ECONNREFUSED/),
    });
    expect(getDelivery(db, second)).toMatchObject({ status: 'pending', attempts: 0 });
    const back = await startSmtpServer({ port });
    toClose.push(back.close);
    expect(await deliverDue(db, config, { log, now: at(3_600_000), env })).toMatchObject({ sent: 2 });
    expect(back.messages).toHaveLength(2);
  });
});

describe('the outbox', () => {
  it('a delivery whose channel was removed from the configuration fails, naming it', async () => {
    const { db, config } = setup({});
    const id = enqueue(db, 'ancien');
    expect(await deliverDue(db, config, { log, now: at(0), env })).toMatchObject({ failed: 1 });
    expect(getDelivery(db, id)).toMatchObject({
      status: 'failed',
      attempts: 0,
      lastError: 'channel "ancien" is no longer configured',
    });
  });
});

describe('signed webhook', () => {
  const webhookChannel = (url: string, extra: Record<string, unknown> = {}) => ({
    hook: { type: 'webhook', url, secretEnv: 'OPENINGS_WEBHOOK_SECRET', ...extra },
  });

  it('signs per Standard Webhooks: an independent verifier accepts it, a tampered body or a replay is dropped', async () => {
    const receiver = await startWebhookReceiver({ secret: SECRET });
    toClose.push(receiver.close);
    const { db, config } = setup(webhookChannel(`${receiver.url}/hooks/openings`));
    const id = enqueue(db, 'hook');
    expect(await deliverDue(db, config, { log, now: at(0), env })).toMatchObject({ sent: 1 });
    expect(receiver.accepted).toHaveLength(1);
    const request = receiver.requests[0]!;
    expect(request.headers['webhook-id']).toBe(`msg_${getDelivery(db, id)!.deliveryId}`);
    expect(receiver.accepted[0]!.payload).toMatchObject({
      type: 'opening.new',
      timestamp: NEW.at,
      data: { kind: 'new', opening: { uid: opening.uid, pageUrl: opening.pageUrl } },
    });

    // The same request again (a replay) and one with a changed body: neither is processed.
    const replay = (body: string) =>
      fetch(`${receiver.url}/hooks/openings`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'webhook-id': String(request.headers['webhook-id']),
          'webhook-timestamp': String(request.headers['webhook-timestamp']),
          'webhook-signature': String(request.headers['webhook-signature']),
        },
        body,
      });
    expect((await replay(request.body)).status).toBe(200);
    expect((await replay(request.body.replace('opening.new', 'opening.closed'))).status).toBe(401);
    expect(receiver.requests.map((r) => r.verdict)).toEqual(['accepted', 'duplicate', 'bad-signature']);
    expect(receiver.accepted).toHaveLength(1);
  });

  it('500 twice then 200: three attempts with the same webhook-id, exactly one accepted delivery', async () => {
    const receiver = await startWebhookReceiver({
      secret: SECRET,
      answer: (n) => (n <= 2 ? { status: 500 } : undefined),
    });
    toClose.push(receiver.close);
    const { db, config } = setup(webhookChannel(receiver.url), { baseMs: 1000, maxMs: 10_000, giveUpAfterHours: 1 });
    const id = enqueue(db, 'hook');
    for (const ms of [0, 10_000, 30_000, 60_000, 90_000]) await deliverDue(db, config, { log, now: at(ms), env });
    expect(receiver.requests.map((r) => r.verdict)).toEqual(['scripted', 'scripted', 'accepted']);
    expect(new Set(receiver.requests.map((r) => r.headers['webhook-id']))).toEqual(
      new Set([`msg_${getDelivery(db, id)!.deliveryId}`]),
    );
    expect(receiver.accepted).toHaveLength(1);
    expect(getDelivery(db, id)).toMatchObject({ status: 'sent', attempts: 3 });
  });

  it('a lost answer is retried under the same id and the receiver drops the repeat', async () => {
    // The first request is taken but never answered (the sender times out): the receiver may have processed it.
    const receiver = await startWebhookReceiver({ secret: SECRET, answer: (n) => (n === 1 ? 'hold' : undefined) });
    toClose.push(receiver.close);
    const { db, config } = setup(webhookChannel(receiver.url), { baseMs: 0, maxMs: 0, giveUpAfterHours: 1 });
    const id = enqueue(db, 'hook');
    // The sender gives up on the held request after notify.timeoutMs (else this would hang until the test's own limit).
    expect(await deliverDue(db, config, { log, now: at(0), env })).toMatchObject({ retrying: 1 });
    expect(getDelivery(db, id)!.lastError).toMatch(/timed out/);
    expect(await deliverDue(db, config, { log, now: at(1000), env })).toMatchObject({ sent: 1 });
    expect(receiver.requests[0]!.headers['webhook-id']).toBe(receiver.requests[1]!.headers['webhook-id']);
  });

  it('honours Retry-After: nothing before it, the delivery after it', async () => {
    const receiver = await startWebhookReceiver({
      secret: SECRET,
      answer: (n) => (n === 1 ? { status: 503, headers: { 'Retry-After': '600' } } : undefined),
    });
    toClose.push(receiver.close);
    const { db, config } = setup(webhookChannel(receiver.url), { baseMs: 1000, maxMs: 5000, giveUpAfterHours: 24 });
    const id = enqueue(db, 'hook');
    await deliverDue(db, config, { log, now: at(0), env });
    expect(Date.parse(getDelivery(db, id)!.nextAttemptAt) - T0).toBe(600_000);
    await deliverDue(db, config, { log, now: at(300_000), env });
    expect(receiver.requests).toHaveLength(1);
    await deliverDue(db, config, { log, now: at(600_000), env });
    expect(receiver.accepted).toHaveLength(1);
  });

  it('gives up after retry.giveUpAfterHours and marks the delivery failed; a 4xx fails at once', async () => {
    const receiver = await startWebhookReceiver({ secret: SECRET, answer: () => ({ status: 502 }) });
    toClose.push(receiver.close);
    const { db, config } = setup(webhookChannel(receiver.url), {
      baseMs: 600_000,
      maxMs: 3_600_000,
      giveUpAfterHours: 1,
    });
    const id = enqueue(db, 'hook');
    for (const ms of [0, 1_300_000, 2_600_000, 3_900_000]) await deliverDue(db, config, { log, now: at(ms), env });
    const row = getDelivery(db, id)!;
    expect(row.status).toBe('failed');
    expect(row.lastError).toMatch(/^gave up after \d attempt\(s\): HTTP 502$/);
    expect(receiver.requests.length).toBe(row.attempts);

    const refusing = await startWebhookReceiver({ answer: () => ({ status: 404, body: 'no such hook' }) });
    toClose.push(refusing.close);
    const other = setup(webhookChannel(refusing.url));
    const gone = enqueue(other.db, 'hook');
    expect(await deliverDue(other.db, other.config, { log, now: at(0), env })).toMatchObject({ failed: 1 });
    expect(getDelivery(other.db, gone)).toMatchObject({
      status: 'failed',
      lastError: 'HTTP 404',
      response: 'HTTP 404 no such hook',
    });
  });

  it('the text variant posts {"text": …} for Mattermost and Slack', async () => {
    const receiver = await startWebhookReceiver();
    toClose.push(receiver.close);
    const { db, config } = setup({ mattermost: { type: 'webhook', url: receiver.url, format: 'text' } });
    enqueue(db, 'mattermost');
    await deliverDue(db, config, { log, now: at(0), env });
    const body = JSON.parse(receiver.requests[0]!.body) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(['text']);
    expect(body.text).toMatch(/^Nouvelle offre : Data scientist confirmé·e – PEReN\n/);
    expect(body.text).toContain(opening.pageUrl);
    expect(receiver.requests[0]!.headers['webhook-signature']).toBeUndefined();
  });
});

describe('Matrix room (Tchap)', () => {
  const ROOM = '!vVqkGzPdZtXyUvWxYz:agent.tchap.gouv.fr';
  const matrixChannel = (url: string) => ({
    tchap: { type: 'matrix', homeserver: `${url}/`, room: ROOM, accessTokenEnv: 'OPENINGS_MATRIX_TOKEN' },
  });

  it('PUTs an m.text message with the token to the room, and a retry reuses its transaction id', async () => {
    const matrix = await startMatrixServer({
      token: 'syt_secret_token',
      answer: (n) => (n === 1 ? { status: 502 } : undefined),
    });
    toClose.push(matrix.close);
    const { db, config } = setup(matrixChannel(matrix.url), { baseMs: 0, maxMs: 0, giveUpAfterHours: 1 });
    const id = enqueue(db, 'tchap');
    await deliverDue(db, config, { log, now: at(0), env });
    await deliverDue(db, config, { log, now: at(1000), env });
    expect(matrix.requests).toHaveLength(2);
    const txn = `peren-openings.${getDelivery(db, id)!.deliveryId}`;
    for (const r of matrix.requests) {
      expect(r.method).toBe('PUT');
      expect(r.path).toBe(
        `/_matrix/client/v3/rooms/${encodeURIComponent(ROOM)}/send/m.room.message/${encodeURIComponent(txn)}`,
      );
      expect(r.headers.authorization).toBe('Bearer syt_secret_token');
    }
    expect(matrix.events).toHaveLength(1);
    const { content } = matrix.events[0]!;
    expect(content).toMatchObject({ msgtype: 'm.text', format: 'org.matrix.custom.html' });
    expect(content.body).toContain('Nouvelle offre : Data scientist confirmé·e – PEReN');
    expect(content.formatted_body).toContain(`<a href="${opening.pageUrl}">`);
    expect(getDelivery(db, id)).toMatchObject({ status: 'sent', response: 'HTTP 200 {"event_id":"$event1"}' });

    // The answer to the first success got lost: the same transaction id lands on the same event.
    db.prepare(`UPDATE outbox SET status = 'pending' WHERE id = ?`).run(id);
    await deliverDue(db, config, { log, now: at(2000), env });
    expect(matrix.events).toHaveLength(1);
  });

  it('honours M_LIMIT_EXCEEDED retry_after_ms; a bad token fails the delivery', async () => {
    const matrix = await startMatrixServer({
      token: 'syt_secret_token',
      answer: (n) =>
        n === 1 ? { status: 429, body: '{"errcode":"M_LIMIT_EXCEEDED","retry_after_ms":45000}' } : undefined,
    });
    toClose.push(matrix.close);
    const { db, config } = setup(matrixChannel(matrix.url), { baseMs: 1000, maxMs: 2000, giveUpAfterHours: 1 });
    const id = enqueue(db, 'tchap');
    await deliverDue(db, config, { log, now: at(0), env });
    expect(Date.parse(getDelivery(db, id)!.nextAttemptAt) - T0).toBe(45_000);
    await deliverDue(db, config, { log, now: at(45_000), env });
    expect(matrix.events).toHaveLength(1);

    const other = setup(matrixChannel(matrix.url));
    const bad = enqueue(other.db, 'tchap');
    await deliverDue(other.db, other.config, { log, now: at(0), env: { ...env, OPENINGS_MATRIX_TOKEN: 'wrong' } });
    expect(getDelivery(other.db, bad)).toMatchObject({ status: 'failed', lastError: 'HTTP 401' });
  });
});
