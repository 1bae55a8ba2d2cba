/**
 * The year in pictures at a ministry's size: N postings on the three portals over a year (openings
 * of one to three postings, half of them closed, deterministic), written straight into a fresh
 * database, then the dashboard's three charts from the database: query, figures and SVG. Goal:
 * a year of history in under 100 ms at 20,000 postings.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../db/database.ts';
import { yearOfFigures, yearSection } from '../src/server/pages/charts.ts';

const GOAL_MS = 100;
const DAY = 86_400_000;

function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state ^ (state >>> 15), 2246822507) + 0x9e3779b9) >>> 0;
    return state / 2 ** 32;
  };
}

function fill(path: string, postings: number, now: number): void {
  const db = openDatabase(path);
  const random = seeded(20);
  const run = db.prepare(`INSERT INTO runs (source, started_at, finished_at, status) VALUES ('csp', ?, ?, 'healthy')`);
  const runId = Number(run.run(new Date(now).toISOString(), new Date(now).toISOString()).lastInsertRowid);
  const opening = db.prepare(`INSERT INTO openings (uid, created_at, status, title) VALUES (?, ?, ?, 'Offre')`);
  const posting = db.prepare(
    `INSERT INTO postings (source, source_id, url, title, inventory_hash, state, first_seen_at, first_seen_run, last_seen_at, last_seen_run, closed_at, published_at)
     VALUES (?, ?, ?, 'Offre', '', ?, ?, ?, ?, ?, ?, ?)`,
  );
  const link = db.prepare(
    `INSERT INTO opening_links (posting_id, opening_id, reason, linked_at) VALUES (?, ?, 'url', ?)`,
  );
  const sources = ['passerelles', 'csp', 'pass'];
  db.transaction(() => {
    let written = 0;
    for (let o = 0; written < postings; o++) {
      const seen = now - Math.floor(random() * 400) * DAY;
      const closed = random() < 0.5 ? Math.min(now, seen + Math.floor(random() * 120 + 1) * DAY) : null;
      const at = new Date(seen).toISOString();
      const openingId = Number(opening.run(`bench-${o}`, at, closed ? 'closed' : 'open').lastInsertRowid);
      const members = 1 + Math.floor(random() * 3);
      for (let m = 0; m < members && written < postings; m++, written++) {
        const firstSeen = new Date(seen + m * Math.floor(random() * 5) * DAY).toISOString();
        const id = Number(
          posting.run(
            sources[m]!,
            `${o}-${m}`,
            `https://example.invalid/${o}/${m}`,
            closed ? 'closed' : 'open',
            firstSeen,
            runId,
            firstSeen,
            runId,
            closed ? new Date(closed).toISOString() : null,
            random() < 0.5 ? firstSeen : null,
          ).lastInsertRowid,
        );
        link.run(id, openingId, firstSeen);
      }
    }
  })();
  db.close();
}

export async function chartCosts(sizes: readonly number[] = [1000, 20_000]): Promise<void> {
  console.log('\nThe year in pictures (query, figures and the three SVG charts of the dashboard):');
  const now = new Date();
  for (const n of sizes) {
    const dir = mkdtempSync(join(tmpdir(), 'openings-charts-'));
    const path = join(dir, 'charts.db');
    fill(path, n, now.getTime());
    const db = openDatabase(path);
    const options = { minimumPublicationDays: 30 };
    yearSection(yearOfFigures(db, now, options), options);
    // CPU time as well as wall time: on a shared machine the wall clock mostly measures the neighbours.
    const walls: number[] = [];
    const cpus: number[] = [];
    for (let i = 0; i < 7; i++) {
      const start = performance.now();
      const cpu = process.cpuUsage();
      yearSection(yearOfFigures(db, now, options), options);
      const used = process.cpuUsage(cpu);
      cpus.push((used.user + used.system) / 1000);
      walls.push(performance.now() - start);
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;
    const [wall, cpu] = [median(walls), median(cpus)];
    console.log(
      `  ${String(n).padStart(6)} postings: ${cpu.toFixed(1)} ms CPU, ${wall.toFixed(1)} ms wall (medians of 7)  ${n < 20_000 || cpu < GOAL_MS ? 'ok' : `OVER the ${GOAL_MS} ms goal`}`,
    );
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith('bench-charts.ts')) await chartCosts();
