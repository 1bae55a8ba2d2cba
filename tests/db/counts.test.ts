/** The counters /healthz, /metrics and the page read in constant time agree with counting the rows. */
import { describe, expect, it } from 'vitest';
import { failedRun, healthyRun, LIFECYCLE, memoryDb, posting } from '../../scripts/synthetic-store.ts';
import { closePosting } from '../../src/lifecycle/manual-close.ts';
import { unlinkPosting } from '../../src/lifecycle/manual-links.ts';

describe('kept counts', () => {
  it('follow inserts, transitions, merges and finished runs', () => {
    const db = memoryDb();
    expect(LIFECYCLE.missingRunsToClose).toBe(2);
    const a = posting('passerelles', '1', { title: 'Juriste numérique', department: '75' });
    const b = posting('passerelles', '2', { title: 'Data scientist', department: '75' });
    const c = posting('csp', 'MEF_2026-1', { title: 'Data scientist', department: '75', reference: 'MEF_2026-1' });
    healthyRun(db, 'passerelles', '2026-11-01T08:00:00Z', [a, b]);
    healthyRun(db, 'csp', '2026-11-01T09:00:00Z', [c]);
    healthyRun(db, 'passerelles', '2026-11-02T08:00:00Z', [b]);
    healthyRun(db, 'passerelles', '2026-11-03T08:00:00Z', [b]);
    failedRun(db, 'pass', '2026-11-03T09:00:00Z', 'https://www.pass.fonction-publique.gouv.fr/flux/offres', 'HTTP 500');
    closePosting(db, 'csp:MEF_2026-1', '2026-11-04T08:00:00Z', null);
    unlinkPosting(db, 'csp:MEF_2026-1', '2026-11-04T09:00:00Z');

    const kept = (sql: string) => db.prepare(sql).all();
    expect(kept('SELECT source, state, n FROM posting_counts WHERE n > 0 ORDER BY 1, 2')).toEqual(
      kept('SELECT source, state, COUNT(*) AS n FROM postings GROUP BY 1, 2 ORDER BY 1, 2'),
    );
    expect(kept('SELECT status, n FROM opening_counts WHERE n > 0 ORDER BY 1')).toEqual(
      kept('SELECT status, COUNT(*) AS n FROM openings GROUP BY 1 ORDER BY 1'),
    );
    expect(kept('SELECT source, status, n FROM run_counts ORDER BY 1, 2')).toEqual(
      kept(`SELECT source, status, COUNT(*) AS n FROM runs WHERE status != 'running' GROUP BY 1, 2 ORDER BY 1, 2`),
    );
    // The scenario did move things: a closed posting and three openings.
    expect(kept(`SELECT state FROM postings WHERE state = 'closed'`).length).toBe(2);
  });
});
