/**
 * A parse-pool worker for tests: holds each parse until the test opens the gate (a shared buffer
 * passed in the job's settings), so a test can check what the main thread does meanwhile.
 */
import { parentPort } from 'node:worker_threads';
import type { ParseJob } from '../../src/pipeline/parse-pool.ts';

parentPort!.on('message', (job: ParseJob) => {
  const gate = new Int32Array((job.settings as unknown as { gate: SharedArrayBuffer }).gate);
  Atomics.store(gate, 1, 1); // the parse has started
  Atomics.wait(gate, 0, 0);
  const value = JSON.stringify({ variant: 'gated', postings: [], next: [], problems: [] });
  parentPort!.postMessage({ id: job.id, derived: { value, charset: 'utf-8', text: null } });
});
