/** The weekly file's row reader and the dataset API reader, as pure functions of their input. */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { csvRecords, isDownloadError, MalformedCsv } from '../../scrapers/csp-open-data/csv-records.ts';
import { parseDataset } from '../../scrapers/csp-open-data/dataset.ts';
import { fileDateOf, readWeeklyFile } from '../../scrapers/csp-open-data/weekly-file.ts';
import { OrganisationMatcher } from '../../src/model/organisation.ts';

// The columns read, in another order than the real file's, with one column the reader ignores.
const HEADER = [
  'Date de fin de publication par défaut',
  'Référence',
  'Employeur',
  'Organisme de rattachement',
  'Intitulé du poste',
  'Temps Plein',
  'Versant',
  'Catégorie',
  "Nature de l'emploi",
  'Métier',
  'Localisation du poste',
  "Niveau d'études",
  'Nature de contrat',
  'Durée du contrat',
  'Date de première publication',
  'Date de début de publication par défaut',
];

function csv(rows: string[][], header = HEADER): Readable {
  const quote = (v: string) => `"${v.replace(/"/g, '""')}"`;
  const text = `\uFEFF${[header, ...rows].map((r) => r.map(quote).join(';')).join('\r\n')}\r\n`;
  return Readable.from([Buffer.from(text)]);
}

/** A row in HEADER's order. */
function row(reference: string, employer: string, first: string, end: string, title = `Offre ${reference}`): string[] {
  return [
    end,
    reference,
    employer,
    'Ministère',
    title,
    'Oui',
    'État',
    'A',
    'Emploi',
    'Juriste',
    'Paris (75)',
    'Niveau 7',
    'CDD',
    '12 mois',
    first,
    first,
  ];
}

const peren = [{ id: 'peren', matcher: new OrganisationMatcher(['PEReN']) }];

describe('readWeeklyFile', () => {
  it('reads columns by name, quoted separators and line breaks, and says which offers are active on the file date', async () => {
    const read = await readWeeklyFile(
      csvRecords(
        csv([
          row('A-1', 'PEReN\n120 rue de Bercy\n75012 Paris', '01/11/2026', '31/12/2099', 'Chef ; de projet'),
          row('A-2', 'PEReN', '01/01/2026', '29/11/2026'),
          row('A-3', 'PEReN', '30/11/2026', '30/11/2026'),
          row('A-4', 'PEReN', '01/12/2026', '31/12/2099'),
          row('B-1', 'Préfecture de la Creuse', '01/11/2026', '31/12/2099', 'Agent de pérennisation'),
        ]),
      ),
      peren,
      '2026-11-30',
    );
    if (!read.ok) throw new Error(read.problem);
    const offers = read.offers.get('peren')!;
    expect([...offers.keys()]).toEqual(['A-1', 'A-2', 'A-3', 'A-4']);
    expect(offers.get('A-1')).toMatchObject({
      title: 'Chef ; de projet',
      employer: 'PEReN',
      firstPublished: '2026-11-01',
      publicationEnd: null,
      contractDuration: '12 mois',
    });
    // A-1 (no end), A-3 (ends on the day), B-1; not A-2 (ended the day before) nor A-4 (published after).
    expect(read.activeRows).toBe(3);
    expect(read).toMatchObject({ rows: 5, badDates: 0, duplicates: 0 });
    expect(read.employers).toContainEqual({ employer: 'PEReN', organisme: 'Ministère', offers: 4, active: 2 });
  });

  it('leaves impossible dates empty and counts them; a later row of a reference wins and is counted', async () => {
    const read = await readWeeklyFile(
      csvRecords(
        csv([
          row('A-1', 'PEReN', '31/02/2026', '31/12/2099', 'old'),
          row('A-1', 'Autre employeur', '01/11/2026', '2026-13-01', 'new'),
          row('A-2', 'PEReN', '01/11/2026', '31/12/2099'),
        ]),
      ),
      peren,
      '2026-11-30',
    );
    if (!read.ok) throw new Error(read.problem);
    // 31/02 as first publication and as start, and month 13.
    expect(read).toMatchObject({ rows: 3, badDates: 3, duplicates: 1 });
    // The later row names another employer: A-1 is no longer PEReN's.
    expect([...read.offers.get('peren')!.keys()]).toEqual(['A-2']);
    expect(read.employers).toEqual([
      { employer: 'PEReN', organisme: 'Ministère', offers: 1, active: 1 },
      { employer: 'Autre employeur', organisme: 'Ministère', offers: 1, active: 1 },
    ]);
  });

  it('serves every organisation from one read, each by its names in the employer or the organisme', async () => {
    const rows = [
      row('A-1', 'PEReN', '01/11/2026', '31/12/2099'),
      row('D-1', 'Direction interministérielle du numérique (DINUM)', '01/11/2026', '31/12/2099'),
      row('X-1', 'Service partagé', '01/11/2026', '31/12/2099'),
    ];
    rows[2]![3] = 'DINUM';
    const read = await readWeeklyFile(
      csvRecords(csv(rows)),
      [...peren, { id: 'dinum', matcher: new OrganisationMatcher(['DINUM']) }],
      '2026-11-30',
    );
    if (!read.ok) throw new Error(read.problem);
    expect([...read.offers.get('peren')!.keys()]).toEqual(['A-1']);
    expect([...read.offers.get('dinum')!.keys()]).toEqual(['D-1', 'X-1']);
  });

  it('names a missing column, and refuses an HTML page', async () => {
    const renamed = HEADER.map((h) => (h === 'Référence' ? 'Reference' : h));
    expect(await readWeeklyFile(csvRecords(csv([], renamed)), peren, '2026-11-30')).toEqual({
      ok: false,
      problem: 'the header has no column "Référence" (renamed or removed)',
    });
    const html = Readable.from([Buffer.from('<!DOCTYPE html>\n<html><body>Erreur</body></html>\n')]);
    expect(await readWeeklyFile(csvRecords(html), peren, '2026-11-30')).toMatchObject({ ok: false });
  });

  it('tells a malformed file from a failed download', async () => {
    const broken = Readable.from([Buffer.from('"Référence";"Intitulé du poste"\r\n"A-1;"open\r\n')]);
    await expect(readWeeklyFile(csvRecords(broken), peren, '2026-11-30')).rejects.toBeInstanceOf(MalformedCsv);
    const cut = new Readable({ read() {} });
    cut.push(Buffer.from(`${HEADER.join(';')}\r\n`));
    setImmediate(() => cut.destroy(new Error('other side closed')));
    await expect(readWeeklyFile(csvRecords(cut), peren, '2026-11-30')).rejects.toThrow('other side closed');
  });

  it("marks only the download's own errors as such: a reader failure is the file's, not retried", async () => {
    const failure = async (records: AsyncIterable<string[]>) => {
      try {
        for await (const _ of records);
      } catch (error) {
        return error;
      }
      return null;
    };
    const cut = new Readable({ read() {} });
    cut.push(Buffer.from(`${HEADER.join(';')}\r\n`));
    setImmediate(() => cut.destroy(new Error('other side closed')));
    expect(isDownloadError(await failure(csvRecords(cut)))).toBe(true);
    const broken = Readable.from([Buffer.from('"Référence"\r\n"A-1;"open\r\n')]);
    const malformed = await failure(csvRecords(broken));
    expect(malformed).toBeInstanceOf(MalformedCsv);
    expect(isDownloadError(malformed)).toBe(false);
  });
});

describe('the file date and the dataset API', () => {
  it('takes the date in the name, else Last-Modified', () => {
    expect(fileDateOf('https://static.data.gouv.fr/r/offres-datagouv-20261130.csv', null)).toBe('2026-11-30');
    expect(fileDateOf('https://static.data.gouv.fr/r/offres.csv', 'Mon, 23 Nov 2026 06:00:00 GMT')).toBe('2026-11-23');
    expect(fileDateOf('https://static.data.gouv.fr/r/offres.csv', null)).toBeNull();
  });

  it('follows the newest weekly file the dataset lists, and says when there is none', () => {
    const url = 'https://www.data.gouv.fr/api/1/datasets/x/';
    const body = JSON.stringify({
      resources: [
        { title: 'doc', url: 'https://static.data.gouv.fr/r/doc.pdf' },
        { title: 'offres-datagouv-20261130.csv', url: 'https://static.data.gouv.fr/r/2/offres-datagouv-20261130.csv' },
        { title: 'offres-datagouv-20261123.csv', url: 'https://static.data.gouv.fr/r/1/offres-datagouv-20261123.csv' },
      ],
    });
    expect(parseDataset(body, url).next).toEqual([
      { url: 'https://static.data.gouv.fr/r/2/offres-datagouv-20261130.csv', role: 'inventory', label: 'csv' },
    ]);
    expect(parseDataset('{"resources":[]}', url)).toMatchObject({ variant: null, next: [] });
    expect(parseDataset('<html>', url).problems[0]!.message).toMatch(/not JSON/);
  });
});
