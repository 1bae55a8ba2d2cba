import { describe, expect, it } from 'vitest';
import { identifyOfferLink, usesOutdatedHost } from '../../scrapers/peren/index.ts';

const PASSERELLES_4093 =
  'https://passerelles.economie.gouv.fr/offre-de-emploi/emploi-ingenieur-data-scientist-sen-peren-154-h-f_4093.aspx';
const CSP_SLUG =
  'https://choisirleservicepublic.gouv.fr/offre-emploi/data-engineer--intelligence-artificielle-reference-2026-2357158/';
const PASS_OFFER = 'https://www.pass.fonction-publique.gouv.fr/offre/contrat-dapprentissage-financements-hf';

describe('identifyOfferLink: Passerelles', () => {
  it('keys the slug form on the portal id after "_", never on the sen-peren code', () => {
    expect(identifyOfferLink(PASSERELLES_4093)).toEqual({ source: 'passerelles', id: '4093', url: PASSERELLES_4093 });
    // The real trap: sen-peren-156 was reused for offers 4207 and 5372.
    expect(
      identifyOfferLink(
        'https://passerelles.economie.gouv.fr/offre-de-emploi/emploi-data-scientist-confirme-sen-peren-156-h-f_5372.aspx',
      )?.id,
    ).toBe('5372');
    expect(
      identifyOfferLink(
        'https://www.passerelles.economie.gouv.fr/offre-de-emploi/emploi-specialiste-en-traitement-de-l-image-et-ia-computer-vision-data-scientist-sen-peren-156-h-f_4207.aspx',
      )?.id,
    ).toBe('4207');
  });

  it('gives the same id and url for every host variant and scheme', () => {
    const variants = [
      PASSERELLES_4093,
      PASSERELLES_4093.replace('https://', 'https://www.'),
      PASSERELLES_4093.replace('https://', 'http://'),
      PASSERELLES_4093.replace('https://', 'http://www.'),
      PASSERELLES_4093.replace('https://passerelles', 'https://WWW.Passerelles'),
      `${PASSERELLES_4093}?LCID=1036#postuler`,
    ];
    for (const href of variants)
      expect(identifyOfferLink(href)).toEqual({ source: 'passerelles', id: '4093', url: PASSERELLES_4093 });
  });

  it('reads detailoffre.aspx?idOffre= and keeps only that parameter', () => {
    const expected = {
      source: 'passerelles',
      id: '6120',
      url: 'https://passerelles.economie.gouv.fr/Pages/Offre/detailoffre.aspx?idOffre=6120',
    };
    expect(
      identifyOfferLink(
        'http://www.passerelles.economie.gouv.fr/Pages/Offre/detailoffre.aspx?idOffre=6120&idOrigine=502&LCID=1036',
      ),
    ).toEqual(expected);
    expect(
      identifyOfferLink('https://passerelles.economie.gouv.fr/Pages/Offre/detailoffre.aspx?LCID=1036&IDOFFRE=6120'),
    ).toEqual(expected);
  });

  it('reads the English Talentsoft path', () => {
    expect(identifyOfferLink('https://passerelles.economie.gouv.fr/job/job-data-scientist_6122.aspx')).toEqual({
      source: 'passerelles',
      id: '6122',
      url: 'https://passerelles.economie.gouv.fr/job/job-data-scientist_6122.aspx',
    });
  });

  it('rejects pages of the portal that are no offer', () => {
    expect(identifyOfferLink('https://passerelles.economie.gouv.fr')).toBeNull();
    expect(
      identifyOfferLink('https://passerelles.economie.gouv.fr/offre-de-emploi/liste-offres.aspx?page=2'),
    ).toBeNull();
    expect(
      identifyOfferLink('https://passerelles.economie.gouv.fr/Pages/Offre/detailoffre.aspx?idOffre=abc'),
    ).toBeNull();
    expect(identifyOfferLink('https://passerelles.economie.gouv.fr/fr/offres/6120-developpeur-back-end')).toBeNull();
  });
});

describe('identifyOfferLink: Choisir le service public', () => {
  it('takes the reference after "-reference-" and adds the trailing slash', () => {
    expect(identifyOfferLink(CSP_SLUG)).toEqual({ source: 'csp', id: '2026-2357158', url: CSP_SLUG });
    expect(
      identifyOfferLink(
        'https://choisirleservicepublic.gouv.fr/offre-emploi/charge-de-recrutement-et-de-la-mobilite-reference-DEF_15-00064919',
      ),
    ).toEqual({
      source: 'csp',
      id: 'DEF_15-00064919',
      url: 'https://choisirleservicepublic.gouv.fr/offre-emploi/charge-de-recrutement-et-de-la-mobilite-reference-DEF_15-00064919/',
    });
  });

  it('reads the short form /offre-emploi/<REF>/ of every known reference shape', () => {
    for (const ref of ['DEF_14-00069057', 'MEF_2026-32366', '2026-2357158', 'O056261001001569']) {
      expect(identifyOfferLink(`https://choisirleservicepublic.gouv.fr/offre-emploi/${ref}/`)).toEqual({
        source: 'csp',
        id: ref,
        url: `https://choisirleservicepublic.gouv.fr/offre-emploi/${ref}/`,
      });
    }
  });

  it('canonicalises the old Place de l’emploi public host and www. variants', () => {
    const expected = {
      source: 'csp',
      id: 'MEF_2026-40512',
      url: 'https://choisirleservicepublic.gouv.fr/offre-emploi/MEF_2026-40512/',
    };
    for (const host of [
      'place-emploi-public.gouv.fr',
      'www.place-emploi-public.gouv.fr',
      'www.choisirleservicepublic.gouv.fr',
      'choisirleservicepublic.gouv.fr',
    ]) {
      expect(identifyOfferLink(`http://${host}/offre-emploi/MEF_2026-40512?utm_source=peren#haut`)).toEqual(expected);
    }
  });

  it('rejects searches, home pages and lower-case slugs without a reference', () => {
    expect(identifyOfferLink('https://choisirleservicepublic.gouv.fr/nos-offres/filtres/mot-cles/peren/')).toBeNull();
    expect(identifyOfferLink('https://place-emploi-public.gouv.fr/')).toBeNull();
    expect(identifyOfferLink('https://choisirleservicepublic.gouv.fr/offre-emploi/')).toBeNull();
    expect(identifyOfferLink('https://choisirleservicepublic.gouv.fr/offre-emploi/data-scientist/')).toBeNull();
  });
});

describe('identifyOfferLink: PASS', () => {
  it('keys on the slug, on www.pass.fonction-publique.gouv.fr', () => {
    const expected = { source: 'pass', id: 'contrat-dapprentissage-financements-hf', url: PASS_OFFER };
    expect(identifyOfferLink(PASS_OFFER)).toEqual(expected);
    expect(
      identifyOfferLink('http://pass.fonction-publique.gouv.fr/offre/contrat-dapprentissage-financements-hf/'),
    ).toEqual(expected);
  });

  it('rejects the feed and the search', () => {
    expect(identifyOfferLink('https://www.pass.fonction-publique.gouv.fr/flux/offres')).toBeNull();
    expect(identifyOfferLink('https://www.pass.fonction-publique.gouv.fr/recherche-offre?page=1')).toBeNull();
  });
});

describe('identifyOfferLink: anything else', () => {
  it('returns null for other hosts, relative or non-web links', () => {
    expect(identifyOfferLink('https://www.welcometothejungle.com/fr/companies/peren/jobs/data_paris')).toBeNull();
    expect(
      identifyOfferLink('https://passerelles.economie.gouv.fr.example.org/offre-de-emploi/emploi-x_1.aspx'),
    ).toBeNull();
    expect(
      identifyOfferLink('/offre-de-emploi/emploi-ingenieur-data-scientist-sen-peren-154-h-f_4093.aspx'),
    ).toBeNull();
    expect(identifyOfferLink('mailto:recrutement@peren.gouv.fr')).toBeNull();
    expect(identifyOfferLink('')).toBeNull();
  });
});

describe('usesOutdatedHost', () => {
  it('flags www. and the old CSP host, not the canonical hosts nor the scheme', () => {
    expect(usesOutdatedHost(PASSERELLES_4093.replace('https://', 'https://www.'))).toBe(true);
    expect(usesOutdatedHost('https://place-emploi-public.gouv.fr/offre-emploi/MEF_2026-40512/')).toBe(true);
    expect(usesOutdatedHost('https://pass.fonction-publique.gouv.fr/offre/x')).toBe(true);
    expect(usesOutdatedHost(PASSERELLES_4093)).toBe(false);
    expect(usesOutdatedHost(PASSERELLES_4093.replace('https://', 'http://'))).toBe(false);
    expect(usesOutdatedHost(CSP_SLUG)).toBe(false);
    expect(usesOutdatedHost(PASS_OFFER)).toBe(false);
    expect(usesOutdatedHost('https://www.example.org/')).toBe(false);
  });
});
