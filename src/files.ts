/** File-system helpers the commands share. */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Creates a folder and its missing parents. `mkdirSync(…, { recursive: true })` spins forever under
 * /proc, whose folders refuse new entries with ENOENT: here each missing level is created once and
 * the first refusal is thrown.
 */
export function makeFolder(folder: string): void {
  const missing: string[] = [];
  for (let current = folder; !existsSync(current); current = dirname(current)) {
    missing.unshift(current);
    if (dirname(current) === current) break;
  }
  for (const level of missing) mkdirSync(level);
}
