import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/database.ts';
import { failedRun, healthyRun, memoryDb, posting } from '../../scripts/synthetic-store.ts';
import { parseConfig } from '../../src/config.ts';
import { createApp } from '../../src/server/app.ts';

interface Health {
  status: string;
  failing: string[];
  sources: { source: string; ok: boolean; lastHealthyRunAt: string | null; lastRun: string | null }[];
}

const onlyPasserelles = (staleAfterHours: number) =>
  parseConfig({
    sources: { csp: { enabled: false }, pass: { enabled: false }, peren: { enabled: false } },
    freshness: { staleAfterHours },
  });

async function health(db: Db, staleAfterHours: number, now?: Date): Promise<{ status: number; body: Health }> {
  const app = createApp({ db, config: onlyPasserelles(staleAfterHours), ...(now ? { now: () => now } : {}) });
  const response = await app.request('/healthz');
  return { status: response.status, body: (await response.json()) as Health };
}

describe('/healthz', () => {
  let db: Db;
  beforeEach(() => {
    db = memoryDb();
  });
  afterEach(() => db.close());

  it('answers 200 while the latest healthy run is fresh, 503 once it is older than staleAfterHours', async () => {
    const finished = '2026-11-28T08:00:00.000Z';
    healthyRun(db, 'passerelles', finished, [posting('passerelles', '5372', { title: 'Data-scientist confirmé' })]);

    const fresh = await health(db, 2, new Date('2026-11-28T09:59:00.000Z'));
    expect(fresh.status).toBe(200);
    expect(fresh.body).toEqual({
      status: 'ok',
      failing: [],
      sources: [{ source: 'passerelles', ok: true, verdict: 'ok', lastHealthyRunAt: finished, lastRun: 'healthy' }],
    });

    const stale = await health(db, 2, new Date('2026-11-28T10:01:00.000Z'));
    expect(stale.status).toBe(503);
    expect(stale.body).toEqual({
      status: 'failing',
      failing: ['passerelles'],
      sources: [{ source: 'passerelles', ok: false, verdict: 'stale', lastHealthyRunAt: finished, lastRun: 'healthy' }],
    });
  });

  it('a failed run does not make a fresh source stale, and does not refresh a stale one', async () => {
    healthyRun(db, 'passerelles', '2026-11-28T08:00:00.000Z', [
      posting('passerelles', '5372', { title: 'Data-scientist confirmé' }),
    ]);
    failedRun(db, 'passerelles', '2026-11-28T09:30:00.000Z', 'https://passerelles.economie.gouv.fr/', 'HTTP 500');
    expect((await health(db, 2, new Date('2026-11-28T09:45:00.000Z'))).status).toBe(200);
    const stale = await health(db, 2, new Date('2026-11-28T10:30:00.000Z'));
    expect(stale.status).toBe(503);
    expect(stale.body.sources[0]!.lastRun).toBe('unhealthy');
  });

  it('flips to 503 on the real clock when the source turns stale', async () => {
    // A healthy run an hour ago by the machine's clock: fresh within 2 h, stale past half an hour.
    healthyRun(db, 'passerelles', new Date(Date.now() - 3_600_000).toISOString(), [
      posting('passerelles', '5372', { title: 'Data-scientist confirmé' }),
    ]);
    expect((await health(db, 2)).status).toBe(200);
    const stale = await health(db, 0.5);
    expect(stale.status).toBe(503);
    expect(stale.body.failing).toEqual(['passerelles']);
  });

  it('is 503 for an enabled source that never had a healthy run', async () => {
    const never = await health(db, 6, new Date('2026-11-28T10:00:00.000Z'));
    expect(never.status).toBe(503);
    expect(never.body.sources).toEqual([
      { source: 'passerelles', ok: false, verdict: 'stale', lastHealthyRunAt: null, lastRun: null },
    ]);
  });
});
