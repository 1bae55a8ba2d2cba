/**
 * A run parses pages of megabytes (a Choisir le service public results page weighs 4.5 MB) and
 * thousands of offer pages. What a page leaves behind is garbage, but V8 collects lazily: left
 * alone, the heap of a 20,000-offer run grows to gigabytes of it, and the buffers a fetch read its
 * body into (external memory, outside the heap's count) wait for a collection the small heap of
 * the main thread seldom triggers. So between pages the run asks for a full collection once the
 * heap holds more than a little beyond what the last collection left alive, or the buffers more
 * than a few pages in flight: memory stays flat in the number of offers and in the weight of the
 * pages, for a few milliseconds a page.
 */
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Garbage allowed in the heap between collections. Measured with bench:scale at 1,000 offers and
 * 4.5 MB results pages: a fixed 40 MB of heap let the parse worker pile up five results pages'
 * garbage (86 MB of heap); 16 MB above the live heap keeps it within a page.
 */
const HEAP_GARBAGE_BYTES = 16 * 1024 * 1024;

/**
 * Buffers allowed outside the heap: two 4.5 MB results pages in flight, with the chunks they
 * arrived in, and some. An absolute bound, because right after a collection V8 still counts the
 * buffers it has yet to free: a bound relative to that count let 50 offer pages' buffers (40 MB)
 * into the "live" figure, and the main thread's heap grew to 80 MB of garbage at 20,000 offers.
 */
const EXTERNAL_BYTES = 24 * 1024 * 1024;

v8.setFlagsFromString('--expose_gc');
const collect = runInNewContext('gc') as () => void;

let liveHeapAfterCollection = 0;

export function releaseGarbage(): void {
  const heap = v8.getHeapStatistics();
  if (heap.used_heap_size > liveHeapAfterCollection + HEAP_GARBAGE_BYTES || heap.external_memory > EXTERNAL_BYTES)
    collectGarbage();
}

/** A full collection now (tests measuring what is retained). */
export function collectGarbage(): void {
  collect();
  liveHeapAfterCollection = v8.getHeapStatistics().used_heap_size;
}
