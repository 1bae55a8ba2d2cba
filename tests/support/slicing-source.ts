/** A parser whose output is slices of its page, the way substrings of a parsed page are. */
import { cspSource } from '../../scrapers/csp/index.ts';
import { emptyPosting } from '../../src/model/posting.ts';
import type { FetchedPage, ParseResult, Source } from '../../src/model/source.ts';

const OFFER = 'https://choisirleservicepublic.gouv.fr/offre-emploi/x-reference-2026-1/';

export const slicingSource: Source = {
  ...(cspSource as unknown as Source),
  parse(page: FetchedPage): ParseResult {
    const posting = emptyPosting('csp', page.body.slice(0, 16), OFFER, page.body.slice(16, 400));
    posting.employer = page.body.slice(400, 2000);
    return { variant: 'slices', postings: [{ posting, orgHints: [page.body.slice(16, 80)] }], next: [], problems: [] };
  },
};
