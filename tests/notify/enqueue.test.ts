/**
 * From runs and events to outbox rows: which notifications a run causes, each said once, per
 * channel (kinds wanted, one message each or one digest), on databases built by the real lifecycle.
 */
import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/database.ts';
import { failedRun, healthyRun, memoryDb, posting } from '../../scripts/synthetic-store.ts';
import { type Config, parseConfig } from '../../src/config.ts';
import { closePosting, reopenPosting } from '../../src/lifecycle/manual-close.ts';
import {
  enqueueRunNotifications,
  enqueueStaleNotifications,
  notifyContext,
  withManualNotifications,
} from '../../src/notify/enqueue.ts';
import type { Notification } from '../../src/notify/notification.ts';

interface Row {
  id: number;
  channel: string;
  mode: string;
  run_id: number | null;
  payload: string;
}

function configWith(notify: Record<string, unknown> = {}): Config {
  return parseConfig({
    server: { publicUrl: 'https://offres.example.org/' },
    notify: {
      channels: { all: { type: 'webhook', url: 'https://hooks.example.org/x', secretEnv: 'S' } },
      failingAfterRuns: 2,
      ...notify,
    },
  });
}

/** A run built by the real lifecycle, then the hook as run-source calls it. */
function run(
  db: Db,
  config: Config,
  kind: 'healthy' | 'failed',
  source: 'passerelles' | 'csp' | 'pass' | 'peren',
  at: string,
  seen: ReturnType<typeof posting>[] = [],
): number {
  const runId =
    kind === 'healthy'
      ? healthyRun(db, source, at, seen)
      : failedRun(db, source, at, 'https://www.pass.fonction-publique.gouv.fr/flux/offres', 'HTTP 500');
  db.transaction(() => enqueueRunNotifications(db, runId, notifyContext(config)))();
  return runId;
}

function outbox(db: Db, afterId = 0): (Row & { notifications: Notification[] })[] {
  return (
    db.prepare('SELECT id, channel, mode, run_id, payload FROM outbox WHERE id > ? ORDER BY id').all(afterId) as Row[]
  ).map((r) => ({
    ...r,
    notifications: (JSON.parse(r.payload) as { notifications: Notification[] }).notifications,
  }));
}
const kinds = (rows: ReturnType<typeof outbox>) => rows.flatMap((r) => r.notifications.map((n) => n.kind));
const lastId = (db: Db) => (db.prepare('SELECT COALESCE(MAX(id), 0) AS n FROM outbox').get() as { n: number }).n;

const A = posting('pass', 'A-1', { title: 'Apprenti(e) data scientist', employer: 'PEReN', deadline: null });
const B = posting('pass', 'B-2', { title: 'Stage juriste numérique', employer: 'PEReN' });
const C = posting('pass', 'C-3', { title: 'Stage développeur', employer: 'PEReN' });

describe('what a run announces', () => {
  it('the first healthy run of a source announces no backlog; later new offers are announced with their links', () => {
    const db = memoryDb();
    const config = configWith();
    run(db, config, 'healthy', 'pass', '2026-12-01T08:00:00Z', [A, B]);
    expect(outbox(db)).toEqual([]);
    const second = run(db, config, 'healthy', 'pass', '2026-12-01T10:00:00Z', [A, B, C]);
    const rows = outbox(db);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ channel: 'all', mode: 'each', run_id: second });
    expect(rows[0]!.notifications[0]).toMatchObject({
      kind: 'new',
      opening: {
        title: 'Stage développeur',
        pageUrl: expect.stringMatching(/^https:\/\/offres\.example\.org\/offres\/[0-9a-f-]{36}$/),
        links: [{ source: 'pass', url: 'https://example.gouv.fr/pass/C-3', label: 'PASS (stages et apprentissage)' }],
      },
    });
  });

  it('announces the backlog when announceBacklog is set', () => {
    const db = memoryDb();
    run(db, configWith({ announceBacklog: true }), 'healthy', 'pass', '2026-12-01T08:00:00Z', [A, B]);
    expect(kinds(outbox(db))).toEqual(['new', 'new']);
  });

  it('closed (with its reason) and reopened openings', () => {
    const db = memoryDb();
    const config = configWith();
    run(db, config, 'healthy', 'pass', '2026-12-01T08:00:00Z', [A, B]);
    run(db, config, 'healthy', 'pass', '2026-12-01T10:00:00Z', [A]);
    expect(outbox(db)).toEqual([]); // missing once: not closed yet
    run(db, config, 'healthy', 'pass', '2026-12-01T12:00:00Z', [A]);
    const closed = outbox(db);
    expect(closed.map((r) => r.notifications[0])).toEqual([
      expect.objectContaining({
        kind: 'closed',
        closeReasons: ['gone'],
        manualNote: null,
        opening: expect.objectContaining({ title: 'Stage juriste numérique', status: 'closed' }),
      }),
    ]);
    const mark = lastId(db);
    run(db, config, 'healthy', 'pass', '2026-12-01T14:00:00Z', [A, B]);
    expect(outbox(db, mark).map((r) => r.notifications[0])).toEqual([
      expect.objectContaining({ kind: 'reopened', manual: false }),
    ]);
  });

  it('a deadline move of the deadline the opening shows, with old and new dates', () => {
    const db = memoryDb();
    const config = configWith();
    const offer = posting('passerelles', '5373', { title: 'Data scientist', deadline: '2027-01-15T00:00:00+01:00' });
    run(db, config, 'healthy', 'passerelles', '2026-12-01T08:00:00Z', [offer]);
    run(db, config, 'healthy', 'passerelles', '2026-12-01T10:00:00Z', [
      { ...offer, deadline: '2027-02-15T00:00:00+01:00' },
    ]);
    expect(outbox(db).map((r) => r.notifications[0])).toEqual([
      expect.objectContaining({
        kind: 'deadline-changed',
        from: '2027-01-15T00:00:00+01:00',
        to: '2027-02-15T00:00:00+01:00',
        opening: expect.objectContaining({ deadline: '2027-02-15T00:00:00+01:00' }),
      }),
    ]);
  });

  it('a deadline move on a portal whose deadline the opening does not show says nothing', () => {
    const db = memoryDb();
    const config = configWith();
    // The same post on both portals (CSP reference MEF_<Passerelles reference>): the opening shows Passerelles' deadline.
    const own = posting('passerelles', '5373', {
      title: 'Data scientist',
      reference: '2026-5373',
      deadline: '2027-01-15T00:00:00+01:00',
    });
    const copy = posting('csp', 'MEF_2026-5373', {
      title: 'Data scientist',
      reference: 'MEF_2026-5373',
      deadline: '2027-01-15T00:00:00+01:00',
    });
    run(db, config, 'healthy', 'passerelles', '2026-12-01T08:00:00Z', [own]);
    run(db, config, 'healthy', 'csp', '2026-12-01T08:10:00Z', [copy]);
    run(db, config, 'healthy', 'csp', '2026-12-01T10:10:00Z', [{ ...copy, deadline: '2027-01-20T00:00:00+01:00' }]);
    expect(outbox(db)).toEqual([]);
  });

  it('a field change that is not the deadline says nothing', () => {
    const db = memoryDb();
    const config = configWith();
    run(db, config, 'healthy', 'pass', '2026-12-01T08:00:00Z', [A]);
    run(db, config, 'healthy', 'pass', '2026-12-01T10:00:00Z', [{ ...A, location: 'Paris 12e' }]);
    expect(outbox(db)).toEqual([]);
  });

  it('each channel gets the kinds it wants, one message each or one digest per run', () => {
    const db = memoryDb();
    const config = configWith({
      channels: {
        closes: { type: 'webhook', url: 'https://hooks.example.org/c', secretEnv: 'S', events: ['closed'] },
        digest: {
          type: 'matrix',
          homeserver: 'https://matrix.example.org',
          room: '!r:example.org',
          accessTokenEnv: 'T',
          mode: 'digest',
        },
        each: { type: 'email', host: 'smtp.example.org', from: 'veille@example.org', to: ['rh@example.org'] },
      },
    });
    run(db, config, 'healthy', 'pass', '2026-12-01T08:00:00Z', [A]);
    run(db, config, 'healthy', 'pass', '2026-12-01T10:00:00Z', [A, B, C]);
    const rows = outbox(db);
    expect(rows.map((r) => [r.channel, r.mode, r.notifications.map((n) => n.kind)])).toEqual([
      ['digest', 'digest', ['new', 'new']],
      ['each', 'each', ['new']],
      ['each', 'each', ['new']],
    ]);
  });
});

describe('sources: failing, stale, recovered, each said once', () => {
  it('failing after N consecutive unhealthy runs (one is noise), once; recovered at the next healthy run, once', () => {
    const db = memoryDb();
    const config = configWith();
    run(db, config, 'healthy', 'csp', '2026-12-01T06:00:00Z');
    run(db, config, 'failed', 'csp', '2026-12-01T08:00:00Z');
    expect(outbox(db)).toEqual([]);
    run(db, config, 'failed', 'csp', '2026-12-01T10:00:00Z');
    const failing = outbox(db);
    expect(failing.map((r) => r.notifications[0])).toEqual([
      expect.objectContaining({
        kind: 'source-failing',
        source: expect.objectContaining({
          id: 'csp',
          label: 'Choisir le service public',
          unhealthyRuns: 2,
          reason: 'impossible de récupérer https://www.pass.fonction-publique.gouv.fr/flux/offres : HTTP 500',
          lastHealthyAt: '2026-12-01T06:00:00Z',
        }),
      }),
    ]);
    run(db, config, 'failed', 'csp', '2026-12-01T12:00:00Z');
    expect(outbox(db)).toHaveLength(1);
    // A healthy run in between resets the count: one more failure is noise again.
    run(db, config, 'healthy', 'csp', '2026-12-01T14:00:00Z');
    expect(kinds(outbox(db))).toEqual(['source-failing', 'source-recovered']);
    run(db, config, 'healthy', 'csp', '2026-12-01T16:00:00Z');
    run(db, config, 'failed', 'csp', '2026-12-01T18:00:00Z');
    expect(kinds(outbox(db))).toEqual(['source-failing', 'source-recovered']);
  });

  it('stale as the freshness rule says, once, and recovered at the next healthy run; a source never read is not stale', () => {
    const db = memoryDb();
    const config = configWith({
      channels: { all: { type: 'webhook', url: 'https://hooks.example.org/x', secretEnv: 'S' } },
    });
    const only = parseConfig({
      ...JSON.parse(JSON.stringify({ server: { publicUrl: 'https://offres.example.org/' } })),
      sources: { passerelles: { enabled: false }, csp: { enabled: false }, peren: { enabled: true } },
      notify: config.notify,
    });
    run(db, only, 'healthy', 'pass', '2026-12-01T08:00:00Z', [A]);
    // peren (enabled) never had a healthy run: failing if anything, not stale.
    expect(enqueueStaleNotifications(db, only, new Date('2026-12-01T13:00:00Z'))).toBe(0);
    expect(enqueueStaleNotifications(db, only, new Date('2026-12-01T14:30:00Z'))).toBe(1);
    expect(enqueueStaleNotifications(db, only, new Date('2026-12-01T20:00:00Z'))).toBe(0);
    expect(outbox(db).map((r) => r.notifications[0])).toEqual([
      expect.objectContaining({
        kind: 'source-stale',
        source: expect.objectContaining({ id: 'pass', staleAfterHours: 6 }),
      }),
    ]);
    run(db, only, 'healthy', 'pass', '2026-12-01T21:00:00Z', [A]);
    expect(kinds(outbox(db))).toEqual(['source-stale', 'source-recovered']);
  });
});

describe('hiring-page errors and a person’s corrections', () => {
  it('a tile pointing at an offer closed everywhere is said when it appears, not again while it lasts', () => {
    const db = memoryDb();
    const config = configWith();
    const tile = posting('peren', 'tile-b', {
      title: 'Stage juriste numérique',
      url: 'https://peren.gouv.fr/recrutement/#b',
      extra: { targetSource: 'pass', targetId: 'B-2', lang: 'fr' },
    });
    run(db, config, 'healthy', 'pass', '2026-12-01T08:00:00Z', [A, B]);
    run(db, config, 'healthy', 'peren', '2026-12-01T08:10:00Z', [tile]);
    run(db, config, 'healthy', 'pass', '2026-12-01T10:00:00Z', [A]);
    run(db, config, 'healthy', 'pass', '2026-12-01T12:00:00Z', [A]);
    expect(kinds(outbox(db))).toEqual(['closed', 'hiring-page-error']);
    const error = outbox(db)[1]!.notifications[0]!;
    expect(error).toMatchObject({
      kind: 'hiring-page-error',
      tile: { title: 'Stage juriste numérique' },
      opening: { title: 'Stage juriste numérique', status: 'closed' },
    });
    expect((error as { message: string }).message).toMatch(/renvoie vers une offre fermée sur tous les portails/);
    run(db, config, 'healthy', 'peren', '2026-12-01T12:10:00Z', [tile]);
    run(db, config, 'healthy', 'pass', '2026-12-01T14:00:00Z', [A]);
    expect(kinds(outbox(db))).toEqual(['closed', 'hiring-page-error']);
  });

  it('a close or reopen by hand is told to the team with its note, in the action’s transaction', () => {
    const db = memoryDb();
    const config = configWith();
    run(db, config, 'healthy', 'pass', '2026-12-01T08:00:00Z', [A, B]);
    withManualNotifications(db, notifyContext(config), '2026-12-01T09:00:00Z', () =>
      closePosting(db, 'pass:B-2', '2026-12-01T09:00:00Z', 'poste pourvu'),
    );
    withManualNotifications(db, notifyContext(config), '2026-12-01T09:30:00Z', () =>
      reopenPosting(db, 'pass:B-2', '2026-12-01T09:30:00Z'),
    );
    expect(outbox(db).map((r) => [r.run_id, r.notifications[0]])).toEqual([
      [null, expect.objectContaining({ kind: 'closed', closeReasons: ['manual'], manualNote: 'poste pourvu' })],
      [null, expect.objectContaining({ kind: 'reopened', manual: true })],
    ]);
    // A refused correction writes nothing.
    expect(() =>
      withManualNotifications(db, notifyContext(config), '2026-12-01T10:00:00Z', () =>
        reopenPosting(db, 'pass:A-1', '2026-12-01T10:00:00Z'),
      ),
    ).toThrow(/not closed by hand/);
    expect(outbox(db)).toHaveLength(2);
  });

  it('no channel configured: nothing is written', () => {
    const db = memoryDb();
    const config = configWith({ channels: {}, announceBacklog: true });
    run(db, config, 'healthy', 'pass', '2026-12-01T08:00:00Z', [A, B]);
    expect(outbox(db)).toEqual([]);
  });
});
