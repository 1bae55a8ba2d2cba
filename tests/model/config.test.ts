import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SOURCE_LIST } from '../../scrapers/index.ts';
import { ConfigError, parseConfig } from '../../src/config.ts';
import { ROOT } from '../support/cli.ts';

describe('configuration', () => {
  it('defaults target PEReN on the live portals', () => {
    const config = parseConfig({});
    expect(config.organisation.name).toBe('PEReN');
    expect(Object.keys(config.sources)).toEqual(SOURCE_LIST.map((s) => s.id));
    for (const source of SOURCE_LIST) {
      const settings = config.sources[source.id as keyof typeof config.sources];
      expect(settings.enabled).toBe(source.defaultEnabled);
      expect(settings.baseUrl).toBeUndefined();
    }
    expect(
      ['passerelles', 'csp', 'pass', 'peren'].every((id) => config.sources[id as keyof typeof config.sources].enabled),
    ).toBe(true);
    expect(config.http.minIntervalMs).toBe(1000);
    expect(config.http.userAgent).toMatch(/https:\/\//);
    expect(config.lifecycle).toMatchObject({ missingRunsToClose: 3, missingHoursToClose: 24 });
  });

  it('names an unknown key, at any depth', () => {
    expect(() => parseConfig({ sources: { pass: { enabeld: false } } })).toThrow(/sources\.pass\.enabeld: unknown key/);
    expect(() => parseConfig({ colour: 'blue' })).toThrow(/colour: unknown key/);
    expect(() => parseConfig({ sources: { monster: {} } })).toThrow(/sources\.monster: unknown key/);
  });

  it('names a wrong type or value', () => {
    expect(() => parseConfig({ http: { timeoutMs: 'slow' } })).toThrow(ConfigError);
    expect(() => parseConfig({ http: { timeoutMs: 'slow' } })).toThrow(/http\.timeoutMs:/);
    expect(() => parseConfig({ schedule: 'every hour' })).toThrow(/schedule: not a valid cron expression/);
    expect(() => parseConfig({ sources: { csp: { baseUrl: 'not a url' } } })).toThrow(/sources\.csp\.baseUrl:/);
  });

  it('accepts the example configuration the README shows', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const block = /## Configuration[\s\S]*?```json\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBeDefined();
    const config = parseConfig(JSON.parse(block!));
    expect(config.server.publicUrl).toBe('https://offres.example.org');
  });
});
