import v8 from 'node:v8';
import { describe, expect, it } from 'vitest';
import { collectGarbage, releaseGarbage } from '../../src/heap.ts';

const external = () => v8.getHeapStatistics().external_memory;
/** A WeakRef keeps its target alive until the current job ends: the checks run in the next one. */
const nextJob = () => new Promise((resolve) => setImmediate(resolve));

describe('garbage released between pages', () => {
  it('collects the buffers pages were read into, though the heap itself holds little', async () => {
    collectGarbage();
    const before = external();
    // Three 4.5 MB results pages arrive as chunks, then as one body: buffers outside the heap's count.
    let chunks: Buffer[] | null = Array.from({ length: 216 }, () => Buffer.alloc(64 * 1024, 1));
    const body = new WeakRef(Buffer.concat(chunks));
    expect(external()).toBeGreaterThan(before + 26_000_000);
    chunks = null;
    await nextJob();
    releaseGarbage();
    expect(chunks).toBeNull();
    expect(body.deref()).toBeUndefined();
  });

  it("collects a page's garbage in the heap once it passes what the last collection left alive by 16 MB", async () => {
    collectGarbage();
    // A results page's tree and text, gone once parsed: objects and strings in the heap itself.
    let tree: { tag: string; text: string }[] | null = Array.from({ length: 250_000 }, (_, i) => ({
      tag: 'li',
      text: `Commune ${i} (${i % 95})`,
    }));
    const garbage = new WeakRef(tree);
    tree = null;
    await nextJob();
    releaseGarbage();
    expect(tree).toBeNull();
    expect(garbage.deref()).toBeUndefined();
  });

  it('leaves a little garbage for later', async () => {
    collectGarbage();
    const small = new WeakRef(Buffer.alloc(1024 * 1024, 1));
    await nextJob();
    releaseGarbage();
    expect(small.deref()).toBeDefined();
  });
});
