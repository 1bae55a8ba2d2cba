/** schema.org JobPosting for an opening page, so search engines and tools read it as a job offer. */
import { openingGuid } from '../../feeds/openings-feed.ts';
import { sanitizeDescription } from '../../model/sanitize.ts';
import type { OpeningView } from '../../read-model/opening-view.ts';
import { html, jsonForScript, type SafeHtml } from '../../render/html.ts';

function jobPosting(o: OpeningView, pageUrl: string, organisationName: string): Record<string, unknown> {
  const p = o.posting;
  return {
    '@context': 'https://schema.org',
    '@type': 'JobPosting',
    title: p.title,
    description: sanitizeDescription(p.descriptionHtml) ?? p.descriptionText ?? p.title,
    datePosted: o.publishedAt,
    ...(p.deadline ? { validThrough: p.deadline } : {}),
    ...(p.contractType ? { employmentType: p.contractType } : {}),
    hiringOrganization: { '@type': 'Organization', name: p.employer ?? organisationName },
    ...(p.location
      ? {
          jobLocation: {
            '@type': 'Place',
            address: { '@type': 'PostalAddress', addressLocality: p.location, addressCountry: 'FR' },
          },
        }
      : {}),
    identifier: { '@type': 'PropertyValue', name: organisationName, value: openingGuid(o) },
    url: pageUrl,
    sameAs: o.postings.map(({ stored }) => stored.posting.url),
  };
}

/** The JSON-LD block, escaped so no scraped text can end the script element. */
export function jobPostingScript(o: OpeningView, pageUrl: string, organisationName: string): SafeHtml {
  return html`<script type="application/ld+json">
${jsonForScript(jobPosting(o, pageUrl, organisationName))}
</script>`;
}
