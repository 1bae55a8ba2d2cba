/**
 * The organisations a deployment watches, resolved from the configuration: `organisations` (by
 * id), else the first release's singular `organisation` (or none: PEReN's defaults) as a
 * one-organisation deployment whose source settings are today's. Everything below the
 * configuration reads organisations from here, never `config.organisation`.
 */
import { SOURCE_LIST } from '../scrapers/index.ts';
import type { Config, OrganisationEntry } from './config.ts';
import { OrganisationMatcher, type OrganisationRecord, organisationIdOf } from './model/organisation.ts';

export interface Organisation extends OrganisationRecord {
  /** French after "de": "du PEReN", "de la DINUM" (the feeds' "Offres du PEReN"). */
  of: string;
  match: readonly string[];
  matcher: OrganisationMatcher;
  /** Per source id, the organisation's own settings, laid over the crawl's `sources.<id>`. */
  sourceSettings: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  hiringPages: readonly string[];
  /** How `openings hiring-page` writes its new tiles: English titles by opening, the image when the grid has none. */
  hiringPage: { translations: Readonly<Record<string, string>>; tileImage: string };
  /** Notification channels that hear of it; null: every channel. */
  channels: readonly string[] | null;
}

const resolved = new WeakMap<Config, readonly Organisation[]>();

/** The organisations, in the configuration's order (the first one owns a database from before organisations). */
export function organisationsOf(config: Config): readonly Organisation[] {
  let list = resolved.get(config);
  if (!list) {
    list = config.organisations
      ? Object.entries(config.organisations).map(([id, entry]) => fromEntry(id, entry as OrganisationEntry, config))
      : [fromSingular(config)];
    resolved.set(config, list);
  }
  return list;
}

function fromEntry(id: string, entry: OrganisationEntry, config: Config): Organisation {
  const match = entry.match ?? [entry.name];
  const sourceSettings: Record<string, Record<string, unknown>> = {};
  for (const source of SOURCE_LIST) {
    const own = entry[source.id] as Record<string, unknown> | undefined;
    if (source.organisationSettings) sourceSettings[source.id] = withoutUndefined(own ?? {});
  }
  // An organisation that says nothing of a search portal is searched for by its names.
  const csp = sourceSettings.csp;
  if (csp && csp.searchTerms === undefined) csp.searchTerms = [...match];
  withHiringPages(sourceSettings, entry.hiringPages);
  return {
    id,
    name: entry.name,
    of: entry.of ?? `de ${entry.name}`,
    match,
    matcher: new OrganisationMatcher(match),
    sourceSettings,
    hiringPages: entry.hiringPages,
    hiringPage: {
      translations: { ...config.hiringPage.translations, ...entry.hiringPage?.translations },
      tileImage: entry.hiringPage?.tileImage ?? config.hiringPage.tileImage,
    },
    channels: entry.channels ?? null,
  };
}

/** Today's configuration: its organisation's settings are the sources' own. */
function fromSingular(config: Config): Organisation {
  const { name, match } = config.organisation;
  const sources = config.sources as Record<string, Record<string, unknown>>;
  const sourceSettings: Record<string, Record<string, unknown>> = {};
  for (const source of SOURCE_LIST) {
    const keys = Object.keys(source.organisationSettings?.shape ?? {});
    if (keys.length > 0)
      sourceSettings[source.id] = withoutUndefined(Object.fromEntries(keys.map((k) => [k, sources[source.id]?.[k]])));
  }
  const hiringPages = (sources.peren?.pages as string[] | undefined) ?? [];
  withHiringPages(sourceSettings, hiringPages);
  return {
    id: config.organisation.id ?? (organisationIdOf(name) || 'organisation'),
    name,
    of: config.organisation.of ?? (name === 'PEReN' ? 'du PEReN' : `de ${name}`),
    match,
    matcher: new OrganisationMatcher(match),
    sourceSettings,
    hiringPages,
    hiringPage: config.hiringPage,
    channels: null,
  };
}

/** A hiring-page source reads the organisation's own pages: each organisation's start requests are its pages. */
function withHiringPages(sourceSettings: Record<string, Record<string, unknown>>, pages: readonly string[]): void {
  for (const source of SOURCE_LIST)
    if (source.kind === 'hiring-page') sourceSettings[source.id] = { ...sourceSettings[source.id], pages: [...pages] };
}

function withoutUndefined(settings: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined));
}
