import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type CachedResponse,
  FetchError,
  Fetcher,
  type FetchTarget,
  type HttpCache,
  type HttpSettings,
  type RawPage,
  type RequestRecord,
} from '../../src/http/fetcher.ts';
import { readPageText } from '../../src/http/page-text.ts';
import type { PageRequest } from '../../src/model/source.ts';
import type { HostPolicy } from '../../src/model/urls.ts';
import { type Handler, reply, startServer, type TestServer } from './test-server.ts';

const PORTAL = 'https://passerelles.economie.gouv.fr';
const POLICY: HostPolicy = {
  hosts: ['passerelles.economie.gouv.fr'],
  aliases: { 'www.passerelles.economie.gouv.fr': 'passerelles.economie.gouv.fr' },
};
const SETTINGS: HttpSettings = {
  userAgent: 'peren-openings/0.1 (+https://example.org/contact)',
  minIntervalMs: 0,
  // Only the timeout tests, whose servers never answer, set a short one: a loaded machine must not time out the others.
  timeoutMs: 10_000,
  maxBytes: 10_000,
  retries: 2,
  retryBaseMs: 10,
  maxRetryAfterMs: 2_000,
};

class MemoryCache implements HttpCache {
  readonly entries = new Map<string, CachedResponse>();
  get(url: string): CachedResponse | undefined {
    return this.entries.get(url);
  }
  put(entry: CachedResponse): void {
    this.entries.set(entry.url, entry);
  }
}

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function setup(routes: Record<string, Handler>, http: Partial<HttpSettings> = {}) {
  const server = await startServer(routes);
  servers.push(server);
  const records: RequestRecord[] = [];
  const cache = new MemoryCache();
  const fetcher = new Fetcher({ http: { ...SETTINGS, ...http }, cache });
  const record = (entry: RequestRecord) => records.push(entry);
  const target: FetchTarget = { policy: POLICY, baseUrl: server.origin };
  const request = (path: string): PageRequest => ({ url: PORTAL + path, role: 'inventory', label: 'listing' });
  const get = (path: string) => fetcher.fetch(request(path), target, record);
  return { server, records, cache, fetcher, target, request, get };
}

async function failure(promise: Promise<unknown>): Promise<FetchError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(FetchError);
    return error as FetchError;
  }
  throw new Error('the fetch was expected to fail');
}

const startsOf = (records: RequestRecord[]) => records.map((record) => Date.parse(record.at));
const gaps = (times: number[]) => times.slice(1).map((time, i) => time - times[i]!);

describe('baseUrl mapping', () => {
  it('fetches the canonical URL on baseUrl and hands back the canonical URL', async () => {
    const { server, records, get } = await setup({
      '/offre-de-emploi/liste-offres.aspx?page=2&LCID=1036': reply('<p>Offres</p>'),
    });
    const { page, meta } = await get('/offre-de-emploi/liste-offres.aspx?page=2&LCID=1036');

    expect(page).toEqual({
      request: {
        url: `${PORTAL}/offre-de-emploi/liste-offres.aspx?page=2&LCID=1036`,
        role: 'inventory',
        label: 'listing',
      },
      url: `${PORTAL}/offre-de-emploi/liste-offres.aspx?page=2&LCID=1036`,
      status: 200,
      contentType: 'text/html; charset=utf-8',
      body: '<p>Offres</p>',
      notModified: false,
    });
    expect(meta.fetchedUrl).toBe(`${server.origin}/offre-de-emploi/liste-offres.aspx?page=2&LCID=1036`);
    expect(meta.finalUrl).toBe(meta.fetchedUrl);
    expect(meta).toMatchObject({ status: 200, charset: 'utf-8', bytes: 13, etag: null, lastModified: null });
    expect(meta.robots).toEqual({
      allowed: true,
      crawlDelaySeconds: null,
      robotsUrl: `${server.origin}/robots.txt`,
      robotsStatus: 404,
    });
    expect(server.paths()).toEqual(['/robots.txt', '/offre-de-emploi/liste-offres.aspx?page=2&LCID=1036']);
    expect(server.hits[1]!.headers['user-agent']).toBe(SETTINGS.userAgent);
    expect(server.hits[0]!.headers['user-agent']).toBe(SETTINGS.userAgent);
    expect(server.hits[1]!.headers['accept-encoding']).toBe('gzip, br, deflate');
    expect(
      records.map(({ url, fetchedUrl, status, attempt, error, conditional }) => ({
        url,
        fetchedUrl,
        status,
        attempt,
        error,
        conditional,
      })),
    ).toEqual([
      {
        url: `${PORTAL}/robots.txt`,
        fetchedUrl: `${server.origin}/robots.txt`,
        status: 404,
        attempt: 1,
        error: 'HTTP 404',
        conditional: false,
      },
      {
        url: `${PORTAL}/offre-de-emploi/liste-offres.aspx?page=2&LCID=1036`,
        fetchedUrl: `${server.origin}/offre-de-emploi/liste-offres.aspx?page=2&LCID=1036`,
        status: 200,
        attempt: 1,
        error: null,
        conditional: false,
      },
    ]);
  });

  it('maps an alias host of the request to baseUrl and canonicalises it', async () => {
    const { server, fetcher, target } = await setup({ '/a': reply('a') });
    const { page } = await fetcher.fetch(
      { url: 'http://www.passerelles.economie.gouv.fr/a#top', role: 'detail', label: 'offer' },
      target,
    );
    expect(page.url).toBe(`${PORTAL}/a`);
    expect(server.paths()).toEqual(['/robots.txt', '/a']);
  });
});

describe('redirects', () => {
  it('follows redirects within the source hosts, absolute or relative, and returns the canonical final URL', async () => {
    const { server, records, get } = await setup({
      '/old': reply('', { location: 'https://www.passerelles.economie.gouv.fr/middle?x=1' }, 301),
      '/middle?x=1': reply('', { location: '/new' }, 302),
      '/new': reply('<p>Nouvelle</p>'),
    });
    const { page, meta } = await get('/old');
    expect(page.url).toBe(`${PORTAL}/new`);
    expect(page.body).toBe('<p>Nouvelle</p>');
    expect(meta.fetchedUrl).toBe(`${server.origin}/old`);
    expect(meta.finalUrl).toBe(`${server.origin}/new`);
    expect(server.paths()).toEqual(['/robots.txt', '/old', '/middle?x=1', '/new']);
    expect(records.map((record) => [record.url, record.status])).toEqual([
      [`${PORTAL}/robots.txt`, 404],
      [`${PORTAL}/old`, 301],
      [`${PORTAL}/middle?x=1`, 302],
      [`${PORTAL}/new`, 200],
    ]);
  });

  it('refuses a redirect off the source hosts, naming the target', async () => {
    const { server, get } = await setup({ '/old': reply('', { location: 'https://ailleurs.example.com/offre' }, 302) });
    const error = await failure(get('/old'));
    expect(error.kind).toBe('redirect');
    expect(error.url).toBe(`${PORTAL}/old`);
    expect(error.status).toBe(302);
    expect(error.message).toContain('https://ailleurs.example.com/offre');
    expect(server.paths()).toEqual(['/robots.txt', '/old']);
  });

  it('gives up after five redirects', async () => {
    const { server, get } = await setup({ '/loop': reply('', { location: '/loop' }, 302) });
    const error = await failure(get('/loop'));
    expect(error.kind).toBe('redirect');
    expect(error.message).toContain('more than 5 redirects');
    expect(server.paths()).toEqual(['/robots.txt', ...Array(6).fill('/loop')]);
  });
});

describe('robots.txt', () => {
  const robots = [
    'User-agent: *',
    'Disallow:',
    '',
    'User-agent: peren-openings',
    'Disallow: /prive',
    'Crawl-delay: 0.2',
    '',
  ].join('\n');

  it('refuses a disallowed path without requesting it, naming the rule', async () => {
    const { server, get, fetcher, target } = await setup({
      '/robots.txt': reply(robots, { 'content-type': 'text/plain' }),
      '/prive/offre': reply('secret'),
    });
    const error = await failure(get('/prive/offre'));
    expect(error.kind).toBe('robots');
    expect(error.url).toBe(`${PORTAL}/prive/offre`);
    expect(error.message).toContain('line 5: Disallow: /prive');
    expect(await fetcher.robots(`${PORTAL}/prive/autre`, target)).toEqual({
      allowed: false,
      crawlDelaySeconds: 0.2,
      robotsUrl: `${server.origin}/robots.txt`,
      robotsStatus: 200,
    });
    expect((await fetcher.robots(`${PORTAL}/public`, target)).allowed).toBe(true);
    expect(server.paths()).toEqual(['/robots.txt']);
  });

  it('checks robots.txt and Crawl-delay on every redirect hop', async () => {
    const { server, records, get } = await setup({
      '/robots.txt': reply(robots, { 'content-type': 'text/plain' }),
      '/a': reply('', { location: '/prive/offre' }, 302),
      '/b': reply('', { location: '/c' }, 302),
      '/c': reply('<p>c</p>'),
      '/prive/offre': reply('secret'),
    });
    const refused = await failure(get('/a'));
    expect(refused.kind).toBe('robots');
    expect(refused.url).toBe(`${PORTAL}/a`);
    expect(refused.message).toContain(`disallows ${PORTAL}/prive/offre`);
    expect(server.paths()).toEqual(['/robots.txt', '/a']);

    await get('/b');
    expect(server.paths()).toEqual(['/robots.txt', '/a', '/b', '/c']);
    const hops = records.filter((record) => record.url === `${PORTAL}/b` || record.url === `${PORTAL}/c`);
    expect(gaps(startsOf(hops))[0]).toBeGreaterThanOrEqual(200);
  });

  it('uses Crawl-delay as a floor on the spacing of requests to a host, one at a time', async () => {
    const routes = Object.fromEntries(['/1', '/2', '/3'].map((path) => [path, reply(path)]));
    const { server, records, get } = await setup(
      { ...routes, '/robots.txt': reply(robots, { 'content-type': 'text/plain' }) },
      { minIntervalMs: 50 },
    );
    const pages = await Promise.all([get('/1'), get('/2'), get('/3')]);
    expect(pages.map(({ page }) => page.body)).toEqual(['/1', '/2', '/3']);
    expect(records.map((record) => record.url)).toEqual([
      `${PORTAL}/robots.txt`,
      `${PORTAL}/1`,
      `${PORTAL}/2`,
      `${PORTAL}/3`,
    ]);
    const [robotsGap, ...pageGaps] = gaps(startsOf(records));
    expect(robotsGap).toBeGreaterThanOrEqual(200);
    for (const gap of pageGaps) expect(gap).toBeGreaterThanOrEqual(200);
    expect(server.hits.map((hit) => hit.concurrent)).toEqual([1, 1, 1, 1]);
  });

  it('spaces requests by minIntervalMs when robots.txt sets no delay', async () => {
    const routes = Object.fromEntries(['/1', '/2', '/3'].map((path) => [path, reply(path)]));
    const { records, get } = await setup(routes, { minIntervalMs: 50 });
    await Promise.all([get('/1'), get('/2'), get('/3')]);
    expect(records.map((record) => record.url)).toEqual([
      `${PORTAL}/robots.txt`,
      `${PORTAL}/1`,
      `${PORTAL}/2`,
      `${PORTAL}/3`,
    ]);
    for (const gap of gaps(startsOf(records))) expect(gap).toBeGreaterThanOrEqual(50);
  });

  it('refuses to crawl a site whose robots.txt answers 500, asking for it once per fetcher', async () => {
    const { server, records, get } = await setup(
      { '/robots.txt': reply('panne', { 'content-type': 'text/plain' }, 500), '/a': reply('a') },
      { retries: 1 },
    );
    const error = await failure(get('/a'));
    expect(error.kind).toBe('robots');
    expect(error.status).toBe(500);
    expect(error.url).toBe(`${PORTAL}/a`);
    expect(error.message).toContain('HTTP 500');
    expect((await failure(get('/a'))).kind).toBe('robots');
    expect(server.paths()).toEqual(['/robots.txt', '/robots.txt']);
    expect(records.map((record) => [record.attempt, record.status])).toEqual([
      [1, 500],
      [2, 500],
    ]);
  });
});

describe('failures', () => {
  // The server never answers '/lent', so these time out whatever the limit; robots.txt (fetched first, under the
  // same limit) gets 2 s, so a loaded machine does not fail it instead.
  it('times out when the headers do not come', async () => {
    const { get, records } = await setup({ '/lent': () => undefined }, { retries: 0, timeoutMs: 2000 });
    const error = await failure(get('/lent'));
    expect(error.kind).toBe('timeout');
    expect(error.message).toContain('no response headers within 2000 ms');
    expect(records.at(-1)).toMatchObject({ status: null, attempt: 1, error: error.message });
  });

  it('times out when the body stalls, and retries timeouts', async () => {
    const stall: Handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.write('<p>début');
    };
    const { get, server } = await setup({ '/lent': stall }, { retries: 1, timeoutMs: 2000 });
    const error = await failure(get('/lent'));
    expect(error.kind).toBe('timeout');
    expect(error.message).toContain('body not complete within 2000 ms');
    expect(server.paths()).toEqual(['/robots.txt', '/lent', '/lent']);
  });

  it('refuses a body announced larger than maxBytes', async () => {
    const { get, records } = await setup(
      { '/gros': reply('x'.repeat(101), { 'content-type': 'text/html', 'content-length': '101' }) },
      { maxBytes: 100 },
    );
    const error = await failure(get('/gros'));
    expect(error.kind).toBe('too-large');
    expect(error.message).toContain('announces 101 bytes');
    expect(records.at(-1)).toMatchObject({ status: 200, attempt: 1, bytes: 0 });
  });

  it('aborts a streamed body past maxBytes', async () => {
    const stream: Handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.write('x'.repeat(60));
      setTimeout(() => res.end('x'.repeat(60)), 10);
    };
    const { get, records } = await setup({ '/gros': stream }, { maxBytes: 100 });
    const error = await failure(get('/gros'));
    expect(error.kind).toBe('too-large');
    expect(error.message).toContain('sent more than 100 bytes');
    expect(records.at(-1)!.bytes).toBe(120);
  });

  it('does not retry a 404', async () => {
    const { get, server } = await setup({});
    const error = await failure(get('/absent'));
    expect([error.kind, error.status, error.url]).toEqual(['http', 404, `${PORTAL}/absent`]);
    expect(server.paths()).toEqual(['/robots.txt', '/absent']);
  });

  it('retries a 500, then succeeds', async () => {
    let calls = 0;
    const flaky: Handler = (req, res) => (++calls === 1 ? reply('panne', {}, 500) : reply('enfin'))(req, res);
    const { get, records } = await setup({ '/a': flaky });
    const { page } = await get('/a');
    expect(page.body).toBe('enfin');
    expect(records.slice(1).map((record) => [record.attempt, record.status, record.error])).toEqual([
      [1, 500, 'HTTP 500'],
      [2, 200, null],
    ]);
    expect(gaps(startsOf(records.slice(1)))[0]).toBeGreaterThanOrEqual(10);
  });

  it('gives up on a 500 after the retries, with the status', async () => {
    const { get, server } = await setup({ '/a': reply('panne', {}, 503) });
    const error = await failure(get('/a'));
    expect([error.kind, error.status]).toEqual(['http', 503]);
    expect(server.paths()).toEqual(['/robots.txt', '/a', '/a', '/a']);
  });

  it('waits as long as Retry-After asks on a 429', async () => {
    let calls = 0;
    const limited: Handler = (req, res) =>
      (++calls === 1 ? reply('trop', { 'retry-after': '1' }, 429) : reply('ok'))(req, res);
    const { get, records } = await setup({ '/a': limited }, { retries: 1 });
    expect((await get('/a')).page.body).toBe('ok');
    const pageRecords = records.slice(1);
    expect(pageRecords.map((record) => record.status)).toEqual([429, 200]);
    expect(gaps(startsOf(pageRecords))[0]).toBeGreaterThanOrEqual(1000);
  });

  it('gives up at once when Retry-After is longer than maxRetryAfterMs', async () => {
    const { get, server } = await setup({ '/a': reply('trop', { 'retry-after': '3600' }, 429) });
    const error = await failure(get('/a'));
    expect([error.kind, error.status]).toEqual(['http', 429]);
    expect(error.message).toContain('retry after 3600 s (Retry-After), more than the 2 s we wait');
    expect(server.paths()).toEqual(['/robots.txt', '/a']);
  });

  it('treats a reset connection as a network error, retried', async () => {
    const { get, records } = await setup({ '/a': (req) => req.socket.resetAndDestroy() }, { retries: 1 });
    const error = await failure(get('/a'));
    expect(error.kind).toBe('network');
    expect(records.slice(1).map((record) => [record.attempt, record.status])).toEqual([
      [1, null],
      [2, null],
    ]);
    expect(records.at(-1)!.error).toBe(error.message);
  });

  it('treats a body shorter than its Content-Length as a network error', async () => {
    const truncated: Handler = (req, res) => {
      res.writeHead(200, { 'content-type': 'text/html', 'content-length': '100' });
      res.write('x'.repeat(50));
      setTimeout(() => req.socket.destroy(), 10);
    };
    const { get } = await setup({ '/a': truncated }, { retries: 0 });
    const error = await failure(get('/a'));
    expect(error.kind).toBe('network');
    expect(error.message).toContain(`${PORTAL}/a (fetched as http://127.0.0.1:`);
  });
});

describe('conditional GET', () => {
  it('stores validators, sends them back and replays the cached body on 304', async () => {
    const revalidating: Handler = (req, res) => {
      if (req.headers['if-none-match'] === '"v1"') {
        res.writeHead(304, { etag: '"v1"' });
        res.end();
        return;
      }
      reply('<p>Offre</p>', {
        'content-type': 'text/html; charset=utf-8',
        etag: '"v1"',
        'last-modified': 'Wed, 30 Sep 2026 15:04:39 GMT',
      })(req, res);
    };
    const { get, cache, records, server } = await setup({ '/a': revalidating });
    const first = await get('/a');
    expect(cache.get(`${PORTAL}/a`)).toEqual({
      url: `${PORTAL}/a`,
      etag: '"v1"',
      lastModified: 'Wed, 30 Sep 2026 15:04:39 GMT',
      contentType: 'text/html; charset=utf-8',
      body: Buffer.from('\ufeff<p>Offre</p>'),
      derived: null,
    });
    expect(first.page.notModified).toBe(false);

    const second = await get('/a');
    expect(server.hits.at(-1)!.headers['if-modified-since']).toBe('Wed, 30 Sep 2026 15:04:39 GMT');
    expect(second.page).toMatchObject({
      url: `${PORTAL}/a`,
      status: 200,
      body: '<p>Offre</p>',
      notModified: true,
      contentType: 'text/html; charset=utf-8',
    });
    expect(second.meta).toMatchObject({
      status: 304,
      etag: '"v1"',
      lastModified: 'Wed, 30 Sep 2026 15:04:39 GMT',
      bytes: 0,
    });
    expect(
      records.slice(1).map(({ status, conditional, revalidated }) => ({ status, conditional, revalidated })),
    ).toEqual([
      { status: 200, conditional: false, revalidated: false },
      { status: 304, conditional: true, revalidated: true },
    ]);
  });

  it('keeps no contact: the page and the cached body have e-mail addresses and phone numbers replaced, the 304 replays the same text', async () => {
    const feed = iconv.encode(
      '<rss><item><title>Stagiaire données</title><dc:creator>jean.dupont@finances.gouv.fr - 01 23 45 67 89</dc:creator></item></rss>',
      'latin1',
    );
    const contacts: Handler = (req, res) => {
      if (req.headers['if-none-match'] === '"v1"') {
        res.writeHead(304, { etag: '"v1"' });
        res.end();
        return;
      }
      reply(feed, { 'content-type': 'application/rss+xml; charset=ISO-8859-1', etag: '"v1"' })(req, res);
    };
    const { get, cache } = await setup({ '/flux': contacts });
    const expected =
      '<rss><item><title>Stagiaire données</title><dc:creator>mail@example.invalid - 00 00 00 00 00</dc:creator></item></rss>';
    expect((await get('/flux')).page.body).toBe(expected);
    const kept = cache.get(`${PORTAL}/flux`)!;
    expect(kept.body?.toString('utf8')).toBe(`\ufeff${expected}`);
    expect(kept.contentType).toBe('application/rss+xml; charset=ISO-8859-1');
    const replayed = await get('/flux');
    expect(replayed.page).toMatchObject({ notModified: true, body: expected });
  });

  it('keeps what the caller made of a page instead of its body, and hands it back on a 304 without making it again', async () => {
    const revalidating: Handler = (req, res) => {
      if (req.headers['if-none-match'] === '"v1"') {
        res.writeHead(304, { etag: '"v1"' });
        res.end();
        return;
      }
      reply('<p>Offre</p>', { 'content-type': 'text/html; charset=utf-8', etag: '"v1"' })(req, res);
    };
    const { fetcher, cache, server, target, request } = await setup({ '/a': revalidating });
    const made: string[] = [];
    const derivation = (key: string) => ({
      key,
      make: async (page: RawPage) => {
        const { text, charset } = readPageText(page.bytes, page.contentType);
        made.push(text!);
        return { value: `parsed:${text}`, charset, text: null };
      },
    });
    const first = await fetcher.fetch(request('/a'), target, undefined, derivation('k1'));
    expect(first.derived).toBe('parsed:<p>Offre</p>');
    expect(cache.get(`${PORTAL}/a`)).toMatchObject({
      body: null,
      derived: { key: 'k1', value: 'parsed:<p>Offre</p>' },
    });

    const second = await fetcher.fetch(request('/a'), target, undefined, derivation('k1'));
    expect(server.hits.at(-1)!.headers['if-none-match']).toBe('"v1"');
    expect(second.page).toMatchObject({ notModified: true, body: '' });
    expect(second.derived).toBe('parsed:<p>Offre</p>');
    expect(made).toHaveLength(1);

    // Made under another key (other parsers), with no body to make it again: asked for in full.
    const third = await fetcher.fetch(request('/a'), target, undefined, derivation('k2'));
    expect(server.hits.at(-1)!.headers['if-none-match']).toBeUndefined();
    expect(third.page.notModified).toBe(false);
    expect(made).toHaveLength(2);
    expect(cache.get(`${PORTAL}/a`)!.derived).toEqual({ key: 'k2', value: 'parsed:<p>Offre</p>' });
  });

  it('does not cache a response without validators', async () => {
    const { get, cache } = await setup({ '/a': reply('a') });
    await get('/a');
    expect(cache.entries.size).toBe(0);
  });
});

describe('charset and compression', () => {
  const latin1 = (text: string) => iconv.encode(text, 'latin1');
  const TITLE = 'Chargé·e de mission données – été';

  it.each([
    [
      'the Content-Type header',
      latin1('<p>Chargé·e de mission données</p>'),
      'text/html; charset=ISO-8859-1',
      '<p>Chargé·e de mission données</p>',
    ],
    [
      'the XML declaration',
      latin1('<?xml version="1.0" encoding="ISO-8859-1"?><rss><title>Chargé·e</title></rss>'),
      'application/rss+xml',
      '<?xml version="1.0" encoding="ISO-8859-1"?><rss><title>Chargé·e</title></rss>',
    ],
    [
      '<meta charset>',
      latin1('<html><head><meta charset="iso-8859-1"></head><p>été</p>'),
      'text/html',
      '<html><head><meta charset="iso-8859-1"></head><p>été</p>',
    ],
    [
      '<meta http-equiv>',
      latin1('<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"><p>données</p>'),
      'text/html',
      '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"><p>données</p>',
    ],
  ])('decodes ISO-8859-1 declared in %s', async (_where, body, contentType, expected) => {
    const { get } = await setup({ '/a': reply(body, { 'content-type': contentType }) });
    const { page, meta } = await get('/a');
    expect(page.body).toBe(expected);
    expect(meta.charset).toBe('windows-1252');
  });

  it('decodes by the bytes when the label lies: windows-1252 served as UTF-8, UTF-8 served as ISO-8859-1', async () => {
    const text = '<p>Apprenti(e) développeur(se) web – l’équipe</p>';
    const { get } = await setup({
      '/cp1252': reply(iconv.encode(text, 'windows-1252'), { 'content-type': 'text/html; charset=utf-8' }),
      '/utf8': reply(Buffer.from(text), { 'content-type': 'text/html; charset=ISO-8859-1' }),
    });
    const cp1252 = await get('/cp1252');
    expect([cp1252.page.body, cp1252.meta.charset]).toEqual([text, 'windows-1252']);
    const utf8 = await get('/utf8');
    expect([utf8.page.body, utf8.meta.charset]).toEqual([text, 'utf-8']);
  });

  it.each([
    [
      'replacement characters',
      Buffer.concat([Buffer.from('<p>d'), Buffer.from([0x81]), Buffer.from('veloppeur</p>')]),
      /1 replacement character\(s\) U\+FFFD/,
    ],
    [
      'UTF-8 read as windows-1252 before being served',
      Buffer.from('<p>dÃ©veloppeur, lâ€™équipe</p>'),
      /2 UTF-8 sequence\(s\) read as single bytes \("Ã©", "â€™"\)/,
    ],
  ])(
    'refuses a body whose text still reads wrong (%s), naming the URL, and caches nothing',
    async (_what, body, sign) => {
      const { get, cache } = await setup({
        '/a': reply(body, { 'content-type': 'text/html; charset=utf-8', etag: '"v1"' }),
      });
      const error = await failure(get('/a'));
      expect(error.kind).toBe('charset');
      expect(error.url).toBe(`${PORTAL}/a`);
      expect(error.message).toMatch(
        new RegExp(
          `^${PORTAL}/a \\(fetched as http://127\\.0\\.0\\.1:\\d+/a\\): the text looks decoded with the wrong charset`,
        ),
      );
      expect(error.message).toMatch(sign);
      expect(cache.entries.size).toBe(0);
    },
  );

  it.each([
    ['gzip', gzipSync],
    ['br', brotliCompressSync],
    ['deflate', deflateSync],
  ])('decompresses %s and counts the bytes on the wire', async (encoding, compress) => {
    const html = `<p>${TITLE}</p>`.repeat(20);
    const compressed = compress(Buffer.from(html));
    const { get, records } = await setup({
      '/a': reply(compressed, { 'content-type': 'text/html; charset=utf-8', 'content-encoding': encoding }),
    });
    const { page, meta } = await get('/a');
    expect(page.body).toBe(html);
    expect(meta.bytes).toBe(compressed.length);
    expect(records.at(-1)!.bytes).toBe(compressed.length);
  });

  it('refuses a compressed body that inflates past maxBytes', async () => {
    const { get } = await setup(
      { '/a': reply(gzipSync(Buffer.alloc(50_000, 'x')), { 'content-type': 'text/html', 'content-encoding': 'gzip' }) },
      { maxBytes: 1_000 },
    );
    const error = await failure(get('/a'));
    expect(error.kind).toBe('too-large');
    expect(error.message).toContain('decompresses to more than 1000 bytes');
  });
});
