import { describe, expect, it } from 'vitest';
import { type FetchTarget, followRedirect, locate } from '../../src/http/url-mapping.ts';

const policy = {
  hosts: ['choisirleservicepublic.gouv.fr', 'place-emploi-public.gouv.fr'],
  aliases: { 'www.choisirleservicepublic.gouv.fr': 'choisirleservicepublic.gouv.fr' },
};
const fixtures: FetchTarget = { policy, baseUrl: 'http://127.0.0.1:4100/ignored-path' };
const live: FetchTarget = { policy };

describe('locate', () => {
  it('swaps the origin of the source hosts for baseUrl', () => {
    expect(locate('https://place-emploi-public.gouv.fr/offre-emploi/2026-1/?a=1#x', fixtures)).toEqual({
      canonical: 'https://place-emploi-public.gouv.fr/offre-emploi/2026-1/?a=1',
      actual: 'http://127.0.0.1:4100/offre-emploi/2026-1/?a=1',
    });
  });

  it('leaves other hosts, and everything without baseUrl, alone', () => {
    expect(locate('https://emploi-territorial.fr/offre/1', fixtures).actual).toBe(
      'https://emploi-territorial.fr/offre/1',
    );
    expect(locate('https://choisirleservicepublic.gouv.fr/a', live).actual).toBe(
      'https://choisirleservicepublic.gouv.fr/a',
    );
  });
});

describe('followRedirect', () => {
  const from = locate('https://place-emploi-public.gouv.fr/offre-emploi/2026-1/', fixtures);

  it('keeps a redirect to baseUrl on the canonical host it came from', () => {
    expect(followRedirect(from, '/offre-emploi/2026-2/', fixtures)).toEqual({
      canonical: 'https://place-emploi-public.gouv.fr/offre-emploi/2026-2/',
      actual: 'http://127.0.0.1:4100/offre-emploi/2026-2/',
    });
  });

  it('maps a redirect to another source host, alias included, back onto baseUrl', () => {
    expect(followRedirect(from, 'https://www.choisirleservicepublic.gouv.fr/offre-emploi/2026-1/', fixtures)).toEqual({
      canonical: 'https://choisirleservicepublic.gouv.fr/offre-emploi/2026-1/',
      actual: 'http://127.0.0.1:4100/offre-emploi/2026-1/',
    });
  });

  it('follows an alias as given when there is no baseUrl', () => {
    const liveFrom = locate('https://choisirleservicepublic.gouv.fr/a', live);
    expect(followRedirect(liveFrom, 'https://www.choisirleservicepublic.gouv.fr/a', live)).toEqual({
      canonical: 'https://choisirleservicepublic.gouv.fr/a',
      actual: 'https://www.choisirleservicepublic.gouv.fr/a',
    });
  });

  it('refuses other hosts and other ports of the loopback', () => {
    expect(followRedirect(from, 'https://example.com/a', fixtures)).toBeNull();
    expect(followRedirect(from, 'http://127.0.0.1:4101/a', fixtures)).toBeNull();
    expect(followRedirect(from, 'mailto:rh@example.com', fixtures)).toBeNull();
  });
});
