/**
 * `npm run bench:organisations`: many organisations, one crawl (issue 19, "Scale"). For each total
 * N of `--offers` and each K of `--organisations`, a synthetic Choisir le service public whose N
 * offers belong to K organisations (scripts/synthetic-portal/organisations-portal.ts: each its own
 * employer names and search, one post in 20 shared by two), a fresh database, and the real CLI
 * (`openings scrape --source csp`) as a child process under GNU time. Per K: requests made against
 * the distinct pages the portal has for the union of the searches (goal ≤ 1.05×), the child's peak
 * RSS against K = 1 with the same N (goal ≤ 1.2×), CPU time per offer (goal: linear in N, whatever
 * K). Correctness, checked in the database: each organisation holds, open, exactly the offers its
 * search lists (shared ones in both), and each of its open openings holds its own postings of one
 * post (two posts the generator made alike, same title and description, are one post by the linking
 * rule: counted, not wrong); any miss exits 1.
 *
 * Flags: --organisations 1,10,50  --offers 1000  --seed 1  --listing-bytes B (results page weight,
 *        default the real 4.5 MB)  --keep (leave each run's configuration and database, print where)
 * Timing goals live here, never in a timed test.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { openDatabase } from '../db/database.ts';
import { type ExpectedHoldings, SyntheticOrganisationsPortal } from './synthetic-portal/organisations-portal.ts';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin/openings.js');
const GNU_TIME = '/usr/bin/time';

const { values: flags } = parseArgs({
  options: {
    organisations: { type: 'string', default: '1,10,50' },
    offers: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '1' },
    'listing-bytes': { type: 'string', default: '4500000' },
    keep: { type: 'boolean', default: false },
  },
});

function integers(name: string, raw: string, min: number): number[] {
  return raw.split(',').map((part) => {
    const n = Number(part.trim());
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name}: integers ≥ ${min} are needed, got "${part}"`);
    return n;
  });
}

const ks = integers('organisations', flags.organisations, 1);
const totals = integers('offers', flags.offers, 1);
const seed = integers('seed', flags.seed, 0)[0]!;
const listingBytes = integers('listing-bytes', flags['listing-bytes'], 0)[0]!;
if (!existsSync(GNU_TIME)) throw new Error(`${GNU_TIME} is needed for the child's peak RSS and CPU time`);

interface Child {
  code: number | null;
  wallMs: number;
  peakMb: number;
  cpuMs: number;
  stderr: string;
}

/** The CLI as a child under GNU time: the kernel's maxrss and user + system CPU of the process, read at its exit. */
function runCli(args: string[]): Promise<Child> {
  const timeFile = join(tmpdir(), `openings-bench-organisations-${process.pid}-${Date.now()}`);
  const started = performance.now();
  const child = spawn(GNU_TIME, ['-f', '%M %U %S', '-o', timeFile, process.execPath, BIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      // GNU time writes "Command exited with non-zero status N" first when it did.
      const [kb, user, system] = readFileSync(timeFile, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number);
      rmSync(timeFile, { force: true });
      resolve({ code, wallMs, peakMb: kb! / 1024, cpuMs: (user! + system!) * 1000, stderr });
    });
  });
}

interface OpenOpening {
  organisation: string;
  postings: { organisation: string; reference: string; description: string | null }[];
}

interface Holdings {
  /** Per organisation, the references of its open CSP postings. */
  postings: Map<string, Set<string>>;
  openings: OpenOpening[];
}

/** What the organisations hold of CSP after the run, read from the database. */
function holdings(dbPath: string): Holdings {
  const db = openDatabase(dbPath);
  try {
    const postings = new Map<string, Set<string>>();
    const rows = db
      .prepare(`SELECT organisation, source_id FROM postings WHERE source = 'csp' AND state = 'open'`)
      .all() as { organisation: string; source_id: string }[];
    for (const r of rows) postings.set(r.organisation, (postings.get(r.organisation) ?? new Set()).add(r.source_id));
    const members = db
      .prepare(
        `SELECT o.id, o.organisation AS openingOf, p.organisation, p.source_id AS reference,
                json_extract(c.data, '$.descriptionText') AS description
         FROM openings o JOIN opening_links l ON l.opening_id = o.id JOIN postings p ON p.id = l.posting_id
         JOIN posting_content c ON c.posting_id = p.id WHERE o.status = 'open'`,
      )
      .all() as {
      id: number;
      openingOf: string;
      organisation: string;
      reference: string;
      description: string | null;
    }[];
    const openings = new Map<number, OpenOpening>();
    for (const { id, openingOf, ...member } of members) {
      const opening = openings.get(id) ?? { organisation: openingOf, postings: [] };
      opening.postings.push(member);
      openings.set(id, opening);
    }
    return { postings, openings: [...openings.values()] };
  } finally {
    db.close();
  }
}

interface Verdict {
  /** What is wrong: the organisation does not hold exactly its offers, or an opening is not one post of its own. */
  wrong: string[];
  openings: number;
  posts: number;
  /** Openings holding two posts the data made distinct but that read the same (title and description): one post by the product's rule. */
  joined: number;
  /** Posts whose offers are in two openings (a republication not recognised). */
  split: number;
}

/** Organisation `id` against what the data gave it. */
function verdict(id: string, expected: ExpectedHoldings, held: Holdings): Verdict {
  const wrong: string[] = [];
  const refs = held.postings.get(id) ?? new Set<string>();
  const missing = expected.references.filter((r) => !refs.has(r));
  const extra = [...refs].filter((r) => !expected.postOf.has(r));
  const few = (list: string[]) => `${list.slice(0, 3).join(', ')}${list.length > 3 ? '…' : ''}`;
  if (missing.length > 0) wrong.push(`${id}: ${missing.length} of its offers not held open (${few(missing)})`);
  if (extra.length > 0) wrong.push(`${id}: ${extra.length} offers of others held (${few(extra)})`);
  const own = held.openings.filter((o) => o.organisation === id);
  let joined = 0;
  const openingsOfPost = new Map<number, number>();
  for (const opening of own) {
    const strangers = opening.postings.filter((p) => p.organisation !== id).map((p) => p.reference);
    if (strangers.length > 0)
      wrong.push(`${id}: an opening holds postings of another organisation (${few(strangers)})`);
    const posts = new Set(opening.postings.map((p) => expected.postOf.get(p.reference) ?? -1));
    for (const post of posts) openingsOfPost.set(post, (openingsOfPost.get(post) ?? 0) + 1);
    if (posts.size === 1) continue;
    if (new Set(opening.postings.map((p) => p.description)).size === 1) joined += 1;
    else wrong.push(`${id}: an opening joins different posts (${few(opening.postings.map((p) => p.reference))})`);
  }
  const split = [...openingsOfPost.values()].filter((n) => n > 1).length;
  return { wrong, openings: own.length, posts: expected.posts, joined, split };
}

interface Measure {
  offers: number;
  k: number;
  shared: number;
  requests: number;
  distinct: number;
  offerRequests: number;
  listingRequests: number;
  child: Child;
  problems: string[];
  openings: number;
  posts: number;
  joined: number;
  split: number;
}

async function measure(offers: number, k: number): Promise<Measure> {
  const portal = await SyntheticOrganisationsPortal.start({ organisations: k, offers, seed, listingBytes });
  const dir = mkdtempSync(join(tmpdir(), 'openings-bench-organisations-'));
  const configPath = join(dir, 'openings.config.json');
  const dbPath = join(dir, 'openings.db');
  writeFileSync(configPath, JSON.stringify(portal.data.config(portal.url), null, 2));
  try {
    const child = await runCli(['--config', configPath, '--db', dbPath, 'scrape', '--source', 'csp']);
    const problems: string[] = [];
    const verdicts: Verdict[] = [];
    if (child.code !== 0)
      problems.push(`scrape exited ${child.code}: ${child.stderr.trim().split('\n').slice(-3).join(' | ')}`);
    else {
      const held = holdings(dbPath);
      for (const [i, o] of portal.data.organisations.entries()) verdicts.push(verdict(o.id, portal.expected(i), held));
      problems.push(...verdicts.flatMap((v) => v.wrong));
    }
    const sum = (field: 'openings' | 'posts' | 'joined' | 'split') => verdicts.reduce((n, v) => n + v[field], 0);
    const served = portal.requests;
    return {
      offers,
      k,
      shared: portal.data.shared,
      requests: served.length,
      distinct: portal.data.distinctPages,
      offerRequests: served.filter((r) => r.kind === 'offer').length,
      listingRequests: served.filter((r) => r.kind === 'listing').length,
      child,
      problems,
      openings: sum('openings'),
      posts: sum('posts'),
      joined: sum('joined'),
      split: sum('split'),
    };
  } finally {
    await portal.close();
    if (flags.keep) console.log(`  kept: --config ${configPath} --db ${dbPath}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

const pad = (v: string | number, n: number) => String(v).padStart(n);
const met = (ok: boolean) => (ok ? 'met' : 'NOT met');

console.log(
  `bench:organisations — synthetic Choisir le service public, K organisations sharing N offers (one post in 20 shared by two), results pages of ${(listingBytes / 1e6).toFixed(1)} MB, pacing off`,
);
console.log(
  `machine: ${cpus().length} cores (shared: load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}), node ${process.version}; peak RSS and CPU: ${GNU_TIME} of the scrape process`,
);

const all: Measure[] = [];
for (const offers of totals) {
  console.log(`\nN = ${offers} offers`);
  console.log(
    `  ${pad('K', 4)} ${pad('shared', 7)} ${pad('requests', 9)} ${pad('distinct', 9)} ${pad('ratio', 6)} ${pad('≤ 1.05×', 8)} ${pad('results/offer pages', 20)} ${pad('peak MB', 8)} ${pad('vs K=1', 7)} ${pad('≤ 1.2×', 8)} ${pad('CPU s', 7)} ${pad('CPU ms/offer', 13)} ${pad('wall s', 7)}  holdings`,
  );
  const rows: Measure[] = [];
  for (const k of ks) {
    const m = await measure(offers, k);
    rows.push(m);
    all.push(m);
    const reference = rows.find((r) => r.k === 1);
    const ratio = m.requests / m.distinct;
    const peakRatio = reference ? m.child.peakMb / reference.child.peakMb : null;
    console.log(
      `  ${pad(k, 4)} ${pad(m.shared, 7)} ${pad(m.requests, 9)} ${pad(m.distinct, 9)} ${pad(ratio.toFixed(3), 6)} ${pad(met(ratio <= 1.05), 8)} ${pad(`${m.listingRequests}/${m.offerRequests}`, 20)} ${pad(m.child.peakMb.toFixed(0), 8)} ${pad(peakRatio === null ? '-' : `${peakRatio.toFixed(2)}×`, 7)} ${pad(peakRatio === null ? '-' : met(peakRatio <= 1.2), 8)} ${pad((m.child.cpuMs / 1000).toFixed(1), 7)} ${pad((m.child.cpuMs / offers).toFixed(1), 13)} ${pad((m.child.wallMs / 1000).toFixed(1), 7)}  ${m.problems.length === 0 ? `each of the ${k} exact` : `${m.problems.length} WRONG`}`,
    );
    console.log(
      `       open openings ${m.openings} for ${m.posts} posts${m.joined ? `; ${m.joined} join two posts that read the same (title, description): one post by the linking rule` : ''}${m.split ? `; ${m.split} posts in two openings` : ''}`,
    );
    for (const p of m.problems.slice(0, 10)) console.log(`      ${p}`);
  }
}

if (totals.length > 1) {
  console.log('\nCPU per offer against the smallest N, per K (goal: linear in the total, i.e. about 1×):');
  const smallest = Math.min(...totals);
  for (const k of ks) {
    const base = all.find((m) => m.k === k && m.offers === smallest)!;
    const line = all
      .filter((m) => m.k === k)
      .map((m) => `N=${m.offers} ${(m.child.cpuMs / m.offers / (base.child.cpuMs / base.offers)).toFixed(2)}×`);
    console.log(`  K=${k}: ${line.join(', ')}`);
  }
}

const wrong = all.filter((m) => m.problems.length > 0);
if (wrong.length > 0) {
  console.error(
    `\nbench:organisations: holdings wrong for ${wrong.map((m) => `K=${m.k} N=${m.offers}`).join(', ')} (see above)`,
  );
  process.exitCode = 1;
}
