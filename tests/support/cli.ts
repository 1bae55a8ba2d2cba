/** Runs the real `openings` CLI as a child process, the way cron and people do: the build in dist/, which the global setup brings up to date. */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = join(ROOT, 'bin/openings.js');
export const FIXTURE_PORTALS = join(ROOT, 'fixtures/portals');
/** Constructed portals that lie, garble and leak (fixtures/README.md): one folder per trick. */
export const HOSTILE_PORTALS = join(ROOT, 'fixtures/hostile');
export const SAMPLES = join(ROOT, 'fixtures/samples');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? ROOT,
      env: { ...process.env, NO_COLOR: '1', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** `openings serve --port 0` as a child process; resolves once it listens, with its base URL. */
export async function startServe(globalArgs: readonly string[]): Promise<{ base: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [BIN, ...globalArgs, 'serve', '--port', '0'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const base = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      const m = /Serving on (http:\/\/[^/\s]+)/.exec(d.toString());
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}`)));
  });
  return {
    base,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('close', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** A scratch folder with a config file; returns the global options that point the CLI at it. */
export function workspace(config: unknown): { dir: string; configPath: string; dbPath: string; args: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'openings-test-'));
  const configPath = join(dir, 'openings.config.json');
  const dbPath = join(dir, 'openings.db');
  writeFileSync(configPath, JSON.stringify(config, null, 2));
  return { dir, configPath, dbPath, args: ['--config', configPath, '--db', dbPath] };
}

/** Points an existing workspace at another configuration (a portal that changed between two runs). */
export function rewriteConfig(ws: { configPath: string }, config: unknown): void {
  writeFileSync(ws.configPath, JSON.stringify(config, null, 2));
}

/** Fast, still polite settings for tests: short pauses and backoffs, one retry. */
export const TEST_HTTP = { minIntervalMs: 5, retryBaseMs: 20, retries: 1, timeoutMs: 30_000, maxRetryAfterMs: 2000 };
