#!/usr/bin/env node
// Runs the compiled CLI. `npm ci` builds it (the `prepare` script); after changing the code, `npm run build`.
import { existsSync } from 'node:fs';

const main = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('openings: not built yet: run `npm run build` (npm ci does it) in the package folder\n');
  process.exit(2);
}
await import(main.href);
