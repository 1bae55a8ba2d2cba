/** Choisir le service public (choisirleservicepublic.gouv.fr, formerly Place de l'Emploi Public). */
import type { PageRequest, SourceFacts } from '../../src/model/source.ts';
import { urlIdentityKeys } from '../../src/model/source.ts';
import { cspPolicy, keywordSlug, rssUrl, searchUrl } from './portal.ts';
import { type CspSettings, cspOrganisationSettings, cspSettings } from './settings.ts';

function start(settings: CspSettings): PageRequest[] {
  const requests: PageRequest[] = [];
  const slugs = new Set<string>();
  for (const term of settings.searchTerms) {
    // Two spellings of the same words would fetch the same pages twice.
    if (slugs.has(keywordSlug(term))) continue;
    slugs.add(keywordSlug(term));
    requests.push({ url: searchUrl(term), role: 'inventory', label: 'listing', series: term, page: 1 });
  }
  if (settings.rssEntity) requests.push({ url: rssUrl(settings.rssEntity), role: 'inventory', label: 'rss' });
  return requests;
}

export const cspFacts: SourceFacts<CspSettings> = {
  id: 'csp',
  label: 'Choisir le service public',
  kind: 'portal',
  // It re-publishes ministries' offers (Passerelles among them) with fewer fields.
  precedence: 2,
  defaultEnabled: true,
  policy: cspPolicy,
  republisherHosts: ['emploi-territorial.fr', 'www.emploi-territorial.fr'],
  // A ministry offer re-published here keeps its Passerelles reference as `MEF_<reference>`.
  identityKeys: (p) => [
    ...urlIdentityKeys(p),
    ...(p.reference && /^MEF_/i.test(p.reference) ? [`mef:${p.reference.slice(4).toUpperCase()}`] : []),
  ],
  unlinkedFromHiringPage: { severity: 'warning' },
  settings: cspSettings,
  organisationSettings: cspOrganisationSettings,
  start,
};
