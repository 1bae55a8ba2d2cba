import v8 from 'node:v8';
import { describe, expect, it } from 'vitest';
import { collectGarbage, releaseGarbage } from '../../src/heap.ts';

const external = () => v8.getHeapStatistics().external_memory;

/** Whether what `page` leaves behind is still alive after the run's release between pages. */
async function survivesRelease(page: () => object): Promise<boolean> {
  collectGarbage();
  const left = new WeakRef(page());
  // A WeakRef keeps its target alive until the current job ends: the release runs in the next one.
  await new Promise((resolve) => setImmediate(resolve));
  releaseGarbage();
  return left.deref() !== undefined;
}

describe('garbage released between pages', () => {
  it('collects the buffers pages were read into, though the heap itself holds little', async () => {
    const survives = await survivesRelease(() => {
      const before = external();
      // Three 4.5 MB results pages arrive as chunks, then as one body: buffers outside the heap's count.
      const body = Buffer.concat(Array.from({ length: 216 }, () => Buffer.alloc(64 * 1024, 1)));
      expect(external()).toBeGreaterThan(before + 26_000_000);
      return body;
    });
    expect(survives).toBe(false);
  });

  it("collects a page's garbage in the heap once it passes what the last collection left alive by 16 MB", async () => {
    // A results page's tree and text, gone once parsed: objects and strings in the heap itself.
    const survives = await survivesRelease(() =>
      Array.from({ length: 250_000 }, (_, i) => ({ tag: 'li', text: `Commune ${i} (${i % 95})` })),
    );
    expect(survives).toBe(false);
  });

  it('leaves a little garbage for later', async () => {
    expect(await survivesRelease(() => Buffer.alloc(1024 * 1024, 1))).toBe(true);
  });
});
