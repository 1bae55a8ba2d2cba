/** The registry: every source the product knows, in the order runs and pages list them. */
import { safeParseResult } from '../src/model/scraped-text.ts';
import type { BaseSourceSettings, Source } from '../src/model/source.ts';
import { cspSource } from './csp/index.ts';
import { passerellesSource } from './passerelles/index.ts';
import { passSource } from './pass/index.ts';
import { perenSource } from './peren/index.ts';

/** Whatever a parser returns leaves the registry safe to store and show (src/model/scraped-text.ts). */
function withSafeOutput<S extends BaseSourceSettings>(source: Source<S>): Source<S> {
  return { ...source, parse: (page, settings) => safeParseResult(source.parse(page, settings)) };
}

export const SOURCES = {
  passerelles: withSafeOutput(passerellesSource),
  csp: withSafeOutput(cspSource),
  pass: withSafeOutput(passSource),
  peren: withSafeOutput(perenSource),
} as const;

export function getSource(id: string): Source | undefined {
  return (SOURCES as Record<string, Source>)[id];
}
