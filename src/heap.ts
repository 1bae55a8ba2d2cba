/**
 * A run parses pages of megabytes (a Choisir le service public results page weighs 4.5 MB) and
 * thousands of offer pages. What a page leaves behind is garbage, but V8 collects lazily: left
 * alone, the heap of a 20,000-offer run grows to gigabytes of it, and the buffers a fetch read its
 * body into (external memory, outside the heap's count) wait for a collection the small heap of
 * the main thread seldom triggers. So between pages the run asks for a full collection once the
 * heap and its buffers hold more than a little beyond what the last collection left alive: memory
 * stays flat in the number of offers and in the weight of the pages, for a few milliseconds a page.
 */
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Garbage allowed between collections. Measured with bench:scale at 1,000 offers and 4.5 MB results
 * pages: a fixed 40 MB of heap let the parse worker pile up five results pages' garbage (86 MB of
 * heap) and the main thread 30 MB of read buffers; 16 MB above the live heap keeps each within a page.
 */
const GARBAGE_ALLOWANCE_BYTES = 16 * 1024 * 1024;

v8.setFlagsFromString('--expose_gc');
const collect = runInNewContext('gc') as () => void;

/** Heap in use plus external buffers: what a full collection can bring down. */
function heldBytes(): number {
  const heap = v8.getHeapStatistics();
  return heap.used_heap_size + heap.external_memory;
}

let liveAfterCollection = 0;

export function releaseGarbage(): void {
  if (heldBytes() > liveAfterCollection + GARBAGE_ALLOWANCE_BYTES) collectGarbage();
}

/** A full collection now (tests measuring what is retained). */
export function collectGarbage(): void {
  collect();
  liveAfterCollection = heldBytes();
}
