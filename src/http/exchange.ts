/** One HTTP GET: timeouts, a byte cap, decompression. Statuses are results here, not errors. */

import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { request } from 'undici';
import { FetchError } from './fetch-error.ts';
import type { Location } from './url-mapping.ts';

export interface ExchangeOptions {
  headers: Record<string, string>;
  timeoutMs: number;
  maxBytes: number;
  /**
   * Streaming: a 2xx body is handed over as a stream (decompressed, byte cap enforced) instead of
   * being collected, and what `consume` makes of it is the result. `timeoutMs` then bounds only the
   * headers; the whole body gets `bodyTimeoutMs`.
   */
  stream?: BodyConsumer;
}

export interface BodyConsumer {
  bodyTimeoutMs: number;
  consume(body: Readable, headers: Record<string, string>): Promise<unknown>;
}

export interface ExchangeResult {
  status: number;
  /** Lower-case names; repeated headers joined with `, `. */
  headers: Record<string, string>;
  /** Decompressed body; empty for statuses whose body nobody reads (redirects, errors, 304), and when streamed. */
  body: Buffer;
  /** What the stream's consumer made of a streamed 2xx body. */
  consumed?: unknown;
}

/** Bytes received on the wire so far, readable even when the exchange fails. */
export interface ExchangeProgress {
  bytes: number;
}

export const ACCEPT_ENCODING = 'gzip, br, deflate';

const gunzip = promisify(zlib.gunzip);
const brotliDecompress = promisify(zlib.brotliDecompress);
const inflate = promisify(zlib.inflate);
const inflateRaw = promisify(zlib.inflateRaw);

export async function exchange(
  location: Location,
  options: ExchangeOptions,
  progress: ExchangeProgress,
): Promise<ExchangeResult> {
  const { timeoutMs, maxBytes } = options;
  const controller = new AbortController();
  let phase: 'headers' | 'body' = 'headers';
  let timedOut = false;
  const startTimer = (ms = timeoutMs) =>
    setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, ms);
  let timer = startTimer();
  try {
    const response = await request(location.actual, {
      method: 'GET',
      headers: options.headers,
      signal: controller.signal,
    });
    clearTimeout(timer);
    phase = 'body';
    timer = startTimer(options.stream?.bodyTimeoutMs);
    const headers = flattenHeaders(response.headers);
    const declaredLength = Number(headers['content-length'] ?? NaN);
    if (declaredLength > maxBytes) {
      // dump() closes the connection at once when Content-Length exceeds its limit.
      await response.body.dump({ limit: maxBytes });
      throw tooLarge(location, response.statusCode, `announces ${declaredLength} bytes (Content-Length)`, maxBytes);
    }
    const success = response.statusCode >= 200 && response.statusCode < 300;
    if (success && options.stream) {
      const counted = Readable.from(
        capped(response.body as AsyncIterable<Buffer>, progress, location, response.statusCode, maxBytes),
      );
      const consumed = await options.stream.consume(
        decompressing(counted, headers['content-encoding'], location),
        headers,
      );
      return { status: response.statusCode, headers, body: Buffer.alloc(0), consumed };
    }
    const chunks: Buffer[] = [];
    for await (const chunk of response.body as AsyncIterable<Buffer>) {
      progress.bytes += chunk.length;
      // Leaving the loop destroys the stream, which closes the connection.
      if (progress.bytes > maxBytes) {
        throw tooLarge(location, response.statusCode, `sent more than ${maxBytes} bytes`, maxBytes);
      }
      chunks.push(chunk);
    }
    const body = success
      ? await decompress(Buffer.concat(chunks), headers['content-encoding'], location, maxBytes)
      : Buffer.alloc(0);
    return { status: response.statusCode, headers, body };
  } catch (error) {
    if (error instanceof FetchError) throw error;
    if (timedOut) {
      const what = phase === 'headers' ? 'no response headers' : 'body not complete';
      const ms = phase === 'body' && options.stream ? options.stream.bodyTimeoutMs : timeoutMs;
      throw new FetchError('timeout', location.canonical, null, `${describe(location)}: ${what} within ${ms} ms`);
    }
    const code = (error as { code?: string }).code;
    const reason = error instanceof Error ? error.message : String(error);
    throw new FetchError(
      'network',
      location.canonical,
      null,
      `${describe(location)}: ${code ? `${code} ` : ''}${reason}`,
      { cause: error },
    );
  } finally {
    clearTimeout(timer);
  }
}

/** The body's chunks, counted into `progress`, ending in a too-large error past the cap. */
async function* capped(
  body: AsyncIterable<Buffer>,
  progress: ExchangeProgress,
  location: Location,
  status: number,
  maxBytes: number,
): AsyncGenerator<Buffer> {
  for await (const chunk of body) {
    progress.bytes += chunk.length;
    if (progress.bytes > maxBytes) throw tooLarge(location, status, `sent more than ${maxBytes} bytes`, maxBytes);
    yield chunk;
  }
}

/** A streamed body decompressed as it comes; a corrupt one errors the stream. */
function decompressing(body: Readable, encoding: string | undefined, location: Location): Readable {
  const name = encoding?.trim().toLowerCase() ?? 'identity';
  const decoder =
    name === 'identity' || name === ''
      ? null
      : name === 'gzip' || name === 'x-gzip'
        ? zlib.createGunzip()
        : name === 'br'
          ? zlib.createBrotliDecompress()
          : name === 'deflate'
            ? zlib.createInflate()
            : undefined;
  if (decoder === undefined)
    throw new FetchError(
      'http',
      location.canonical,
      null,
      `${describe(location)}: unsupported Content-Encoding "${encoding}"`,
    );
  if (decoder === null) return body;
  body.on('error', (error) => decoder.destroy(error));
  return body.pipe(decoder);
}

function flattenHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

/** `maxOutputLength` stops a compression bomb before it fills memory. */
async function decompress(
  body: Buffer,
  encoding: string | undefined,
  location: Location,
  maxBytes: number,
): Promise<Buffer> {
  const name = encoding?.trim().toLowerCase() ?? 'identity';
  const limits = { maxOutputLength: maxBytes };
  try {
    switch (name) {
      case 'identity':
      case '':
        return body;
      case 'gzip':
      case 'x-gzip':
        return await gunzip(body, limits);
      case 'br':
        return await brotliDecompress(body, limits);
      case 'deflate':
        // Some servers send raw DEFLATE data under this name instead of the zlib format.
        return await inflate(body, limits).catch((error: unknown) => {
          if ((error as { code?: string }).code === 'Z_DATA_ERROR') return inflateRaw(body, limits);
          throw error;
        });
      default:
        throw new FetchError(
          'http',
          location.canonical,
          null,
          `${describe(location)}: unsupported Content-Encoding "${encoding}"`,
        );
    }
  } catch (error) {
    if (error instanceof FetchError) throw error;
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw tooLarge(location, null, `decompresses to more than ${maxBytes} bytes`, maxBytes);
    }
    const reason = error instanceof Error ? error.message : String(error);
    throw new FetchError(
      'network',
      location.canonical,
      null,
      `${describe(location)}: corrupt ${name} body (${reason})`,
      { cause: error },
    );
  }
}

function tooLarge(location: Location, status: number | null, what: string, maxBytes: number): FetchError {
  return new FetchError(
    'too-large',
    location.canonical,
    status,
    `${describe(location)} ${what}, over the ${maxBytes}-byte limit`,
  );
}

/** Names the canonical URL, and the fetched one when a baseUrl stands in for the portal. */
export function describe(location: Location): string {
  return location.actual === location.canonical
    ? location.canonical
    : `${location.canonical} (fetched as ${location.actual})`;
}
