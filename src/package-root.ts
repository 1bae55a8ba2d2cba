/**
 * Files the package ships beside its code (migrations, the demo's fixture portals), found from the
 * package root: the same path whether a module runs from src/ (tsx, vitest) or from dist/ (the build).
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function packageRootAbove(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${start}`);
  }
}

const PACKAGE_ROOT = packageRootAbove(dirname(fileURLToPath(import.meta.url)));

export function packagePath(...segments: string[]): string {
  return join(PACKAGE_ROOT, ...segments);
}
