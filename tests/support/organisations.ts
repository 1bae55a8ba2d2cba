/**
 * The fixture portals' three employers as the organisation scenarios configure them: every one also
 * searches "numérique", so each finds the others' offers and must keep only its own (PEReN holds
 * beside the others exactly what it holds alone). No hiring pages: the tests that read them add them.
 */
import { FIXTURE_ORGANISATIONS } from '../../src/fixture-portal/organisations.ts';

const { peren, dinum, anssi } = FIXTURE_ORGANISATIONS;
const withoutPages = <T extends { hiringPages: string[] }>({ hiringPages: _, ...rest }: T) => rest;

export const PEREN = {
  ...withoutPages(peren),
  csp: { searchTerms: [...peren.csp.searchTerms, 'numérique'] },
};
export const DINUM = { ...withoutPages(dinum), csp: { searchTerms: [...dinum.csp.searchTerms, 'numérique'] } };
export const ANSSI = withoutPages(anssi);
export const PEREN_PAGES = peren.hiringPages;
export const DINUM_PAGE = dinum.hiringPages[0]!;
export const ANSSI_PAGE = anssi.hiringPages[0]!;
