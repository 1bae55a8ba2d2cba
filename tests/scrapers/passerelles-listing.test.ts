import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { passerellesSource } from '../../scrapers/passerelles/index.ts';
import { type ParseResult, pageInHand } from '../../src/model/source.ts';

const ORIGIN = 'https://passerelles.economie.gouv.fr';
const settings = passerellesSource.settings.parse({ enabled: true });
const read = (path: string) => readFileSync(new URL(`../../fixtures/${path}`, import.meta.url), 'utf8');

function listing(body: string, page = 1, path = '/offre-de-emploi/liste-offres.aspx'): ParseResult {
  const url = `${ORIGIN}${path}?page=${page}&LCID=1036`;
  return passerellesSource.parse(
    pageInHand({ url, role: 'inventory', label: 'listing', series: 'listing', page }, body, 'text/html; charset=utf-8'),
    settings,
  );
}

const ids = (result: ParseResult) => result.postings.map((p) => p.posting.sourceId);

describe('Talentsoft listing, ts-offer-list-item template', () => {
  it('reads the real English-tenant excerpt: reference from the link title, total, unlabelled cells', () => {
    const result = listing(read('samples/talentsoft-listing-excerpt.html'));
    expect(result.variant).toBe('ts-offer-list-item');
    expect(result.problems).toEqual([]);
    expect(result.declaredTotal).toBe(10);
    expect(ids(result)).toEqual(['114086', '113040']);
    const first = result.postings[0]!;
    expect(first.posting).toMatchObject({
      reference: '2026-114086',
      title: 'CASPL Head of Trade Finance',
      url: `${ORIGIN}/job/job-caspl-head-of-trade-finance_114086.aspx`,
      contractType: 'Permanent Contract',
      location: null,
      extra: { Informations: 'India | MUMBAI' },
    });
    expect(first.detail).toEqual({
      url: `${ORIGIN}/job/job-caspl-head-of-trade-finance_114086.aspx`,
      role: 'detail',
      label: 'offer',
      sourceId: '114086',
    });
    expect(result.postings[1]!.posting.contractType).toBe('Internship/Trainee');
    // No pager, 2 cards of 10: the next page is asked for; the crawl stops at the total.
    expect(result.next).toEqual([
      {
        url: `${ORIGIN}/offre-de-emploi/liste-offres.aspx?page=2&LCID=1036`,
        role: 'inventory',
        label: 'listing',
        series: 'listing',
        page: 2,
      },
    ]);
  });

  it('reads constructed page 1: ten cards, French cells, the pager names page 2', () => {
    const result = listing(read('portals/passerelles/liste-offres-page-1.html'));
    expect(result.variant).toBe('ts-offer-list-item');
    expect(result.problems).toEqual([]);
    expect(result.declaredTotal).toBe(14);
    expect(ids(result)).toEqual(['5391', '5373', '5372', '5360', '5344', '5321', '5302', '5288', '5270', '5251']);
    const peren = result.postings.find((p) => p.posting.sourceId === '5372')!;
    expect(peren.posting).toMatchObject({
      source: 'passerelles',
      reference: '2021-5372',
      title: 'Data-scientist confirmé - SEN PEReN 156 H/F',
      url: `${ORIGIN}/offre-de-emploi/emploi-data-scientist-confirme-sen-peren-156-h-f_5372.aspx`,
      contractType: 'Contractuel',
      location: '139 rue de Bercy 75012 Paris',
      department: '75',
      publishedAt: '2022-01-04T00:00:00+01:00',
      extra: {},
    });
    expect(peren.orgHints).toEqual([
      '2021-5372',
      'Data-scientist confirmé - SEN PEReN 156 H/F',
      `${ORIGIN}/offre-de-emploi/emploi-data-scientist-confirme-sen-peren-156-h-f_5372.aspx`,
    ]);
    expect(result.postings.find((p) => p.posting.sourceId === '5391')!.posting.contractType).toBe(
      'Emploi ouvert aux titulaires et aux contractuels',
    );
    expect(result.next.map((r) => [r.url, r.page])).toEqual([
      [`${ORIGIN}/offre-de-emploi/liste-offres.aspx?page=2&LCID=1036`, 2],
    ]);
  });

  it('reads constructed page 2 and stops: its pager names no later page', () => {
    const result = listing(read('portals/passerelles/liste-offres-page-2.html'), 2);
    expect(ids(result)).toEqual(['5233', '5198', '4165', '4140']);
    expect(result.declaredTotal).toBe(14);
    expect(result.next).toEqual([]);
    expect(result.postings.find((p) => p.posting.sourceId === '5233')!.posting).toMatchObject({
      location: 'Nantes (44)',
      department: '44',
    });
  });

  it('page 3 of a tenant that loops back gives page 1 again and no next page', () => {
    const result = listing(read('portals/passerelles/liste-offres-page-1.html'), 3);
    expect(ids(result)[0]).toBe('5391');
    expect(result.next).toEqual([]);
  });

  it('reads cells written on one line split by "|"', () => {
    const body = `<ul class="ts-related-offers__row"><li class="ts-offer-list-item offerlist-item ">
      <h3 class="ts-offer-list-item__title styleh3"><a class="ts-offer-list-item__title-link " href="/offre-de-emploi/emploi-juriste-h-f_6001.aspx" title="2022-6001">Juriste H/F</a></h3>
      <ul class="ts-offer-list-item__description ">Réf. : 2022-6001 | 08/02/2022 | CDD | 92120 Montrouge</ul></li></ul>`;
    const result = listing(body);
    expect(result.postings[0]!.posting).toMatchObject({
      sourceId: '6001',
      reference: '2022-6001',
      contractType: 'CDD',
      location: '92120 Montrouge',
      department: '92',
      publishedAt: '2022-02-08T00:00:00+01:00',
      extra: {},
    });
  });
});

describe('Talentsoft listing, ts-offer-card template', () => {
  it('reads the constructed all-offers page: reference inside the link title, total from <title>', () => {
    const result = listing(
      read('portals/passerelles/liste-toutes-offres.html'),
      1,
      '/offre-de-emploi/liste-toutes-offres.aspx',
    );
    expect(result.variant).toBe('ts-offer-card');
    expect(result.problems).toEqual([]);
    expect(result.declaredTotal).toBe(14);
    expect(result.postings).toHaveLength(14);
    expect(result.next).toEqual([]);
    expect(result.postings.find((p) => p.posting.sourceId === '5373')!.posting).toMatchObject({
      reference: '2021-5373',
      title: 'Data-scientist confirmé - SEN PEReN 106 H/F',
      contractType: 'Contractuel',
      location: '139 rue de Bercy 75012 Paris',
      publishedAt: '2022-01-04T00:00:00+01:00',
    });
    expect(result.postings.find((p) => p.posting.sourceId === '5391')!.orgHints[0]).toBe(
      "Chef de projet maîtrise d'ouvrage SI fiscalité H/F (Réf. : 2022-5391 - Numérique)",
    );
  });
});

describe('Talentsoft listing, failures and empty pages', () => {
  it('fails loudly on the changed layout, even though its footer says "Aucune offre"', () => {
    const result = listing(read('portals/passerelles/changed-layout/liste-offres.html'));
    const url = `${ORIGIN}/offre-de-emploi/liste-offres.aspx?page=1&LCID=1036`;
    expect(result.variant).toBeNull();
    expect(result.postings).toEqual([]);
    expect(result.explicitlyEmpty).toBeUndefined();
    expect(result.problems).toEqual([
      {
        severity: 'error',
        message: `Talentsoft listing: no offer card found (li.ts-offer-list-item with a.ts-offer-list-item__title-link, or .ts-offer-card with a.ts-offer-card__title-link) (${url})`,
        url,
      },
    ]);
  });

  it('accepts a Talentsoft listing that announces zero offers', () => {
    const body = `<div id="main" class="ts-related-offers listing-offres"><p>Aucune offre ne correspond à votre recherche.</p></div>
      <div class="ts-ol-pagination__title resultat">Nombre de résultats : <span id="ctl00_ctl00_corpsRoot_corps_Pagination_TotalOffers" class="gras">0 offre(s)</span></div>`;
    expect(listing(body)).toEqual({
      variant: 'ts-offer-list-empty',
      postings: [],
      next: [],
      declaredTotal: 0,
      explicitlyEmpty: true,
      problems: [],
    });
  });

  it('skips a card whose link leaves the portal, whatever offer it names', () => {
    const body = `<ul><li class="ts-offer-list-item"><h3><a class="ts-offer-list-item__title-link" href="https://emploi.example.com/offre-de-emploi/emploi-a-h-f_6002.aspx" title="2022-6002">Offre A</a></h3></li></ul>`;
    const result = listing(body);
    expect(ids(result)).toEqual([]);
    expect(result.problems.map((p) => p.message)).toEqual([
      `Talentsoft listing: ts-offer-list-item card 1 skipped, its link https://emploi.example.com/offre-de-emploi/emploi-a-h-f_6002.aspx leaves the portal (${ORIGIN}/offre-de-emploi/liste-offres.aspx?page=1&LCID=1036)`,
    ]);
  });

  it('skips a card whose link is no offer with a warning', () => {
    const body = `<ul><li class="ts-offer-list-item"><h3><a class="ts-offer-list-item__title-link" href="/offre-de-emploi/liste-offres.aspx" title="2022-1">Lien cassé</a></h3></li>
      <li class="ts-offer-list-item"><h3><a class="ts-offer-list-item__title-link" href="https://www.passerelles.economie.gouv.fr/offre-de-emploi/emploi-a-h-f_6002.aspx?LCID=1036" title="2022-6002">Offre A</a></h3></li></ul>`;
    const result = listing(body);
    expect(ids(result)).toEqual(['6002']);
    expect(result.postings[0]!.posting.url).toBe(`${ORIGIN}/offre-de-emploi/emploi-a-h-f_6002.aspx`);
    expect(result.problems).toEqual([
      {
        severity: 'warning',
        message: `Talentsoft listing: ts-offer-list-item card 1 skipped, its link is no offer URL (/offre-de-emploi/liste-offres.aspx) (${ORIGIN}/offre-de-emploi/liste-offres.aspx?page=1&LCID=1036)`,
        url: `${ORIGIN}/offre-de-emploi/liste-offres.aspx?page=1&LCID=1036`,
      },
    ]);
  });
});
