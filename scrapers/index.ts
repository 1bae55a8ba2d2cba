/**
 * The registry: every source the product knows, in the order runs and pages list them. Adding a
 * portal is one folder in scrapers/ and one line here. Each entry pairs the source's facts (read by
 * the configuration, the lifecycle, the readers) with how to load its parsers, which only runs and
 * `doctor`/`parse` need: `openings status` loads no HTML parser.
 */
import { boundNesting } from '../src/model/bounded-nesting.ts';
import { withCappedDescriptions } from '../src/model/description-cap.ts';
import { safeParse } from '../src/model/scraped-text.ts';
import type { BaseSourceSettings, FetchedPage, ParseResult, Source, SourceFacts } from '../src/model/source.ts';
import { cspFacts } from './csp/facts.ts';
import { openDataFacts } from './csp-open-data/facts.ts';
import { passFacts } from './pass/facts.ts';
import { passerellesFacts } from './passerelles/facts.ts';
import { perenFacts } from './peren/facts.ts';

export interface RegisteredSource<S extends BaseSourceSettings = BaseSourceSettings> extends SourceFacts<S> {
  /** The whole source, its parsers loaded. */
  load(): Promise<Source<S>>;
}

export function register<S extends BaseSourceSettings>(
  facts: SourceFacts<S>,
  load: () => Promise<Source<S>>,
): RegisteredSource<S> {
  let loaded: Promise<Source<S>> | undefined;
  return { ...facts, load: () => (loaded ??= load().then(withSafeOutput)) };
}

/**
 * Every parser is called through this wrapper. The page it gets is nested no deeper than
 * `MAX_NESTING` (src/model/bounded-nesting.ts), so parsing and sanitising stay linear in the body
 * whatever the markup. Whatever it returns leaves safe to store and show (src/model/scraped-text.ts),
 * descriptions capped (src/model/description-cap.ts), each posting stamped with the id of the source that read it (a parser shared between sources, or
 * a copied one, cannot file its postings under another source), and copied out of the page: a
 * string a parser returns may be a slice of the page's text, which would keep the whole page
 * alive as long as the string lives (a posting's id in a set of the run, a field in a batch).
 */
function withSafeOutput<S extends BaseSourceSettings>(source: Source<S>): Source<S> {
  return {
    ...source,
    parse(page, settings) {
      const bounded = withBoundedNesting(page);
      const result = withCappedDescriptions(
        safeParse(bounded, () => source.parse(bounded, settings)),
        page.url,
      );
      return detached({
        ...result,
        postings: result.postings.map((p) =>
          p.posting.source === source.id ? p : { ...p, posting: { ...p.posting, source: source.id } },
        ),
      });
    },
  };
}

function withBoundedNesting(page: FetchedPage): FetchedPage {
  const xml = /xml|rss|atom/i.test(page.contentType ?? '') || /^\s*<\?xml/.test(page.body);
  const body = boundNesting(page.body, { xml });
  return body === page.body ? page : { ...page, body };
}

/** A copy sharing no string with the page: JSON text is built anew, and parsed into new strings. */
function detached(result: ParseResult): ParseResult {
  return JSON.parse(JSON.stringify(result)) as ParseResult;
}

export const SOURCES = {
  passerelles: register(passerellesFacts, async () => (await import('./passerelles/index.ts')).passerellesSource),
  csp: register(cspFacts, async () => (await import('./csp/index.ts')).cspSource),
  pass: register(passFacts, async () => (await import('./pass/index.ts')).passSource),
  peren: register(perenFacts, async () => (await import('./peren/index.ts')).perenSource),
  'csp-open-data': register(openDataFacts, async () => (await import('./csp-open-data/index.ts')).openDataSource),
} as const;

export type SourceId = keyof typeof SOURCES;
/** Each source's settings type, by id: the shape of `config.sources`. */
export type SourceSettingsById = { [K in SourceId]: (typeof SOURCES)[K] extends RegisteredSource<infer S> ? S : never };

export const SOURCE_LIST: readonly RegisteredSource[] = Object.values(SOURCES) as unknown as RegisteredSource[];
export const SOURCE_IDS = Object.keys(SOURCES) as SourceId[];

export function isSourceId(id: string): id is SourceId {
  return Object.hasOwn(SOURCES, id);
}

export function getSource(id: string): RegisteredSource | undefined {
  return isSourceId(id) ? (SOURCES[id] as unknown as RegisteredSource) : undefined;
}

/** The whole source with its parsers, or undefined for an id no source has. */
export async function loadSource(id: string): Promise<Source | undefined> {
  return getSource(id)?.load();
}

/** Portals (their postings are openings), in field precedence order. */
export const PORTALS: readonly RegisteredSource[] = SOURCE_LIST.filter((s) => s.kind === 'portal').sort(
  (a, b) => a.precedence - b.precedence,
);
export const HIRING_PAGES: readonly RegisteredSource[] = SOURCE_LIST.filter((s) => s.kind === 'hiring-page');

export function isPortal(id: string): boolean {
  return getSource(id)?.kind === 'portal';
}
