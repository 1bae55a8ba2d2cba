/**
 * `reconcile` on databases built by the real pipeline: in-process scrapes of the fixture portals
 * at a fixed clock (the fixtures' deadlines decide which offers are still open), with the hiring
 * page replaced by its edge-case variants.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../../db/database.ts';
import { parseConfig } from '../../src/config.ts';
import type { FixturePortals } from '../../src/fixture-portal/server.ts';
import { scrape } from '../../src/pipeline/scrape.ts';
import { type Reconciliation, reconcile } from '../../src/reconcile/reconcile.ts';
import { FIXTURE_PORTALS } from '../support/cli.ts';
import { deadlinesAsFirstWritten } from '../support/fixture-edits.ts';
import { startPortals, testConfig } from '../support/portals.ts';

const FR_PAGE = 'https://peren.gouv.fr/recrutement/';
const PASSERELLES = 'https://passerelles.economie.gouv.fr/offre-de-emploi';
const OFFER_4165 = `${PASSERELLES}/emploi-developpeur-front-end-sen-peren-155-h-f_4165.aspx`;
const OFFER_5373 = `${PASSERELLES}/emploi-data-scientist-confirme-sen-peren-106-h-f_5373.aspx`;
const OFFER_5372 = `${PASSERELLES}/emploi-data-scientist-confirme-sen-peren-156-h-f_5372.aspx`;
const CSP_41872 = 'offre-emploi/sen-peren-106---data-scientist-confirme-hf-reference-MEF_2026-41872/';
const CSP_42011 = 'offre-emploi/juriste-specialisee-en-regulation-numerique-hf-reference-MEF_2026-42011/';

let portals: FixturePortals;
beforeAll(async () => {
  portals = await startPortals(['passerelles', 'csp', 'pass', 'peren']);
});
afterAll(async () => portals.close());
beforeEach(() => {
  portals.reset();
  // The scenarios were written against the fixtures' first, now past, deadlines.
  deadlinesAsFirstWritten(portals);
});

const variant = (name: string) => readFileSync(join(FIXTURE_PORTALS, 'peren/variants', name), 'utf8');
const latestFrenchPage = () => readFileSync(join(FIXTURE_PORTALS, 'peren/recrutement-fr.html'), 'utf8');

function newDb(): Db {
  return openDatabase(join(mkdtempSync(join(tmpdir(), 'openings-reconcile-')), 'openings.db'));
}

/** One healthy run of each source at `at`; `frenchOnly` reads only the French hiring page. */
async function scrapeAt(db: Db, at: string, sources: string[], options: { frenchOnly?: boolean } = {}): Promise<void> {
  const extra = {
    lifecycle: { missingRunsToClose: 1, missingHoursToClose: 0 },
    sources: options.frenchOnly ? { peren: { pages: [FR_PAGE] } } : {},
  };
  const outcomes = await scrape(db, parseConfig(testConfig(portals, sources, extra)), { now: () => new Date(at) });
  expect(outcomes.map((o) => [o.source, o.summary.status, o.summary.reason])).toEqual(
    sources.map((s) => [s, 'healthy', null]),
  );
}

const overview = (result: Reconciliation) =>
  result.findings.map((f) => [f.severity, f.kind, f.tile?.title ?? null, f.opening?.title ?? null]);
const findingOf = (result: Reconciliation, kind: string, tileTitle: string | null) =>
  result.findings.find((f) => f.kind === kind && (f.tile?.title ?? null) === tileTitle)!;

describe('reconcile', () => {
  it('compares nothing before the hiring page had a healthy run', () => {
    expect(reconcile(newDb())).toEqual({ pageReadAs: [], lastHiringPageRun: null, findings: [] });
  });

  it('flags tiles whose offer closed everywhere, unknown targets, duplicates, and internships the page lacks', async () => {
    // The edge cases, plus the tile of the variant whose Passerelles link has no offer URL form.
    const unknownUrlTile = /<div class="fr-col-6 fr-col-lg-3">[\s\S]*?<\/h4>\s*<\/div>\s*<\/div>\s*<\/div>/.exec(
      variant('unknown-offer-urls.html'),
    )![0];
    const page = variant('tiles-edge-cases.html').replace(
      '<div class="fr-grid-row fr-grid-row--gutters fr-grid-row--center recrutements fr-my-0">',
      (grid) => `${grid}\n    ${unknownUrlTile}`,
    );
    portals.override('peren', 'recrutement-fr.html', page);
    const db = newDb();
    await scrapeAt(db, '2026-11-30T09:00:00Z', ['passerelles', 'csp', 'pass', 'peren']);
    const result = reconcile(db, { now: new Date('2026-12-03T09:00:00Z') });

    expect(result.pageReadAs).toEqual(['dsfr-tiles']);
    expect(result.lastHiringPageRun).toBe('2026-11-30T09:00:00.000Z');
    expect(overview(result)).toEqual([
      ['error', 'tile-offer-closed', 'Développeur / Développeuse front', 'Développeur front-end - SEN PEReN 155 H/F'],
      ['error', 'tile-offer-closed', 'Data-scientist confirmé', 'Data-scientist confirmé - SEN PEReN 106 H/F'],
      ['warning', 'tile-offer-unknown', 'Développeur / Développeuse back-end', null],
      ['warning', 'tile-offer-unknown', 'Juriste numérique (H/F)', null],
      ['warning', 'duplicate-link', 'Développeur / Développeuse front', null],
      ['info', 'tile-offer-unknown', 'Stages au PEReN', null],
      ['info', 'opening-missing-from-page', null, 'Apprenti(e) data scientist - PEReN H/F'],
      ['info', 'opening-missing-from-page', null, 'Apprenti(e) développeur(se) web - PEReN H/F'],
      ['info', 'opening-missing-from-page', null, 'Stage - Audit des systèmes de recommandation (PEReN) H/F'],
    ]);

    const closed = result.findings[1]!;
    expect(closed.message).toBe(
      'La tuile « Data-scientist confirmé » renvoie vers une offre fermée sur tous les portails depuis 3 jours : elle est à retirer de la page.',
    );
    expect(closed.tile).toEqual({
      title: 'Data-scientist confirmé',
      url: OFFER_5373,
      hrefAsWritten: OFFER_5373,
      lang: 'fr',
    });
    expect(closed.opening).toMatchObject({
      title: 'Data-scientist confirmé - SEN PEReN 106 H/F',
      status: 'closed',
      url: OFFER_5373,
    });
    // The Passerelles offer and its Choisir le service public re-publication: both past their deadline.
    expect(closed.evidence).toBe(
      'vue sur Passerelles le 30/11/2026, fermée le 30/11/2026 (date limite passée) ; vue sur Choisir le service public le 30/11/2026, fermée le 30/11/2026 (date limite passée)',
    );

    expect(findingOf(result, 'tile-offer-unknown', 'Juriste numérique (H/F)')).toMatchObject({
      message:
        "La tuile « Juriste numérique (H/F) » renvoie vers l'offre Choisir le service public MEF_2026-40777, qu'aucun relevé n'a jamais vue : lien mort ou offre hors du périmètre suivi.",
      evidence: 'dernier relevé sain de Choisir le service public le 30/11/2026, sans cette offre',
    });
    expect(findingOf(result, 'tile-offer-unknown', 'Développeur / Développeuse back-end')).toMatchObject({
      message:
        "La tuile « Développeur / Développeuse back-end » renvoie vers une adresse de Passerelles qui n'a pas la forme d'une offre (https://passerelles.economie.gouv.fr/fr/offres/6120-developpeur-back-end) : le lien est à vérifier.",
      evidence: 'lien écrit https://passerelles.economie.gouv.fr/fr/offres/6120-developpeur-back-end',
    });
    expect(findingOf(result, 'tile-offer-unknown', 'Stages au PEReN')).toMatchObject({
      message:
        "La tuile « Stages au PEReN » ne renvoie vers aucune offre d'un portail suivi (https://peren.gouv.fr/recrutement/stages/).",
      tile: {
        title: 'Stages au PEReN',
        url: 'https://peren.gouv.fr/recrutement/stages/',
        hrefAsWritten: '/recrutement/stages/',
        lang: 'fr',
      },
      evidence: 'lien écrit /recrutement/stages/',
    });
    expect(findingOf(result, 'duplicate-link', 'Développeur / Développeuse front').message).toBe(
      "La page renvoie 2 fois vers l'offre Passerelles 4165 (« Développeur / Développeuse front », « Développeur·se front-end ») : une seule tuile suffit.",
    );
    expect(result.findings[6]).toMatchObject({
      message:
        "L'offre « Apprenti(e) data scientist - PEReN H/F » est ouverte depuis 12 jours sans figurer sur la page recrutement : c'est une offre de stage ou d'apprentissage, et la page recrutement n'a jusqu'ici listé que des offres d'emploi.",
      evidence: 'vue sur PASS (stages et apprentissage) le 30/11/2026, en ligne depuis le 20/11/2026',
    });
  });

  it('checks titles and links of tiles whose offer is open, and covers re-publications through their opening', async () => {
    const page = latestFrenchPage()
      .replace('Développeur / Développeuse <em lang="en">front</em>', 'Juriste spécialisé(e) en régulation numérique')
      .replace(OFFER_5373, `https://place-emploi-public.gouv.fr/${CSP_41872}`)
      .replace(OFFER_5372, OFFER_5372.replace('https://', 'http://www.'));
    portals.override('peren', 'recrutement-fr.html', page);
    const db = newDb();
    await scrapeAt(db, '2026-10-15T09:00:00Z', ['passerelles', 'csp', 'peren'], { frenchOnly: true });
    const result = reconcile(db, { now: new Date('2026-10-15T09:00:00Z') });

    // The CSP tile covers Passerelles 5373's opening, the Passerelles 5372 tile covers CSP MEF_2026-41873:
    // only MEF_2026-42011, linked by no tile, is missing from the page.
    expect(overview(result)).toEqual([
      ['warning', 'opening-missing-from-page', null, 'Juriste spécialisé(e) en régulation numérique (H/F)'],
      [
        'warning',
        'title-mismatch',
        'Juriste spécialisé(e) en régulation numérique',
        'SEN PEReN 155 - Développeur / Développeuse front-end (H/F)',
      ],
      ['warning', 'outdated-link', 'Data-scientist confirmé', 'SEN PEReN 106 - Data-scientist confirmé (H/F)'],
      ['info', 'outdated-link', 'Data-scientist confirmé', 'SEN PEReN 156 - Data-scientist confirmé (H/F)'],
    ]);
    const [missing, mismatch, oldHost, www] = result.findings;
    expect(missing!.message).toBe(
      "L'offre « Juriste spécialisé(e) en régulation numérique (H/F) » est ouverte depuis 13 jours mais la page recrutement n'y renvoie pas.",
    );
    expect(missing!.evidence).toBe('vue sur Choisir le service public le 15/10/2026, en ligne depuis le 02/10/2026');
    expect(mismatch!.message).toBe(
      "La tuile « Juriste spécialisé(e) en régulation numérique » ne reprend pas l'intitulé de l'offre vers laquelle elle renvoie, « Développeur front-end - SEN PEReN 155 H/F ».",
    );
    expect(mismatch!.evidence).toBe('vue sur Passerelles le 15/10/2026, fermée le 15/10/2026 (date limite passée)');
    expect(oldHost!.tile).toEqual({
      title: 'Data-scientist confirmé',
      url: `https://choisirleservicepublic.gouv.fr/${CSP_41872}`,
      hrefAsWritten: `https://place-emploi-public.gouv.fr/${CSP_41872}`,
      lang: 'fr',
    });
    expect(oldHost!.message).toBe(
      `La tuile « Data-scientist confirmé » renvoie vers l'ancien site Place de l'emploi public (https://place-emploi-public.gouv.fr/${CSP_41872}) : l'écrire https://choisirleservicepublic.gouv.fr/${CSP_41872}.`,
    );
    expect(oldHost!.opening?.status).toBe('open');
    expect(www!.message).toBe(
      `Le lien de la tuile « Data-scientist confirmé » est écrit ${OFFER_5372.replace('https://', 'http://www.')} : l'écrire ${OFFER_5372}.`,
    );
  });

  it('names an outdated spelling used by a second link, and leaves English titles unchecked', async () => {
    portals.override('peren', 'recrutement-fr.html', variant('tiles-edge-cases.html'));
    // An English tile of its own, translated: it covers MEF_2026-42011 but is no title mismatch.
    const english = readFileSync(join(FIXTURE_PORTALS, 'peren/recrutement-en.html'), 'utf8')
      .replace(OFFER_5373, `https://choisirleservicepublic.gouv.fr/${CSP_42011}`)
      .replace('Senior data-scientist</a>', 'Digital regulation lawyer</a>');
    portals.override('peren', 'recrutement-en.html', english);
    const db = newDb();
    await scrapeAt(db, '2026-10-15T09:00:00Z', ['passerelles', 'csp', 'peren']);
    const result = reconcile(db, { now: new Date('2026-10-15T09:00:00Z') });

    expect(overview(result)).toEqual([
      ['warning', 'tile-offer-unknown', 'Juriste numérique (H/F)', null],
      ['warning', 'duplicate-link', 'Développeur / Développeuse front', null],
      ['info', 'tile-offer-unknown', 'Stages au PEReN', null],
      [
        'info',
        'outdated-link',
        'Développeur / Développeuse front',
        'SEN PEReN 155 - Développeur / Développeuse front-end (H/F)',
      ],
    ]);
    expect(result.findings[3]!.message).toBe(
      `Un autre lien de la page vers l'offre de la tuile « Développeur / Développeuse front » utilise une ancienne adresse : l'écrire ${OFFER_4165}.`,
    );
  });

  it("matches a tile through its offer's re-publication when the offer's own portal is not read", async () => {
    const db = newDb();
    await scrapeAt(db, '2026-10-15T09:00:00Z', ['csp', 'peren'], { frenchOnly: true });
    // The three Passerelles tiles are covered by the CSP offers whose apply link is theirs.
    expect(overview(reconcile(db))).toEqual([
      ['warning', 'opening-missing-from-page', null, 'Juriste spécialisé(e) en régulation numérique (H/F)'],
    ]);
  });

  it('cannot verify a tile on a portal that was never read', async () => {
    portals.override('peren', 'recrutement-fr.html', variant('tiles-edge-cases.html'));
    const db = newDb();
    await scrapeAt(db, '2026-10-15T09:00:00Z', ['passerelles', 'peren'], { frenchOnly: true });
    expect(findingOf(reconcile(db), 'tile-offer-unknown', 'Juriste numérique (H/F)')).toMatchObject({
      severity: 'info',
      message:
        "La tuile « Juriste numérique (H/F) » renvoie vers l'offre Choisir le service public MEF_2026-40777, invérifiable tant que Choisir le service public n'a pas été relevé.",
      evidence: 'aucun relevé sain de Choisir le service public à ce jour',
    });
  });

  it('forgets tiles the page no longer shows: their open offers become missing from the page', async () => {
    const db = newDb();
    await scrapeAt(db, '2026-10-15T09:00:00Z', ['passerelles', 'csp', 'peren'], { frenchOnly: true });
    expect(overview(reconcile(db))).toEqual([
      ['warning', 'opening-missing-from-page', null, 'Juriste spécialisé(e) en régulation numérique (H/F)'],
    ]);

    portals.override('peren', 'recrutement-fr.html', variant('no-openings-empty-grid.html'));
    await scrapeAt(db, '2026-10-16T09:00:00Z', ['passerelles', 'csp', 'peren'], { frenchOnly: true });
    const result = reconcile(db);
    expect(result.pageReadAs).toEqual([]);
    expect(result.lastHiringPageRun).toBe('2026-10-16T09:00:00.000Z');
    expect(overview(result)).toEqual([
      ['warning', 'opening-missing-from-page', null, 'SEN PEReN 106 - Data-scientist confirmé (H/F)'],
      ['warning', 'opening-missing-from-page', null, 'SEN PEReN 156 - Data-scientist confirmé (H/F)'],
      ['warning', 'opening-missing-from-page', null, 'SEN PEReN 155 - Développeur / Développeuse front-end (H/F)'],
      ['warning', 'opening-missing-from-page', null, 'Juriste spécialisé(e) en régulation numérique (H/F)'],
    ]);
  });
});
