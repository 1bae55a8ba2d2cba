/** How one page's facts become findings, and when a listing's pagination counts as understood. */
import { describe, expect, it } from 'vitest';
import { fieldShares } from '../../src/doctor/field-shares.ts';
import { pageFindings } from '../../src/doctor/findings.ts';
import { assessPagination } from '../../src/doctor/pagination.ts';
import type { PageProbe } from '../../src/doctor/report.ts';
import { emptyPosting, type Posting } from '../../src/model/posting.ts';
import type { PageRequest, ParsedPosting, ParseResult } from '../../src/model/source.ts';

const URL = 'https://portal.example/liste?page=1';
const PAGE_2 = 'https://portal.example/liste?page=2';

function probe(overrides: Partial<PageProbe>): PageProbe {
  return {
    channel: 'inventory',
    label: 'listing',
    url: URL,
    fetchedAt: '2026-11-28T10:00:00.000Z',
    fetchedUrl: URL,
    finalUrl: URL,
    status: 200,
    contentType: 'text/html; charset=utf-8',
    charset: 'utf-8',
    bytes: 1000,
    ms: 5,
    etag: null,
    lastModified: null,
    robots: null,
    fetchError: null,
    variant: 'cards',
    looksLike: null,
    postings: 1,
    declaredTotal: null,
    explicitlyEmpty: false,
    fieldShares: null,
    problems: [],
    pagination: null,
    ...overrides,
  };
}

function item(id: string): ParsedPosting {
  return { posting: emptyPosting('csp', id, `https://portal.example/offre/${id}`, `Offre ${id}`), orgHints: [] };
}

function result(ids: string[], extra: Partial<ParseResult> = {}): ParseResult {
  return { variant: 'cards', postings: ids.map(item), next: [], problems: [], ...extra };
}

const listing: PageRequest = { url: URL, role: 'inventory', label: 'listing', series: 'kw', page: 1 };
const next: PageRequest = { url: PAGE_2, role: 'inventory', label: 'listing', series: 'kw', page: 2 };

describe('assessPagination', () => {
  it('a feed that names no next page is not paginated', () => {
    expect(assessPagination({ url: URL, role: 'inventory', label: 'rss' }, result(['1']), null)).toBeNull();
  });

  it('a next page read with new postings is understood', () => {
    const second = { request: next, parsed: result(['3', '4']), failure: null };
    expect(assessPagination(listing, result(['1', '2'], { next: [next] }), second)).toEqual({
      understood: true,
      explanation: `next page found and read (${PAGE_2}): 2 posting(s), 2 not on this page`,
    });
  });

  it('a next page repeating the first is the loop-back end a scrape stops at', () => {
    const second = { request: next, parsed: result(['1', '2']), failure: null };
    expect(assessPagination(listing, result(['1', '2'], { next: [next] }), second)?.explanation).toBe(
      `the next page (${PAGE_2}) repeats this page's postings: the portal loops back, where a scrape stops`,
    );
  });

  it('a named next page that cannot be read is not understood', () => {
    const second = { request: next, parsed: null, failure: 'HTTP 500' };
    expect(assessPagination(listing, result(['1'], { next: [next] }), second)).toEqual({
      understood: false,
      explanation: `a next page is named (${PAGE_2}) but could not be read: HTTP 500`,
    });
  });

  it('without a next page: understood when the total is reached or the page says it is empty, not when postings are missing', () => {
    expect(assessPagination(listing, result(['1', '2'], { declaredTotal: 2 }), null)).toEqual({
      understood: true,
      explanation: 'last page: the announced total (2) is reached',
    });
    expect(assessPagination(listing, result([], { explicitlyEmpty: true, declaredTotal: 0 }), null)).toEqual({
      understood: true,
      explanation: 'the listing states that nothing matches',
    });
    expect(assessPagination(listing, result(['1', '2'], { declaredTotal: 45 }), null)).toEqual({
      understood: false,
      explanation: 'the page announces 45 posting(s), shows 2 and names no next page',
    });
    expect(assessPagination(listing, result(['1']), null)).toEqual({
      understood: true,
      explanation: 'last page: no next page named and no total announced (1 posting(s))',
    });
  });
});

describe('pageFindings', () => {
  it('an understood page gives no finding', () => {
    expect(pageFindings(probe({}), '<html></html>')).toEqual([]);
    expect(pageFindings(probe({ postings: 0, explicitlyEmpty: true }), '')).toEqual([]);
  });

  it('robots.txt is reported, never judged (a 404 there allows everything)', () => {
    expect(
      pageFindings(
        probe({ channel: 'robots.txt', fetchError: { kind: 'http', message: 'HTTP 404' }, status: 404 }),
        null,
      ),
    ).toEqual([]);
  });

  it('an empty inventory page that does not say it is empty degrades the source', () => {
    expect(pageFindings(probe({ postings: 0 }), '')).toEqual([
      {
        severity: 'degraded',
        url: URL,
        message: `listing page: no posting found, and the page does not state that nothing matches (${URL})`,
      },
    ]);
  });

  it('parser warnings degrade, listing the first three', () => {
    const problems = ['a', 'b', 'c', 'd', 'e'].map((m) => ({
      severity: 'warning' as const,
      message: `card ${m} skipped`,
      url: URL,
    }));
    expect(pageFindings(probe({ problems }), '')).toEqual([
      {
        severity: 'degraded',
        url: URL,
        message: `listing page: 5 parser warning(s): card a skipped; card b skipped; card c skipped (+2 more) (${URL})`,
      },
    ]);
  });

  it('an error problem on a recognised inventory page breaks the source', () => {
    const problems = [
      { severity: 'error' as const, message: `a next page exists but no URL to derive it from (${URL})`, url: URL },
    ];
    expect(pageFindings(probe({ problems }), '')).toEqual([
      {
        severity: 'broken',
        url: URL,
        message: `listing page: parser error: a next page exists but no URL to derive it from (${URL})`,
      },
    ]);
  });

  it('pagination not understood degrades', () => {
    const pagination = {
      understood: false,
      explanation: 'the page announces 45 posting(s), shows 2 and names no next page',
    };
    expect(pageFindings(probe({ pagination }), '')[0]).toEqual({
      severity: 'degraded',
      url: URL,
      message: `listing page: pagination not understood: ${pagination.explanation} (${URL})`,
    });
  });

  it('an unrecognised HTML page that the source classifies as another kind says so', () => {
    const problems = [{ severity: 'error' as const, message: 'no offer card found', url: URL }];
    const findings = pageFindings(
      probe({ variant: null, postings: 0, looksLike: 'offer', problems }),
      '<!DOCTYPE html><html><head><title>Accès refusé</title></head></html>',
    );
    expect(findings).toEqual([
      {
        severity: 'broken',
        url: URL,
        message: `listing page: layout not recognised, titled «Accès refusé», apparently an error or maintenance page, the body looks like a "offer" page — parser: no offer card found (${URL})`,
      },
    ]);
  });

  it('an offer page only degrades: failing, or filling too few fields', () => {
    const offer = 'https://portal.example/offre/1';
    const failing = probe({
      channel: 'detail',
      label: 'offer',
      url: offer,
      fetchError: { kind: 'timeout', message: `${offer}: no response headers within 3000 ms` },
    });
    expect(pageFindings(failing, null)).toEqual([
      {
        severity: 'degraded',
        url: offer,
        message: `offer page: timed out: ${offer}: no response headers within 3000 ms`,
      },
    ]);

    const thin: Posting = {
      ...emptyPosting('csp', '1', offer, 'Offre'),
      reference: 'R-1',
      location: 'Paris',
      deadline: '2026-12-01T00:00:00+01:00',
      descriptionText: 'Missions',
    };
    const sparse = probe({ channel: 'detail', label: 'offer', url: offer, fieldShares: fieldShares([thin]) });
    expect(pageFindings(sparse, '')).toEqual([
      {
        severity: 'degraded',
        url: offer,
        message: `offer page: fields mostly empty: 6 of the 23 normalised fields filled (${offer})`,
      },
    ]);

    const rich: Posting = {
      ...thin,
      employer: 'PEReN',
      contractType: 'CDD',
      category: 'A',
      salary: '50 k€',
      jobFamily: 'Numérique',
    };
    expect(
      pageFindings(probe({ channel: 'detail', label: 'offer', url: offer, fieldShares: fieldShares([rich]) }), ''),
    ).toEqual([]);
  });
});

describe('fieldShares', () => {
  it('counts a field filled when it holds non-blank text, per posting', () => {
    const a: Posting = { ...emptyPosting('pass', 'a', 'https://x/a', 'A'), location: 'Paris', salary: '  ' };
    const b: Posting = { ...emptyPosting('pass', 'b', 'https://x/b', 'B'), location: null };
    const shares = fieldShares([a, b])!;
    expect(shares.title).toBe(1);
    expect(shares.location).toBe(0.5);
    expect(shares.salary).toBe(0);
    expect(fieldShares([])).toBeNull();
  });
});
