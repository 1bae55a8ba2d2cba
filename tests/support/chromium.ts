/** Which Chromium the browser tests drive: CHROMIUM_PATH when set, else the first one installed where it usually is. */
import { accessSync, constants } from 'node:fs';
import { chromium } from 'playwright-core';

const USUAL_PLACES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/chromium-headless-shell',
  '/snap/bin/chromium',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

export const CHROMIUM_HINT = 'no Chromium found: install one (Debian: apt-get install chromium) or set CHROMIUM_PATH';

const executable = (path: string): boolean => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** CHROMIUM_PATH is taken as given (a wrong one fails at launch, never falls back to another browser). */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.CHROMIUM_PATH) return env.CHROMIUM_PATH;
  // Where `npx playwright install` puts its browser, on machines that can download one.
  return [...USUAL_PLACES, chromium.executablePath()].find(executable) ?? null;
}

/** Under CI a missing browser fails the browser tests instead of skipping them. */
export const chromiumRequired = (env: NodeJS.ProcessEnv = process.env): boolean => env.CI === 'true';
