/**
 * Every organisation's hiring pages, one crawl: PEReN's DSFR pages and two other employers' sites
 * that are not DSFR sites (constructed, fixtures/portals/peren/other-employers/): the DINUM's
 * WordPress list of links, the ANSSI's Drupal page linking no offer. Each organisation is
 * reconciled against its own pages (`reconcile --org`), its page /o/<id>/ shows its own hiring
 * section and year in pictures, and `hiring-page --org` writes its openings only.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { rewriteConfig, runCli, startServe, workspace } from '../support/cli.ts';
import { ANSSI, ANSSI_PAGE, DINUM, DINUM_PAGE, PEREN, PEREN_PAGES } from '../support/organisations.ts';
import { scenarioPortals, testConfig } from '../support/portals.ts';

// The organisations of tests/integration/organisations.test.ts (the same searches, so PEReN holds
// alone what it holds beside the others), each with its hiring pages.
const ALL = {
  peren: { ...PEREN, hiringPages: PEREN_PAGES },
  dinum: { ...DINUM, hiringPages: [DINUM_PAGE] },
  anssi: { ...ANSSI, hiringPages: [ANSSI_PAGE] },
};
const SOURCES = ['passerelles', 'csp', 'pass', 'peren'];

const portals = scenarioPortals(SOURCES);

interface Finding {
  kind: string;
  severity: string;
  message: string;
  tile: { title: string; url: string } | null;
  opening: { title: string } | null;
}
interface Report {
  organisation?: string;
  pageReadAs: string[];
  lastHiringPageRun: string | null;
  findings: Finding[];
  hiringPageSections: { url: string; problem: string | null; changed: boolean; generated: string | null }[];
}

async function reconcileJson(args: readonly string[], org: string): Promise<Report> {
  const run = await runCli([...args, 'reconcile', '--json', '--org', org]);
  expect(run.code, run.stderr).toBeLessThanOrEqual(1);
  return JSON.parse(run.stdout) as Report;
}

/** The tiles each organisation holds: the `peren` source's postings, by organisation. */
function tilesOf(dbPath: string, organisation: string): string[] {
  const db = new Database(dbPath, { readonly: true });
  const rows = db
    .prepare(
      `SELECT source_id || ' ' || title FROM postings WHERE source = 'peren' AND organisation = ? ORDER BY source_id`,
    )
    .pluck()
    .all(organisation) as string[];
  db.close();
  return rows;
}

describe("every organisation's hiring pages", () => {
  it('reads each page once and reconciles each organisation against its own pages', async () => {
    const ws = workspace(testConfig(portals(), SOURCES, { organisations: ALL }));
    const scrape = await runCli([...ws.args, 'scrape']);
    expect(scrape.code, scrape.stderr).toBe(0);

    // One crawl: each hiring page once, every host of them on the fixture portal.
    const pages = portals()
      .requests.filter((r) => r.portal === 'peren' && r.url !== '/robots.txt')
      .map((r) => r.url)
      .sort();
    expect(pages).toEqual(['/carrieres', '/en/recrutement/', '/nous-rejoindre/', '/recrutement/']);

    // Each page's tiles belong to the organisation listing it; the DINUM's titles come from its links.
    expect(tilesOf(ws.dbPath, 'peren').map((t) => t.split(' ')[0])).toEqual([
      'passerelles:4165',
      'passerelles:5372',
      'passerelles:5373',
    ]);
    expect(tilesOf(ws.dbPath, 'dinum')).toEqual([
      'csp:2026-2460001 Développeur / Développeuse back-end (H/F)',
      'csp:2026-2460002 Data engineer (H/F) – poste partagé avec le PEReN',
      'csp:2026-2461230 Chef de projet data (H/F)',
    ]);
    expect(tilesOf(ws.dbPath, 'anssi')).toEqual([]);

    // The DINUM: read by its offer links; the old host is to update; its three openings are covered.
    const dinum = await reconcileJson(ws.args, 'dinum');
    expect(dinum.organisation).toBe('dinum');
    expect(dinum.pageReadAs).toEqual(['offer-links']);
    const dinumKinds = dinum.findings.map((f) => `${f.severity} ${f.kind} ${f.tile?.title ?? f.opening?.title}`);
    expect(dinumKinds).toContain('warning outdated-link Data engineer (H/F) – poste partagé avec le PEReN');
    expect(dinumKinds.filter((k) => k.includes('tile-offer-unknown') || k.includes('tile-offer-closed'))).toEqual([]);
    expect(dinumKinds.filter((k) => /Chef de projet data|back-end/.test(k))).toEqual([]);
    // Its page is no DSFR site: the writer says so instead of guessing.
    expect(dinum.hiringPageSections).toHaveLength(1);
    expect(dinum.hiringPageSections[0]!.problem).toMatch(/no DSFR grid/);

    // The ANSSI: a page that links no offer is a finding, and its open offers are not on it.
    const anssi = await reconcileJson(ws.args, 'anssi');
    expect(anssi.findings.map((f) => `${f.severity} ${f.kind}`)).toEqual([
      'warning page-without-offers',
      'warning opening-missing-from-page',
      'warning opening-missing-from-page',
    ]);
    expect(anssi.findings[0]!.message).toBe(
      `La page ${ANSSI_PAGE} ne renvoie vers aucune offre : aucun lien vers une offre de Passerelles, de Choisir le service public ou de PASS.`,
    );
    const anssiText = await runCli([...ws.args, 'reconcile', '--org', 'anssi']);
    expect(anssiText.code).toBe(0);
    expect(anssiText.stdout).toContain('anssi: Hiring page: last healthy read');
    expect(anssiText.stdout).toContain('ne renvoie vers aucune offre');

    // PEReN: exactly what a deployment of PEReN alone finds, and nothing of the others.
    const peren = await reconcileJson(ws.args, 'peren');
    expect(peren.pageReadAs).toEqual(['dsfr-tiles']);
    expect(JSON.stringify(peren)).not.toMatch(/Chef de projet data|Auditeur/);
    const alone = workspace(testConfig(portals(), SOURCES, { organisations: { peren: ALL.peren } }));
    expect((await runCli([...alone.args, 'scrape'])).code).toBe(0);
    const perenAlone = await reconcileJson(alone.args, 'peren');
    // Opening uids are drawn at random in each database.
    const withoutUids = (value: unknown) =>
      JSON.parse(JSON.stringify(value).replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, 'UID'));
    expect(withoutUids(peren.findings)).toEqual(withoutUids(perenAlone.findings));
    expect(withoutUids(peren.hiringPageSections)).toEqual(withoutUids(perenAlone.hiringPageSections));

    // Several organisations have pages: the commands ask which.
    for (const command of [['reconcile'], ['hiring-page', '--lang', 'fr']]) {
      const ambiguous = await runCli([...ws.args, ...command]);
      expect(ambiguous.code, command.join(' ')).toBe(2);
      expect(ambiguous.stderr).toBe(
        'openings: --org <id> is needed: several organisations have hiring pages (peren, dinum, anssi)\n',
      );
    }

    // hiring-page --org: that organisation's page and openings only.
    const written = await runCli([...ws.args, 'hiring-page', '--org', 'peren', '--lang', 'fr']);
    const writtenAlone = await runCli([...alone.args, 'hiring-page', '--org', 'peren', '--lang', 'fr']);
    expect(written.code, written.stderr).toBeLessThanOrEqual(1);
    expect(written.stdout).toContain('fr-tile');
    expect(written.stdout).toBe(writtenAlone.stdout);
    expect(written.stderr).toBe(writtenAlone.stderr);
    expect(written.stdout).not.toMatch(/Chef de projet data|Auditeur/);
    const notDsfr = await runCli([...ws.args, 'hiring-page', '--org', 'dinum', '--lang', 'fr']);
    expect(notDsfr.code).toBe(2);
    expect(notDsfr.stderr).toMatch(/^openings: https:\/\/www\.dinum\.example\/nous-rejoindre\/: .*no DSFR grid/);

    // Only one organisation with hiring pages: it is the one, without --org.
    rewriteConfig(
      ws,
      testConfig(portals(), SOURCES, {
        organisations: { peren: ALL.peren, dinum: DINUM, anssi: ANSSI },
      }),
    );
    const implicit = await runCli([...ws.args, 'hiring-page', '--lang', 'fr']);
    expect(implicit.stdout).toBe(written.stdout);
    const none = await runCli([...ws.args, 'reconcile', '--org', 'dinum']);
    expect(none.code).toBe(0);
    expect(none.stdout).toBe(
      'Hiring page: dinum has none configured (organisations.dinum.hiringPages), nothing to compare.\n',
    );
  });

  it("shows each organisation's hiring section and year in pictures on its own page", async () => {
    const ws = workspace(testConfig(portals(), SOURCES, { organisations: ALL }));
    const scrape = await runCli([...ws.args, 'scrape']);
    expect(scrape.code, scrape.stderr).toBe(0);
    const server = await startServe(ws.args);
    try {
      const page = async (id: string) => (await fetch(`${server.base}/o/${id}/`)).text();
      const [peren, dinum, anssi] = await Promise.all(['peren', 'dinum', 'anssi'].map(page));
      for (const html of [peren!, dinum!, anssi!]) {
        expect(html).toContain('Page recrutement et portails');
        expect(html).toContain('L’année en images');
      }
      // The hiring-page source's card names each organisation's own page.
      expect(peren).toContain('<h3>Page recrutement du PEReN');
      expect(dinum).toContain('<h3>Page recrutement de la DINUM');
      expect(anssi).toContain('<h3>Page recrutement de l&#39;ANSSI');
      for (const html of [peren!, dinum!, anssi!]) expect(html).not.toContain('Pages recrutement des organisations');
      // Its cards count the organisation's own postings (runs are the one crawl's).
      const postingsOn = (html: string, source: string) =>
        new RegExp(`data-source="${source}">[\\s\\S]*?<dt>Annonces</dt><dd>([^<]*)</dd>`).exec(html)?.[1];
      expect(postingsOn(peren!, 'csp')).toMatch(/ouverte/);
      expect(postingsOn(peren!, 'csp')).not.toBe(postingsOn(anssi!, 'csp'));
      // PEReN's: its DSFR sections (French and English) beside their rewrite; not the others' pages or findings.
      expect(peren).toContain('Section « offres en cours » de la page anglaise');
      expect(peren).toContain('npx openings hiring-page --org peren --lang fr --write');
      expect(peren).not.toMatch(/Nos postes ouverts|ancien site Place|ne renvoie vers aucune offre/);
      // The DINUM's: its own tiles' finding, its page that the writer cannot rewrite (no DSFR).
      expect(dinum).toContain('l&#39;ancien site Place de l&#39;emploi public');
      expect(dinum).toContain(
        'La section ne peut pas être régénérée : the &quot;Nos postes ouverts&quot; section has no DSFR grid',
      );
      expect(dinum).not.toMatch(/page anglaise|ne renvoie vers aucune offre/);
      // The ANSSI's: the page that links nothing.
      expect(anssi).toContain(`La page ${ANSSI_PAGE} ne renvoie vers aucune offre`);
      expect(anssi).not.toMatch(/Nos postes ouverts|ancien site Place|page anglaise/);

      // The charts count each organisation's openings: this week's row of the weekly table is its open openings.
      const openThisWeek = (html: string) => {
        const table = html.slice(html.indexOf('<caption>Offres ouvertes par semaine</caption>'));
        const rows = table.slice(0, table.indexOf('</tbody>')).split('<tr>');
        return Number(/<td>(\d+)<\/td>/.exec(rows.at(-1)!)![1]);
      };
      const openApi = async (id: string) =>
        ((await (await fetch(`${server.base}/o/${id}/api/openings?status=open`)).json()) as { total: number }).total;
      expect(openThisWeek(anssi!)).toBe(2);
      expect(openThisWeek(dinum!)).toBe(await openApi('dinum'));
      expect(openThisWeek(peren!)).toBe(await openApi('peren'));
      expect(openThisWeek(peren!)).not.toBe(openThisWeek(dinum!));
    } finally {
      await server.stop();
    }

    // An organisation without hiring pages has no such section, but its year in pictures.
    rewriteConfig(
      ws,
      testConfig(portals(), SOURCES, { organisations: { ...ALL, anssi: { ...ANSSI, hiringPages: [] } } }),
    );
    const again = await startServe(ws.args);
    try {
      const anssi = await (await fetch(`${again.base}/o/anssi/`)).text();
      expect(anssi).not.toContain('Page recrutement et portails');
      expect(anssi).toContain('L’année en images');
    } finally {
      await again.stop();
    }
  });
});
