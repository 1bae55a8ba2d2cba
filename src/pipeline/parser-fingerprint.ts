/**
 * What a cached parse result depends on besides the page: the parsers' code (scrapers/ and the
 * src/model/ helpers they use, as this process runs them) and the dependencies' versions. A
 * release that changes any of it parses every page again instead of trusting an older reading.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packagePath } from '../package-root.ts';

/** The code's own root: the package root from the sources, dist/ from the build. */
const CODE_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const EXTENSION = extname(fileURLToPath(import.meta.url));

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(EXTENSION))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

let fingerprint: string | undefined;

export function parserFingerprint(): string {
  if (fingerprint) return fingerprint;
  const hash = createHash('sha256').update(readFileSync(packagePath('package.json')));
  for (const file of [...filesUnder(join(CODE_ROOT, 'scrapers')), ...filesUnder(join(CODE_ROOT, 'src/model'))])
    hash.update(file.slice(CODE_ROOT.length)).update(readFileSync(file));
  fingerprint = hash.digest('hex').slice(0, 16);
  return fingerprint;
}
