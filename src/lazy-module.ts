/**
 * A CommonJS dependency loaded on first use, synchronously: commands that never need it (`status`,
 * `--help`) do not pay for loading it at start (see the cold-start figures of `npm run bench`).
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export function lazyModule<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= require(name) as T);
}
