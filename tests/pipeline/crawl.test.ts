/** Pagination rules of the inventory crawl, on a made-up source whose pages are in memory. */
import { describe, expect, it } from 'vitest';
import { emptyPosting } from '../../src/model/posting.ts';
import {
  baseSourceSettings,
  type PageRequest,
  pageInHand,
  type Source,
  urlIdentityKeys,
} from '../../src/model/source.ts';
import { crawlToMemory } from '../support/crawl.ts';

const ORIGIN = 'https://portail.example.gouv.fr';
const pageUrl = (n: number) => `${ORIGIN}/offres?page=${n}`;
const listing = (n: number): PageRequest => ({
  url: pageUrl(n),
  role: 'inventory',
  label: 'listing',
  series: 'offres',
  page: n,
});

/** A listing whose page N shows `pages[N - 1]` and links page N + 1 while there is one. */
function listingSource(pages: string[][]): Source {
  return {
    id: 'pass',
    label: 'Portail',
    kind: 'portal',
    precedence: 1,
    defaultEnabled: false,
    policy: { hosts: ['portail.example.gouv.fr'], aliases: {} },
    republisherHosts: [],
    identityKeys: urlIdentityKeys,
    unlinkedFromHiringPage: { severity: 'warning' },
    settings: baseSourceSettings,
    start: () => [listing(1)],
    parse: (page) => {
      const n = page.request.page!;
      return {
        variant: 'test-listing',
        postings: pages[n - 1]!.map((id) => ({
          posting: emptyPosting('pass', id, `${ORIGIN}/offre/${id}`, `Offre ${id}`),
          orgHints: [],
        })),
        next: n < pages.length ? [listing(n + 1)] : [],
        problems: [],
      };
    },
    classify: () => 'listing',
  };
}

async function crawl(pages: string[][]) {
  const fetched: string[] = [];
  const source = listingSource(pages);
  const result = await crawlToMemory(source, baseSourceSettings.parse({ enabled: true }), async (request) => {
    fetched.push(request.url);
    return pageInHand(request, '');
  });
  return { fetched, ids: [...result.postings.keys()], failures: result.failures };
}

describe('crawling a paginated listing', () => {
  it('reads overlapping pages to the end: page 2 repeats one id of page 1, and a page 3 exists', async () => {
    const { fetched, ids, failures } = await crawl([['1', '2', '3'], ['3', '4', '5'], ['6']]);
    expect(fetched).toEqual([pageUrl(1), pageUrl(2), pageUrl(3)]);
    expect(ids).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(failures).toEqual([]);
  });

  it('stops at a page that brings no new id (a portal looping back to page 1)', async () => {
    const { fetched, ids } = await crawl([['1', '2'], ['3'], ['1', '2'], ['9']]);
    expect(fetched).toEqual([pageUrl(1), pageUrl(2), pageUrl(3)]);
    expect(ids).toEqual(['1', '2', '3']);
  });
});
