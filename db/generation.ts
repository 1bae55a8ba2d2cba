import type { Db } from './database.ts';
import { prepared } from './statements.ts';

/**
 * A counter that moves with every change a reader could see (triggers on the published tables),
 * whichever process commits it: the read cache's key.
 */
export function dataGeneration(db: Db): number {
  return prepared<[], { value: number }>(db, `SELECT value FROM meta WHERE key = 'generation'`).get()!.value;
}
