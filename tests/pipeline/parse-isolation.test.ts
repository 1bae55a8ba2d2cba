/**
 * Nothing of a page outlives its parse, and a parse does not hold the event loop: the registry's
 * wrapper copies every string a parser returns out of its page, and a run's pages are decoded and
 * parsed in workers, whose answers are copies and which keep nothing of a page once it is parsed.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import v8 from 'node:v8';
import type { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { cspFacts } from '../../scrapers/csp/facts.ts';
import { cspSource } from '../../scrapers/csp/index.ts';
import { register } from '../../scrapers/index.ts';
import { collectGarbage } from '../../src/heap.ts';
import type { Derived, RawPage } from '../../src/http/fetcher.ts';
import { type FetchedPage, type PageRequest, type ParseResult, pageInHand } from '../../src/model/source.ts';
import { ParsePool } from '../../src/pipeline/parse-pool.ts';
import { slicingSource } from '../support/slicing-source.ts';

const OFFER = 'https://choisirleservicepublic.gouv.fr/offre-emploi/x-reference-2026-1/';
const REQUEST: PageRequest = { url: OFFER, role: 'detail', label: 'offer' };
const settings = cspSource.settings.parse({ enabled: true });

/** A distinct 2 MB body, flat in memory. */
function body(i: number): string {
  return `${String(i).padStart(16, '0')}${'a'.repeat(2_000_000)}`;
}

function page(i: number): FetchedPage {
  return pageInHand(REQUEST, Buffer.from(body(i)).toString('latin1'));
}

/** A page as a run hands it to the pool: bytes. */
function raw(text: string): RawPage {
  return {
    request: REQUEST,
    url: OFFER,
    status: 200,
    contentType: 'text/html; charset=utf-8',
    notModified: false,
    bytes: Buffer.from(text, 'utf8'),
  };
}

function parsed(derived: Derived): ParseResult {
  if (derived.value === null) throw new Error(derived.wrongCharset);
  return JSON.parse(derived.value) as ParseResult;
}

function heapUsed(): number {
  collectGarbage();
  return v8.getHeapStatistics().used_heap_size;
}

/** The live heap of each of the pool's workers, as heap snapshot text (taking it collects garbage first). */
async function workerHeaps(pool: ParsePool): Promise<string[]> {
  const { slots } = pool as unknown as { slots: { worker: Worker }[] };
  return Promise.all(
    slots.map(async ({ worker }) => {
      let text = '';
      for await (const chunk of await worker.getHeapSnapshot()) text += chunk;
      return text;
    }),
  );
}

describe("a parser's output", () => {
  it('keeps nothing of its page alive once it leaves the registry', async () => {
    const source = await register(cspFacts, async () => slicingSource as never).load();
    const kept: ParseResult[] = [];
    const before = heapUsed();
    for (let i = 0; i < 40; i++) kept.push(source.parse(page(i), settings as never));
    const retained = heapUsed() - before;
    // 40 pages of 2 MB: 80 MB if any returned string still pointed into its page.
    expect(kept.every((r) => r.postings[0]!.posting.title.length === 384)).toBe(true);
    expect(retained).toBeLessThan(16 * 1024 * 1024);
  });
});

describe('the parse pool', () => {
  const pools: ParsePool[] = [];
  afterEach(async () => {
    await Promise.all(pools.splice(0).map((p) => p.close()));
  });

  it('decodes and parses with the registry in a worker, and hands back a copy', async () => {
    const pool = new ParsePool({ size: 1 });
    pools.push(pool);
    const result = parsed(await pool.parse('csp', raw('<html><body><p>aucune offre</p></body></html>'), settings));
    expect(result.variant).toBeNull();
    expect(result.problems[0]!.message).toMatch(/CSP offer page/);
  });

  it('hands back nothing that keeps a page alive, even from a parser whose output is slices of it', async () => {
    const pool = new ParsePool({
      size: 1,
      workerEntry: new URL('../support/slicing-parse-worker.ts', import.meta.url),
    });
    pools.push(pool);
    await pool.parse('csp', raw(body(0)), settings); // the worker is up
    const kept: ParseResult[] = [];
    const before = heapUsed();
    for (let i = 1; i <= 40; i++) kept.push(parsed(await pool.parse('csp', raw(body(i)), settings)));
    const retained = heapUsed() - before;
    expect(kept.every((r) => r.postings[0]!.posting.title.length === 384)).toBe(true);
    expect(retained).toBeLessThan(16 * 1024 * 1024);
  });

  it('keeps nothing of the pages it parsed in its worker (real offer pages, through the registry)', async () => {
    const capture = readFileSync(join(import.meta.dirname, '../../fixtures/samples/csp-offer-detail.html'), 'utf8');
    const marked = (i: number) =>
      capture
        .replaceAll('CHARGE DE RECRUTEMENT ET DE LA MOBILITE', `CHARGE DE RECRUTEMENT zqmark${i}q`)
        .replace(
          'Le recrutement du personnel civil',
          `Le recrutement zqmark${i}q ${`du personnel civil ${i} `.repeat(2000)}`,
        );
    const pool = new ParsePool({ size: 1, idleMs: 600_000 });
    pools.push(pool);
    const titles: string[] = [];
    for (let i = 0; i < 12; i++)
      titles.push(parsed(await pool.parse('csp', raw(marked(i)), settings)).postings[0]!.posting.title);
    expect(titles.every((title, i) => title.includes(`zqmark${i}q`))).toBe(true);
    const [heap] = await workerHeaps(pool);
    // The last page may linger in per-isolate caches (a regular expression's last match); no earlier one may.
    const left = titles.slice(0, -1).filter((_, i) => heap!.includes(`zqmark${i}q`));
    expect(left).toEqual([]);
  });

  it('leaves the event loop free while a page parses: the process answers HTTP meanwhile', async () => {
    const pool = new ParsePool({
      size: 1,
      workerEntry: new URL('../support/gated-parse-worker.ts', import.meta.url),
    });
    pools.push(pool);
    const gate = new SharedArrayBuffer(8);
    const flags = new Int32Array(gate);
    let done = false;
    const parsing = pool.parse('csp', raw(body(0)), { enabled: true, maxPages: 1, gate } as never).then((r) => {
      done = true;
      return r;
    });
    // Wait for the worker to be inside the parse (an event, not a delay).
    while (Atomics.load(flags, 1) === 0) await new Promise((resolve) => setImmediate(resolve));
    const server = createServer((_, res) => res.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const answer = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/healthz`);
      expect(await answer.text()).toBe('ok');
      expect(done).toBe(false);
    } finally {
      server.close();
    }
    Atomics.store(flags, 0, 1);
    Atomics.notify(flags, 0);
    expect(parsed(await parsing).variant).toBe('gated');
  });

  it('fails the parse of a page that exhausts its worker, and keeps working', async () => {
    const pool = new ParsePool({ size: 1, maxHeapMb: 64 });
    pools.push(pool);
    const huge = `<main class="main-content-single-offer">${'<section class="fr-accordion"><p>x</p></section>'.repeat(800_000)}</main>`;
    await expect(pool.parse('csp', raw(huge), settings)).rejects.toThrow(/worker/);
    expect(parsed(await pool.parse('csp', raw('<p>x</p>'), settings)).variant).toBeNull();
  });

  it('stops a worker left idle, giving its heap back, and starts another for the next page', async () => {
    const pool = new ParsePool({ size: 1, idleMs: 5 });
    pools.push(pool);
    for (let i = 0; i < 3; i++) expect(parsed(await pool.parse('csp', raw('<p>x</p>'), settings)).variant).toBeNull();
    expect(pool.workers).toBe(1);
    while (pool.workers > 0) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(parsed(await pool.parse('csp', raw('<p>y</p>'), settings)).variant).toBeNull();
    expect(pool.workers).toBe(1);
  });

  it('stops its idle workers when told, and only those', async () => {
    const pool = new ParsePool({ size: 1, idleMs: 600_000 });
    pools.push(pool);
    await pool.parse('csp', raw('<p>x</p>'), settings);
    const later = pool.parse('csp', raw('<p>y</p>'), settings);
    await pool.releaseIdle();
    expect(parsed(await later).variant).toBeNull();
    expect(pool.workers).toBe(1);
    await pool.releaseIdle();
    expect(pool.workers).toBe(0);
  });

  it('tells a page whose text reads mis-decoded, without parsing it', async () => {
    const pool = new ParsePool({ size: 1 });
    pools.push(pool);
    const derived = await pool.parse('csp', raw('<p>dÃ©veloppeur</p>'), settings);
    expect(derived).toMatchObject({ value: null, charset: 'utf-8' });
    expect(derived.value === null && derived.wrongCharset).toMatch(/wrong charset/);
  });
});
