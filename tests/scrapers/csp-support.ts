/** Test support for the CSP source: fixture reading, fetched pages, and a results page of real weight. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FetchedPage, PageRequest } from '../../src/model/source.ts';
import { cspSource, type CspSettings } from '../../scrapers/csp/index.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

export const PORTAL_DIR = `${root}fixtures/portals/csp/`;

export function sample(name: string): string {
  return readFileSync(`${root}fixtures/samples/${name}`, 'utf8');
}

export function portalFile(name: string): string {
  return readFileSync(`${PORTAL_DIR}${name}`, 'utf8');
}

export function settings(overrides: Partial<CspSettings> = {}): CspSettings {
  return cspSource.settings.parse({ enabled: true, ...overrides });
}

/** A page as the fetcher hands it over: 200, canonical URL, request labelled as given. */
export function fetched(body: string, url: string, request: Partial<PageRequest> & { label: string }): FetchedPage {
  return {
    request: { url, role: request.label === 'offer' ? 'detail' : 'inventory', ...request },
    url,
    status: 200,
    contentType: request.label === 'rss' ? 'text/xml; charset=utf-8' : 'text/html; charset=UTF-8',
    body,
    notModified: false,
  };
}

export const PEREN_URL = 'https://choisirleservicepublic.gouv.fr/nos-offres/filtres/mot-cles/peren/';

/**
 * A results page of the weight the portal serves (about 4.5 MB, mostly search facets) built from
 * a small one: the facets panel gets one checkbox per commune until the page reaches `bytes`.
 * Committing such a page would add megabytes of noise to the repository for no extra coverage.
 */
export function inflatedListing(body: string, bytes = 4_500_000): string {
  const marker = '<div class="filters-panel" id="filters-panel">';
  const at = body.indexOf(marker);
  if (at < 0) throw new Error('inflatedListing: the page has no facets panel to grow');
  const insertAt = at + marker.length;
  const facets: string[] = [];
  let size = body.length + 400;
  for (let i = 1; size < bytes; i++) {
    const department = String((i % 95) + 1).padStart(2, '0');
    const option = `
                                        <div class="fr-checkbox-group fr-checkbox-group--sm">
                                            <input type="checkbox" id="filter-localisation-${i}" name="localisation[]" value="${10000 + i}" data-label="Commune ${i} (${department})">
                                            <label class="fr-label" for="filter-localisation-${i}">Commune ${i} <span class="fr-hint-text">${department}</span></label>
                                        </div>`;
    facets.push(option);
    size += option.length;
  }
  const fieldset = `
                                <fieldset class="fr-fieldset filter-group" data-filter="localisation">
                                    <legend class="fr-fieldset__legend fr-text--regular">Localisation</legend>
                                    <div class="fr-fieldset__content">${facets.join('')}
                                    </div>
                                </fieldset>`;
  return body.slice(0, insertAt) + fieldset + body.slice(insertAt);
}
