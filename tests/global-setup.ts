/**
 * Once before the test files: build the CLI from the current sources (incremental, about a second
 * when nothing changed), since the integration tests spawn the build as users run it; and say once
 * when the browser tests will be skipped.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import type { TestProject } from 'vitest/node';
import { CHROMIUM_HINT, chromiumRequired, findChromium } from './support/chromium.ts';
import { ROOT } from './support/cli.ts';

/** tsc emits despite type errors, so the tests still run the current code (a change broken on purpose included). */
function buildCli(): void {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const build = spawnSync(process.execPath, [tsc, '-b', 'tsconfig.build.json'], { cwd: ROOT, encoding: 'utf8' });
  if (build.error) throw build.error;
  if (build.status !== 0)
    console.warn(
      `tsc -b tsconfig.build.json: dist/ is built, with errors (npm run typecheck fails):\n${build.stdout}${build.stderr}`,
    );
}

export default function setup(project: TestProject): void {
  buildCli();
  project.onTestsRerun(buildCli);
  if (!findChromium() && !chromiumRequired()) console.log(`browser tests skipped: ${CHROMIUM_HINT}`);
}
