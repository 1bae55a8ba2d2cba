import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config.ts';
import { ROOT } from '../support/cli.ts';

describe('configuration', () => {
  it('defaults target PEReN on the live portals', () => {
    const config = parseConfig({});
    expect(config.organisation.name).toBe('PEReN');
    expect(Object.keys(config.sources)).toEqual(['passerelles', 'csp', 'pass', 'peren']);
    expect(Object.values(config.sources).every((s) => s.enabled && s.baseUrl === undefined)).toBe(true);
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
