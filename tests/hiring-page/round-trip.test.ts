/**
 * The hiring page written back: every real version of PEReN's page source (fixtures/samples) read by
 * the hiring-page parser, then written from the same openings, must come back byte for byte; with
 * one opening closed and one opened, exactly one tile goes and one comes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseHiringPage } from '../../scrapers/peren/parse-hiring-page.ts';
import { type PageOpening, planHiringPage } from '../../src/hiring-page/plan.ts';
import { pageInHand } from '../../src/model/source.ts';
import { ROOT } from '../support/cli.ts';

const SAMPLES = join(ROOT, 'fixtures/samples');
const samples = readdirSync(SAMPLES).filter((name) => /^peren-recrutement-(fr|en)-.*\.md$/.test(name));
const pageUrlOf = (lang: string) =>
  lang === 'en' ? 'https://peren.gouv.fr/en/recrutement/' : 'https://peren.gouv.fr/recrutement/';

/** The openings the page shows, as the parser reads its tiles: one open opening per linked offer. */
function openingsOfPage(text: string, lang: string): PageOpening[] {
  const url = pageUrlOf(lang);
  const parsed = parseHiringPage(pageInHand({ url, role: 'inventory', label: 'hiring-page' }, text));
  expect(parsed.variant).toBe('dsfr-tiles');
  return parsed.postings.map(({ posting }) => ({
    uid: `uid-${posting.sourceId}`,
    title: posting.title,
    status: 'open',
    offerKeys: [posting.sourceId],
    links: [{ source: posting.extra.targetSource!, url: posting.url }],
    listed: true,
  }));
}

const NEW_OPENING: PageOpening = {
  uid: 'uid-new',
  title: 'Juriste spécialisé(e) en régulation numérique - SEN PEReN 160 H/F',
  status: 'open',
  offerKeys: ['csp:MEF_2026-42011', 'passerelles:5400'],
  links: [
    { source: 'csp', url: 'https://choisirleservicepublic.gouv.fr/offre-emploi/reference-MEF_2026-42011/' },
    {
      source: 'passerelles',
      url: 'https://passerelles.economie.gouv.fr/offre-de-emploi/emploi-juriste-sen-peren-160-h-f_5400.aspx',
    },
  ],
  listed: true,
};

function options(lang: 'fr' | 'en', translations: Record<string, string> = {}) {
  return {
    lang,
    pageUrl: pageUrlOf(lang),
    translations,
    defaultImage: 'undraw_Data_re_80ws.svg',
    organisationNames: ['PEReN', 'SEN PEReN'],
  };
}

/** The ten lines of the grid column whose tile links `href`. */
function tileLines(lines: readonly string[], href: string): { start: number; block: string[] } {
  const at = lines.findIndex((line) => line.includes(`href="${href}"`));
  const start = lines.slice(0, at).findLastIndex((line) => /^\s*<div class="fr-col-/.test(line));
  return { start, block: lines.slice(start, start + 10) };
}

describe('the hiring page written back', () => {
  it('finds every sample version', () => {
    expect(samples).toHaveLength(7);
  });

  for (const name of samples) {
    const lang = /-(fr|en)-/.exec(name)![1] as 'fr' | 'en';
    const text = readFileSync(join(SAMPLES, name), 'utf8');

    it(`${name}: from the same openings, byte-identical`, () => {
      const openings = openingsOfPage(text, lang);
      expect(openings.length).toBeGreaterThan(0);
      const plan = planHiringPage(text, openings, options(lang));
      expect(plan.changed).toBe(false);
      expect(plan.text).toBe(text);
      expect(plan.kept).toHaveLength(openings.length);
      expect(plan.section.startsWith(lang === 'fr' ? '## Nos offres en cours\n' : '## Current openings\n')).toBe(true);
    });

    it(`${name}: one opening closed and one opened, one tile removed and one added`, () => {
      const openings = openingsOfPage(text, lang);
      const closed = openings[0]!;
      const plan = planHiringPage(
        text,
        [{ ...closed, status: 'closed' }, ...openings.slice(1), NEW_OPENING],
        options(lang),
      );
      expect(plan.removed.map((t) => t.opening)).toEqual([closed.uid]);
      expect(plan.added.map((t) => t.opening)).toEqual(['uid-new']);
      // The page links Passerelles: the new tile does too, and drops the post code and H/F.
      expect(plan.added[0]!.href).toBe(NEW_OPENING.links[1]!.url);
      expect(plan.added[0]!.title).toBe('Juriste spécialisé(e) en régulation numérique');
      expect(plan.untranslated).toHaveLength(lang === 'en' ? 1 : 0);

      const after = openingsOfPage(plan.text, lang).map((o) => o.offerKeys[0]);
      expect(after).toEqual([...openings.slice(1).map((o) => o.offerKeys[0]), 'passerelles:5400']);
      // The file is the old one without the closed tile's ten lines, with the new tile's ten before the grid closes.
      const lines = text.split('\n');
      const closedHref = /href="([^"]+)"/.exec(
        lines.find((l) => l.includes(`_${closed.offerKeys[0]!.split(':')[1]}.aspx"`))!,
      )![1]!;
      const gone = tileLines(lines, closedHref);
      const come = tileLines(plan.text.split('\n'), plan.added[0]!.href);
      expect(come.block.join('\n')).toContain('title="Juriste spécialisé(e) en régulation numérique"');
      expect(come.block.at(-1)).toBe('    </div>');
      const expected = [...lines];
      expected.splice(gone.start, 10);
      expected.splice(expected.indexOf('</div>', gone.start), 0, ...come.block);
      expect(plan.text).toBe(expected.join('\n'));
      expect(text.slice(0, text.indexOf('<div class="fr-grid-row'))).toBe(
        plan.text.slice(0, plan.text.indexOf('<div class="fr-grid-row')),
      );
      expect(text.slice(text.indexOf('## Comment') >= 0 ? text.indexOf('## Comment') : text.indexOf('## How'))).toBe(
        plan.text.slice(
          plan.text.indexOf('## Comment') >= 0 ? plan.text.indexOf('## Comment') : plan.text.indexOf('## How'),
        ),
      );
    });
  }

  it('keeps CRLF line endings, and writes the new tile with them', () => {
    const text = readFileSync(join(SAMPLES, 'peren-recrutement-fr-2022-01-04-39aa70a.md'), 'utf8').replace(
      /\n/g,
      '\r\n',
    );
    const openings = openingsOfPage(text, 'fr');
    expect(planHiringPage(text, openings, options('fr')).text).toBe(text);
    const plan = planHiringPage(text, [...openings, NEW_OPENING], options('fr'));
    expect(plan.text.replace(/\r\n/g, '')).not.toContain('\n');
    expect(plan.added).toHaveLength(1);
  });

  it('fills a new English tile from the translations, keyed by opening or by offer', () => {
    const text = readFileSync(join(SAMPLES, 'peren-recrutement-en-2022-01-04-39aa70a.md'), 'utf8');
    const openings = openingsOfPage(text, 'en');
    for (const key of ['uid-new', 'passerelles:5400']) {
      const plan = planHiringPage(
        text,
        [...openings, NEW_OPENING],
        options('en', { [key]: 'Digital regulation lawyer' }),
      );
      expect(plan.added.map((t) => t.title)).toEqual(['Digital regulation lawyer']);
      expect(plan.untranslated).toEqual([]);
      expect(plan.text).toContain('>Digital regulation lawyer</a></h4>');
    }
  });

  it('drops a second tile of one opening, keeps tiles no portal shows, adds no internship', () => {
    const text = readFileSync(join(SAMPLES, 'peren-recrutement-fr-2022-01-04-39aa70a.md'), 'utf8');
    const [front, data5373, data5372] = openingsOfPage(text, 'fr');
    const merged = { ...data5373!, offerKeys: [...data5373!.offerKeys, ...data5372!.offerKeys] };
    const internship = { ...NEW_OPENING, uid: 'uid-stage', listed: false };
    const plan = planHiringPage(text, [merged, internship], options('fr'));
    expect(plan.removed).toEqual([expect.objectContaining({ opening: merged.uid, why: 'duplicate' })]);
    expect(plan.unverified.map((t) => t.href)).toEqual([
      'https://passerelles.economie.gouv.fr/offre-de-emploi/emploi-developpeur-front-end-sen-peren-155-h-f_4165.aspx',
    ]);
    expect(plan.added).toEqual([]);
    expect(front).toBeDefined();
  });

  it('fills an empty grid with the site’s indentation, and empties it again', () => {
    const empty =
      '---\ntitle: "Recrutement"\n---\n\n## Nos offres en cours\n\n<div class="fr-grid-row fr-grid-row--gutters">\n</div>\n\n## Suite\n';
    const plan = planHiringPage(empty, [NEW_OPENING], options('fr'));
    expect(plan.section).toContain(
      '\n    <div class="fr-col-6 fr-col-lg-3">\n        <div class="fr-tile fr-enlarge-link">',
    );
    const closedAgain = planHiringPage(plan.text, [{ ...NEW_OPENING, status: 'closed' }], options('fr'));
    expect(closedAgain.text).toBe(empty);
  });

  it('reads the rendered page too, and prints its section in the Markdown form', () => {
    const html = readFileSync(join(ROOT, 'fixtures/portals/peren/recrutement-fr.html'), 'utf8');
    const openings = openingsOfPage(html, 'fr');
    const plan = planHiringPage(html, openings, options('fr'));
    expect(plan.changed).toBe(false);
    const source = readFileSync(join(SAMPLES, 'peren-recrutement-fr-2022-01-04-39aa70a.md'), 'utf8');
    const fromSource = planHiringPage(source, openings, options('fr')).section;
    expect(plan.section.trimEnd()).toBe(fromSource.trimEnd());
  });

  it('says what is missing when the page has no openings section', () => {
    expect(() => planHiringPage('---\ntitle: x\n---\n\n## Autre\n', [], options('fr'))).toThrow(
      /no "Nos offres en cours"/,
    );
  });
});
