/**
 * Real protocol peers on 127.0.0.1 for the notification tests: an SMTP server (smtp-server, mail
 * parsed back with mailparser), a webhook receiver that checks Standard Webhooks signatures with
 * the `standardwebhooks` package (not the product's own code) and drops replays, and a
 * Matrix-shaped homeserver endpoint that dedupes by transaction id as a real one does.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { Webhook } from 'standardwebhooks';

const TLS_DIR = join(import.meta.dirname, 'tls');
export const TEST_CERT = join(TLS_DIR, 'localhost.crt');

// ---------------------------------------------------------------- SMTP

interface ReceivedMail {
  from: string;
  recipients: string[];
  secure: boolean;
  user: string | null;
  mail: ParsedMail;
}

/** What the server does with the n-th message (1-based): take it, refuse it for now, or never answer. */
export type SmtpAnswer = 'accept' | '451' | 'hold';

export interface SmtpPeer {
  port: number;
  messages: ReceivedMail[];
  /** DATA commands seen, answered or not. */
  attempts: number;
  /** Resolves when the server has received the n-th DATA command. */
  dataReceived(n: number): Promise<void>;
  close(): Promise<void>;
}

export async function startSmtpServer(
  options: {
    tls?: 'none' | 'starttls' | 'implicit';
    auth?: { user: string; pass: string };
    answer?: (n: number) => SmtpAnswer;
    port?: number;
  } = {},
): Promise<SmtpPeer> {
  const messages: ReceivedMail[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  const held: (() => void)[] = [];
  let attempts = 0;
  const tls = options.tls ?? 'none';
  const config: SMTPServerOptions = {
    logger: false,
    secure: tls === 'implicit',
    ...(tls === 'none'
      ? { disabledCommands: options.auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'], allowInsecureAuth: true }
      : { key: readFileSync(join(TLS_DIR, 'localhost.key')), cert: readFileSync(TEST_CERT) }),
    ...(options.auth ? {} : { authOptional: true }),
    onAuth(auth, _session, callback) {
      if (options.auth && auth.username === options.auth.user && auth.password === options.auth.pass)
        return callback(null, { user: auth.username });
      return callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onData(stream, session, callback) {
      attempts += 1;
      const n = attempts;
      for (const w of waiters.filter((w) => w.n <= n)) w.resolve();
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const answer = options.answer?.(n) ?? 'accept';
        if (answer === 'hold') {
          held.push(() => callback(Object.assign(new Error('Shutting down'), { responseCode: 421 })));
          return;
        }
        if (answer === '451')
          return callback(Object.assign(new Error('Requested action aborted: try again later'), { responseCode: 451 }));
        void simpleParser(Buffer.concat(chunks)).then((mail) => {
          messages.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            recipients: session.envelope.rcptTo.map((r) => r.address),
            secure: session.secure,
            user: (session.user as string | undefined) ?? null,
            mail,
          });
          callback(null, 'Message accepted for delivery');
        });
      });
    },
  };
  const server = new SMTPServer(config);
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    messages,
    get attempts() {
      return attempts;
    },
    dataReceived: (n) =>
      attempts >= n ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ n, resolve })),
    close: () => {
      for (const release of held) release();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

// ---------------------------------------------------------------- HTTP receivers

interface HttpRequestSeen {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** What the receiver does with the n-th request (1-based): answer with a status (and headers), or never answer. */
export type HttpAnswer = { status: number; headers?: Record<string, string>; body?: string } | 'hold';

async function listenHttp(
  handler: (req: IncomingMessage, body: string, res: ServerResponse) => void,
): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handler(req, Buffer.concat(chunks).toString('utf8'), res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

function closeHttp(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

export interface WebhookPeer {
  url: string;
  requests: (HttpRequestSeen & { verdict: 'accepted' | 'duplicate' | 'bad-signature' | 'scripted' })[];
  /** Payloads accepted once each (verified, not a replay). */
  accepted: { id: string; payload: unknown }[];
  /** Resolves when the n-th request arrived. */
  requestReceived(n: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * A receiver as the Standard Webhooks specification asks: verify the signature and the timestamp
 * (the library refuses one more than 5 minutes off), then process each webhook-id once; a replay
 * is acknowledged and dropped.
 */
export async function startWebhookReceiver(
  options: { secret?: string; answer?: (n: number) => HttpAnswer | undefined } = {},
): Promise<WebhookPeer> {
  const verifier = options.secret ? new Webhook(options.secret) : null;
  const requests: WebhookPeer['requests'] = [];
  const accepted: WebhookPeer['accepted'] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  const { server, url } = await listenHttp((req, body, res) => {
    const seen = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body };
    const n = requests.length + 1;
    const scripted = options.answer?.(n);
    const record = (verdict: WebhookPeer['requests'][number]['verdict']) => {
      requests.push({ ...seen, verdict });
      for (const w of waiters.filter((w) => w.n <= requests.length)) w.resolve();
    };
    if (scripted === 'hold') return record('scripted');
    if (scripted && scripted.status !== 200) {
      record('scripted');
      res.writeHead(scripted.status, scripted.headers ?? {}).end(scripted.body ?? '');
      return;
    }
    let payload: unknown = JSON.parse(body);
    if (verifier) {
      try {
        payload = verifier.verify(body, {
          'webhook-id': String(req.headers['webhook-id']),
          'webhook-timestamp': String(req.headers['webhook-timestamp']),
          'webhook-signature': String(req.headers['webhook-signature']),
        });
      } catch {
        record('bad-signature');
        res.writeHead(401).end('bad signature');
        return;
      }
    }
    const id = String(req.headers['webhook-id'] ?? `unsigned-${n}`);
    if (accepted.some((a) => a.id === id)) {
      record('duplicate');
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"duplicate":true}');
      return;
    }
    accepted.push({ id, payload });
    record('accepted');
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
  return {
    url,
    requests,
    accepted,
    requestReceived: (n) =>
      requests.length >= n ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ n, resolve })),
    close: () => closeHttp(server),
  };
}

export interface MatrixPeer {
  url: string;
  requests: (HttpRequestSeen & { room: string | null; txnId: string | null })[];
  /** Events posted in the room, one per distinct transaction id. */
  events: {
    eventId: string;
    txnId: string;
    room: string;
    content: { msgtype: string; body: string; format?: string; formatted_body?: string };
  }[];
  close(): Promise<void>;
}

const SEND_PATH = /^\/_matrix\/client\/v3\/rooms\/([^/]+)\/send\/m\.room\.message\/([^/]+)$/;

/** The client-server API's send endpoint: token checked, one event per (room, txnId) as the spec requires. */
export async function startMatrixServer(options: {
  token: string;
  answer?: (n: number) => HttpAnswer | undefined;
}): Promise<MatrixPeer> {
  const requests: MatrixPeer['requests'] = [];
  const events: MatrixPeer['events'] = [];
  const { server, url } = await listenHttp((req, body, res) => {
    const m = SEND_PATH.exec(req.url ?? '');
    const room = m ? decodeURIComponent(m[1]!) : null;
    const txnId = m ? decodeURIComponent(m[2]!) : null;
    requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body, room, txnId });
    const json = (status: number, value: unknown) =>
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
    const scripted = options.answer?.(requests.length);
    if (scripted === 'hold') return;
    if (scripted && scripted.status !== 200)
      return void res
        .writeHead(scripted.status, { 'content-type': 'application/json', ...scripted.headers })
        .end(scripted.body ?? '{}');
    if (req.method !== 'PUT' || !room || !txnId)
      return json(404, { errcode: 'M_UNRECOGNIZED', error: 'Unrecognized request' });
    if (req.headers.authorization !== `Bearer ${options.token}`)
      return json(401, { errcode: 'M_UNKNOWN_TOKEN', error: 'Invalid access token passed.' });
    const previous = events.find((e) => e.txnId === txnId && e.room === room);
    if (previous) return json(200, { event_id: previous.eventId });
    const content = JSON.parse(body) as MatrixPeer['events'][number]['content'];
    if (content.msgtype !== 'm.text' || typeof content.body !== 'string')
      return json(400, { errcode: 'M_BAD_JSON', error: 'bad content' });
    const eventId = `$event${events.length + 1}`;
    events.push({ eventId, txnId, room, content });
    return json(200, { event_id: eventId });
  });
  return { url, requests, events, close: () => closeHttp(server) };
}

export interface EndlessPeer {
  url: string;
  /** Bytes of body written so far, on all connections. */
  bytesWritten: number;
  /** Requests whose connection the client dropped before the body ended (it never does). */
  hungUp: number;
  close(): Promise<void>;
}

/** A webhook that answers `status` and never ends its body: it writes as fast as the client reads, forever. */
export async function startEndlessWebhook(status = 200): Promise<EndlessPeer> {
  const chunk = Buffer.alloc(64 * 1024, 'x');
  const peer = { bytesWritten: 0, hungUp: 0 };
  const { server, url } = await listenHttp((_req, _body, res) => {
    res.writeHead(status, { 'content-type': 'text/plain' });
    let open = true;
    res.on('close', () => {
      open = false;
      peer.hungUp += 1;
    });
    const pump = () => {
      while (open) {
        const more = res.write(chunk);
        peer.bytesWritten += chunk.length;
        if (!more) return void res.once('drain', pump);
      }
    };
    pump();
  });
  return {
    url,
    get bytesWritten() {
      return peer.bytesWritten;
    },
    get hungUp() {
      return peer.hungUp;
    },
    close: () => closeHttp(server),
  };
}
