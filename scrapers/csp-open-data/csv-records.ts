/**
 * The weekly file's bytes as records, streamed through csv-parse (`;`, quoted fields that may hold
 * `;` and line breaks, CRLF or LF, a BOM). A malformed file is a problem of the file, told apart
 * from the download failing (which the fetcher retries).
 */
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CsvError, parse } from 'csv-parse';

export class MalformedCsv extends Error {}

/** Records of the stream; a CSV syntax error ends them with a `MalformedCsv` naming the line. */
export async function* csvRecords(body: Readable): AsyncGenerator<string[]> {
  const parser = parse({ delimiter: ';', bom: true, relax_column_count: true, skip_empty_lines: true });
  // pipeline carries a download error into the parser, so the loop below sees it.
  const piped = pipeline(body, parser).catch(() => undefined);
  try {
    for await (const record of parser as AsyncIterable<string[]>) yield record;
  } catch (error) {
    if (error instanceof CsvError) throw new MalformedCsv(`not a readable CSV file: ${error.message}`);
    throw error;
  } finally {
    parser.destroy();
    await piped;
  }
}
