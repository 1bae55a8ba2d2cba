/**
 * Missed offers are per organisation: a row of the file matched to one organisation is missed when
 * none of its own CSP postings has the reference, whatever another organisation's CSP run saw.
 */
import { describe, expect, it } from 'vitest';
import { offersUnseenByCsp, storeOpenDataFile } from '../../db/open-data.ts';
import type { OpenDataOffer } from '../../scrapers/csp-open-data/weekly-file.ts';
import { healthyRun, memoryDb, posting } from '../../scripts/synthetic-store.ts';

const AT = '2026-12-01T08:00:00.000Z';

function offer(reference: string): OpenDataOffer {
  return {
    reference,
    title: `Offre ${reference}`,
    employer: 'Employeur',
    organisme: 'Ministère',
    versant: null,
    category: null,
    nature: null,
    trade: null,
    location: null,
    educationLevel: null,
    contractType: null,
    contractDuration: null,
    firstPublished: '2026-11-01',
    publicationStart: '2026-11-01',
    publicationEnd: null,
  };
}

describe('offersUnseenByCsp', () => {
  it("reads the organisation's own CSP postings only", () => {
    const db = memoryDb();
    const insertOrganisation = db.prepare('INSERT OR IGNORE INTO organisations (id, name, added_at) VALUES (?, ?, ?)');
    for (const id of ['peren', 'dinum']) insertOrganisation.run(id, id, AT);
    // CSP listed R-1 for PEReN only, R-2 for the DINUM.
    healthyRun(db, 'csp', AT, [posting('csp', 'R-1', {})], undefined, 'peren');
    healthyRun(db, 'csp', AT, [posting('csp', 'R-2', {})], undefined, 'dinum');
    const runId = Number(
      db.prepare("INSERT INTO runs (source, started_at, status) VALUES ('csp-open-data', ?, 'healthy')").run(AT)
        .lastInsertRowid,
    );
    db.transaction(() =>
      storeOpenDataFile(db, {
        runId,
        url: 'https://static.data.gouv.fr/offres-datagouv-20261130.csv',
        fileDate: '2026-11-30',
        rows: 2,
        activeRows: 2,
        badDates: 0,
        duplicates: 0,
        importedAt: AT,
        offers: new Map([
          [
            'dinum',
            new Map([
              ['R-1', offer('R-1')],
              ['R-2', offer('R-2')],
            ]),
          ],
        ]),
        employers: [],
      }),
    )();
    expect(offersUnseenByCsp(db, 'dinum', '2026-11-30').map((o) => o.reference)).toEqual(['R-1']);
    db.close();
  });
});
