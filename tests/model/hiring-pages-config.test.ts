/**
 * Hiring pages per organisation in the configuration: each organisation's `hiringPages` are the
 * `peren` source's pages for it, a page's postings are claimed by the organisations listing it,
 * and `sources.peren.pages` stays the one-organisation form.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import { HiringPageClaim, hiringPageHint } from '../../src/model/hiring-page-claim.ts';
import { organisationsOf } from '../../src/organisations.ts';

const DINUM_PAGE = 'https://www.dinum.example/nous-rejoindre/';

describe('hiring pages in the configuration', () => {
  it("gives each organisation its pages as the source's, with its own translations over the shared ones", () => {
    const config = parseConfig({
      organisations: {
        peren: { name: 'PEReN', hiringPages: ['https://peren.gouv.fr/recrutement/'] },
        dinum: {
          name: 'DINUM',
          hiringPages: [DINUM_PAGE],
          hiringPage: { translations: { 'csp:2026-2460001': 'Back-end developer' } },
        },
        anssi: { name: 'ANSSI' },
      },
      hiringPage: { translations: { 'passerelles:5372': 'Legal expert' } },
    });
    const [peren, dinum, anssi] = organisationsOf(config);
    expect(peren!.sourceSettings.peren).toEqual({ pages: ['https://peren.gouv.fr/recrutement/'] });
    expect(dinum!.sourceSettings.peren).toEqual({ pages: [DINUM_PAGE] });
    expect(anssi!.sourceSettings.peren).toEqual({ pages: [] });
    expect(dinum!.hiringPage.translations).toEqual({
      'passerelles:5372': 'Legal expert',
      'csp:2026-2460001': 'Back-end developer',
    });
    expect(config.sources.peren.enabled).toBe(true);
  });

  it('keeps sources.peren.pages for one organisation, and refuses it beside organisations', () => {
    const single = organisationsOf(parseConfig({ sources: { peren: { pages: [DINUM_PAGE] } } }));
    expect(single[0]!.hiringPages).toEqual([DINUM_PAGE]);
    expect(single[0]!.sourceSettings.peren).toEqual({ pages: [DINUM_PAGE] });
    expect(organisationsOf(parseConfig({}))[0]!.hiringPages).toEqual([
      'https://peren.gouv.fr/recrutement/',
      'https://peren.gouv.fr/en/recrutement/',
    ]);
    expect(() =>
      parseConfig({ organisations: { a: { name: 'A' } }, sources: { peren: { pages: [DINUM_PAGE] } } }),
    ).toThrow(
      /sources\.peren\.pages: with organisations, each one's hiring pages are organisations\.<id>\.hiringPages/,
    );
  });

  it('turns the hiring-page source off when no organisation has a page, unless the file turns it on', () => {
    expect(parseConfig({ organisations: { a: { name: 'A' } } }).sources.peren.enabled).toBe(false);
    expect(
      parseConfig({ organisations: { a: { name: 'A' } }, sources: { peren: { enabled: true } } }).sources.peren.enabled,
    ).toBe(true);
  });

  it("claims the postings of the organisation's own pages, whatever names they show", () => {
    const claim = new HiringPageClaim([DINUM_PAGE]);
    expect(claim.matchesAny([hiringPageHint(DINUM_PAGE)])).toBe(true);
    expect(claim.matchesAny(['DINUM', hiringPageHint('https://peren.gouv.fr/recrutement/')])).toBe(false);
    expect(claim.matchesAny([null, undefined])).toBe(false);
  });
});
