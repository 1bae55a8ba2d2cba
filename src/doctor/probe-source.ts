/**
 * The probe plan of one source: its robots.txt, each start request, the second listing page when
 * the first names one, and one offer page per inventory label (the layouts the source knows).
 * Unlike a scrape it never follows pagination further and never filters on the organisation,
 * except to prefer an organisation's offer as the sample offer page.
 */
import type { OrganisationMatcher } from '../model/organisation.ts';
import type { PageRequest, ParsedPosting, Source } from '../model/source.ts';
import { pageFindings } from './findings.ts';
import { assessPagination, nextInventoryRequest, type SecondPage } from './pagination.ts';
import type { PageVisits, ProbedPage } from './probe-page.ts';
import { type SourceReport, worstVerdict } from './report.ts';

export async function probeSource(
  source: Source,
  starts: readonly PageRequest[],
  visits: PageVisits,
  matcher: OrganisationMatcher,
): Promise<SourceReport> {
  for (const url of robotsUrls(starts))
    await visits.visit({ url, role: 'inventory', label: 'robots.txt' }, 'robots.txt');
  // An open-data file is streamed by its runs, never fetched as a page: the dataset API naming it is what is probed.
  const streamed = source.kind === 'open-data';
  for (const request of starts.filter((r) => !(streamed && r.label === 'csv'))) {
    const first = await visits.visit(request, request.role);
    if (!first.parsed || first.probe.variant === null || streamed) continue;
    const next = nextInventoryRequest(first.parsed);
    const second = next ? secondPage(await visits.visit(next, 'inventory')) : null;
    first.probe.pagination = assessPagination(request, first.parsed, second);
  }
  for (const request of sampleOfferRequests(visits.all(), matcher)) await visits.visit(request, 'detail');

  const probed = visits.all();
  const findings = probed.flatMap((page) => pageFindings(page.probe, page.page?.body ?? null));
  return {
    source: source.id,
    label: source.label,
    verdict: worstVerdict(findings),
    findings,
    pages: probed.map((p) => p.probe),
    saved: null,
  };
}

/** One robots.txt per origin the start requests go to. */
function robotsUrls(starts: readonly PageRequest[]): string[] {
  return [...new Set(starts.map((request) => new URL('/robots.txt', request.url).href))];
}

function secondPage(page: ProbedPage): SecondPage {
  if (page.parsed && page.probe.variant !== null) return { request: page.request, parsed: page.parsed, failure: null };
  const errors = page.probe.problems.filter((p) => p.severity === 'error').map((p) => p.message);
  return {
    request: page.request,
    parsed: null,
    failure: page.probe.fetchError?.message ?? (errors.join('; ') || 'no known layout matched'),
  };
}

/**
 * The first offer page of each inventory label (a feed's links and a listing's may lead to different
 * offer layouts), preferring an offer of the organisation: that is the page the service depends on.
 */
function sampleOfferRequests(pages: readonly ProbedPage[], matcher: OrganisationMatcher): PageRequest[] {
  const byLabel = new Map<string, ParsedPosting[]>();
  for (const page of pages) {
    if (page.probe.channel !== 'inventory' || !page.parsed || page.probe.variant === null) continue;
    const items = byLabel.get(page.request.label) ?? [];
    items.push(...page.parsed.postings.filter((item) => item.detail));
    byLabel.set(page.request.label, items);
  }
  const requests = new Map<string, PageRequest>();
  for (const items of byLabel.values()) {
    const sample = items.find((item) => matcher.matchesAny(item.orgHints)) ?? items[0];
    if (sample?.detail && !requests.has(sample.detail.url)) requests.set(sample.detail.url, sample.detail);
  }
  return [...requests.values()];
}
