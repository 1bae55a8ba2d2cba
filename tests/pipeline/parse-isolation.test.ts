/**
 * Nothing of a page outlives its parse, and a parse does not hold the event loop: the registry's
 * wrapper copies every string a parser returns out of its page, and runs parse pages in workers.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import v8 from 'node:v8';
import { afterEach, describe, expect, it } from 'vitest';
import { cspFacts } from '../../scrapers/csp/facts.ts';
import { cspSource } from '../../scrapers/csp/index.ts';
import { register } from '../../scrapers/index.ts';
import { collectGarbage } from '../../src/heap.ts';
import { emptyPosting } from '../../src/model/posting.ts';
import { type FetchedPage, type ParseResult, pageInHand, type Source } from '../../src/model/source.ts';
import { ParsePool } from '../../src/pipeline/parse-pool.ts';

const OFFER = 'https://choisirleservicepublic.gouv.fr/offre-emploi/x-reference-2026-1/';

/** A parser whose output is slices of its page, the way substrings of a parsed page are. */
const slicingSource: Source = {
  ...(cspSource as unknown as Source),
  parse(page: FetchedPage): ParseResult {
    const posting = emptyPosting('csp', page.body.slice(0, 16), OFFER, page.body.slice(16, 400));
    posting.employer = page.body.slice(400, 2000);
    return { variant: 'slices', postings: [{ posting, orgHints: [page.body.slice(16, 80)] }], next: [], problems: [] };
  },
};

/** A distinct 2 MB page, flat in memory. */
function page(i: number): FetchedPage {
  const body = `${String(i).padStart(16, '0')}${'a'.repeat(2_000_000)}`;
  return pageInHand({ url: OFFER, role: 'detail', label: 'offer' }, Buffer.from(body).toString('latin1'));
}

function heapUsed(): number {
  collectGarbage();
  return v8.getHeapStatistics().used_heap_size;
}

describe("a parser's output", () => {
  it('keeps nothing of its page alive once it leaves the registry', async () => {
    const source = await register(cspFacts, async () => slicingSource as never).load();
    const settings = cspSource.settings.parse({ enabled: true });
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

  it('parses with the registry in a worker, and hands back a copy', async () => {
    const pool = new ParsePool({ size: 1 });
    pools.push(pool);
    const body = '<html><body><p>aucune offre</p></body></html>';
    const result = await pool.parse(
      'csp',
      pageInHand({ url: OFFER, role: 'detail', label: 'offer' }, body),
      cspSource.settings.parse({ enabled: true }),
    );
    expect(result.variant).toBeNull();
    expect(result.problems[0]!.message).toMatch(/CSP offer page/);
  });

  it('leaves the event loop free while a page parses: the process answers HTTP meanwhile', async () => {
    const pool = new ParsePool({
      size: 1,
      workerEntry: new URL('../support/gated-parse-worker.ts', import.meta.url),
    });
    pools.push(pool);
    const gate = new SharedArrayBuffer(8);
    const flags = new Int32Array(gate);
    let parsed = false;
    const parsing = pool.parse('csp', page(0), { enabled: true, maxPages: 1, gate } as never).then((r) => {
      parsed = true;
      return r;
    });
    // Wait for the worker to be inside the parse (an event, not a delay).
    while (Atomics.load(flags, 1) === 0) await new Promise((resolve) => setImmediate(resolve));
    const server = createServer((_, res) => res.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const answer = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/healthz`);
      expect(await answer.text()).toBe('ok');
      expect(parsed).toBe(false);
    } finally {
      server.close();
    }
    Atomics.store(flags, 0, 1);
    Atomics.notify(flags, 0);
    expect((await parsing).variant).toBe('gated');
  });

  it('fails the parse of a page that exhausts its worker, and keeps working', async () => {
    const pool = new ParsePool({ size: 1, maxHeapMb: 64 });
    pools.push(pool);
    const settings = cspSource.settings.parse({ enabled: true });
    const huge = `<main class="main-content-single-offer">${'<section class="fr-accordion"><p>x</p></section>'.repeat(800_000)}</main>`;
    await expect(
      pool.parse('csp', pageInHand({ url: OFFER, role: 'detail', label: 'offer' }, huge), settings),
    ).rejects.toThrow(/worker/);
    const small = await pool.parse(
      'csp',
      pageInHand({ url: OFFER, role: 'detail', label: 'offer' }, '<p>x</p>'),
      settings,
    );
    expect(small.variant).toBeNull();
  });
});
