/**
 * Pages are parsed in worker threads, for two reasons. The event loop stays free while a big or
 * hostile page parses (the daemon keeps answering HTTP, SIGTERM is heard). And nothing of a page
 * lives in the main isolate: its bytes are transferred to the worker (moved, not copied), decoded
 * and parsed there, and only the parse result comes back, as JSON text. A worker has its own heap
 * limit: a page that exhausts it fails that parse, not the process.
 */
import { availableParallelism } from 'node:os';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import PQueue from 'p-queue';
import type { Derived, RawPage } from '../http/fetcher.ts';
import type { BaseSourceSettings } from '../model/source.ts';

export interface ParseJob {
  id: number;
  sourceId: string;
  page: RawPage;
  settings: BaseSourceSettings;
  /** Send the page's scrubbed text back too (a body the cache keeps). */
  keepText: boolean;
}

export type ParseAnswer = { id: number; derived: Derived } | { id: number; error: string };

export interface ParsePoolOptions {
  /** Workers; default one fewer than the cores, at least one, at most two. */
  size?: number;
  /** Old-generation heap of each worker, MB: the most one page may cost to parse. */
  maxHeapMb?: number;
  /** The worker's module (tests: a worker that holds its parse); parse-worker by default. */
  workerEntry?: URL;
  /**
   * A worker idle this long is stopped, its heap given back; the next page starts another (about
   * 100 ms). Default 5 s: longer than a polite crawl's pause between pages.
   */
  idleMs?: number;
}

interface Pending {
  job: ParseJob;
  resolve: (derived: Derived) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  busy: Pending | null;
  idle?: NodeJS.Timeout;
}

const WORKER_ENTRY = new URL(`./parse-worker${extname(fileURLToPath(import.meta.url))}`, import.meta.url);

/** From the sources (tsx, vitest) the worker needs tsx's loader; the build runs it as it is. */
function spawnWorker(entry: URL, maxHeapMb: number): Worker {
  // A small young generation: a parse allocates a lot that dies at once, and every megabyte reserved is resident.
  const resourceLimits = { maxOldGenerationSizeMb: maxHeapMb, maxYoungGenerationSizeMb: 8 };
  if (entry.pathname.endsWith('.js')) return new Worker(entry, { resourceLimits });
  const boot = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(boot, { eval: true, resourceLimits });
}

export class ParsePool {
  private readonly size: number;
  private readonly maxHeapMb: number;
  private readonly entry: URL;
  private readonly idleMs: number;
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;
  /**
   * Fetches wait here for their turn to be parsed: one page parsing per worker and one more fetched
   * meanwhile. Without it a batch of offer pages comes in over loopback faster than it is parsed,
   * and the main thread holds every page of the batch while it waits.
   */
  private readonly admission: PQueue;

  constructor(options: ParsePoolOptions = {}) {
    this.size = options.size ?? Math.min(2, Math.max(1, availableParallelism() - 1));
    this.maxHeapMb = options.maxHeapMb ?? 256;
    this.entry = options.workerEntry ?? WORKER_ENTRY;
    this.idleMs = options.idleMs ?? 5000;
    this.admission = new PQueue({ concurrency: this.size + 1 });
  }

  /** Runs `read` (fetch a page, then parse it here) when the pool can take one more page. */
  admit<T>(read: () => Promise<T>): Promise<T> {
    return this.admission.add(read);
  }

  /** Decodes and parses a page in a worker; its bytes are moved there and unusable here afterwards. */
  parse(sourceId: string, page: RawPage, settings: BaseSourceSettings, keepText = false): Promise<Derived> {
    if (this.closed) return Promise.reject(new Error('the parse pool is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ job: { id: this.nextId++, sourceId, page, settings, keepText }, resolve, reject });
      this.dispatch();
    });
  }

  /** Stops the workers idle now: a run whose pages are all read, before its lifecycle step. */
  async releaseIdle(): Promise<void> {
    await Promise.all(this.slots.filter((slot) => slot.busy === null).map((slot) => this.retire(slot)));
  }

  /** Workers running now. */
  get workers(): number {
    return this.slots.length;
  }

  /** Stops every worker; parses in flight fail. */
  async close(): Promise<void> {
    this.closed = true;
    for (const pending of this.queue.splice(0)) pending.reject(new Error('the parse pool was closed'));
    await Promise.all(this.slots.splice(0).map((slot) => this.retire(slot)));
  }

  private retire(slot: Slot): Promise<number> {
    clearTimeout(slot.idle);
    const index = this.slots.indexOf(slot);
    if (index >= 0) this.slots.splice(index, 1);
    return slot.worker.terminate();
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const slot = this.slots.find((s) => s.busy === null) ?? this.grow();
      if (!slot) return;
      const pending = this.queue.shift()!;
      clearTimeout(slot.idle);
      slot.busy = pending;
      // A busy worker keeps the process alive; an idle one does not.
      slot.worker.ref();
      const { job } = pending;
      const bytes = ownBytes(job.page.bytes);
      slot.worker.postMessage({ ...job, page: { ...job.page, bytes } }, [bytes.buffer]);
    }
  }

  private grow(): Slot | undefined {
    if (this.slots.length >= this.size) return undefined;
    const slot: Slot = { worker: spawnWorker(this.entry, this.maxHeapMb), busy: null };
    slot.worker.on('message', (answer: ParseAnswer) => {
      const pending = slot.busy;
      slot.busy = null;
      slot.worker.unref();
      if (pending && pending.job.id === answer.id) {
        if ('derived' in answer) pending.resolve(answer.derived);
        else pending.reject(new Error(answer.error));
      }
      this.dispatch();
      if (slot.busy === null) slot.idle = setTimeout(() => void this.retire(slot), this.idleMs).unref();
    });
    // Out of memory, or a crash: the page in flight fails, the next parse gets a new worker.
    const lost = (error: Error) => {
      const index = this.slots.indexOf(slot);
      if (index < 0) return;
      clearTimeout(slot.idle);
      this.slots.splice(index, 1);
      slot.busy?.reject(error);
      slot.busy = null;
      if (!this.closed) this.dispatch();
    };
    slot.worker.on('error', (error: Error) => lost(new Error(`parsing failed in its worker: ${error.message}`)));
    slot.worker.on('exit', (code) => lost(new Error(`the parser's worker exited (code ${code})`)));
    this.slots.push(slot);
    return slot;
  }
}

/** Bytes that own their whole buffer, so that transferring them moves nothing else (a pooled small Buffer is copied). */
function ownBytes(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  return whole && bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : new Uint8Array(bytes);
}
