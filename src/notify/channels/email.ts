/**
 * E-mail channel over SMTP with nodemailer: STARTTLS (required, never silently skipped) or
 * implicit TLS, optional authentication, several recipients. The Message-ID derives from the
 * delivery id, so a copy sent again after a crash is recognisable as the same message.
 */
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import nodemailer, { type NodemailerError } from 'nodemailer';
import type { EmailChannel } from '../settings.ts';
import type { AttemptResult, ChannelAdapter } from './channel.ts';

const DEFAULT_PORTS = { starttls: 587, tls: 465, none: 25 } as const;

/**
 * A title holding `=?utf-8?b?…?=` must read as those characters, not be decoded as an RFC 2047
 * encoded word by the mail client: a word joiner splits each `=?`, which also makes the subject
 * non-ASCII, so nodemailer encodes all of it (decoded once, it shows the text as it was).
 */
const plainSubject = (subject: string) => subject.replaceAll('=?', '=\u2060?');

export const emailMessageId = (deliveryId: string) => `<${deliveryId}@peren-openings>`;

function failure(error: NodemailerError): AttemptResult {
  if (error.responseCode === undefined) {
    // No SMTP reply: refused, timed out, TLS or DNS trouble; EAUTH without a code is a local refusal to send the password in clear.
    const answered = error.code === 'EAUTH';
    return {
      ok: false,
      error: `${error.code ?? 'error'}: ${error.message}`,
      response: null,
      retryable: !answered,
      retryAfterMs: null,
      unreachable: !answered,
    };
  }
  const retryable = error.permanent !== true;
  return {
    ok: false,
    error: `SMTP ${error.responseCode}${error.command ? ` after ${error.command}` : ''}`,
    response: error.response ?? null,
    retryable,
    retryAfterMs: null,
    unreachable: false,
  };
}

export function emailAdapter(
  channel: EmailChannel,
  password: string | null,
  options: { timeoutMs: number },
): ChannelAdapter {
  const transport = nodemailer.createTransport({
    host: channel.host,
    port: channel.port ?? DEFAULT_PORTS[channel.security],
    secure: channel.security === 'tls',
    requireTLS: channel.security === 'starttls',
    ignoreTLS: channel.security === 'none',
    // An extra CA adds to the system's, it does not replace them.
    ...(channel.caFile ? { tls: { ca: [...rootCertificates, readFileSync(channel.caFile, 'utf8')] } } : {}),
    ...(channel.user ? { auth: { user: channel.user, pass: password ?? '' } } : {}),
    connectionTimeout: options.timeoutMs,
    greetingTimeout: options.timeoutMs,
    socketTimeout: options.timeoutMs,
    dnsTimeout: options.timeoutMs,
  });
  return {
    async send(message) {
      try {
        const info = await transport.sendMail({
          from: channel.from,
          to: channel.to,
          subject: plainSubject(message.rendered.subject),
          text: message.rendered.text,
          html: message.rendered.html,
          messageId: emailMessageId(message.deliveryId),
          headers: { 'Auto-Submitted': 'auto-generated', 'X-Peren-Openings-Delivery': message.deliveryId },
        });
        const rejected = info.rejected.map(String);
        return { ok: true, response: `${info.response}${rejected.length ? ` (refused: ${rejected.join(', ')})` : ''}` };
      } catch (error) {
        return failure(error as NodemailerError);
      }
    },
    close() {
      transport.close();
    },
  };
}
