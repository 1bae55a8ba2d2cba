import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/database.ts';
import { failedRun, healthyRun, memoryDb, posting } from '../../scripts/synthetic-store.ts';
import { parseConfig } from '../../src/config.ts';
import { createApp } from '../../src/server/app.ts';
import { formatFamilies, METRICS_CONTENT_TYPE, renderMetrics } from '../../src/server/metrics.ts';

/**
 * A strict reader of the Prometheus text format 0.0.4: every line must be a HELP, a TYPE, another
 * comment or a well-formed sample; a family's TYPE comes before its samples, once; a family's
 * samples are contiguous; no series is repeated; the text ends with a newline.
 */
interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}
interface Exposition {
  types: Map<string, string>;
  help: Map<string, string>;
  samples: Sample[];
}

const METRIC_NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const LABEL_NAME = '[a-zA-Z_][a-zA-Z0-9_]*';
const LABEL_VALUE = '"(?:[^"\\\\\\n]|\\\\[\\\\"n])*"';
const VALUE = '(?:[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?|NaN|[+-]Inf)';
const SAMPLE_LINE = new RegExp(
  `^(${METRIC_NAME})(?:\\{((?:${LABEL_NAME}=${LABEL_VALUE})(?:,${LABEL_NAME}=${LABEL_VALUE})*,?)?\\})? (${VALUE})(?: (-?\\d+))?$`,
);
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

function unescapeLabel(raw: string): string {
  return raw.slice(1, -1).replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
}

function parseExposition(text: string): Exposition {
  if (!text.endsWith('\n')) throw new Error('exposition must end with a newline');
  const types = new Map<string, string>();
  const help = new Map<string, string>();
  const samples: Sample[] = [];
  const seenSeries = new Set<string>();
  const finishedFamilies = new Set<string>();
  let currentFamily: string | null = null;
  const familyOf = (name: string) => (types.has(name) ? name : name.replace(/_(?:total|sum|count|bucket)$/, ''));

  text
    .slice(0, -1)
    .split('\n')
    .forEach((line, i) => {
      const where = `line ${i + 1}: ${line}`;
      if (line === '') return;
      const meta = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
      if (meta) {
        const [, kind, name, rest] = meta;
        if (!new RegExp(`^${METRIC_NAME}$`).test(name!)) throw new Error(`bad metric name, ${where}`);
        if (kind === 'TYPE') {
          if (!TYPES.has(rest!)) throw new Error(`bad type, ${where}`);
          if (types.has(name!)) throw new Error(`second TYPE, ${where}`);
          if (samples.some((s) => familyOf(s.name) === name)) throw new Error(`TYPE after samples, ${where}`);
          types.set(name!, rest!);
        } else {
          if (help.has(name!)) throw new Error(`second HELP, ${where}`);
          if (!/^(?:[^\\]|\\[\\n])*$/.test(rest!)) throw new Error(`bad escape in HELP, ${where}`);
          help.set(name!, rest!);
        }
        return;
      }
      if (line.startsWith('#')) return;
      const m = SAMPLE_LINE.exec(line);
      if (!m) throw new Error(`malformed sample, ${where}`);
      const [, name, labelText = '', rawValue] = m;
      const labels: Record<string, string> = {};
      for (const pair of labelText.matchAll(new RegExp(`(${LABEL_NAME})=(${LABEL_VALUE})`, 'g'))) {
        if (pair[1]! in labels) throw new Error(`repeated label, ${where}`);
        labels[pair[1]!] = unescapeLabel(pair[2]!);
      }
      const family = familyOf(name!);
      if (family !== currentFamily) {
        if (finishedFamilies.has(family)) throw new Error(`family ${family} is not contiguous, ${where}`);
        if (currentFamily) finishedFamilies.add(currentFamily);
        currentFamily = family;
      }
      const series = `${name}${JSON.stringify(Object.entries(labels).sort())}`;
      if (seenSeries.has(series)) throw new Error(`repeated series, ${where}`);
      seenSeries.add(series);
      const value =
        rawValue === 'NaN'
          ? Number.NaN
          : rawValue!.endsWith('Inf')
            ? rawValue!.startsWith('-')
              ? -Infinity
              : Infinity
            : Number(rawValue);
      samples.push({ name: name!, labels, value });
    });
  return { types, help, samples };
}

describe('the strict exposition reader', () => {
  it('accepts a well-formed exposition', () => {
    const text =
      '# HELP a_total Things.\n# TYPE a_total counter\na_total{x="q\\"\\\\\\n"} 3\n# TYPE b gauge\nb -Inf\nb{y="1"} 1.5e3\n';
    expect(parseExposition(text).samples).toEqual([
      { name: 'a_total', labels: { x: 'q"\\\n' }, value: 3 },
      { name: 'b', labels: {}, value: -Infinity },
      { name: 'b', labels: { y: '1' }, value: 1500 },
    ]);
  });
  it.each([
    ['no final newline', '# TYPE a gauge\na 1'],
    ['an unquoted label', '# TYPE a gauge\na{x=1} 1\n'],
    ['a bad value', '# TYPE a gauge\na one\n'],
    ['a bad label escape', '# TYPE a gauge\na{x="\\t"} 1\n'],
    ['a repeated series', '# TYPE a gauge\na{x="1"} 1\na{x="1"} 2\n'],
    ['a TYPE after samples', 'a 1\n# TYPE a gauge\n'],
    ['split families', '# TYPE a gauge\na 1\n# TYPE b gauge\nb 1\na{x="2"} 1\n'],
    ['an unknown type', '# TYPE a meter\n'],
    ['a bad escape in HELP', '# HELP a one \\ two\n'],
  ])('rejects %s', (_, text) => {
    expect(() => parseExposition(text)).toThrow();
  });
});

describe('formatFamilies', () => {
  it('escapes label values and help text', () => {
    const text = formatFamilies([
      { name: 'x', help: 'a\\b\nc', type: 'gauge', samples: [{ labels: { source: 'we"ird\\\n' }, value: 1 }] },
    ]);
    expect(text).toBe('# HELP x a\\\\b\\nc\n# TYPE x gauge\nx{source="we\\"ird\\\\\\n"} 1\n');
    expect(parseExposition(text).samples[0]!.labels.source).toBe('we"ird\\\n');
  });
});

describe('/metrics', () => {
  // passerelles: healthy at T0 (A, B), failed at T1, healthy at T2 (A only: B missing); csp: one healthy run 10 h before T2.
  const T0 = '2026-11-28T08:00:00.000Z';
  const T1 = '2026-11-28T10:00:00.000Z';
  const T2 = '2026-11-28T12:00:00.000Z';
  const now = new Date('2026-11-28T13:00:00.000Z');
  const config = parseConfig({
    sources: { pass: { enabled: false }, peren: { enabled: false } },
    freshness: { staleAfterHours: 6 },
  });
  let db: Db;

  beforeEach(() => {
    db = memoryDb();
    const a = posting('passerelles', '5372', { title: 'Data-scientist confirmé', location: 'Paris' });
    const b = posting('passerelles', '4165', { title: 'Développeur front-end', location: 'Paris' });
    const c = posting('csp', 'MEF_2026-42011', {
      title: 'Juriste spécialisé(e) en régulation numérique',
      location: 'Paris',
    });
    healthyRun(db, 'csp', '2026-11-28T02:00:00.000Z', [c], { requests: 4, bytes: 70_000 });
    healthyRun(db, 'passerelles', T0, [a, b], { requests: 3, bytes: 5000 });
    failedRun(db, 'passerelles', T1, 'https://passerelles.economie.gouv.fr/', 'HTTP 500');
    healthyRun(db, 'passerelles', T2, [a], { requests: 2, bytes: 1200 });
  });
  afterEach(() => db.close());

  it('parses strictly and reports runs, failures, postings, openings, traffic, success time and staleness', () => {
    const exposition = parseExposition(renderMetrics(db, config, now));
    const value = (name: string, labels: Record<string, string>) =>
      exposition.samples.find(
        (s) =>
          s.name === name &&
          JSON.stringify(Object.entries(s.labels).sort()) === JSON.stringify(Object.entries(labels).sort()),
      )?.value;

    expect(exposition.types.get('openings_runs_total')).toBe('counter');
    expect(exposition.types.get('openings_run_failures_total')).toBe('counter');
    for (const gauge of [
      'openings_postings',
      'openings_openings',
      'openings_last_run_requests',
      'openings_last_run_bytes',
      'openings_last_success_timestamp_seconds',
      'openings_source_stale',
    ]) {
      expect(exposition.types.get(gauge)).toBe('gauge');
      expect(exposition.help.get(gauge)).toBeTruthy();
    }

    expect(value('openings_runs_total', { source: 'passerelles', status: 'healthy' })).toBe(2);
    expect(value('openings_runs_total', { source: 'passerelles', status: 'unhealthy' })).toBe(1);
    expect(value('openings_runs_total', { source: 'passerelles', status: 'aborted' })).toBe(0);
    expect(value('openings_runs_total', { source: 'csp', status: 'healthy' })).toBe(1);
    expect(value('openings_run_failures_total', { source: 'passerelles' })).toBe(1);
    expect(value('openings_run_failures_total', { source: 'csp' })).toBe(0);

    expect(value('openings_postings', { source: 'passerelles', state: 'open' })).toBe(1);
    expect(value('openings_postings', { source: 'passerelles', state: 'missing' })).toBe(1);
    expect(value('openings_postings', { source: 'passerelles', state: 'closed' })).toBe(0);
    expect(value('openings_postings', { source: 'csp', state: 'open' })).toBe(1);
    expect(value('openings_openings', { status: 'open' })).toBe(2);
    expect(value('openings_openings', { status: 'missing' })).toBe(1);
    expect(value('openings_openings', { status: 'closed' })).toBe(0);

    expect(value('openings_last_run_requests', { source: 'passerelles' })).toBe(2);
    expect(value('openings_last_run_bytes', { source: 'passerelles' })).toBe(1200);
    expect(value('openings_last_run_requests', { source: 'csp' })).toBe(4);
    expect(value('openings_last_run_bytes', { source: 'csp' })).toBe(70_000);

    expect(value('openings_last_success_timestamp_seconds', { source: 'passerelles' })).toBe(Date.parse(T2) / 1000);
    expect(value('openings_last_success_timestamp_seconds', { source: 'csp' })).toBe(
      Date.parse('2026-11-28T02:00:00.000Z') / 1000,
    );
    expect(value('openings_source_stale', { source: 'passerelles' })).toBe(0);
    expect(value('openings_source_stale', { source: 'csp' })).toBe(1);

    // Disabled sources have no series.
    expect(exposition.samples.some((s) => s.labels.source === 'pass' || s.labels.source === 'peren')).toBe(false);
  });

  it('is served as text/plain version 0.0.4, not cached', async () => {
    const app = createApp({ db, config, now: () => now });
    const response = await app.request('/metrics');
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toBe(METRICS_CONTENT_TYPE);
    expect(response.headers.get('Content-Type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(response.headers.get('Cache-Control')).toBe('no-store');
    expect(parseExposition(await response.text()).samples.length).toBe(25);
  });
});
