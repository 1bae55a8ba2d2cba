/**
 * The registry: every source the product knows, in the order runs and pages list them. Adding a
 * portal is one folder in scrapers/ and one line here; everything else reads the source record.
 */
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

export type SourceId = keyof typeof SOURCES;
/** Each source's settings type, by id: the shape of `config.sources`. */
export type SourceSettingsById = { [K in SourceId]: (typeof SOURCES)[K] extends Source<infer S> ? S : never };

export const SOURCE_LIST: readonly Source[] = Object.values(SOURCES) as unknown as Source[];
export const SOURCE_IDS = Object.keys(SOURCES) as SourceId[];

export function isSourceId(id: string): id is SourceId {
  return Object.hasOwn(SOURCES, id);
}

export function getSource(id: string): Source | undefined {
  return isSourceId(id) ? (SOURCES[id] as unknown as Source) : undefined;
}

/** Portals (their postings are openings), in field precedence order. */
export const PORTALS: readonly Source[] = SOURCE_LIST.filter((s) => s.kind === 'portal').sort((a, b) => a.precedence - b.precedence);
export const HIRING_PAGES: readonly Source[] = SOURCE_LIST.filter((s) => s.kind === 'hiring-page');

export function isPortal(id: string): boolean {
  return getSource(id)?.kind === 'portal';
}

