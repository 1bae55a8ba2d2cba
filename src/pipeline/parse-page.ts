/**
 * A page's bytes to what a run keeps of it: the text parsers read (src/http/page-text.ts), parsed
 * by the registry's source, as JSON. Only in a parse worker (parse-worker.ts): a run's main thread
 * loads no parser and never holds a page's text.
 */
import { parentPort } from 'node:worker_threads';
import { releaseGarbage } from '../heap.ts';
import type { Derived } from '../http/fetcher.ts';
import { type RawPage, readPageText } from '../http/page-text.ts';
import type { BaseSourceSettings, Source } from '../model/source.ts';
import type { ParseAnswer, ParseJob } from './parse-pool.ts';

function parseRawPage<S extends BaseSourceSettings>(
  source: Source<S>,
  raw: RawPage,
  settings: S,
  keepText: boolean,
): Derived {
  const { bytes, ...rest } = raw;
  const read = readPageText(bytes, raw.contentType);
  if (read.wrongCharset !== null) return { value: null, charset: read.charset, wrongCharset: read.wrongCharset };
  const result = source.parse({ ...rest, body: read.text }, settings);
  return { value: JSON.stringify(result), charset: read.charset, text: keepText ? read.text : null };
}

/** A parse worker's loop: one page at a time, with the sources `load` gives (the registry's in parse-worker.ts). */
export function serveParses(load: (sourceId: string) => Promise<Source | undefined>): void {
  const port = parentPort!;
  port.on('message', async (job: ParseJob) => {
    let answer: ParseAnswer;
    try {
      const source = await load(job.sourceId);
      if (!source) throw new Error(`no source "${job.sourceId}"`);
      answer = { id: job.id, derived: parseRawPage(source, job.page, job.settings, job.keepText) };
    } catch (error) {
      answer = { id: job.id, error: error instanceof Error ? error.message : String(error) };
    }
    port.postMessage(answer);
    // What the page left is garbage: collected once it amounts to something (a full collection per page costs more than the parse).
    releaseGarbage();
  });
}
