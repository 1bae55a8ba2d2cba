/**
 * The HTTP edges: a Host header that makes no URL, methods the read-only server does not take,
 * filters no record could match. Answered 400 or 405 in JSON that is never sniffed; the page keeps
 * ignoring unknown filters but says so.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../../db/database.ts';
import { PORTALS, SOURCE_IDS } from '../../scrapers/index.ts';
import { healthyRun, memoryDb, posting } from '../../scripts/synthetic-store.ts';
import { parseConfig } from '../../src/config.ts';
import { createApp } from '../../src/server/app.ts';
import { startServe, workspace } from '../support/cli.ts';

/** A GET with a Host header of our choosing (fetch would not send one). */
function getWithHost(
  base: string,
  path: string,
  host: string,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { headers: { host } }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('a Host header that makes no URL', () => {
  it('is a 400 on every feed, page and API without server.publicUrl, and harmless with it', async () => {
    const plain = workspace({});
    openDatabase(plain.dbPath).close(); // serve reads a database: an empty one
    const served = await startServe(plain.args);
    try {
      for (const path of ['/feed.rss', '/feed/events.atom', '/feed.json', '/api/openings', '/', '/offres/x']) {
        const response = await getWithHost(served.base, path, 'xn--');
        expect(response.status, path).toBe(400);
        expect(response.headers['x-content-type-options'], path).toBe('nosniff');
        expect(JSON.parse(response.body), path).toEqual({ error: 'invalid Host header "xn--"' });
      }
    } finally {
      await served.stop();
    }

    const withPublicUrl = workspace({ server: { publicUrl: 'https://offres.example.org' } });
    openDatabase(withPublicUrl.dbPath).close();
    const public_ = await startServe(withPublicUrl.args);
    try {
      const response = await getWithHost(public_.base, '/feed.rss', 'xn--');
      expect(response.status).toBe(200);
      expect(response.body).toContain('https://offres.example.org/feed.rss');
    } finally {
      await public_.stop();
    }
  });
});

describe('methods and filters', () => {
  let db: Db;
  let app: ReturnType<typeof createApp>;
  beforeAll(() => {
    db = memoryDb();
    healthyRun(db, 'pass', '2026-11-28T08:00:00.000Z', [
      posting('pass', 'A-1', { title: 'Apprenti(e) data scientist', employer: 'PEReN', contractType: 'Apprentissage' }),
      posting('pass', 'S-1', { title: 'Stage audit', employer: 'PEReN', contractType: 'Stage' }),
    ]);
    app = createApp({ db, config: parseConfig({}), now: () => new Date('2026-11-28T09:00:00.000Z') });
  });
  afterAll(() => db.close());

  it('answers 405 with Allow: GET, HEAD to any other method', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      const response = await app.request('/api/openings', { method });
      expect(response.status, method).toBe(405);
      expect(response.headers.get('allow')).toBe('GET, HEAD');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(await response.json()).toEqual({
        error: `method ${method} not allowed: this server only reads`,
        allow: ['GET', 'HEAD'],
      });
    }
    expect((await app.request('/api/openings', { method: 'HEAD' })).status).toBe(200);
  });

  it.each([
    ['/api/openings?status=bogus', 'status', ['open', 'missing', 'closed']],
    ['/api/openings?source=bogus', 'source', PORTALS.map((s) => s.id)],
    ['/api/postings?source=bogus', 'source', SOURCE_IDS],
    ['/api/postings?contractType=bogus', 'contractType', ['Apprentissage', 'Stage']],
  ])('answers 400 naming the allowed values: %s', async (path, parameter, allowed) => {
    const response = await app.request(path);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.json()).toEqual({
      error: `${parameter}: unknown value "bogus" (allowed: ${allowed.join(', ')})`,
      parameter,
      allowed,
    });
  });

  it('still filters on allowed values, an empty value meaning no filter', async () => {
    const stages = (await (await app.request('/api/postings?contractType=stage')).json()) as {
      postings: { sourceId: string }[];
    };
    expect(stages.postings.map((p) => p.sourceId)).toEqual(['S-1']);
    const open = (await (await app.request('/api/openings?status=open&source=')).json()) as { count: number };
    expect(open.count).toBe(2);
  });

  it('keeps the page up on unknown filters, and says it ignored them', async () => {
    const response = await app.request('/?status=bogus&source=csp');
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain(
      'Filtre ignoré : status = « bogus » n’est pas une valeur connue (valeurs possibles : open (ouverte), missing',
    );
    expect(page).not.toContain('source = « csp »');
    expect(await (await app.request('/?status=open')).text()).not.toContain('Filtre ignoré');
  });

  it('answers an unknown path with a JSON 404 that is not sniffed', async () => {
    const response = await app.request('/nulle-part');
    expect(response.status).toBe(404);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.json()).toEqual({ error: 'not found', path: '/nulle-part' });
  });
});
