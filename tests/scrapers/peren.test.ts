import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { perenSource } from '../../scrapers/peren/index.ts';
import { readManifest } from '../../src/fixture-portal/manifest.ts';
import { hiringPageHint } from '../../src/model/hiring-page-claim.ts';
import { type ParseResult, pageInHand } from '../../src/model/source.ts';
import { FIXTURE_PORTALS, SAMPLES } from '../support/cli.ts';

const FR_URL = 'https://peren.gouv.fr/recrutement/';
const EN_URL = 'https://peren.gouv.fr/en/recrutement/';
const PORTAL = join(FIXTURE_PORTALS, 'peren');
const settings = perenSource.settings.parse({ enabled: true });

function parse(body: string, url: string): ParseResult {
  return perenSource.parse(
    pageInHand({ url, role: 'inventory', label: 'hiring-page' }, body, 'text/html; charset=utf-8'),
    settings,
  );
}

const read = (path: string) => readFileSync(path, 'utf8');
const summary = (result: ParseResult) =>
  result.postings.map(({ posting }) => ({
    sourceId: posting.sourceId,
    title: posting.title,
    url: posting.url,
    extra: posting.extra,
  }));

/** The real captures: `peren-recrutement-<lang>-<date>-<commit>.md`. */
const VERSIONS = readdirSync(SAMPLES)
  .map((file) => /^peren-recrutement-(fr|en)-(\d{4}-\d{2}-\d{2})-([0-9a-f]{7})\.md$/.exec(file))
  .filter((m): m is RegExpExecArray => m !== null)
  .map(([file, lang, date, commit]) => ({
    file: file!,
    lang: lang as 'fr' | 'en',
    date: date!,
    commit: commit!,
    url: lang === 'en' ? EN_URL : FR_URL,
  }));

interface HistoryRow {
  offerId: string;
  titleFr: string;
  titleEn: string;
  href: string;
  firstSeen: string;
  removed: string;
}

function historyRows(): HistoryRow[] {
  const [header, ...lines] = read(join(SAMPLES, 'peren-openings-history.csv')).trim().split('\n');
  const columns = header!.split(',');
  return lines.map((line) => {
    const cells = line.split(',');
    expect(cells).toHaveLength(columns.length); // the file has no quoted commas
    const cell = (name: string) => cells[columns.indexOf(name)]!;
    return {
      offerId: cell('offer_id'),
      titleFr: cell('title_fr'),
      titleEn: cell('title_en'),
      href: cell('href_as_written'),
      firstSeen: cell('first_seen_date'),
      removed: cell('removed_date'),
    };
  });
}

/** What a version of the page must list according to the history file, in its row order. */
function expectedTiles(lang: 'fr' | 'en', date: string) {
  return historyRows()
    .filter((row) => row.firstSeen <= date && (row.removed === '' || date < row.removed))
    .map((row) => ({
      sourceId: `passerelles:${row.offerId}`,
      title: lang === 'fr' ? row.titleFr : row.titleEn,
      url: row.href.replace('://www.', '://'),
      extra: {
        targetSource: 'passerelles',
        targetId: row.offerId,
        hrefAsWritten: row.href,
        lang,
        readAs: 'dsfr-tiles',
        ...(row.href.startsWith('https://www.') ? { oldHost: 'true' } : {}),
      },
    }));
}

describe('the peren source record', () => {
  it('defaults to the French and English hiring pages, one inventory request each', () => {
    expect(perenSource.id).toBe('peren');
    expect(perenSource.label).toBe('Pages recrutement des organisations');
    expect(perenSource.policy).toEqual({ hosts: ['peren.gouv.fr'], aliases: { 'www.peren.gouv.fr': 'peren.gouv.fr' } });
    expect(settings).toEqual({ enabled: true, maxPages: 30, pages: [FR_URL, EN_URL] });
    expect(perenSource.start(settings)).toEqual([
      { url: FR_URL, role: 'inventory', label: 'hiring-page' },
      { url: EN_URL, role: 'inventory', label: 'hiring-page' },
    ]);
  });

  it('canonicalises configured pages and rejects unknown keys', () => {
    const custom = perenSource.settings.parse({
      enabled: true,
      pages: ['http://www.peren.gouv.fr/nous-rejoindre/#offres'],
    });
    expect(perenSource.start(custom).map((r) => r.url)).toEqual(['https://peren.gouv.fr/nous-rejoindre/']);
    expect(perenSource.settings.safeParse({ page: [FR_URL] }).success).toBe(false);
    expect(perenSource.settings.safeParse({ pages: ['ftp://peren.gouv.fr/'] }).success).toBe(false);
  });

  it('refuses a request label it has no parser for, loudly', () => {
    const page = pageInHand({ url: FR_URL, role: 'detail', label: 'offer' }, '<html></html>', 'text/html');
    const result = perenSource.parse(page, settings);
    expect(result.variant).toBeNull();
    expect(result.problems).toEqual([
      { severity: 'error', message: `PEReN: no parser for "offer" pages (${FR_URL})`, url: FR_URL },
    ]);
  });
});

describe('the real Markdown versions of the page', () => {
  it('are the seven captures of four commits', () => {
    expect(VERSIONS.map((v) => `${v.date}-${v.commit}/${v.lang}`).sort()).toEqual([
      '2021-08-25-21e9acd/en',
      '2021-08-25-21e9acd/fr',
      '2021-09-14-1be4204/fr',
      '2021-09-29-2e65971/en',
      '2021-09-29-2e65971/fr',
      '2022-01-04-39aa70a/en',
      '2022-01-04-39aa70a/fr',
    ]);
  });

  it.each(VERSIONS)(
    '$date $lang lists exactly the tiles peren-openings-history.csv says',
    ({ file, lang, date, url }) => {
      const result = parse(read(join(SAMPLES, file)), url);
      expect(result.variant).toBe('dsfr-tiles');
      expect(result.problems).toEqual([]);
      expect(result.explicitlyEmpty).toBeUndefined();
      expect(summary(result)).toEqual(expectedTiles(lang, date));
      expect(result.next).toEqual([]);
      for (const { orgHints, detail } of result.postings) {
        // Whose the tiles are: the organisations listing this page.
        expect(orgHints).toEqual([hiringPageHint(url)]);
        expect(detail).toBeUndefined();
      }
    },
  );

  it('2021-08-25 FR: 4093, 4165, 4208, 4207, titles from the link text with its <em lang="en">', () => {
    const result = parse(read(join(SAMPLES, 'peren-recrutement-fr-2021-08-25-21e9acd.md')), FR_URL);
    expect(result.postings.map((p) => p.posting.sourceId)).toEqual([
      'passerelles:4093',
      'passerelles:4165',
      'passerelles:4208',
      'passerelles:4207',
    ]);
    expect(result.postings.map((p) => p.posting.title)).toEqual([
      'Ingénieur(e) data scientist',
      'Développeur / Développeuse front',
      'Spécialiste en traitement automatique du langage et IA (NLP data scientist)',
      "Spécialiste en traitement de l'image et IA (Computer Vision data scientist)",
    ]);
    expect(result.postings.map((p) => p.posting.extra.oldHost ?? '-')).toEqual(['true', '-', 'true', 'true']);
  });

  it('2022-01-04 FR: two tiles with the same title stay two openings, keyed on the portal id', () => {
    const result = parse(read(join(SAMPLES, 'peren-recrutement-fr-2022-01-04-39aa70a.md')), FR_URL);
    expect(result.postings.map((p) => [p.posting.sourceId, p.posting.title])).toEqual([
      ['passerelles:4165', 'Développeur / Développeuse front'],
      ['passerelles:5373', 'Data-scientist confirmé'],
      ['passerelles:5372', 'Data-scientist confirmé'],
    ]);
    expect(result.postings.some((p) => 'duplicateTitles' in p.posting.extra)).toBe(false);
  });
});

describe('the rendered pages (constructed from the real versions)', () => {
  it.each(VERSIONS)(
    'history/$date-$commit/$lang.html reads exactly like its Markdown',
    ({ file, lang, date, commit, url }) => {
      const fromHtml = parse(read(join(PORTAL, 'history', `${date}-${commit}`, `${lang}.html`)), url);
      const fromMarkdown = parse(read(join(SAMPLES, file)), url);
      expect(fromHtml.variant).toBe('dsfr-tiles');
      expect(fromHtml.problems).toEqual([]);
      expect(summary(fromHtml)).toEqual(summary(fromMarkdown));
    },
  );

  it('the routed pages are the latest version, FR and EN', () => {
    expect(read(join(PORTAL, 'recrutement-fr.html'))).toBe(read(join(PORTAL, 'history/2022-01-04-39aa70a/fr.html')));
    expect(read(join(PORTAL, 'recrutement-en.html'))).toBe(read(join(PORTAL, 'history/2022-01-04-39aa70a/en.html')));
    const en = parse(read(join(PORTAL, 'recrutement-en.html')), EN_URL);
    expect(en.postings.map((p) => [p.posting.sourceId, p.posting.title, p.posting.extra.lang])).toEqual([
      ['passerelles:4165', 'Frontend developer', 'en'],
      ['passerelles:5373', 'Senior data-scientist', 'en'],
      ['passerelles:5372', 'Senior data-scientist', 'en'],
    ]);
  });

  it('the manifest is valid and routes the hiring pages (PEReN, then two other employers) and /robots.txt to existing files', () => {
    const manifest = readManifest(PORTAL);
    expect(manifest.routes.map((r) => [r.path, r.file])).toEqual([
      ['/recrutement/', 'recrutement-fr.html'],
      ['/en/recrutement/', 'recrutement-en.html'],
      ['/nous-rejoindre/', 'other-employers/dinum-nous-rejoindre.html'],
      ['/carrieres', 'other-employers/anssi-carrieres.html'],
      ['/robots.txt', 'robots.txt'],
    ]);
    for (const route of manifest.routes) {
      expect(existsSync(join(PORTAL, route.file))).toBe(true);
      expect(route.constructed).toBe(true);
    }
  });
});

describe('classify', () => {
  it('recognises the Markdown source and the rendered page', () => {
    for (const { file } of VERSIONS) expect(perenSource.classify(read(join(SAMPLES, file)))).toBe('hiring-page');
    expect(perenSource.classify(read(join(PORTAL, 'recrutement-fr.html')))).toBe('hiring-page');
    expect(perenSource.classify(read(join(PORTAL, 'recrutement-en.html')))).toBe('hiring-page');
    expect(perenSource.classify(read(join(PORTAL, 'variants/redesigned-offer-links.html')))).toBe('hiring-page');
    expect(perenSource.classify(read(join(PORTAL, 'variants/no-openings-statement-en.md')))).toBe('hiring-page');
  });

  it('does not take other pages for it, even portal pages listing PEReN offers', () => {
    expect(perenSource.classify(read(join(PORTAL, 'variants/not-found.html')))).toBeNull();
    expect(perenSource.classify(read(join(SAMPLES, 'csp-offer-detail.html')))).toBeNull();
    expect(perenSource.classify(read(join(SAMPLES, 'csp-listing-cards-excerpt.html')))).toBeNull();
    expect(perenSource.classify(read(join(SAMPLES, 'pass-flux-offres.xml')))).toBeNull();
  });
});

describe('tiles that are not plain', () => {
  const result = parse(read(join(PORTAL, 'variants/tiles-edge-cases.html')), FR_URL);

  it('reads every tile with a link, newer DSFR markup and relative links included', () => {
    expect(result.variant).toBe('dsfr-tiles');
    expect(summary(result).map(({ sourceId, title, url }) => [sourceId, title, url])).toEqual([
      [
        'passerelles:4165',
        'Développeur / Développeuse front',
        'https://passerelles.economie.gouv.fr/offre-de-emploi/emploi-developpeur-front-end-sen-peren-155-h-f_4165.aspx',
      ],
      [
        'passerelles:5373',
        'Data-scientist confirmé',
        'https://passerelles.economie.gouv.fr/offre-de-emploi/emploi-data-scientist-confirme-sen-peren-106-h-f_5373.aspx',
      ],
      [
        'passerelles:5372',
        'Data-scientist confirmé',
        'https://passerelles.economie.gouv.fr/offre-de-emploi/emploi-data-scientist-confirme-sen-peren-156-h-f_5372.aspx',
      ],
      [
        'csp:MEF_2026-40777',
        'Juriste numérique (H/F)',
        'https://choisirleservicepublic.gouv.fr/offre-emploi/juriste-numerique-hf-reference-MEF_2026-40777/',
      ],
      ['https://peren.gouv.fr/recrutement/stages/', 'Stages au PEReN', 'https://peren.gouv.fr/recrutement/stages/'],
    ]);
    expect(result.postings[4]!.posting.extra).toEqual({
      targetSource: 'unknown',
      targetId: 'https://peren.gouv.fr/recrutement/stages/',
      hrefAsWritten: '/recrutement/stages/',
      lang: 'fr',
      readAs: 'dsfr-tiles',
    });
  });

  it('keeps one posting for an offer linked twice, with both titles and the outdated host of the second link', () => {
    expect(result.postings[0]!.posting.extra).toEqual({
      targetSource: 'passerelles',
      targetId: '4165',
      hrefAsWritten:
        'https://passerelles.economie.gouv.fr/offre-de-emploi/emploi-developpeur-front-end-sen-peren-155-h-f_4165.aspx',
      lang: 'fr',
      readAs: 'dsfr-tiles',
      duplicateTitles: 'Développeur / Développeuse front | Développeur·se front-end',
      oldHost: 'true',
    });
  });

  it('warns about the duplicate, the unknown target, the tile without link and the offer link outside the tiles', () => {
    expect(result.problems).toEqual([
      { severity: 'warning', url: FR_URL, message: 'PEReN hiring page: tile 7 has no link in its .fr-tile__title' },
      {
        severity: 'warning',
        url: FR_URL,
        message:
          'PEReN hiring page: offer passerelles:4165 is linked more than once: "Développeur / Développeuse front" and "Développeur·se front-end"',
      },
      {
        severity: 'warning',
        url: FR_URL,
        message:
          'PEReN hiring page: "Stages au PEReN" links https://peren.gouv.fr/recrutement/stages/, which is no known portal offer',
      },
      {
        severity: 'warning',
        url: FR_URL,
        message:
          'PEReN hiring page: offer link outside the tiles not read: "le stage de data scientist" https://www.pass.fonction-publique.gouv.fr/offre/stage-data-scientist-au-peren-hf',
      },
    ]);
  });
});

describe('fallback reading: a redesigned page without tiles', () => {
  it('HTML: reads every link to a known portal offer, once per offer', () => {
    const result = parse(read(join(PORTAL, 'variants/redesigned-offer-links.html')), FR_URL);
    expect(result.variant).toBe('offer-links');
    expect(summary(result)).toEqual([
      {
        sourceId: 'csp:MEF_2026-40512',
        title: 'Data scientist confirmé(e) (H/F)',
        url: 'https://choisirleservicepublic.gouv.fr/offre-emploi/data-scientist-confirme-e-hf-reference-MEF_2026-40512/',
        extra: {
          targetSource: 'csp',
          targetId: 'MEF_2026-40512',
          hrefAsWritten:
            'https://choisirleservicepublic.gouv.fr/offre-emploi/data-scientist-confirme-e-hf-reference-MEF_2026-40512/',
          lang: 'fr',
          readAs: 'offer-links',
          duplicateTitles: 'Data scientist confirmé(e) (H/F) | postuler directement',
          oldHost: 'true',
        },
      },
      {
        sourceId: 'passerelles:6120',
        title: 'Développeur / Développeuse back-end',
        url: 'https://passerelles.economie.gouv.fr/Pages/Offre/detailoffre.aspx?idOffre=6120',
        extra: {
          targetSource: 'passerelles',
          targetId: '6120',
          hrefAsWritten:
            'http://www.passerelles.economie.gouv.fr/Pages/Offre/detailoffre.aspx?idOffre=6120&idOrigine=502&LCID=1036#postuler',
          lang: 'fr',
          readAs: 'offer-links',
          oldHost: 'true',
        },
      },
      {
        sourceId: 'passerelles:6121',
        title: 'Juriste spécialisé(e) numérique',
        url: 'https://passerelles.economie.gouv.fr/offre-de-emploi/emploi-juriste-specialise-numerique-sen-peren-172-h-f_6121.aspx',
        extra: {
          targetSource: 'passerelles',
          targetId: '6121',
          hrefAsWritten:
            'https://passerelles.economie.gouv.fr/offre-de-emploi/emploi-juriste-specialise-numerique-sen-peren-172-h-f_6121.aspx',
          lang: 'fr',
          readAs: 'offer-links',
        },
      },
      {
        sourceId: 'pass:stage-data-scientist-au-peren-hf',
        title: 'Stage : data scientist (H/F)',
        url: 'https://www.pass.fonction-publique.gouv.fr/offre/stage-data-scientist-au-peren-hf',
        extra: {
          targetSource: 'pass',
          targetId: 'stage-data-scientist-au-peren-hf',
          hrefAsWritten: 'https://pass.fonction-publique.gouv.fr/offre/stage-data-scientist-au-peren-hf',
          lang: 'fr',
          readAs: 'offer-links',
          oldHost: 'true',
        },
      },
    ]);
    expect(result.problems).toEqual([
      {
        severity: 'warning',
        url: FR_URL,
        message:
          'PEReN hiring page: offer csp:MEF_2026-40512 is linked more than once: "Data scientist confirmé(e) (H/F)" and "postuler directement"',
      },
    ]);
  });

  it('Markdown source: inline, reference-style and autolinks, not the image', () => {
    const result = parse(read(join(PORTAL, 'variants/redesigned-offer-links.md')), EN_URL);
    expect(result.variant).toBe('offer-links');
    expect(result.problems).toEqual([]);
    expect(
      summary(result).map(({ sourceId, title, extra }) => [
        sourceId,
        title,
        extra.hrefAsWritten,
        extra.lang,
        extra.oldHost ?? '-',
      ]),
    ).toEqual([
      [
        'csp:MEF_2026-40512',
        'Senior data scientist (M/F)',
        'https://choisirleservicepublic.gouv.fr/offre-emploi/MEF_2026-40512/',
        'en',
        '-',
      ],
      [
        'passerelles:6120',
        'Back-end developer',
        'https://www.passerelles.economie.gouv.fr/offre-de-emploi/emploi-developpeur-back-end-sen-peren-171-h-f_6120.aspx',
        'en',
        'true',
      ],
      [
        'pass:stage-data-scientist-au-peren-hf',
        'https://www.pass.fonction-publique.gouv.fr/offre/stage-data-scientist-au-peren-hf',
        'https://www.pass.fonction-publique.gouv.fr/offre/stage-data-scientist-au-peren-hf',
        'en',
        '-',
      ],
    ]);
  });
});

describe('a hiring page with no opening', () => {
  it('openings heading over an empty grid: explicitly empty, not a failure', () => {
    const result = parse(read(join(PORTAL, 'variants/no-openings-empty-grid.html')), FR_URL);
    expect(result).toEqual({ variant: 'no-openings', postings: [], next: [], explicitlyEmpty: true, problems: [] });
  });

  it('a sentence saying there is no opening, without the heading', () => {
    const result = parse(read(join(PORTAL, 'variants/no-openings-statement-en.md')), EN_URL);
    expect(result).toEqual({ variant: 'no-openings', postings: [], next: [], explicitlyEmpty: true, problems: [] });
  });

  it('"Aucune offre ne correspond à votre profil ?" is an invitation, not an empty list', () => {
    const body = read(join(PORTAL, 'variants/no-openings-empty-grid.html')).replace(
      '<h2 id="nos-offres-en-cours">Nos offres en cours</h2>',
      '<h2 id="candidature">Candidature spontanée</h2>\n<p>Aucune offre ne correspond à votre profil ? Écrivez-nous.</p>',
    );
    const result = parse(body, FR_URL);
    expect(result.variant).toBeNull();
    expect(result.explicitlyEmpty).toBeUndefined();
  });
});

describe('pages that cannot be read: loud', () => {
  it('tiles linking offer URLs no known portal uses: error naming the section and its links', () => {
    const result = parse(read(join(PORTAL, 'variants/unknown-offer-urls.html')), FR_URL);
    expect(result.variant).toBeNull();
    expect(result.postings).toEqual([]);
    expect(result.explicitlyEmpty).toBeUndefined();
    expect(result.problems).toEqual([
      {
        severity: 'error',
        url: FR_URL,
        message:
          'PEReN hiring page not recognised: no DSFR tile (.fr-tile .fr-tile__title a[href]) nor any other link pointing at a Passerelles, Choisir le service public or PASS offer, ' +
          'and the "Nos offres en cours" section holds 1 link(s) to no known offer: https://passerelles.economie.gouv.fr/fr/offres/6120-developpeur-back-end ' +
          `(${FR_URL})`,
      },
    ]);
  });

  it('another page of the site served at the hiring page URL', () => {
    const result = parse(read(join(PORTAL, 'variants/not-found.html')), FR_URL);
    expect(result.variant).toBeNull();
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]!.severity).toBe('error');
    expect(result.problems[0]!.message).toContain('the page does not look like the hiring page');
    expect(result.problems[0]!.message).toContain(FR_URL);
  });

  it('an empty body', () => {
    const result = parse('', FR_URL);
    expect(result.variant).toBeNull();
    expect(result.problems.map((p) => p.severity)).toEqual(['error']);
  });
});
