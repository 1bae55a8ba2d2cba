/** Test support for the CSP source: fixture reading, fetched pages, and a results page of real weight. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type CspSettings, cspSource } from '../../scrapers/csp/index.ts';
import type { FetchedPage, PageRequest } from '../../src/model/source.ts';

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

/** A results page of the weight the portal serves (about 4.5 MB, mostly search facets) built from a small one. */
export { inflatedListing } from '../../scripts/synthetic-portal/csp-weight.ts';
