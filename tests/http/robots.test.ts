import { describe, expect, it } from 'vitest';
import { productToken, RobotsRules } from '../../src/http/robots.ts';

const TEXT = [
  'User-agent: *',
  'Disallow: /recherche',
  '',
  'User-agent: Peren-Openings',
  'Allow: /offre-de-emploi/emploi-',
  'Disallow: /offre-de-emploi/',
  'Crawl-delay: 2',
].join('\n');

describe('robots rules', () => {
  it('takes the product token of the User-Agent', () => {
    expect(productToken('peren-openings/0.1 (+https://example.org/contact)')).toBe('peren-openings');
    expect(productToken('  peren_openings')).toBe('peren_openings');
  });

  it('applies our group (case-insensitively), longest match first, with its crawl delay', () => {
    const rules = new RobotsRules('https://passerelles.economie.gouv.fr/robots.txt', 200, TEXT, 'peren-openings');
    const offer = 'https://passerelles.economie.gouv.fr/offre-de-emploi/emploi-sen-peren-156_5372.aspx';
    const listing = 'https://passerelles.economie.gouv.fr/offre-de-emploi/liste-offres.aspx?page=2';
    expect(rules.verdict(offer)).toEqual({
      allowed: true,
      crawlDelaySeconds: 2,
      robotsUrl: 'https://passerelles.economie.gouv.fr/robots.txt',
      robotsStatus: 200,
    });
    expect(rules.verdict(listing).allowed).toBe(false);
    expect(rules.decidingRule(listing)).toBe('line 6: Disallow: /offre-de-emploi/');
    // Our group replaces the `*` group entirely (RFC 9309).
    expect(rules.verdict('https://passerelles.economie.gouv.fr/recherche').allowed).toBe(true);
  });

  it('falls back to the * group for other agents', () => {
    const rules = new RobotsRules('https://passerelles.economie.gouv.fr/robots.txt', 200, TEXT, 'autre-robot');
    expect(rules.verdict('https://passerelles.economie.gouv.fr/recherche').allowed).toBe(false);
    expect(rules.crawlDelaySeconds).toBeNull();
  });

  it('allows everything when robots.txt is missing', () => {
    const rules = new RobotsRules('https://passerelles.economie.gouv.fr/robots.txt', 404, '', 'peren-openings');
    expect(rules.verdict('https://passerelles.economie.gouv.fr/offre-de-emploi/').allowed).toBe(true);
    expect(rules.decidingRule('https://passerelles.economie.gouv.fr/offre-de-emploi/')).toBeNull();
  });
});
