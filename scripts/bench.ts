/**
 * `npm run bench`: the numbers the issues ask for, measured against the bundled fixture portals.
 *  1. Bytes and requests of a second scrape as a ratio of the first (conditional GET at work).
 *  2. Parse cost per page as a ratio of a bare `cheerio.load` of the same body.
 *  2b. What a run adds to the database file, and a year of runs projected from it.
 *  3. Cold start of the built CLI (`npm run bench` builds first): `--help` and `status`, median wall time.
 *  4. Linking postings into openings: near-identical titles ("PEReN offre N") vs random titles of the same count.
 *  5. Resident memory of `openings serve` before and after requests that differ only by an unknown parameter.
 * Timing goals live here, never in a timed test.
 */

import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import * as cheerio from 'cheerio';
import { openDatabase } from '../db/database.ts';
import { loadSource, SOURCES } from '../scrapers/index.ts';
import { parseConfig } from '../src/config.ts';
import { FixturePortals } from '../src/fixture-portal/server.ts';
import { linkNewPostings } from '../src/lifecycle/link-openings.ts';
import { DEFAULT_ORGANISATION } from '../src/model/organisation.ts';
import { type BaseSourceSettings, pageInHand } from '../src/model/source.ts';
import { scrape } from '../src/pipeline/scrape.ts';
import { chartCosts } from './bench-charts.ts';
import { kib, mib, projectYear, usedBytesByTable } from './database-growth.ts';
import { inflatedListing } from './synthetic-portal/csp-weight.ts';
import { healthyRun, LIFECYCLE, memoryDb, posting } from './synthetic-store.ts';

const ROOT = join(import.meta.dirname, '..');
const PORTALS = join(ROOT, 'fixtures/portals');
const names = Object.keys(SOURCES);
const GROWTH_RUNS = 10;

async function revalidationRatios(): Promise<void> {
  const portals = await FixturePortals.start(PORTALS, names);
  const dbPath = join(mkdtempSync(join(tmpdir(), 'openings-bench-')), 'bench.db');
  const db = openDatabase(dbPath);
  const config = parseConfig({
    sources: Object.fromEntries(names.map((id) => [id, { baseUrl: portals.urls[id] }])),
    http: { minIntervalMs: 0 },
  });
  const measure = async () => {
    const before = portals.requests.length;
    const outcomes = await scrape(db, config);
    const runs = outcomes.map(
      (o) =>
        db.prepare('SELECT requests, bytes FROM runs WHERE id = ?').get(o.runId) as { requests: number; bytes: number },
    );
    return {
      requests: portals.requests.length - before,
      bytes: runs.reduce((s, r) => s + r.bytes, 0),
      healthy: outcomes.every((o) => o.summary.status === 'healthy'),
    };
  };
  const first = await measure();
  const second = await measure();
  const before = usedBytesByTable(dbPath);
  for (let i = 0; i < GROWTH_RUNS; i++) await measure();
  const year = projectYear(before, usedBytesByTable(dbPath), GROWTH_RUNS);
  await portals.close();
  db.close();
  console.log('Second run vs first (all sources, fixture portals):');
  console.log(`  requests: ${second.requests} / ${first.requests} = ${(second.requests / first.requests).toFixed(3)}`);
  console.log(`  bytes:    ${second.bytes} / ${first.bytes} = ${(second.bytes / first.bytes).toFixed(4)}`);
  console.log(`  both runs healthy: ${first.healthy && second.healthy}`);
  console.log(`\nDatabase growth at PEReN's size (${GROWTH_RUNS} more unchanged runs of every source):`);
  console.log(
    `  after two runs ${mib(year.startBytes)} MB; each run adds ${kib(year.keptPerRun)} kB kept and ${kib(year.prunedPerRun)} kB pruned after 60 days`,
  );
  console.log(
    `  a year at 12 runs a day (the default schedule): about ${mib(year.yearBytes)} MB, before any new offer`,
  );
}

function timeIt(fn: () => unknown, minMs = 300): number {
  fn();
  let runs = 0;
  const start = performance.now();
  while (performance.now() - start < minMs || runs < 3) {
    fn();
    runs += 1;
  }
  return (performance.now() - start) / runs;
}

async function parseCosts(): Promise<void> {
  const portal = (source: string, file: string) => readFileSync(join(PORTALS, source, file), 'utf8');
  const cases: [string, string, string, string][] = [
    ['pass', 'rss', 'https://www.pass.fonction-publique.gouv.fr/flux/offres', portal('pass', 'flux-offres.xml')],
    [
      'passerelles',
      'rss',
      'https://passerelles.economie.gouv.fr/handlers/offerRss.ashx?LCID=1036',
      portal('passerelles', 'offer-rss.xml'),
    ],
    [
      'passerelles',
      'listing',
      'https://passerelles.economie.gouv.fr/offre-de-emploi/liste-offres.aspx?page=1&LCID=1036',
      portal('passerelles', 'liste-offres-page-1.html'),
    ],
    [
      'passerelles',
      'offer',
      'https://passerelles.economie.gouv.fr/offre-de-emploi/emploi-data-scientist-confirme-sen-peren-156-h-f_5372.aspx',
      portal('passerelles', 'offre-5372.html'),
    ],
    [
      'csp',
      'listing',
      'https://choisirleservicepublic.gouv.fr/nos-offres/filtres/mot-cles/peren/',
      inflatedListing(portal('csp', 'listing-peren-page-1.html')),
    ],
    [
      'csp',
      'offer',
      'https://choisirleservicepublic.gouv.fr/offre-emploi/DEF_15-00064919/',
      readFileSync(join(ROOT, 'fixtures/samples/csp-offer-detail.html'), 'utf8'),
    ],
    ['peren', 'hiring-page', 'https://peren.gouv.fr/recrutement/', portal('peren', 'recrutement-fr.html')],
  ];
  console.log('\nParse cost per page vs a bare cheerio.load of the same body:');
  for (const [id, label, url, body] of cases) {
    const source = (await loadSource(id))!;
    const settings = source.settings.parse({ enabled: true }) as BaseSourceSettings;
    const page = pageInHand(
      { url, role: label === 'offer' ? 'detail' : 'inventory', label, series: 'bench', page: 1 },
      body,
    );
    const result = source.parse(page, settings);
    const parseMs = timeIt(() => source.parse(page, settings));
    const loadMs = timeIt(() => cheerio.load(body));
    console.log(
      `  ${`${id} ${label}`.padEnd(22)} ${(body.length / 1024).toFixed(0).padStart(6)} kB  parse ${parseMs.toFixed(2).padStart(8)} ms  ` +
        `cheerio.load ${loadMs.toFixed(2).padStart(8)} ms  ratio ${(parseMs / loadMs).toFixed(2)}  (${result.postings.length} postings, variant ${result.variant})`,
    );
  }
}

/**
 * Issue 17: markup that nests without end must cost what a flat page of the same size costs. The
 * real offer page with 300 kB of unclosed `<b>`, or 200,000 nested `<div>`, in its missions, against
 * the same page with as many plain characters there. Goal: within 2× of the flat page.
 */
async function hostileMarkupCosts(): Promise<void> {
  const source = (await loadSource('csp'))!;
  const settings = source.settings.parse({ enabled: true }) as BaseSourceSettings;
  const offer = readFileSync(join(ROOT, 'fixtures/samples/csp-offer-detail.html'), 'utf8');
  const at = offer.indexOf('<p>Le recrutement du personnel civil');
  const withInside = (inside: string) =>
    pageInHand(
      { url: 'https://choisirleservicepublic.gouv.fr/offre-emploi/DEF_15-00064919/', role: 'detail', label: 'offer' },
      offer.slice(0, at) + inside + offer.slice(at),
    );
  const cases: [string, string][] = [
    ['300 kB of unclosed <b>', '<b>x'.repeat(75_000)],
    ['200,000 nested <div>', `${'<div>'.repeat(200_000)}x${'</div>'.repeat(200_000)}`],
  ];
  console.log('\nHostile markup: parse of the offer page vs the same page with as many flat characters (goal ≤ 2×):');
  for (const [label, inside] of cases) {
    const hostileMs = timeIt(() => source.parse(withInside(inside), settings), 1000);
    const flatMs = timeIt(() => source.parse(withInside('x'.repeat(inside.length)), settings), 1000);
    const ratio = hostileMs / flatMs;
    console.log(
      `  ${label.padEnd(24)} ${(inside.length / 1024).toFixed(0).padStart(6)} kB  ${hostileMs.toFixed(0).padStart(6)} ms vs flat ${flatMs.toFixed(0).padStart(6)} ms  ratio ${ratio.toFixed(2)}  ${ratio <= 2 ? 'met' : 'NOT met'}`,
    );
  }
}

const STARTUP_GOAL_S = 0.35;
const STARTUP_RUNS = 15;

/** Wall time of one fresh `node bin/openings.js …` process, the way cron and people start it. */
function coldRun(args: string[]): number {
  const start = performance.now();
  const run = spawnSync(process.execPath, [join(ROOT, 'bin/openings.js'), ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const seconds = (performance.now() - start) / 1000;
  if (run.status !== 0) throw new Error(`openings ${args.join(' ')} exited ${run.status}: ${run.stderr.toString()}`);
  return seconds;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

async function startupTimes(): Promise<void> {
  // A small database: one scrape of every fixture portal, all sources healthy (so `status` exits 0).
  const dir = mkdtempSync(join(tmpdir(), 'openings-bench-start-'));
  const portals = await FixturePortals.start(PORTALS, names);
  const configJson = {
    sources: Object.fromEntries(names.map((id) => [id, { baseUrl: portals.urls[id] }])),
    http: { minIntervalMs: 0 },
  };
  const db = openDatabase(join(dir, 'bench.db'));
  await scrape(db, parseConfig(configJson));
  db.close();
  await portals.close();
  writeFileSync(join(dir, 'openings.config.json'), JSON.stringify(configJson));
  const globals = ['--config', join(dir, 'openings.config.json'), '--db', join(dir, 'bench.db')];

  const commands: [string, string[]][] = [
    ['--help', ['--help']],
    ['status', [...globals, 'status']],
  ];
  const times = new Map<string, number[]>(commands.map(([name]) => [name, []]));
  coldRun(['--help']); // warms the OS file cache, as on a machine that already ran it once
  // Interleaved, so a burst of load from elsewhere on the machine hits every command alike.
  for (let i = 0; i < STARTUP_RUNS; i++) for (const [name, args] of commands) times.get(name)!.push(coldRun(args));
  const [load] = loadavg();
  console.log(
    `\nCold start of the built CLI, median of ${STARTUP_RUNS} runs (goal < ${STARTUP_GOAL_S} s; load average ${load!.toFixed(1)} on ${cpus().length} cores):`,
  );
  for (const [name, values] of times) {
    const m = median(values);
    console.log(
      `  openings ${name.padEnd(8)} ${m.toFixed(3)} s  (min ${Math.min(...values).toFixed(3)}, max ${Math.max(...values).toFixed(3)})  ${m < STARTUP_GOAL_S ? 'ok' : 'OVER the goal'}`,
    );
  }
  rmSync(dir, { recursive: true, force: true });
}

const LINK_COUNT = 20_000;
const LINK_RATIO_GOAL = 2;

/** Seconds to link `titles` (one portal, one employer and place) into openings, from no link at all. */
function linkingSeconds(titles: string[]): number {
  const db = memoryDb();
  const at = '2026-11-01T08:00:00.000Z';
  const offers = titles.map((title, i) =>
    posting('csp', `bench-${i}`, { title, employer: 'PEReN', location: 'Paris' }),
  );
  healthyRun(db, 'csp', at, offers);
  db.exec('DELETE FROM opening_links');
  const start = performance.now();
  db.transaction(() => linkNewPostings(db, null, at, LIFECYCLE.similarityThreshold, DEFAULT_ORGANISATION.id))();
  const seconds = (performance.now() - start) / 1000;
  db.close();
  return seconds;
}

function linkingRatio(): void {
  let state = 17;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
  const randomWord = () =>
    Array.from(
      { length: 3 + Math.floor(next() * 6) },
      () => 'abcdefghijklmnopqrstuvwxyz'[Math.floor(next() * 26)],
    ).join('');
  const random = Array.from({ length: LINK_COUNT }, () => Array.from({ length: 3 }, randomWord).join(' '));
  const near = Array.from({ length: LINK_COUNT }, (_, i) => `PEReN offre ${i}`);
  const randomS = linkingSeconds(random);
  const nearS = linkingSeconds(near);
  const ratio = nearS / randomS;
  console.log(
    `\nLinking ${LINK_COUNT} new postings into openings (goal: near-identical titles < ${LINK_RATIO_GOAL}× random ones):`,
  );
  console.log(`  random titles          ${randomS.toFixed(2)} s`);
  console.log(
    `  "PEReN offre N" titles ${nearS.toFixed(2)} s  ratio ${ratio.toFixed(2)}  ${ratio < LINK_RATIO_GOAL ? 'ok' : 'OVER the goal'}`,
  );
}

// ---------------------------------------------------------------- 5. serve memory under unknown parameters

const UNKNOWN_PARAM_REQUESTS = 600;

/** VmRSS of a process, in MB (Linux), or null. */
function residentMb(pid: number): number | null {
  try {
    const kb = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : null;
  } catch {
    return null;
  }
}

/** `/feed.json?limit=500&z=N`, N = 1…600: each used to be rendered and kept; now all share one render. */
async function serveMemoryUnderUnknownParams(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'openings-bench-serve-'));
  const portals = await FixturePortals.start(PORTALS, names);
  const configJson = {
    sources: Object.fromEntries(names.map((id) => [id, { baseUrl: portals.urls[id] }])),
    http: { minIntervalMs: 0 },
    server: { maxPageSize: 500 },
  };
  const db = openDatabase(join(dir, 'bench.db'));
  await scrape(db, parseConfig(configJson));
  db.close();
  await portals.close();
  writeFileSync(join(dir, 'openings.config.json'), JSON.stringify(configJson));
  const child = spawn(
    process.execPath,
    [
      join(ROOT, 'bin/openings.js'),
      '--config',
      join(dir, 'openings.config.json'),
      '--db',
      join(dir, 'bench.db'),
    ].concat(['serve', '--port', '0']),
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const base = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      const m = /Serving on (http:\/\/[^/\s]+)/.exec(d.toString());
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}`)));
  });
  const feedBytes = (await (await fetch(`${base}/feed.json?limit=500`)).arrayBuffer()).byteLength;
  const before = residentMb(child.pid!);
  for (let z = 1; z <= UNKNOWN_PARAM_REQUESTS; z++)
    await (await fetch(`${base}/feed.json?limit=500&z=${z}`)).arrayBuffer();
  const after = residentMb(child.pid!);
  await new Promise<void>((resolve) => {
    child.once('close', () => resolve());
    child.kill('SIGTERM');
  });
  rmSync(dir, { recursive: true, force: true });
  console.log(
    `\nopenings serve, ${UNKNOWN_PARAM_REQUESTS} requests to /feed.json?limit=500&z=N (fixture portals, feed ${kib(feedBytes)} kB):`,
  );
  console.log(
    before === null || after === null
      ? '  resident memory: not available (no /proc)'
      : `  resident memory ${before.toFixed(0)} MB before, ${after.toFixed(0)} MB after (+${(after - before).toFixed(0)} MB); the render cache keeps at most 32 MiB of bodies`,
  );
}

await revalidationRatios();
await parseCosts();
await hostileMarkupCosts();
await startupTimes();
linkingRatio();
await serveMemoryUnderUnknownParams();
await chartCosts();
