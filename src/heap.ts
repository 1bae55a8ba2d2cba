/**
 * A run parses pages of megabytes (a Choisir le service public results page weighs 4.5 MB) and
 * thousands of offer pages. What a page leaves behind is garbage, but V8 collects lazily: left
 * alone, the heap of a 20,000-offer run grows to gigabytes of it. So between pages the run asks for
 * a full collection once the heap holds more than a little: memory stays flat in the number of
 * offers, at the cost of a few milliseconds a page.
 */
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Below this much heap in use, nothing is worth collecting yet. Measured at 200 offers with 4.5 MB
 * results pages (bench:scale): 64 MB gave a 241 MB peak, 40 MB 200 MB for the same CPU, 24 MB
 * 199 MB for half as much more CPU. A live heap stays well under it (main thread about 25 MB, a
 * parse worker about 20 MB between pages), so this is garbage, not work, being bounded.
 */
const COLLECT_ABOVE_BYTES = 40 * 1024 * 1024;

v8.setFlagsFromString('--expose_gc');
const collect = runInNewContext('gc') as () => void;

export function releaseGarbage(): void {
  if (v8.getHeapStatistics().used_heap_size > COLLECT_ABOVE_BYTES) collect();
}

/** A full collection now (a parse worker after each page, tests measuring what is retained). */
export function collectGarbage(): void {
  collect();
}
