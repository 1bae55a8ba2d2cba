/**
 * `npm run bench:open-data`: the weekly open-data file at its real size (issue 22). Writes a
 * synthetic file (scripts/synthetic-portal/open-data-file.ts, 180,000 rows ≈ 85 MB by default),
 * serves it on 127.0.0.1 with ETag and Last-Modified, and runs the real CLI (`openings scrape
 * --source csp-open-data`) as a child under --max-old-space-size (150 MB by default) twice: the
 * first run streams and reads the file, the unchanged re-run must be a 304 that reads nothing.
 * Reports peak RSS (GNU time's %M, else VmHWM polled), wall time and rows per second.
 *
 * Flags: --rows 180000  --max-old-space-size 150  --keep (leave the folder and print where)
 * Goals: peak RSS ≤ 250 MB, the run healthy under the heap cap, the re-run answered 304.
 */
import { spawn } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { writeOpenDataFile } from './synthetic-portal/open-data-file.ts';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin/openings.js');
const GNU_TIME = '/usr/bin/time';
const FILE_DATE = '2026-11-30';
const CSV_PATH = `/resources/bench/offres-datagouv-${FILE_DATE.replaceAll('-', '')}.csv`;
const PEAK_RSS_GOAL_MB = 250;

const { values: flags } = parseArgs({
  options: {
    rows: { type: 'string', default: '180000' },
    'max-old-space-size': { type: 'string', default: '150' },
    keep: { type: 'boolean', default: false },
  },
});
const rows = Number(flags.rows);
const heapMb = Number(flags['max-old-space-size']);
if (!Number.isInteger(rows) || rows < 1) throw new Error(`--rows: a positive integer is needed, got "${flags.rows}"`);
if (!Number.isInteger(heapMb) || heapMb < 16) throw new Error('--max-old-space-size: an integer ≥ 16 is needed');

const dir = mkdtempSync(join(tmpdir(), 'openings-bench-open-data-'));
const csv = join(dir, 'offres.csv');
const started = performance.now();
await writeOpenDataFile(csv, rows, FILE_DATE);
const size = statSync(csv).size;
console.log(
  `file: ${rows} rows, ${(size / 1e6).toFixed(1)} MB, written in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);

const served: { status: number; bytes: number }[] = [];
const etag = `"${size}-${statSync(csv).mtimeMs}"`;
const server = createServer((req, res) => {
  if (req.url !== CSV_PATH) {
    res.writeHead(404).end();
    return;
  }
  if (req.headers['if-none-match'] === etag) {
    served.push({ status: 304, bytes: 0 });
    res.writeHead(304, { ETag: etag }).end();
    return;
  }
  res.writeHead(200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Length': String(size),
    ETag: etag,
    'Last-Modified': new Date(`${FILE_DATE}T06:00:00Z`).toUTCString(),
  });
  served.push({ status: 200, bytes: size });
  createReadStream(csv).pipe(res);
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const config = {
  sources: {
    passerelles: { enabled: false },
    csp: { enabled: false },
    pass: { enabled: false },
    peren: { enabled: false },
    'csp-open-data': { enabled: true, url: `https://static.data.gouv.fr${CSV_PATH}`, baseUrl: base },
  },
};
writeFileSync(join(dir, 'openings.config.json'), JSON.stringify(config));
const args = ['--config', join(dir, 'openings.config.json'), '--db', join(dir, 'openings.db')];

/** One CLI run; peak RSS from GNU time (the kernel's maxrss at exit), else VmHWM polled. */
async function scrape(): Promise<{ code: number | null; ms: number; peakMb: number; stderr: string }> {
  const useTime = existsSync(GNU_TIME);
  const timeFile = join(dir, 'time.txt');
  const argv = [
    ...(useTime ? ['-f', '%M', '-o', timeFile, process.execPath] : []),
    `--max-old-space-size=${heapMb}`,
    BIN,
    ...args,
    'scrape',
    '--source',
    'csp-open-data',
  ];
  const begin = performance.now();
  const child = spawn(useTime ? GNU_TIME : process.execPath, argv, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  let polledKb = 0;
  const poll = useTime
    ? null
    : setInterval(() => {
        try {
          const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
          if (m) polledKb = Math.max(polledKb, Number(m[1]));
        } catch {}
      }, 50);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (poll) clearInterval(poll);
  const kb = useTime ? Number(readFileSync(timeFile, 'utf8').trim().split('\n').pop()) : polledKb;
  return { code, ms: performance.now() - begin, peakMb: kb / 1024, stderr };
}

const first = await scrape();
const second = await scrape();
server.close();

const db = new Database(join(dir, 'openings.db'), { readonly: true });
const runs = db
  .prepare("SELECT status, listed, postings_found AS found FROM runs WHERE source = 'csp-open-data' ORDER BY id")
  .all() as {
  status: string;
  listed: number;
  found: number;
}[];
const files = (db.prepare('SELECT COUNT(*) AS n FROM open_data_files').get() as { n: number }).n;
// The organisation's ended offers, made closed openings by the first run (the history).
const history = (
  db.prepare("SELECT COUNT(*) AS n FROM postings WHERE source = 'csp-open-data' AND state = 'closed'").get() as {
    n: number;
  }
).n;
db.close();

const line = (name: string, r: typeof first, run: (typeof runs)[number] | undefined, read: boolean) =>
  `${name}: exit ${r.code}, ${run?.status ?? 'no run'}, ${(r.ms / 1000).toFixed(1)} s, peak RSS ${r.peakMb.toFixed(0)} MB` +
  (read && run?.listed
    ? `, ${run.listed} rows (${Math.round(run.listed / (r.ms / 1000))} rows/s, process start included), ${run.found} kept`
    : '');
console.log(
  `scrape children run with --max-old-space-size=${heapMb}; peak RSS: ${existsSync(GNU_TIME) ? 'GNU time %M' : 'VmHWM polled'}`,
);
console.log(line('first run', first, runs[0], true));
console.log(line('unchanged re-run', second, runs[1], false));
console.log(
  `requests for the file: ${served.map((s) => `${s.status} (${(s.bytes / 1e6).toFixed(1)} MB)`).join(', ')}; files stored: ${files}; history: ${history} closed openings`,
);
const problems = [
  ...(first.code !== 0 || runs[0]?.status !== 'healthy' ? [`first run not healthy: ${first.stderr.trim()}`] : []),
  ...(second.code !== 0 || runs[1]?.status !== 'healthy' ? [`re-run not healthy: ${second.stderr.trim()}`] : []),
  ...(served[1]?.status !== 304 ? ['the unchanged re-run was not answered 304'] : []),
  ...(files !== 1 ? [`the re-run stored a file again (${files} stored)`] : []),
  ...(first.peakMb > PEAK_RSS_GOAL_MB
    ? [`peak RSS ${first.peakMb.toFixed(0)} MB over the ${PEAK_RSS_GOAL_MB} MB goal`]
    : []),
];
console.log(
  problems.length
    ? `GOALS MISSED:\n- ${problems.join('\n- ')}`
    : `goals met (peak RSS ≤ ${PEAK_RSS_GOAL_MB} MB, 304 re-run)`,
);
if (flags.keep) console.log(`kept: ${dir}`);
else rmSync(dir, { recursive: true, force: true });
process.exitCode = problems.length ? 1 : 0;
