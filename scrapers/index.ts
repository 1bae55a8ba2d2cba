/** The registry: every source the product knows, in the order runs and pages list them. */
import type { Source } from '../src/model/source.ts';
import { cspSource } from './csp/index.ts';
import { passerellesSource } from './passerelles/index.ts';
import { passSource } from './pass/index.ts';
import { perenSource } from './peren/index.ts';

export const SOURCES = {
  passerelles: passerellesSource,
  csp: cspSource,
  pass: passSource,
  peren: perenSource,
} as const;

export function getSource(id: string): Source | undefined {
  return (SOURCES as Record<string, Source>)[id];
}
