/** A parse-pool worker (parse-pool.ts): parses one page at a time with the registry's source. */
import { parentPort } from 'node:worker_threads';
import { loadSource } from '../../scrapers/index.ts';
import { releaseGarbage } from '../heap.ts';
import type { ParseAnswer, ParseJob } from './parse-pool.ts';

const port = parentPort!;

port.on('message', async (job: ParseJob) => {
  let answer: ParseAnswer;
  try {
    const source = await loadSource(job.sourceId);
    if (!source) throw new Error(`no source "${job.sourceId}"`);
    answer = { id: job.id, result: source.parse(job.page, job.settings) };
  } catch (error) {
    answer = { id: job.id, error: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(answer);
  // What the page left is garbage: collected once it amounts to something (a full collection per page costs more than the parse).
  releaseGarbage();
});
