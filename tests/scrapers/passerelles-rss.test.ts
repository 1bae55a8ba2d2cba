import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { passerellesSource } from '../../scrapers/passerelles/index.ts';
import { offerIdentity, passerellesPolicy } from '../../scrapers/passerelles/portal.ts';
import { parseTalentsoftRss, type TalentsoftRssOptions } from '../../scrapers/passerelles/talentsoft-rss.ts';

const RSS_URL = 'https://passerelles.economie.gouv.fr/handlers/offerRss.ashx?LCID=1036&top=1000';
const sample = (name: string) => readFileSync(new URL(`../../fixtures/samples/${name}`, import.meta.url), 'utf8');
const portalFile = (name: string) =>
  readFileSync(new URL(`../../fixtures/portals/passerelles/${name}`, import.meta.url), 'utf8');

const passerelles: TalentsoftRssOptions = {
  source: 'passerelles',
  policy: passerellesPolicy,
  identify: (link) => offerIdentity(link, RSS_URL),
};

function feed(items: string): string {
  return `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Export RSS</title>${items}</channel></rss>`;
}

describe('parseTalentsoftRss on real captures', () => {
  it('reads the French tenant item: idOffre link, reference, categories by content, Z date', () => {
    const result = parseTalentsoftRss(
      sample('talentsoft-rss-item-excerpt.xml'),
      'https://recrutement.matmut.fr/handlers/offerRss.ashx?LCID=1036',
      {
        source: 'passerelles',
        policy: { hosts: ['recrutement.matmut.fr'], aliases: {} },
        identify: (link) => {
          const id = new URL(link).searchParams.get('idOffre');
          return id ? { sourceId: id, url: link } : null;
        },
      },
    );
    expect(result.variant).toBe('talentsoft-rss');
    expect(result.problems).toEqual([]);
    expect(result.postings).toHaveLength(1);
    const { posting, orgHints } = result.postings[0]!;
    expect(posting.sourceId).toBe('10639');
    expect(posting.reference).toBe('2026-10639');
    expect(posting.title).toBe('Ingénieur DevOps F/H');
    expect(posting.url).toBe(
      'https://recrutement.matmut.fr/Pages/Offre/detailoffre.aspx?idOffre=10639&idOrigine=502&LCID=1036',
    );
    expect(posting.contractType).toBe('DUREE INDETERMINEE');
    expect(posting.jobFamily).toBe("SYSTEMES D'INFORMATION/Production");
    // A street without postcode is still an address.
    expect(posting.location).toBe('66 rue de Sotteville');
    expect(posting.department).toBeNull();
    expect(posting.publishedAt).toBe('2026-09-30T17:04:39+02:00');
    expect(posting.descriptionHtml).toBe('<b>Contrat : </b>DUREE INDETERMINEE<br />Stack Java &amp; Kubernetes');
    expect(posting.descriptionText).toBe('Contrat : DUREE INDETERMINEE\nStack Java & Kubernetes');
    expect(posting.extra).toEqual({});
    expect(orgHints).toContain('2026-10639 - Ingénieur DevOps F/H');
  });

  it('reads the feed behind Choisir le service public: status as contract, multi-line address, GMT date', () => {
    const result = parseTalentsoftRss(
      sample('csp-rss-item-excerpt.xml'),
      'https://place-ep-recrute.talent-soft.com/handlers/offerRss.ashx?LCID=1036',
      {
        source: 'csp',
        policy: { hosts: ['choisirleservicepublic.gouv.fr'], aliases: {} },
        identify: (link, reference) => (reference ? { sourceId: reference, url: link } : null),
      },
    );
    expect(result.problems).toEqual([]);
    const posting = result.postings[0]!.posting;
    expect(posting.source).toBe('csp');
    expect(posting.sourceId).toBe('DEF_14-00069057');
    expect(posting.title).toBe('CHARGE CLIENTELE ET GESTION LOCATIVE');
    expect(posting.url).toBe('https://choisirleservicepublic.gouv.fr/offre-emploi/DEF_14-00069057/');
    expect(posting.contractType).toBe('Emploi ouvert aux titulaires et aux contractuels');
    expect(posting.location).toBe('15 RUE JACQUES KABLE 67000 STRASBOURG');
    expect(posting.department).toBe('67');
    // The labelled description field comes first; the category path is kept beside it.
    expect(posting.jobFamily).toBe('Aménagement');
    expect(posting.extra).toEqual({
      'Famille / métier': 'Aménagement et développement durable du territoire/Chargée / Chargé de gestion locative',
    });
    expect(posting.publishedAt).toBe('2026-07-29T04:00:00+02:00');
  });
});

describe('parseTalentsoftRss on the constructed Passerelles feed', () => {
  const result = passerellesSource.parse(
    {
      request: { url: RSS_URL, role: 'inventory', label: 'rss' },
      url: RSS_URL,
      status: 200,
      contentType: 'text/xml',
      body: portalFile('offer-rss.xml'),
      notModified: false,
    },
    passerellesSource.settings.parse({ enabled: true }),
  );

  it('lists the six items by Talentsoft offer id, with no next page and no problem', () => {
    expect(result.variant).toBe('talentsoft-rss');
    expect(result.problems).toEqual([]);
    expect(result.next).toEqual([]);
    expect(result.declaredTotal).toBeUndefined();
    expect(result.postings.map((p) => p.posting.sourceId)).toEqual(['5391', '5373', '5372', '5360', '5344', '5321']);
  });

  it('decodes a PEReN item completely and asks for its offer page', () => {
    const item = result.postings.find((p) => p.posting.sourceId === '5372')!;
    expect(item.posting).toMatchObject({
      source: 'passerelles',
      reference: '2021-5372',
      title: 'Data-scientist confirmé - SEN PEReN 156 H/F',
      url: 'https://passerelles.economie.gouv.fr/offre-de-emploi/emploi-data-scientist-confirme-sen-peren-156-h-f_5372.aspx',
      contractType: 'Contractuel',
      location: '139 rue de Bercy 75012 Paris',
      department: '75',
      jobFamily: 'Numérique/Data scientist',
      deadline: '2027-01-31T00:00:00+01:00',
      publishedAt: '2022-01-04T09:58:40+01:00',
      extra: {},
    });
    expect(item.posting.descriptionText).toBe(
      "Contrat : Contractuel\nDate limite de candidature : 31/01/2027\nLe PEReN recrute un ou une data-scientist confirmé(e) pour concevoir des outils d'audit d'algorithmes.",
    );
    expect(item.orgHints).toEqual([
      '2021-5372 - Data-scientist confirmé - SEN PEReN 156 H/F',
      'https://passerelles.economie.gouv.fr/offre-de-emploi/emploi-data-scientist-confirme-sen-peren-156-h-f_5372.aspx',
      '2021-5372',
    ]);
    expect(item.detail).toEqual({ url: item.posting.url, role: 'detail', label: 'offer', sourceId: '5372' });
  });

  it('normalises a link written with http://www. and reads a GMT date', () => {
    const item = result.postings.find((p) => p.posting.sourceId === '5360')!;
    expect(item.posting.url).toBe(
      'https://passerelles.economie.gouv.fr/offre-de-emploi/emploi-auditeur-auditrice-des-systemes-d-information-h-f_5360.aspx',
    );
    expect(item.posting.publishedAt).toBe('2022-01-03T15:20:00+01:00');
    expect(item.posting.contractType).toBe('Titulaire');
  });

  it('takes a department in brackets as an address', () => {
    const item = result.postings.find((p) => p.posting.sourceId === '5344')!;
    expect(item.posting.location).toBe('Savigny-le-Temple (77)');
    expect(item.posting.department).toBe('77');
  });
});

describe('parseTalentsoftRss on edge cases', () => {
  it('fails loudly on a body that is not RSS', () => {
    const result = parseTalentsoftRss(
      '<!DOCTYPE html><html><body><h1>Maintenance en cours</h1></body></html>',
      RSS_URL,
      passerelles,
    );
    expect(result.variant).toBeNull();
    expect(result.postings).toEqual([]);
    expect(result.problems).toEqual([
      {
        severity: 'error',
        message: `Talentsoft RSS: the body is not an RSS feed (no <rss><channel>) (${RSS_URL})`,
        url: RSS_URL,
      },
    ]);
  });

  it('fails loudly on an Atom feed', () => {
    const result = parseTalentsoftRss(
      '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>',
      RSS_URL,
      passerelles,
    );
    expect(result.variant).toBeNull();
    expect(result.problems[0]!.severity).toBe('error');
  });

  it('accepts a channel without items as an explicitly empty feed', () => {
    const result = parseTalentsoftRss(feed(''), RSS_URL, passerelles);
    expect(result).toEqual({ variant: 'talentsoft-rss', postings: [], next: [], problems: [], explicitlyEmpty: true });
  });

  it('skips a bad item with a warning and keeps the others', () => {
    const body = feed(`
      <item><title>2022-1 - Sans lien</title></item>
      <item><link>https://passerelles.economie.gouv.fr/offre-de-emploi/liste-offres.aspx</link><title>2022-2 - Lien vers la liste</title></item>
      <item><link>https://passerelles.economie.gouv.fr/offre-de-emploi/emploi-x_7001.aspx</link><title>2022-7001</title></item>
      <item><link>https://passerelles.economie.gouv.fr/offre-de-emploi/emploi-juriste-h-f_7002.aspx?LCID=1036</link><title>2022-7002 - Juriste H/F</title><pubDate>bientôt</pubDate></item>`);
    const result = parseTalentsoftRss(body, RSS_URL, passerelles);
    expect(result.variant).toBe('talentsoft-rss');
    expect(result.postings.map((p) => [p.posting.sourceId, p.posting.url, p.posting.title])).toEqual([
      ['7002', 'https://passerelles.economie.gouv.fr/offre-de-emploi/emploi-juriste-h-f_7002.aspx', 'Juriste H/F'],
    ]);
    expect(result.problems.map((p) => [p.severity, p.message])).toEqual([
      ['warning', `Talentsoft RSS: item 1 skipped, no usable <link> (missing) (${RSS_URL})`],
      [
        'warning',
        `Talentsoft RSS: item 2 skipped, its link names no offer (https://passerelles.economie.gouv.fr/offre-de-emploi/liste-offres.aspx) (${RSS_URL})`,
      ],
      [
        'warning',
        `Talentsoft RSS: item 3 skipped, no job title in <title> (https://passerelles.economie.gouv.fr/offre-de-emploi/emploi-x_7001.aspx) (${RSS_URL})`,
      ],
      [
        'warning',
        `Talentsoft RSS: unreadable <pubDate> "bientôt" for https://passerelles.economie.gouv.fr/offre-de-emploi/emploi-juriste-h-f_7002.aspx (${RSS_URL})`,
      ],
    ]);
  });

  it('skips an item whose link leaves the portal, even when it looks like an offer', () => {
    const body = feed(
      `<item><link>https://emploi.example.com/offre-de-emploi/emploi-juriste-h-f_7002.aspx</link><title>2022-7002 - Juriste H/F</title></item>`,
    );
    const result = parseTalentsoftRss(body, RSS_URL, passerelles);
    expect(result.postings).toEqual([]);
    expect(result.problems[0]!.message).toBe(
      `Talentsoft RSS: item 1 skipped, its link https://emploi.example.com/offre-de-emploi/emploi-juriste-h-f_7002.aspx leaves the portal (${RSS_URL})`,
    );
  });

  it('strips two leading references, reads labelled fields and unknown ones, survives control characters', () => {
    const description =
      '&lt;strong&gt;Catégorie : &lt;/strong&gt;A&lt;br /&gt;&lt;b&gt;Versant : &lt;/b&gt;Fonction publique de l&amp;#39;État&lt;br /&gt;' +
      '&lt;b&gt;Entité : &lt;/b&gt;PEReN&lt;br /&gt;&lt;b&gt;Date de prise de poste : &lt;/b&gt;01/03/2022&lt;br /&gt;' +
      '&lt;b&gt;Mode de recrutement : &lt;/b&gt;Détachement&lt;br /&gt;&lt;p&gt;Un &lt;b&gt;poste&lt;/b&gt; clé.&lt;/p&gt;';
    const body = feed(`<item>
      <link>https://www.passerelles.economie.gouv.fr/Pages/Offre/detailoffre.aspx?idOffre=7003&amp;idOrigine=502&amp;LCID=1036</link>
      <title>MEF_2022-123 - 2022-7003 - Ingénieur\u0007 logiciel H/F</title>
      <category>Numérique</category>
      <description>${description}</description>
      <pubDate>Tue, 01 Feb 2022 08:00:00 Z</pubDate></item>`);
    const result = parseTalentsoftRss(body, RSS_URL, passerelles);
    expect(result.problems).toEqual([]);
    const { posting, orgHints } = result.postings[0]!;
    expect(posting).toMatchObject({
      sourceId: '7003',
      url: 'https://passerelles.economie.gouv.fr/Pages/Offre/detailoffre.aspx?idOffre=7003',
      reference: 'MEF_2022-123',
      title: 'Ingénieur logiciel H/F',
      category: 'A',
      versant: "Fonction publique de l'État",
      employer: 'PEReN',
      startDate: '2022-03-01T00:00:00+01:00',
      publishedAt: '2022-02-01T09:00:00+01:00',
      extra: { 'Mode de recrutement': 'Détachement', Catégories: 'Numérique' },
    });
    expect(orgHints).toContain('PEReN');
  });
});
