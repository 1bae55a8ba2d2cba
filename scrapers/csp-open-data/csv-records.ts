/**
 * The weekly file's bytes as records, streamed through csv-parse (`;`, quoted fields that may hold
 * `;` and line breaks, CRLF or LF, a BOM). A malformed file is a problem of the file, told apart
 * from the download failing (which the fetcher retries): only the body's own error is a download's.
 */
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CsvError, parse } from 'csv-parse';

export class MalformedCsv extends Error {}

/** Errors the download itself raised (cut short, timed out, too big), rethrown as they came. */
const downloadErrors = new WeakSet<object>();

/** Whether an error came from the download rather than from reading the file. */
export function isDownloadError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && downloadErrors.has(error);
}

/**
 * Records of the stream. A CSV syntax error, or any other failure of the reader, ends them with a
 * `MalformedCsv`; an error of the body itself is rethrown and marked as the download's.
 */
export async function* csvRecords(body: Readable): AsyncGenerator<string[]> {
  const parser = parse({ delimiter: ';', bom: true, relax_column_count: true, skip_empty_lines: true });
  // Whichever fails first is the cause: pipeline then destroys the other with the same error.
  let failedFirst: { side: 'body' | 'parser'; error: unknown } | null = null;
  body.once('error', (error) => {
    failedFirst ??= { side: 'body', error };
  });
  parser.once('error', (error) => {
    failedFirst ??= { side: 'parser', error };
  });
  // pipeline carries a download error into the parser, so the loop below sees it.
  const piped = pipeline(body, parser).catch(() => undefined);
  try {
    for await (const record of parser as AsyncIterable<string[]>) yield record;
  } catch (error) {
    const cause = failedFirst as { side: 'body' | 'parser'; error: unknown } | null;
    if (cause?.side === 'body') {
      if (typeof cause.error === 'object' && cause.error !== null) downloadErrors.add(cause.error);
      throw cause.error;
    }
    if (error instanceof CsvError) throw new MalformedCsv(`not a readable CSV file: ${error.message}`);
    throw new MalformedCsv(`the CSV reader failed: ${(error as Error).message}`);
  } finally {
    parser.destroy();
    await piped;
  }
}
