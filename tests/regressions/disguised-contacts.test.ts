/**
 * Issue 17.8: contacts in disguise (fixtures/hostile/pass-disguised-contacts): `[at]`, `(at)` and
 * `(dot)`, `arobase … point …`, `%40` in a mailto link, capitals, `33 6 …`, `+33 (0)1 …`, dashes.
 * Through the CLI: none of them in the cached bodies, the postings, the feeds, the API or the page,
 * and the dates, references, salaries, postcodes and years beside them intact.
 */
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixturePortals } from '../../src/fixture-portal/server.ts';
import { scrubPersonalData } from '../../src/model/personal-data.ts';
import { runCli, startServe, workspace } from '../support/cli.ts';
import { databaseText } from '../support/database-text.ts';
import { startHostilePortals, testConfig } from '../support/portals.ts';

/** Every contact of the hostile feed, and what a disguise would leave of one half-replaced. */
const CONTACTS = [
  /jean\.valjean/i,
  /marie\.lafarge/i,
  /fontaine/i,
  /verlaine/i,
  /germain/i,
  /louise\.michel/i,
  /georges/i,
  /zola/i,
  /victor\.hugo/i,
  /dumas/i,
  // (`requests (at)` is a column of the schema, not a disguise)
  /%40|\[at\]|\w\(at\)|\[a\]|\(dot\)|\[dot\]|\(point\)|arobase/i,
  /(?<!\w)12\D{0,6}34\D{0,6}56\D{0,6}78/,
  /(?<!\w)98\D{0,6}76\D{0,6}54\D{0,6}32/,
  /(?<!\w)44\D{0,6}87\D{0,6}17\D{0,6}1[78]/,
  /(?<!\w)40\D{0,6}00\D{0,6}00\D{0,6}0[23]/,
  /(?<!\w)45\D{0,6}45\D{0,6}45\D{0,6}45/,
  /(?<!\w)11\D{0,6}22\D{0,6}33\D{0,6}44/,
];

/** Numbers beside them that are not contacts. */
const KEPT = [
  'Prise de poste le 01/03/2027 (réunion le 01.03.2027 à 10:00), référence A-2026-201734, voir aussi MEF_2026-41872',
  'rémunération de 33 600 € à 35 000 € brut annuels ; 75012 Paris ou 33 000 Bordeaux ; promotion 2026-2027, équipe créée en 2020.',
];

const leaks = (text: string) => CONTACTS.filter((contact) => contact.test(text)).map(String);

describe('contacts in disguise', () => {
  it.each([
    ['mailto:marie%40peren.gouv.fr', 'mailto:mail@example.invalid'],
    ['mailto:marie%2540peren.gouv.fr', 'mailto:mail@example.invalid'],
    ['jean [at] peren.gouv.fr', 'mail@example.invalid'],
    ['jean(at)peren(dot)gouv(dot)fr', 'mail@example.invalid'],
    ['jean [a] peren [point] fr', 'mail@example.invalid'],
    ['jean{at}peren{dot}fr', 'mail@example.invalid'],
    ['jean arobase peren point gouv point fr, merci', 'mail@example.invalid, merci'],
    ['jean.dupont (arobase) finances (point) gouv (point) fr', 'mail@example.invalid'],
    ['jean @ peren.gouv.fr', 'mail@example.invalid'],
    ['jean[dot]dupont[at]peren[dot]fr', 'mail@example.invalid'],
    ['jean&nbsp;[at]&nbsp;peren.fr', 'mail@example.invalid'],
    ['Jean.Dupont@Finances.Gouv.FR', 'mail@example.invalid'],
    ['écrire à jean@peren.gouv.fr. Merci', 'écrire à mail@example.invalid. Merci'],
    ['écrire à jean@peren.gouv.fr point de contact', 'écrire à mail@example.invalid point de contact'],
    ['tél. 33 6 12 34 56 78.', 'tél. 00 00 00 00 00.'],
    ['tél. +33 6 12 34 56 78', 'tél. 00 00 00 00 00'],
    ['+33 (0)1 44 87 17 17', '00 00 00 00 00'],
    ['(+33) 1 44 87 17 17', '00 00 00 00 00'],
    ['0033 1 44 87 17 17', '00 00 00 00 00'],
    ['0033144871717', '00 00 00 00 00'],
    ['<a href="tel:%2B33144871717">', '<a href="tel:00 00 00 00 00">'],
    ['01-44-87-17-17', '00 00 00 00 00'],
    ['01 44 87 17 17 / 06.12.34.56.78', '00 00 00 00 00 / 00 00 00 00 00'],
  ])('replaces %s', (input, expected) => {
    expect(scrubPersonalData(input)).toBe(expected);
  });

  it.each([
    'le 01/03/2027, le 01.03.2027 à 10:00, le 2027-03-01, du 01 03 2027 au 15 03 2027',
    'le 01.12.2026 10:00',
    'référence A-2026-201734, MEF_2026-41872, 2026-2357158, O056261001001569',
    'rémunération 33 600 € à 35 000 € brut, 2 500 € net, 45 000 €',
    '75012 Paris, 33 000 Bordeaux, 33000 Bordeaux, 69 003 Lyon',
    'promotion 2026-2027, créé en 2020, années 2019 2020 2021 2022',
    'Chargé(e) de mission (a) temps plein, [A] voir le point 3.2',
    'mail@example.invalid - 00 00 00 00 00',
  ])('leaves alone %s', (input) => {
    expect(scrubPersonalData(input)).toBe(input);
  });

  let hostile: FixturePortals;
  beforeAll(async () => {
    hostile = await startHostilePortals(['pass-disguised-contacts']);
  });
  afterAll(async () => hostile.close());

  it('are kept nowhere, and the numbers beside them everywhere', async () => {
    const ws = workspace(
      testConfig(hostile, ['pass'], { sources: { pass: { baseUrl: hostile.urls['pass-disguised-contacts'] } } }),
    );
    const run = await runCli([...ws.args, 'scrape']);
    expect(run.code, run.stderr).toBe(0);

    const stored = databaseText(ws.dbPath);
    expect(leaks(stored)).toEqual([]);
    for (const file of [ws.dbPath, `${ws.dbPath}-wal`].filter(existsSync))
      expect(leaks(readFileSync(file).toString('latin1'))).toEqual([]);
    const db = new Database(ws.dbPath, { readonly: true });
    // The cache keeps the feed's parse result (contacts replaced), not its body.
    const row = db.prepare(`SELECT body, derived FROM http_cache WHERE url LIKE '%/flux/offres'`).get() as {
      body: Buffer;
      derived: Buffer;
    };
    expect(row.body).toHaveLength(0);
    const cached = gunzipSync(row.derived).toString('utf8');
    const description = (
      JSON.parse(
        (
          db
            .prepare(
              `SELECT data FROM postings JOIN posting_content ON posting_id = id WHERE source_id = 'A-2026-201734'`,
            )
            .get() as { data: string }
        ).data,
      ) as { descriptionText: string }
    ).descriptionText;
    db.close();
    expect(description).toContain(
      'Contact : Jean Valjean, mail@example.invalid ou mail@example.invalid, Marie Lafarge par courriel,',
    );
    for (const kept of KEPT) {
      expect(cached).toContain(kept);
      expect(description).toContain(kept);
    }

    const server = await startServe(ws.args);
    try {
      const openings = (await (await fetch(`${server.base}/api/openings`)).json()) as { openings: { uid: string }[] };
      const published = await Promise.all(
        [
          '/api/postings',
          '/api/openings',
          '/feed.rss',
          '/feed.atom',
          '/feed.json',
          '/feed/events.json',
          '/',
          ...openings.openings.map((o) => `/offres/${o.uid}`),
        ].map(async (path) => {
          const response = await fetch(`${server.base}${path}`);
          expect(response.status, path).toBe(200);
          return [path, await response.text()] as const;
        }),
      );
      for (const [path, body] of published) expect(leaks(body), path).toEqual([]);
      const pages = published.filter(([path]) => path.startsWith('/offres/')).map(([, body]) => body);
      for (const kept of KEPT) expect(pages.some((page) => page.includes(kept))).toBe(true);
    } finally {
      await server.stop();
    }
  });
});
