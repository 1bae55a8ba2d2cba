import { describe, expect, it } from 'vitest';
import { cspSource } from '../../scrapers/csp/index.ts';
import type { ParseResult } from '../../src/model/source.ts';
import { fetched, portalFile, sample, settings } from './csp-support.ts';

const REAL_URL =
  'https://choisirleservicepublic.gouv.fr/offre-emploi/charge-de-recrutement-et-de-la-mobilite-reference-DEF_15-00064919/';
const parseOffer = (body: string, url = REAL_URL, sourceId = 'DEF_15-00064919'): ParseResult =>
  cspSource.parse(fetched(body, url, { label: 'offer', sourceId }), settings());
const only = (result: ParseResult) => {
  expect(result.postings).toHaveLength(1);
  return result.postings[0]!.posting;
};

describe('CSP offer page: the real capture (label path)', () => {
  const real = sample('csp-offer-detail.html');
  const result = parseOffer(real);
  const posting = only(result);

  it('returns the main offer only, not the six recommended ones', () => {
    expect(real.match(/fr-card--offer/g)).toHaveLength(6);
    expect(result.variant).toBe('csp-offer-page');
    expect(result.problems).toEqual([]);
    expect(result.next).toEqual([]);
    expect(posting.sourceId).toBe('DEF_15-00064919');
    expect(posting.url).toBe(REAL_URL);
    expect(posting.title).toBe('CHARGE DE RECRUTEMENT ET DE LA MOBILITE');
  });

  it('reads the hero facts by their labels, not the recommended cards around them', () => {
    expect(posting.versant).toBe("Fonction publique de l'État");
    expect(posting.employer).toBe('Direction du renseignement et de la sécurité de la Défense (DRSD)');
    expect(posting.location).toBe('27 BOULEVARD DE STALINGRAD 92240 MALAKOFF');
    expect(posting.department).toBe('92');
    expect(posting.jobFamily).toBe('Ressources humaines');
    expect(posting.organisation).toBe('Ministère des Armées');
  });

  it('reads the key facts table, « Non renseignée » salaries as no salary', () => {
    expect(posting.contractType).toBe('Emploi ouvert aux titulaires et aux contractuels');
    expect(posting.experience).toBe('Débutant');
    expect(posting.category).toBe('Catégorie A (cadre)');
    expect(posting.remote).toBe('Oui');
    expect(posting.salary).toBeNull();
    expect(posting.extra.Management).toBe('Non');
  });

  it('reads dates: dd/mm/yyyy publication, modification, « Vacant à partir du » as start, no deadline', () => {
    expect(posting.publishedAt).toBe('2026-10-02T00:00:00+02:00');
    expect(posting.updatedAt).toBe('2026-10-03T00:00:00+02:00');
    expect(posting.startDate).toBe('2026-10-01T00:00:00+02:00');
    expect(posting.deadline).toBeNull();
  });

  it('keeps the accordions and callouts in extra, entities decoded, contacts left out', () => {
    expect(posting.extra['Statut du poste']).toBe('Vacant à partir du 01/10/2026');
    expect(posting.extra['Métier de référence']).toBe('Chargée / Chargé de gestion administrative et/ou de paie');
    expect(posting.extra['Documents à transmettre']).toBe("Pour postuler à cette offre, l'envoi du CV est obligatoire");
    expect(posting.extra['Informations complémentaires']).toMatch(
      /^Restauration d’entreprise sur place\n- Mutuelle employeur\n- Congés : 25 CP/,
    );
    expect(posting.extra.Région).toBe('Île-de-France');
    expect(Object.keys(posting.extra)).not.toContain('Personnes à contacter');
    expect(JSON.stringify(posting)).not.toContain('drsd.cer.fct@intradef.gouv.fr');
  });

  it('builds the description from missions, profile and presentation, hidden « Afficher la suite » part included', () => {
    const lines = posting.descriptionText!.split('\n');
    expect(lines[0]).toBe('Vos missions en quelques mots');
    expect(lines).toContain('Profil recherché');
    expect(lines).toContain('Qui sommes-nous ?');
    expect(lines).toContain('Descriptif du service');
    expect(lines.at(-1)).toMatch(/^Au sein de la sous-direction de la stratégie et des ressources \(SDSR\)/);
    expect(posting.descriptionText).not.toContain('Afficher la suite');
    expect(posting.descriptionText).not.toContain('Éléments de candidature');
    expect(posting.descriptionHtml).toMatch(
      /^<h3>Vos missions en quelques mots<\/h3>\n<p>Le recrutement du personnel civil/,
    );
  });

  it('gives title, employer and organisation as organisation hints', () => {
    expect(result.postings[0]!.orgHints).toEqual([
      'CHARGE DE RECRUTEMENT ET DE LA MOBILITE',
      'Direction du renseignement et de la sécurité de la Défense (DRSD)',
      'Ministère des Armées',
    ]);
  });

  it('finds the offer identity on the page when the URL is not the offer’s', () => {
    const result = parseOffer(real, 'https://choisirleservicepublic.gouv.fr/offre-emploi/', 'DEF_15-00064919');
    expect(only(result).url).toBe(REAL_URL);
  });

  it('warns when the page shows another offer than the one requested', () => {
    const result = parseOffer(real, REAL_URL, '2026-2431080');
    expect(only(result).sourceId).toBe('DEF_15-00064919');
    expect(result.problems.map((problem) => problem.message)).toEqual([
      'the page shows offer DEF_15-00064919, the request was for 2026-2431080',
    ]);
  });
});

describe('CSP offer page: JSON-LD path', () => {
  const real = sample('csp-offer-detail.html');
  // The same page without its visible blocks: only the JSON-LD block and hidden inputs remain.
  const bare = real.replace(/<main[\s\S]*<\/main>/, '<main role="main" class="dsfr main-content-single-offer"></main>');
  const result = parseOffer(bare);
  const posting = only(result);

  it('reads the quirky JobPosting block: string organisation, capitalised Description, dd/mm/yyyy date', () => {
    expect(posting.title).toBe('CHARGE DE RECRUTEMENT ET DE LA MOBILITE');
    expect(posting.employer).toBe('Direction du renseignement et de la sécurité de la Défense (DRSD)');
    expect(posting.publishedAt).toBe('2026-10-02T00:00:00+02:00');
    expect(posting.experience).toBe('Débutant');
    expect(posting.salary).toBeNull();
    expect(posting.location).toBe('Hauts-de-Seine (92)');
    expect(posting.department).toBe('92');
    expect(posting.descriptionText).toMatch(/^Le recrutement du personnel civil, des apprentis et des stagiaires/);
  });

  it('completes from the hidden inputs and says the visible blocks are missing', () => {
    expect(posting.sourceId).toBe('DEF_15-00064919');
    expect(posting.versant).toBe("Fonction Publique de l'Etat");
    expect(posting.category).toBe('Catégorie A (cadre)');
    expect(result.problems.map((problem) => problem.message)).toEqual([
      'DEF_15-00064919: no .strate-hero-offer block, fields read from JSON-LD and hidden inputs only',
    ]);
  });

  it('reads a page that has only the JSON-LD block', () => {
    const ldOnly = real.replace(/<main[\s\S]*<\/main>/, '');
    const result = parseOffer(ldOnly);
    expect(result.variant).toBe('csp-offer-json-ld');
    expect(only(result).title).toBe('CHARGE DE RECRUTEMENT ET DE LA MOBILITE');
  });

  it('warns about a JSON-LD block that is not JSON and still reads the visible page', () => {
    const broken = real.replace('{"@context"', '{"@context" oops');
    const result = parseOffer(broken);
    expect(only(result).employer).toBe('Direction du renseignement et de la sécurité de la Défense (DRSD)');
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]!.message).toMatch(/^JSON-LD block is not valid JSON/);
  });
});

describe('CSP offer page: territorial offer pointing at emploi-territorial.fr', () => {
  const territorial = sample('csp-offer-detail.html').replace(
    /(<div class="fr-collapse rte" id="accordion-6ac4a907b262c">\s*)<p>[\s\S]*?<\/p>/,
    `$1<p>Consultez le d&eacute;tail complet de l'offre sur la page https://www.emploi-territorial.fr/offre/o056261001001569-charge-recrutement?pk_campaign=ep ou en cliquant sur le bouton "Postuler sur le site employeur".</p>`,
  );

  it('gives the original offer, tracking parameter removed', () => {
    expect(only(parseOffer(territorial)).originalUrl).toBe(
      'https://www.emploi-territorial.fr/offre/o056261001001569-charge-recrutement',
    );
  });
});

describe('CSP offer page: constructed PEReN offers', () => {
  const url =
    'https://choisirleservicepublic.gouv.fr/offre-emploi/sen-peren-106---data-scientist-confirme-hf-reference-MEF_2026-41872/';
  const result = parseOffer(portalFile('offre-MEF_2026-41872.html'), url, 'MEF_2026-41872');
  const posting = only(result);

  it('returns the offer itself although a recommended card is another PEReN offer', () => {
    expect(result.problems).toEqual([]);
    expect(posting.sourceId).toBe('MEF_2026-41872');
    expect(posting.title).toBe('SEN PEReN 106 - Data-scientist confirmé (H/F)');
    expect(posting.url).toBe(url);
  });

  it('reads the deadline under the apply button and the apply link as original offer', () => {
    expect(posting.deadline).toBe('2027-03-15T00:00:00+01:00');
    expect(posting.originalUrl).toBe(
      'https://passerelles.economie.gouv.fr/offre-de-emploi/emploi-data-scientist-confirme-sen-peren-106-h-f_5373.aspx',
    );
  });

  it('reads a salary range with its caption', () => {
    expect(posting.salary).toBe('Fourchette indicative pour les contractuels : Entre 50 000 et 70 000 € bruts annuels');
  });

  it('includes the hidden part of the missions', () => {
    expect(posting.descriptionText).toContain('Vous participez également à la veille scientifique');
    expect(posting.descriptionText).not.toContain('Afficher la suite');
  });

  it('keeps what recommended cards carry out of the offer: a key-facts cell, an emploi-territorial link', () => {
    const card = '<div class="fr-card fr-card--offer">';
    const page = portalFile('offre-MEF_2026-41872.html');
    expect(page.split(card)).toHaveLength(4);
    const decoys =
      '<ul class="table"><li class="table-cell"><strong>Durée du contrat</strong> 6 mois</li><li class="table-cell"><strong>Niveau d’études</strong> Bac+8</li></ul>' +
      '<a href="https://www.emploi-territorial.fr/offre/o0998-leurre">offre d’origine</a><div class="fr-collapse">https://www.emploi-territorial.fr/offre/o0997-leurre</div>';
    const decoyed = parseOffer(page.replace(card, `${card}${decoys}`), url, 'MEF_2026-41872');
    expect(only(decoyed)).toEqual(posting);
    expect(posting).toMatchObject({
      duration: null,
      educationLevel: null,
      originalUrl:
        'https://passerelles.economie.gouv.fr/offre-de-emploi/emploi-data-scientist-confirme-sen-peren-106-h-f_5373.aspx',
    });
  });

  it('has no original link when the offer is applied for by e-mail', () => {
    const byMail = parseOffer(portalFile('offre-2026-2450117.html'), url, '2026-2450117');
    expect(only(byMail).originalUrl).toBeNull();
    expect(only(byMail).deadline).toBe('2027-03-31T00:00:00+02:00');
  });
});

describe('CSP offer page: unrecognised pages', () => {
  it('fails loudly without main offer block nor JSON-LD', () => {
    const result = parseOffer(portalFile('listing-peren-page-1.html'), REAL_URL);
    expect(result.variant).toBeNull();
    expect(result.problems).toEqual([
      {
        severity: 'error',
        message: `CSP offer page: no main.main-content-single-offer and no JobPosting JSON-LD (${REAL_URL})`,
        url: REAL_URL,
      },
    ]);
  });

  it('fails loudly when the title is nowhere', () => {
    const untitled = sample('csp-offer-detail.html')
      .replace(/<h1 class="fr-mb-0">[^<]*<\/h1>/, '')
      .replace(/<script type="application\/ld\+json">[\s\S]*?<\/script>/, '')
      .replace(/<input type="hidden" name="page_name"[^>]*>/, '');
    const result = parseOffer(untitled);
    expect(result.variant).toBeNull();
    expect(result.problems[0]!.message).toBe(
      `CSP offer page DEF_15-00064919: no title (.strate-hero-offer h1, JSON-LD title) (${REAL_URL})`,
    );
  });
});
