/** Fixture portals for integration tests, and a configuration that points every source at them. */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { SOURCES } from '../../scrapers/index.ts';
import { FixturePortals } from '../../src/fixture-portal/server.ts';
import { FIXTURE_PORTALS, HOSTILE_PORTALS, TEST_HTTP } from './cli.ts';
import { deadlinesAhead } from './fixture-edits.ts';

export async function startPortals(names: readonly string[] = Object.keys(SOURCES)): Promise<FixturePortals> {
  return FixturePortals.start(FIXTURE_PORTALS, names);
}

/** Hostile portals (fixtures/hostile/), each on its own port, named by folder. */
export async function startHostilePortals(names: readonly string[]): Promise<FixturePortals> {
  return FixturePortals.start(HOSTILE_PORTALS, names);
}

/**
 * Every registered source points at loopback (never the live portals); only `enabled` ones run.
 * `extra` is deep-merged per top-level key.
 */
export function testConfig(
  portals: FixturePortals,
  enabled: readonly string[],
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const extraSources = (extra.sources ?? {}) as Record<string, object>;
  const sources: Record<string, unknown> = {};
  for (const id of Object.keys(SOURCES)) {
    sources[id] = {
      enabled: enabled.includes(id),
      baseUrl: portals.urls[id] ?? 'http://127.0.0.1:9/',
      ...(extraSources[id] ?? {}),
    };
  }
  return {
    ...extra,
    sources,
    http: { ...TEST_HTTP, ...((extra.http ?? {}) as object) },
  };
}

/**
 * Registers the hooks of a scenario suite: fixture portals started once, and before each test the
 * portals as bundled with every offer's deadline `deadlineDays` ahead (so scenarios do not age).
 * Returns a getter, since the portals exist only once the hooks have run.
 */
export function scenarioPortals(names: readonly string[], deadlineDays = 60): () => FixturePortals {
  let portals: FixturePortals | undefined;
  beforeAll(async () => {
    portals = await startPortals(names);
  });
  afterAll(async () => portals?.close());
  beforeEach(() => {
    portals!.reset();
    deadlinesAhead(portals!, deadlineDays);
  });
  return () => portals!;
}
