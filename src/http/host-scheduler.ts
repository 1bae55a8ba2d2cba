/** Politeness: one request at a time per host, and a minimum spacing between their starts. */

import { setTimeout as sleep } from 'node:timers/promises';
import PQueue from 'p-queue';

interface HostSlot {
  queue: PQueue;
  lastStart: number;
  /** Epoch ms before which nothing starts (retry backoff, Retry-After). */
  notBefore: number;
}

export class HostScheduler {
  private readonly slots = new Map<string, HostSlot>();

  /** Runs `task` when the host is free and `minIntervalMs` have passed since the previous start. */
  run<T>(host: string, minIntervalMs: number, task: (startedAt: number) => Promise<T>): Promise<T> {
    const slot = this.slot(host);
    return slot.queue.add(async () => {
      const startedAt = await waitUntil(Math.max(slot.lastStart + minIntervalMs, slot.notBefore));
      slot.lastStart = startedAt;
      return task(startedAt);
    });
  }

  /** Holds the host until `time` (epoch ms). */
  defer(host: string, time: number): void {
    const slot = this.slot(host);
    slot.notBefore = Math.max(slot.notBefore, time);
  }

  private slot(host: string): HostSlot {
    let slot = this.slots.get(host);
    if (!slot) {
      slot = { queue: new PQueue({ concurrency: 1 }), lastStart: -Infinity, notBefore: 0 };
      this.slots.set(host, slot);
    }
    return slot;
  }
}

/** Resolves with the current time once it is at least `time`: timers may fire a millisecond early. */
async function waitUntil(time: number): Promise<number> {
  let now = Date.now();
  while (now < time) {
    await sleep(time - now);
    now = Date.now();
  }
  return now;
}
