import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { passerellesSource } from '../../scrapers/passerelles/index.ts';
import { type ParseResult, pageInHand } from '../../src/model/source.ts';

const ORIGIN = 'https://passerelles.economie.gouv.fr';
const settings = passerellesSource.settings.parse({ enabled: true });
const read = (path: string) => readFileSync(new URL(`../../fixtures/${path}`, import.meta.url), 'utf8');

function offerPage(body: string, url: string, sourceId?: string): ParseResult {
  const request = { url, role: 'detail', label: 'offer', ...(sourceId ? { sourceId } : {}) } as const;
  return passerellesSource.parse(pageInHand(request, body, 'text/html; charset=utf-8'), settings);
}

const URL_5372 = `${ORIGIN}/offre-de-emploi/emploi-data-scientist-confirme-sen-peren-156-h-f_5372.aspx`;
const URL_5373 = `${ORIGIN}/offre-de-emploi/emploi-data-scientist-confirme-sen-peren-106-h-f_5373.aspx`;

describe('Talentsoft offer page in another language', () => {
  const german = read('portals/passerelles/variants/offre-5372-lcid-1031.html');
  const SAME_POST = [
    'reference',
    'title',
    'employer',
    'location',
    'department',
    'contractType',
    'category',
    'educationLevel',
    'experience',
    'jobFamily',
    'salary',
    'duration',
    'deadline',
  ] as const;
  const fieldsOf = (result: ParseResult) =>
    Object.fromEntries(SAME_POST.map((field) => [field, result.postings[0]!.posting[field]]));

  it('reads the German-locale page (LCID 1031) by field ids: the same post as the French page', () => {
    const result = offerPage(german, `${URL_5372}?LCID=1031`, '5372');
    expect(result.problems).toEqual([]);
    expect(fieldsOf(result)).toEqual(
      fieldsOf(offerPage(read('portals/passerelles/offre-5372.html'), URL_5372, '5372')),
    );
    // The employer is in fldlocation_customcodetablevalue1, the street in a <div> the <p> of fldlocation_joblocation wrapped.
    expect(result.postings[0]!.posting).toMatchObject({
      employer: "Pôle d'expertise de la régulation numérique (PEReN)",
      location: '139 rue de Bercy 75012 Paris',
    });
  });

  it('lets a field id win over a label that says otherwise (a field moved under another heading)', () => {
    const relabelled = german
      .replace(/<h3>\s*Dienststelle\s*<\/h3>/, '<h3>Lieu de travail</h3>')
      .replace(/<h3>\s*Ort\s*<\/h3>/, '<h3>Employeur</h3>');
    const posting = offerPage(relabelled, `${URL_5372}?LCID=1031`, '5372').postings[0]!.posting;
    expect(posting).toMatchObject({
      employer: "Pôle d'expertise de la régulation numérique (PEReN)",
      location: '139 rue de Bercy 75012 Paris',
    });
  });
});

describe('Talentsoft offer page with French labels', () => {
  it('maps every field of offer 5372 and ignores the other offers after it', () => {
    const result = offerPage(read('portals/passerelles/offre-5372.html'), URL_5372, '5372');
    expect(result.variant).toBe('ts-offer-page');
    expect(result.problems).toEqual([]);
    expect(result.postings).toHaveLength(1);
    const { posting, orgHints } = result.postings[0]!;
    expect(posting).toEqual({
      source: 'passerelles',
      sourceId: '5372',
      reference: '2021-5372',
      url: URL_5372,
      title: 'Data-scientist confirmé - SEN PEReN 156 H/F',
      employer: "Pôle d'expertise de la régulation numérique (PEReN)",
      organisation: null,
      location: '139 rue de Bercy 75012 Paris',
      department: '75',
      contractType: 'CDD de droit public',
      category: 'A+',
      versant: "Fonction publique de l'État",
      educationLevel: 'Bac+5 et plus',
      experience: 'Confirmé (3 à 5 ans)',
      jobFamily: 'Numérique - Data scientist',
      salary: 'Selon profil et expérience',
      remote: null,
      duration: '3 ans, renouvelable',
      startDate: null,
      publishedAt: null,
      updatedAt: null,
      deadline: '2027-01-31T00:00:00+01:00',
      originalUrl: null,
      descriptionHtml: expect.stringMatching(
        /^<h3>Missions<\/h3>\s*<p>Le Pôle d'expertise .*<h3>Profil<\/h3>\s*<p>Titulaire d'un diplôme/s,
      ),
      descriptionText: expect.stringContaining('Missions\nLe Pôle d'),
      extra: { 'Zone géographique': 'Europe, France, Île-de-France, Paris (75)' },
    });
    expect(posting.descriptionText).toContain("• audit d'algorithmes de recommandation et de classement ;");
    expect(posting.descriptionText).not.toContain('cybersécurité');
    expect(orgHints).toContain("Pôle d'expertise de la régulation numérique (PEReN)");
  });

  it('lets labels decide the fields each tenant defines (customcodetablevalueN) on offer 5373, and keeps what it cannot read in extra', () => {
    const result = offerPage(read('portals/passerelles/offre-5373.html'), URL_5373);
    expect(result.problems).toEqual([]);
    const posting = result.postings[0]!.posting;
    expect(posting).toMatchObject({
      sourceId: '5373',
      reference: '2021-5373',
      employer: null,
      // "Catégorie statutaire" and "Fonction publique" on customcodetablevalueN fields.
      category: 'A',
      versant: "Fonction publique de l'État",
      // A label without a field id.
      remote: "Possible jusqu'à deux jours par semaine",
      // Only the geographical area: it becomes the location.
      location: 'Europe, France, Île-de-France, Paris (75)',
      department: '75',
      startDate: null,
      deadline: '2027-01-31T00:00:00+01:00',
      jobFamily: 'Numérique - Data scientist',
    });
    expect(posting.extra).toEqual({
      'Entité de rattachement':
        'Le PEReN, service à compétence nationale rattaché à la Direction générale des entreprises, apporte son expertise en science des données aux administrations. Il travaille en mode produit, en petites équipes pluridisciplinaires.',
      'Date de prise de poste souhaitée': 'Dès que possible',
    });
    expect(posting.descriptionText?.split('\n').filter((line) => !line.startsWith('•') && line.length < 30)).toEqual([
      'Descriptif du poste',
      'Profil recherché',
      'Compétences attendues',
    ]);
  });

  it('reads offer 4165 from the idOffre URL form, with the id of the request', () => {
    const url = `${ORIGIN}/Pages/Offre/detailoffre.aspx?idOffre=4165`;
    const result = offerPage(read('portals/passerelles/offre-4165.html'), url, '4165');
    expect(result.postings[0]!.posting).toMatchObject({
      sourceId: '4165',
      url,
      title: 'Développeur front-end - SEN PEReN 155 H/F',
      location: '139 rue de Bercy 75012 Paris',
      educationLevel: 'Bac+3',
      experience: 'Débutant accepté',
      deadline: '2027-09-30T00:00:00+02:00',
      extra: {},
    });
  });

  it('finds the offer id in the canonical link or og:url when the URL has none (a saved page)', () => {
    const saved = `${ORIGIN}/offre-de-emploi/apercu.aspx`;
    const fromCanonical = offerPage(read('portals/passerelles/offre-4165.html'), saved).postings[0]!.posting;
    expect([fromCanonical.sourceId, fromCanonical.url]).toEqual([
      '4165',
      `${ORIGIN}/offre-de-emploi/emploi-developpeur-front-end-sen-peren-155-h-f_4165.aspx`,
    ]);
    const fromOpenGraph = offerPage(read('portals/passerelles/offre-5373.html'), saved).postings[0]!.posting;
    expect([fromOpenGraph.sourceId, fromOpenGraph.url]).toEqual(['5373', URL_5373]);
  });
});

describe('Talentsoft offer page, real English-tenant excerpt', () => {
  const url = `${ORIGIN}/job/job-caspl-head-of-trade-finance_114086.aspx`;

  it('fails loudly: the excerpt was trimmed of its title', () => {
    const result = offerPage(read('samples/talentsoft-detail-excerpt.html'), url);
    expect(result.variant).toBeNull();
    expect(result.problems).toEqual([
      {
        severity: 'error',
        message: `Talentsoft offer page: no offer title (h1.ts-offer-page__title or #fldjobdescription_jobtitle) (${url})`,
        url,
      },
    ]);
  });

  it('maps its fields by platform id when English labels are unknown (heading added back)', () => {
    const body = read('samples/talentsoft-detail-excerpt.html').replace(
      '<body>',
      '<body><h1 class="ts-offer-page__title"><span>CASPL Head of Trade Finance</span></h1>',
    );
    const posting = offerPage(body, url).postings[0]!.posting;
    expect(posting).toMatchObject({
      sourceId: '114086',
      reference: '2026-114086',
      title: 'CASPL Head of Trade Finance',
      jobFamily: 'Types of Jobs - Operations',
      location: 'India',
      employer: null,
      descriptionHtml:
        '<h3>Job summary</h3><p>Ensure the provision of efficient, timely and error-free processing services to the client entities.</p>',
      descriptionText:
        'Job summary\nEnsure the provision of efficient, timely and error-free processing services to the client entities.',
    });
    expect(posting.extra).toEqual({
      Entity:
        'About Crédit Agricole Corporate and Investment Bank (Crédit Agricole CIB) We support major companies and financial institutions.',
    });
  });
});

describe('Talentsoft offer page, unknown layout', () => {
  it('fails loudly on the redesigned page', () => {
    const result = offerPage(read('portals/passerelles/changed-layout/offre-nouvelle-maquette.html'), URL_5372, '5372');
    expect(result).toEqual({
      variant: null,
      postings: [],
      next: [],
      problems: [
        {
          severity: 'error',
          message: `Talentsoft offer page: no #contenu-ficheoffre block (${URL_5372})`,
          url: URL_5372,
        },
      ],
    });
  });

  it('fails loudly when no offer id can be found', () => {
    const url = `${ORIGIN}/offre-de-emploi/apercu.aspx`;
    const body = read('samples/talentsoft-detail-excerpt.html').replace(
      '<body>',
      '<body><h1 class="ts-offer-page__title">CASPL Head of Trade Finance</h1>',
    );
    const result = offerPage(body, url);
    expect(result.variant).toBeNull();
    expect(result.problems[0]!.message).toBe(
      `Talentsoft offer page: no offer id in its URL, link rel=canonical or og:url (${url})`,
    );
  });
});
