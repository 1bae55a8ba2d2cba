/**
 * `npm run bench:scale`: the product at a ministry's size (issues 11 and 18). For each N of
 * `--offers` and each shape of `--shapes` (what the offer pages hold, and how heavy the results
 * pages are: scripts/synthetic-portal/offer-shapes.ts), a synthetic Choisir le service public with
 * N offers (scripts/synthetic-portal/csp-portal.ts) and a fresh database; the real CLI
 * (`openings scrape --source csp`) runs as a child process three times: first run, unchanged
 * re-run, re-run with 1 offer in 100 changed. For each: wall and CPU time, peak RSS of the child,
 * requests and bytes. Then, for the first shape of each N, `openings serve` on the scraped
 * database under autocannon, each URL beside a bare node:http server sending the same bytes.
 *
 * Flags: --offers 1000,20000  --shapes all|capture,long-description,…  --seed 1
 *        --max-old-space-size MB (scrape children)  --skip-serve
 *        --duration S (per autocannon run, default 5)  --connections C (default 10)
 *        --listing-bytes B (results page weight, default the real 4.5 MB; the small-listing shape
 *        keeps the capture's)  --heap-snapshot DIR
 *        --keep (leave each run's config and database in place and print where)
 * Sizes are decimal (MB = 10⁶ bytes; GNU time reports KiB, converted). Timing goals live here,
 * never in a timed test.
 */

import { type ChildProcess, spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { openDatabase } from '../db/database.ts';
import { latestRun } from '../db/runs.ts';
import { projectYear, type TableBytes, usedBytesByTable } from './database-growth.ts';
import { SyntheticCspPortal, type SyntheticRequest, syntheticCspConfig } from './synthetic-portal/csp-portal.ts';
import { isPortalShape, PORTAL_SHAPES, type PortalShape } from './synthetic-portal/offer-shapes.ts';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin/openings.js');
const GNU_TIME = '/usr/bin/time';

const { values: flags } = parseArgs({
  options: {
    offers: { type: 'string', default: '1000,20000' },
    shapes: { type: 'string', default: 'all' },
    seed: { type: 'string', default: '1' },
    'max-old-space-size': { type: 'string' },
    'skip-serve': { type: 'boolean', default: false },
    duration: { type: 'string', default: '5' },
    connections: { type: 'string', default: '10' },
    'listing-bytes': { type: 'string', default: '4500000' },
    'heap-snapshot': { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});

function positive(name: string, raw: string, min = 1): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name}: an integer ≥ ${min} is needed, got "${raw}"`);
  return n;
}

const sizes = flags.offers.split(',').map((s) => positive('offers', s.trim()));
const seed = positive('seed', flags.seed, 0);
const duration = positive('duration', flags.duration);
const connections = positive('connections', flags.connections);
const listingBytes = positive('listing-bytes', flags['listing-bytes'], 0);
const maxOldSpace = flags['max-old-space-size'] ? positive('max-old-space-size', flags['max-old-space-size']) : null;
const useGnuTime = existsSync(GNU_TIME);
const shapes: PortalShape[] =
  flags.shapes === 'all'
    ? [...PORTAL_SHAPES]
    : flags.shapes.split(',').map((name) => {
        const shape = name.trim();
        if (!isPortalShape(shape)) throw new Error(`--shapes: "${shape}" is none of all, ${PORTAL_SHAPES.join(', ')}`);
        return shape;
      });

interface Workspace {
  dir: string;
  args: string[];
}

function workspace(portal: SyntheticCspPortal): Workspace {
  const dir = mkdtempSync(join(tmpdir(), 'openings-bench-scale-'));
  writeFileSync(join(dir, 'openings.config.json'), JSON.stringify(syntheticCspConfig(portal), null, 2));
  return { dir, args: ['--config', join(dir, 'openings.config.json'), '--db', join(dir, 'openings.db')] };
}

interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  wallMs: number;
  /** Peak resident set of the child, KiB (as the kernel counts it). */
  peakKb: number | null;
  cpuMs: number | null;
  stdout: string;
  stderr: string;
}

/** Reads VmHWM (peak resident set) of a live process, in kB. */
function vmHwm(pid: number): number | null {
  try {
    return Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) || null;
  } catch {
    return null;
  }
}

/**
 * Runs the CLI as a child. Peak RSS: GNU time's %M (the kernel's maxrss of the child, read at its
 * exit, so exact even for a crash); without /usr/bin/time, VmHWM polled every 50 ms (the last read
 * before exit, which can miss a final spike).
 */
function runCli(
  args: string[],
  nodeFlags: string[] = [],
  onSpawn?: (child: ChildProcess) => void,
): Promise<ChildResult> {
  const timeFile = join(tmpdir(), `openings-bench-time-${process.pid}-${Date.now()}`);
  const command = useGnuTime ? GNU_TIME : process.execPath;
  const argv = [
    ...(useGnuTime ? ['-f', '%M %U %S', '-o', timeFile, process.execPath] : []),
    ...nodeFlags,
    BIN,
    ...args,
  ];
  const started = performance.now();
  const child = spawn(command, argv, {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  onSpawn?.(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  let polled: number | null = null;
  const poll = useGnuTime ? undefined : setInterval(() => (polled = vmHwm(child.pid!) ?? polled), 50);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const wallMs = performance.now() - started;
      if (poll) clearInterval(poll);
      let peakKb = polled;
      let cpuMs: number | null = null;
      if (useGnuTime && existsSync(timeFile)) {
        // GNU time writes "Command exited with non-zero status N" / "Command terminated by signal N" first.
        const last = readFileSync(timeFile, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number);
        peakKb = last[0] ?? null;
        cpuMs = ((last[1] ?? 0) + (last[2] ?? 0)) * 1000;
        const why = /terminated by signal (\d+)|non-zero status (\d+)/.exec(readFileSync(timeFile, 'utf8'));
        rmSync(timeFile, { force: true });
        if (why?.[1])
          return resolve({
            code: null,
            signal: `SIG${why[1]}` as NodeJS.Signals,
            wallMs,
            peakKb,
            cpuMs,
            stdout,
            stderr,
          });
        if (why?.[2]) return resolve({ code: Number(why[2]), signal, wallMs, peakKb, cpuMs, stdout, stderr });
      }
      resolve({ code, signal, wallMs, peakKb, cpuMs, stdout, stderr });
    });
  });
}

interface StatusJson {
  sources: {
    source: string;
    lastRun: {
      status: string;
      reason: string | null;
      requests: number;
      bytes: number;
      postingsFound: number;
      listed: number | null;
    } | null;
  }[];
  postings: { source: string; state: string; detailError: string | null }[];
}

async function status(ws: Workspace): Promise<StatusJson | null> {
  const run = await runCli(['status', '--json', ...ws.args]);
  try {
    return JSON.parse(run.stdout) as StatusJson;
  } catch {
    return null;
  }
}

/** The newest run of the source as stored, `running` included (status reports finished runs only). */
function latestRunRow(ws: Workspace): string {
  const db = openDatabase(join(ws.dir, 'openings.db'));
  try {
    const rows = [latestRun(db, 'csp', 'running'), latestRun(db, 'csp')].filter((r) => r !== undefined);
    const row = rows.sort((a, b) => b.id - a.id)[0];
    return row ? `${row.status}${row.reason ? ` (${row.reason})` : ''}` : 'none';
  } finally {
    db.close();
  }
}

interface RunFigures {
  label: string;
  child: ChildResult;
  requests: number;
  bytes: number;
  offerPages: number;
  listing200: number;
  listing304: number;
  runStatus: string;
  runRequests: number | null;
  runBytes: number | null;
  stored: number;
  open: number;
  detailErrors: number;
  /** The database file with its WAL after the run, bytes. */
  databaseBytes: number;
  /** Bytes each table uses after the run. */
  tables: TableBytes;
}

function databaseBytes(ws: Workspace): number {
  const file = join(ws.dir, 'openings.db');
  return [file, `${file}-wal`].filter((f) => existsSync(f)).reduce((sum, f) => sum + statSync(f).size, 0);
}

async function scrapeRun(label: string, portal: SyntheticCspPortal, ws: Workspace): Promise<RunFigures> {
  const from = portal.requests.length;
  const child = await runCli(
    ['scrape', '--source', 'csp', ...ws.args],
    maxOldSpace ? [`--max-old-space-size=${maxOldSpace}`] : [],
  );
  const served = portal.requests.slice(from);
  const count = (test: (r: SyntheticRequest) => boolean) => served.filter(test).length;
  const st = await status(ws);
  const run = st?.sources.find((s) => s.source === 'csp')?.lastRun ?? null;
  const csp = st?.postings.filter((p) => p.source === 'csp') ?? [];
  return {
    label,
    child,
    requests: served.length,
    bytes: served.reduce((sum, r) => sum + r.bytes, 0),
    offerPages: count((r) => r.kind === 'offer' && r.status === 200),
    listing200: count((r) => r.kind === 'listing' && r.status === 200),
    listing304: count((r) => r.kind === 'listing' && r.status === 304),
    runStatus:
      child.code === 0
        ? (run?.status ?? '?')
        : `exit ${child.code ?? child.signal}; latest run row ${latestRunRow(ws)}`,
    runRequests: run?.requests ?? null,
    runBytes: run?.bytes ?? null,
    stored: csp.length,
    open: csp.filter((p) => p.state === 'open').length,
    detailErrors: csp.filter((p) => p.detailError !== null).length,
    databaseBytes: databaseBytes(ws),
    tables: usedBytesByTable(join(ws.dir, 'openings.db')),
  };
}

/** A first scrape into its own database, with a heap snapshot written when 98 % of the offer pages are in. */
async function heapSnapshotRun(portal: SyntheticCspPortal, dir: string): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const before = new Set(readdirSync(dir));
  const ws = workspace(portal);
  let offers = 0;
  let sent = false;
  let child: ChildProcess | undefined;
  portal.onRequest = (r) => {
    if (r.kind !== 'offer' || r.status !== 200) return;
    offers += 1;
    if (!sent && offers >= Math.ceil(portal.offers * 0.98) && child) {
      sent = true;
      // Under GNU time the node process is time's child.
      const pid = useGnuTime
        ? Number(readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(/\s+/)[0])
        : child.pid!;
      process.kill(pid, 'SIGUSR2');
    }
  };
  const result = await runCli(
    ['scrape', '--source', 'csp', ...ws.args],
    ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${dir}`],
    (c) => (child = c),
  );
  portal.onRequest = undefined;
  rmSync(ws.dir, { recursive: true, force: true });
  const written = readdirSync(dir).filter((f) => !before.has(f) && f.endsWith('.heapsnapshot'));
  console.log(
    `  heap snapshot run: exit ${result.code ?? result.signal}, peak RSS ${mb(result.peakKb ? result.peakKb * 1024 : null)} MB, signal sent after ${Math.ceil(portal.offers * 0.98)} offer pages → ${written.map((f) => join(dir, f)).join(', ') || 'no snapshot written'}`,
  );
  return written;
}

interface Endpoint {
  label: string;
  path: string;
  headers?: Record<string, string>;
}

interface ServeFigures {
  label: string;
  status: number;
  bytes: number;
  firstMs: number;
  product: autocannon.Result;
  bare: autocannon.Result;
}

function waitForUrl(child: ChildProcess, what: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const url = /(http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      if (url) resolve(url);
    });
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.once('exit', (code) => reject(new Error(`${what} exited (${code}) before listening: ${err.slice(-500)}`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

function load(url: string, headers: Record<string, string> = {}): Promise<autocannon.Result> {
  return autocannon({ url, connections, duration, headers });
}

async function serveBench(ws: Workspace): Promise<ServeFigures[]> {
  const serve = spawn(process.execPath, [BIN, 'serve', '--host', '127.0.0.1', '--port', '0', ...ws.args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let bare: ChildProcess | undefined;
  try {
    const base = await waitForUrl(serve, 'openings serve');
    const endpoints: Endpoint[] = ['/feed.rss', '/feed.json', '/api/openings', '/', '/healthz', '/metrics'].map(
      (path) => ({ label: path, path }),
    );
    const recorded: {
      path: string;
      status: number;
      contentType: string | null;
      etag: string | null;
      bodyBase64: string;
      firstMs: number;
    }[] = [];
    for (const e of endpoints) {
      const t0 = performance.now();
      const response = await fetch(base + e.path);
      const body = Buffer.from(await response.arrayBuffer());
      recorded.push({
        path: e.path,
        status: response.status,
        contentType: response.headers.get('content-type'),
        etag: response.headers.get('etag'),
        bodyBase64: body.toString('base64'),
        firstMs: performance.now() - t0,
      });
    }
    const feedEtag = recorded.find((r) => r.path === '/feed.rss')?.etag;
    let conditionalMs = 0;
    if (feedEtag) {
      endpoints.push({ label: '/feed.rss If-None-Match', path: '/feed.rss', headers: { 'If-None-Match': feedEtag } });
      const t0 = performance.now();
      await (await fetch(`${base}/feed.rss`, { headers: { 'If-None-Match': feedEtag } })).arrayBuffer();
      conditionalMs = performance.now() - t0;
    }
    const file = join(ws.dir, 'bare-responses.json');
    writeFileSync(file, JSON.stringify(recorded));
    bare = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/bench-scale-bare-server.ts'), file], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const bareUrl = await waitForUrl(bare, 'bare server');
    const figures: ServeFigures[] = [];
    for (const e of endpoints) {
      const r = recorded.find((x) => x.path === e.path)!;
      const conditional = Boolean(e.headers);
      const product = await load(base + e.path, e.headers);
      // autocannon leaves requests in flight; one more request waits for them, so the next URL starts on an idle server.
      await (await fetch(base + e.path, { headers: e.headers ?? {} })).arrayBuffer();
      const baseline = await load(bareUrl + e.path, e.headers);
      figures.push({
        label: e.label,
        status: conditional ? 304 : r.status,
        bytes: conditional ? 0 : Buffer.byteLength(r.bodyBase64, 'base64'),
        firstMs: conditional ? conditionalMs : r.firstMs,
        product,
        bare: baseline,
      });
    }
    return figures;
  } finally {
    await stop(serve);
    if (bare) await stop(bare);
  }
}

/** Decimal units throughout (MB = 10⁶ bytes, kB = 10³), as the issue's goals are written. */
const decimalMb = (bytes: number) => (bytes / 1e6).toFixed(1);
const decimalKb = (bytes: number) => (bytes / 1e3).toFixed(1);
const mb = (bytes: number | null) => (bytes === null ? '-' : decimalMb(bytes));
const s = (ms: number | null) => (ms === null ? '-' : (ms / 1000).toFixed(1));
const pad = (v: string | number, n: number) => String(v).padStart(n);

interface SizeResult {
  offers: number;
  shape: PortalShape;
  first: RunFigures;
  runs: RunFigures[];
  serve: ServeFigures[] | null;
}

function printRuns(runs: RunFigures[]): void {
  console.log(
    `  ${'run'.padEnd(12)} ${pad('wall s', 7)} ${pad('CPU s', 7)} ${pad('peak RSS MB', 12)} ${pad('requests', 9)} ${pad('MB sent', 9)} ${pad('offer pages', 12)} ${pad('listing 200/304', 16)}  run (product's own count) · database`,
  );
  for (const r of runs) {
    console.log(
      `  ${r.label.padEnd(12)} ${pad(s(r.child.wallMs), 7)} ${pad(s(r.child.cpuMs), 7)} ${pad(mb(r.child.peakKb === null ? null : r.child.peakKb * 1024), 12)} ${pad(r.requests, 9)} ${pad(mb(r.bytes), 9)} ${pad(r.offerPages, 12)} ${pad(`${r.listing200}/${r.listing304}`, 16)}  ` +
        `${r.runStatus} (${r.runRequests ?? '-'} req, ${mb(r.runBytes)} MB) · ${r.stored} postings, ${r.open} open, ${r.detailErrors} offer-page errors, ${mb(r.databaseBytes)} MB on disk`,
    );
  }
}

/** What the file holds after the first run, what an unchanged run adds, and a year of them. */
function printGrowth(offers: number, first: RunFigures, unchanged: RunFigures): void {
  const year = projectYear(first.tables, unchanged.tables, 1);
  const biggest = [...first.tables]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([t, n]) => `${t} ${decimalMb(n)} MB`)
    .join(', ');
  console.log(
    `  database: ${decimalMb(year.startBytes)} MB used after the first run (${biggest}; ${decimalKb(year.startBytes / offers)} kB per offer)`,
  );
  console.log(
    `    an unchanged run adds ${decimalKb(year.keptPerRun)} kB kept and ${decimalKb(year.prunedPerRun)} kB pruned after 60 days; a year at 12 runs a day: about ${decimalMb(year.yearBytes)} MB, before turnover`,
  );
}

function printServe(figures: ServeFigures[]): void {
  console.log(
    `  serving (${connections} connections, ${duration} s each; autocannon in this process, each server its own process; "done": responses within the time, "1st ms": one request alone):`,
  );
  console.log(
    `  ${'URL'.padEnd(26)} ${pad('status', 6)} ${pad('kB', 8)} ${pad('1st ms', 8)} ${pad('product req/s', 14)} ${pad('done', 6)} ${pad('p99 ms', 8)} ${pad('bare req/s', 11)} ${pad('ratio', 6)}  goal ≥ 0.5× (feeds)`,
  );
  for (const f of figures) {
    const ratio = f.product.requests.average / f.bare.requests.average;
    const errors = f.product.errors + f.product.timeouts;
    console.log(
      `  ${f.label.padEnd(26)} ${pad(f.status, 6)} ${pad((f.bytes / 1024).toFixed(0), 8)} ${pad(f.firstMs.toFixed(0), 8)} ${pad(f.product.requests.average.toFixed(1), 14)} ${pad(f.product.requests.total, 6)} ${pad(f.product.requests.total ? f.product.latency.p99.toFixed(0) : '-', 8)} ${pad(f.bare.requests.average.toFixed(0), 11)} ${pad(ratio.toFixed(3), 6)}  ${!f.label.startsWith('/feed') ? '-' : ratio >= 0.5 ? 'met' : 'NOT met'}${errors ? ` (${errors} errors/timeouts)` : ''}`,
    );
  }
}

console.log(
  `bench:scale — synthetic Choisir le service public, shapes ${shapes.join(', ')} (results pages of ${(listingBytes / 1e6).toFixed(1)} MB but small-listing's), pacing off`,
);
console.log(
  `machine: ${cpus().length} cores (shared with whatever else runs: load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}), node ${process.version}`,
);
console.log(
  `peak RSS: ${useGnuTime ? `${GNU_TIME} -f %M (maxrss of the scrape process, from the kernel at its exit)` : 'VmHWM of the scrape process polled every 50 ms (no /usr/bin/time)'}${maxOldSpace ? `; scrape children run with --max-old-space-size=${maxOldSpace}` : ''}`,
);

const results: SizeResult[] = [];
for (const offers of sizes) {
  for (const [rank, shape] of shapes.entries()) {
    const portal = await SyntheticCspPortal.start({
      offers,
      seed,
      shape,
      listingBytes: shape === 'small-listing' ? 0 : listingBytes,
    });
    console.log(
      `\nN = ${offers} offers, shape ${shape} (${portal.pages} results pages of ${mb(Buffer.byteLength(portal.listingPage(1)!))} MB; ${portal.changedOffers} change in the 1% state)`,
    );
    if (flags['heap-snapshot'] && rank === 0) await heapSnapshotRun(portal, flags['heap-snapshot']);
    const ws = workspace(portal);
    const first = await scrapeRun('first', portal, ws);
    const runs = [first];
    if (first.child.code === 0) {
      runs.push(await scrapeRun('unchanged', portal, ws));
      portal.changed = true;
      runs.push(await scrapeRun('1% changed', portal, ws));
    }
    await portal.close();
    printRuns(runs);
    if (first.child.code !== 0)
      console.log(
        `  first run failed; its stderr ends with:\n${first.child.stderr
          .trim()
          .split('\n')
          .slice(-6)
          .map((l) => `    ${l}`)
          .join('\n')}`,
      );
    console.log(
      `  per offer (first run): ${(first.child.wallMs / offers).toFixed(2)} ms wall, ${first.child.cpuMs === null ? '-' : (first.child.cpuMs / offers).toFixed(2)} ms CPU, ${mb(first.bytes / offers)} MB sent`,
    );
    if (runs.length > 1) printGrowth(offers, first, runs[1]!);
    // Serving depends on the database, not on what the pages held: once per N.
    const serve = first.child.code === 0 && !flags['skip-serve'] && rank === 0 ? await serveBench(ws) : null;
    if (serve) printServe(serve);
    if (flags.keep) console.log(`  kept: ${ws.args.join(' ')}`);
    else rmSync(ws.dir, { recursive: true, force: true });
    results.push({ offers, shape, first, runs, serve });
  }
}

/** Issue 18's goals, every shape at every N. */
const PEAK_GOAL_MB = 250;
const COST_RATIO_GOAL = 1.2;
const RERUN_SHARE_GOAL = 0.05;
const DATABASE_GOAL_MB = 350;
const DATABASE_GOAL_OFFERS = 20_000;
const yes = (ok: boolean | null) => (ok === null ? '-' : ok ? 'met' : 'NOT met');
const peakMb = (r: SizeResult) => (r.first.child.peakKb === null ? null : (r.first.child.peakKb * 1024) / 1e6);

console.log(
  `\nGoals (issue 18), each shape at each N: peak RSS ≤ ${PEAK_GOAL_MB} MB; first run succeeds${maxOldSpace ? ` (under --max-old-space-size=${maxOldSpace})` : ''}; CPU per offer within ${COST_RATIO_GOAL}× of the same shape at N = 1,000; unchanged re-run CPU ≤ ${RERUN_SHARE_GOAL * 100} % of the first run's; database ≤ ${DATABASE_GOAL_MB} MB at ${DATABASE_GOAL_OFFERS.toLocaleString('en')} offers (scaled from smaller N)`,
);
console.log(
  `  ${'N'.padStart(6)} ${'shape'.padEnd(16)} ${pad('first', 8)} ${pad('peak MB', 8)} ${pad('≤ 250', 8)} ${pad('CPU s', 7)} ${pad('ms/offer', 9)} ${pad('vs 1k', 6)} ${pad(`≤ ${COST_RATIO_GOAL}×`, 8)} ${pad('re-run CPU', 11)} ${pad('≤ 5 %', 8)} ${pad('requests', 9)} ${pad('DB MB', 7)} ${pad('at 20k', 7)} ${pad('≤ 350', 8)}`,
);
for (const r of results) {
  const peak = peakMb(r);
  const cpu = r.first.child.cpuMs;
  const reference = results.find((x) => x.offers === 1000 && x.shape === r.shape);
  const refCpu = reference?.first.child.cpuMs ?? null;
  const ratio = cpu !== null && refCpu ? cpu / r.offers / (refCpu / 1000) : null;
  const rerun = r.runs[1]?.child.cpuMs ?? null;
  const share = rerun !== null && cpu ? rerun / cpu : null;
  const dbAt20k = (r.first.databaseBytes / r.offers) * DATABASE_GOAL_OFFERS;
  console.log(
    `  ${pad(r.offers, 6)} ${r.shape.padEnd(16)} ${pad(r.first.child.code === 0 ? 'ok' : 'FAILED', 8)} ${pad(peak === null ? '-' : peak.toFixed(0), 8)} ${pad(yes(peak === null ? null : peak <= PEAK_GOAL_MB), 8)} ` +
      `${pad(s(cpu), 7)} ${pad(cpu === null ? '-' : (cpu / r.offers).toFixed(1), 9)} ${pad(ratio === null ? '-' : `${ratio.toFixed(2)}×`, 6)} ${pad(r.offers === 1000 ? '-' : yes(ratio === null ? null : ratio <= COST_RATIO_GOAL), 8)} ` +
      `${pad(share === null ? '-' : `${(share * 100).toFixed(1)} %`, 11)} ${pad(yes(share === null ? null : share <= RERUN_SHARE_GOAL), 8)} ${pad(r.first.requests, 9)} ${pad(mb(r.first.databaseBytes), 7)} ${pad(mb(dbAt20k), 7)} ${pad(yes(dbAt20k <= DATABASE_GOAL_MB * 1e6), 8)}`,
  );
}
const worst = results.reduce<SizeResult | null>(
  (w, r) => ((peakMb(r) ?? 0) > (w ? (peakMb(w) ?? 0) : -1) ? r : w),
  null,
);
if (worst)
  console.log(`  highest peak: ${peakMb(worst)?.toFixed(0) ?? '-'} MB, shape ${worst.shape} at N = ${worst.offers}`);

// /healthz and /metrics: the same cost at every N (aggregates kept by triggers), against the first N served.
const served = results.filter((r) => r.serve);
const rate = (r: SizeResult, label: string) =>
  r.serve?.find((f) => f.label === label)?.product.requests.average ?? null;
const reference = served.find((r) => r.offers === 1000) ?? served[0];
if (reference)
  for (const label of ['/healthz', '/metrics']) {
    const ref = rate(reference, label);
    const line = served.map((r) => {
      const here = rate(r, label);
      return here === null || ref === null
        ? `N=${r.offers} -`
        : `N=${r.offers} ${here.toFixed(0)} req/s (${(here / ref).toFixed(2)}× of N=${reference.offers})`;
    });
    console.log(`  ${label.padEnd(9)} ${line.join(', ')}; goal: the same cost at every N (≥ 0.77×, i.e. within 1.3×)`);
  }
