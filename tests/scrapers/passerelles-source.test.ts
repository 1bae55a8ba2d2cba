import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classifyPasserellesPage, passerellesSource } from '../../scrapers/passerelles/index.ts';
import { offerIdentity } from '../../scrapers/passerelles/portal.ts';
import { targetForLabel } from '../../scrapers/passerelles/talentsoft-labels.ts';
import { classifyValue, splitLeadingReferences } from '../../scrapers/passerelles/talentsoft-values.ts';

const ORIGIN = 'https://passerelles.economie.gouv.fr';
const read = (path: string) => readFileSync(new URL(`../../fixtures/${path}`, import.meta.url), 'utf8');

describe('passerellesSource record', () => {
  it('names the source and its hosts', () => {
    expect(passerellesSource.id).toBe('passerelles');
    expect(passerellesSource.label).toBe('Passerelles');
    expect(passerellesSource.policy).toEqual({
      hosts: ['passerelles.economie.gouv.fr'],
      aliases: { 'www.passerelles.economie.gouv.fr': 'passerelles.economie.gouv.fr' },
    });
  });

  it('defaults every setting and rejects unknown keys', () => {
    expect(passerellesSource.settings.parse({ enabled: true })).toEqual({
      enabled: true,
      maxPages: 30,
      lcid: 1036,
      rssTop: 1000,
      listingPath: '/offre-de-emploi/liste-offres.aspx',
    });
    expect(passerellesSource.settings.safeParse({ rssTpo: 20 }).success).toBe(false);
    expect(passerellesSource.settings.safeParse({ listingPath: 'liste.aspx' }).success).toBe(false);
  });

  it('starts with the RSS export and listing page 1', () => {
    expect(passerellesSource.start(passerellesSource.settings.parse({ enabled: true }))).toEqual([
      { url: `${ORIGIN}/handlers/offerRss.ashx?LCID=1036&top=1000`, role: 'inventory', label: 'rss' },
      {
        url: `${ORIGIN}/offre-de-emploi/liste-offres.aspx?page=1&LCID=1036`,
        role: 'inventory',
        label: 'listing',
        series: 'listing',
        page: 1,
      },
    ]);
    const english = passerellesSource.settings.parse({
      enabled: true,
      lcid: 2057,
      rssTop: null,
      listingPath: '/offre-de-emploi/liste-toutes-offres.aspx',
    });
    expect(passerellesSource.start(english).map((r) => r.url)).toEqual([
      `${ORIGIN}/handlers/offerRss.ashx?LCID=2057`,
      `${ORIGIN}/offre-de-emploi/liste-toutes-offres.aspx?page=1&LCID=2057`,
    ]);
  });

  it('refuses a page label it has no parser for', () => {
    const url = `${ORIGIN}/`;
    const result = passerellesSource.parse(
      {
        request: { url, role: 'inventory', label: 'hiring-page' },
        url,
        status: 200,
        contentType: null,
        body: '',
        notModified: false,
      },
      passerellesSource.settings.parse({ enabled: true }),
    );
    expect(result.variant).toBeNull();
    expect(result.problems[0]!.message).toBe(`Passerelles: no parser for "hiring-page" pages (${url})`);
  });
});

describe('classifyPasserellesPage', () => {
  it.each([
    ['samples/talentsoft-rss-item-excerpt.xml', 'rss'],
    ['samples/csp-rss-item-excerpt.xml', 'rss'],
    ['portals/passerelles/offer-rss.xml', 'rss'],
    ['samples/talentsoft-listing-excerpt.html', 'listing'],
    ['portals/passerelles/liste-offres-page-1.html', 'listing'],
    ['portals/passerelles/liste-toutes-offres.html', 'listing'],
    ['samples/talentsoft-detail-excerpt.html', 'offer'],
    // Offer pages end with other offers in listing markup.
    ['portals/passerelles/offre-5372.html', 'offer'],
    ['portals/passerelles/offre-5373.html', 'offer'],
    ['portals/passerelles/changed-layout/liste-offres.html', null],
    ['portals/passerelles/changed-layout/offre-nouvelle-maquette.html', null],
  ])('%s is %s', (path, label) => {
    expect(classifyPasserellesPage(read(path))).toBe(label);
  });
});

describe('offerIdentity', () => {
  it('keys on the Talentsoft id, whatever the host spelling, scheme or query', () => {
    expect(
      offerIdentity(
        'https://www.passerelles.economie.gouv.fr/offre-de-emploi/emploi-ingenieur-data-scientist-sen-peren-154-h-f_4093.aspx',
        ORIGIN,
      ),
    ).toEqual({
      sourceId: '4093',
      url: `${ORIGIN}/offre-de-emploi/emploi-ingenieur-data-scientist-sen-peren-154-h-f_4093.aspx`,
    });
    expect(
      offerIdentity('http://passerelles.economie.gouv.fr/offre-de-emploi/emploi-x_5372.aspx?LCID=1036#apply', ORIGIN),
    ).toEqual({
      sourceId: '5372',
      url: `${ORIGIN}/offre-de-emploi/emploi-x_5372.aspx`,
    });
    expect(offerIdentity('/Pages/Offre/detailoffre.aspx?idOrigine=502&IDOFFRE=5372&LCID=1036', ORIGIN)).toEqual({
      sourceId: '5372',
      url: `${ORIGIN}/Pages/Offre/detailoffre.aspx?idOffre=5372`,
    });
  });

  it('never keys on the post code of the slug: two offers of "sen-peren-156" stay apart', () => {
    const old = offerIdentity(
      '/offre-de-emploi/emploi-specialiste-en-traitement-de-l-image-et-ia-computer-vision-data-scientist-sen-peren-156-h-f_4207.aspx',
      ORIGIN,
    );
    const current = offerIdentity(
      '/offre-de-emploi/emploi-data-scientist-confirme-sen-peren-156-h-f_5372.aspx',
      ORIGIN,
    );
    expect([old?.sourceId, current?.sourceId]).toEqual(['4207', '5372']);
  });

  it('refuses links that are no offer', () => {
    expect(offerIdentity('/offre-de-emploi/liste-offres.aspx?page=2', ORIGIN)).toBeNull();
    expect(offerIdentity('/Pages/Offre/detailoffre.aspx?idOffre=abc', ORIGIN)).toBeNull();
    expect(offerIdentity('mailto:recrutement@example.fr', ORIGIN)).toBeNull();
  });

  it("reads the platform's id forms on another Talentsoft tenant too, keeping that tenant's host", () => {
    expect(offerIdentity('https://jobs.example.com/offre-de-emploi/emploi-x_5372.aspx', ORIGIN)).toEqual({
      sourceId: '5372',
      url: 'https://jobs.example.com/offre-de-emploi/emploi-x_5372.aspx',
    });
  });
});

describe('Talentsoft values and labels', () => {
  it.each([
    ['Réf. : 2026-1563', 'reference'],
    ['08/09/2026', 'date'],
    ['92120 Montrouge', 'address'],
    ['Hauts-de-Seine (92)', 'address'],
    ['66 rue de Sotteville', 'address'],
    ['Vacant (45823)', 'other'],
    ['CDI', 'contract'],
    ['Contrat à durée déterminée', 'contract'],
    ['Emploi ouvert aux titulaires et aux contractuels', 'contract'],
    ['Qualité de vie au travail', 'other'],
    ['India', 'other'],
  ])('"%s" is %s', (value, kind) => {
    expect(classifyValue(value)).toBe(kind);
  });

  it('splits leading references off a title, never a title word', () => {
    expect(splitLeadingReferences('2026-10639 - Ingénieur DevOps F/H')).toEqual({
      references: ['2026-10639'],
      title: 'Ingénieur DevOps F/H',
    });
    expect(splitLeadingReferences('MEF_2026-32366 - 2026-1234 - Juriste - droit public')).toEqual({
      references: ['MEF_2026-32366', '2026-1234'],
      title: 'Juriste - droit public',
    });
    expect(splitLeadingReferences('Data-scientist confirmé - SEN PEReN 156 H/F')).toEqual({
      references: [],
      title: 'Data-scientist confirmé - SEN PEReN 156 H/F',
    });
    expect(splitLeadingReferences('2022-7001')).toEqual({ references: ['2022-7001'], title: '' });
  });

  it.each([
    ['Contrat :', 'contractType'],
    ['Type de contrat', 'contractType'],
    ['Durée du contrat', 'duration'],
    ['Missions', 'description'],
    ['Profil recherché', 'description'],
    ['Domaine / Métier', 'jobFamily'],
    ['Catégorie statutaire', 'category'],
    ['Rémunération', 'salary'],
    ['Lieu de travail', 'location'],
    ['Zone géographique', 'area'],
    ["Niveau d'études min. requis", 'educationLevel'],
    ["Niveau d'expérience min. requis", 'experience'],
    ['Date limite de candidature', 'deadline'],
    ['Date de prise de poste souhaitée', 'startDate'],
    ['Versant', 'versant'],
    ['Fonction publique', 'versant'],
    ['Télétravail', 'remote'],
    ['Statut du poste', null],
    ['Business type', 'jobFamily'],
    ['Management', null],
  ])('label "%s" means %s', (label, target) => {
    expect(targetForLabel(label)).toBe(target);
  });
});
