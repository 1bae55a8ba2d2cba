/**
 * Turns what doctor saw on one page into findings. Inventory pages decide whether a scrape can be
 * trusted at all (a failure is `broken`); offer pages only enrich postings (a failure is `degraded`),
 * as in the pipeline.
 */
import type { FetchErrorKind } from '../http/fetch-error.ts';
import { POSTING_FIELDS } from '../model/posting.ts';
import { overallFill } from './field-shares.ts';
import { expectsFeed, htmlHeadline, looksLikeErrorPage, looksLikeHtml } from './page-sniff.ts';
import type { Finding, PageProbe } from './report.ts';

/** An offer page exists to fill fields: below this share of the normalised fields it has drifted. */
const MIN_OFFER_FILL = 1 / 3;

const MAX_LISTED_WARNINGS = 3;

const FETCH_FAILURE: Record<FetchErrorKind | 'internal', string> = {
  network: 'network error',
  timeout: 'timed out',
  http: 'HTTP error',
  'too-large': 'body too large',
  robots: 'robots.txt',
  redirect: "redirected off the source's hosts or in a loop",
  charset: 'wrong charset',
  internal: 'internal error',
};

export function pageFindings(probe: PageProbe, body: string | null): Finding[] {
  if (probe.channel === 'robots.txt') return [];
  const severity = probe.channel === 'inventory' ? 'broken' : 'degraded';
  const what = `${probe.label} page`;
  // Fetch errors and most parser problems already name the URL; the others get it appended.
  const finding = (level: Finding['severity'], message: string): Finding => ({
    severity: level,
    url: probe.url,
    message: `${what}: ${message}${message.includes(probe.url) ? '' : ` (${probe.url})`}`,
  });

  if (probe.fetchError)
    return [finding(severity, `${FETCH_FAILURE[probe.fetchError.kind]}: ${probe.fetchError.message}`)];
  const findings: Finding[] = [];
  const errors = probe.problems.filter((p) => p.severity === 'error').map((p) => p.message);
  if (probe.variant === null) {
    findings.push(finding(severity, unrecognised(probe, body ?? '', errors)));
  } else if (errors.length > 0) {
    findings.push(finding(severity, `parser error: ${errors.join('; ')}`));
  }
  const warnings = probe.problems.filter((p) => p.severity === 'warning').map((p) => p.message);
  if (warnings.length > 0)
    findings.push(finding('degraded', `${warnings.length} parser warning(s): ${listed(warnings)}`));
  if (probe.variant === null) return findings;

  if (probe.postings === 0 && !probe.explicitlyEmpty) {
    findings.push(finding('degraded', 'no posting found, and the page does not state that nothing matches'));
  }
  if (probe.pagination && !probe.pagination.understood)
    findings.push(finding('degraded', `pagination not understood: ${probe.pagination.explanation}`));
  if (probe.channel === 'detail' && probe.fieldShares && overallFill(probe.fieldShares) < MIN_OFFER_FILL) {
    const filled = POSTING_FIELDS.filter((field) => probe.fieldShares![field] > 0).length;
    findings.push(
      finding('degraded', `fields mostly empty: ${filled} of the ${POSTING_FIELDS.length} normalised fields filled`),
    );
  }
  return findings;
}

/** Says whether the portal redesigned the page or served something else (an error page, HTML for a feed). */
function unrecognised(probe: PageProbe, body: string, errors: string[]): string {
  const html = looksLikeHtml(body);
  const headline = html ? htmlHeadline(body) : null;
  const htmlForFeed = html && expectsFeed(probe.label);
  const parts = [
    htmlForFeed
      ? `served an HTML page instead of a feed (${probe.contentType ?? 'no Content-Type'})`
      : 'layout not recognised',
  ];
  if (headline) parts.push(`titled «${headline}»`);
  parts.push(
    looksLikeErrorPage(headline)
      ? 'apparently an error or maintenance page'
      : 'the portal may have redesigned or moved it',
  );
  if (probe.looksLike && probe.looksLike !== probe.label) parts.push(`the body looks like a "${probe.looksLike}" page`);
  const reason = errors.length > 0 ? errors.join('; ') : 'the parser matched no known layout';
  return `${parts.join(', ')} — parser: ${reason}`;
}

function listed(messages: string[]): string {
  const shown = messages.slice(0, MAX_LISTED_WARNINGS).join('; ');
  return messages.length > MAX_LISTED_WARNINGS ? `${shown} (+${messages.length - MAX_LISTED_WARNINGS} more)` : shown;
}
