/**
 * Every parser's output goes through the registry's wrapper, which caps a posting's description:
 * a parser returning a huge one (junk, or an attack) leaves with its first DESCRIPTION_MAX_CHARS
 * characters, markup rebuilt from them, and a warning naming the posting; others pass untouched.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { register, SOURCES } from '../../scrapers/index.ts';
import { DESCRIPTION_MAX_CHARS } from '../../src/model/description-cap.ts';
import { pageInHand } from '../../src/model/source.ts';
import { FIXTURE_PORTALS } from '../support/cli.ts';

const page = pageInHand(
  { url: 'https://www.pass.fonction-publique.gouv.fr/flux/offres', role: 'inventory', label: 'rss' },
  readFileSync(join(FIXTURE_PORTALS, 'pass/flux-offres.xml'), 'utf8'),
);
const settings = SOURCES.pass.settings.parse({ enabled: true });

describe('the description cap', () => {
  it('cuts a huge description, rebuilds its markup from the cut text and warns naming the posting', async () => {
    const pass = await SOURCES.pass.load();
    const huge = register({ ...SOURCES.pass, id: 'huge' }, async () => ({
      ...pass,
      id: 'huge',
      parse(p, s) {
        const result = pass.parse(p, s);
        const first = result.postings[0]!.posting;
        first.descriptionText = 'mission <b>x</b>\n\n'.repeat(20_000);
        first.descriptionHtml = `<p>${'mission &lt;b&gt;x&lt;/b&gt;</p><p>'.repeat(20_000)}</p>`;
        return result;
      },
    }));
    const result = (await huge.load()).parse(page, settings);
    const [first, ...others] = result.postings;
    expect(first!.posting.descriptionText!.length).toBe(DESCRIPTION_MAX_CHARS + 1);
    expect(first!.posting.descriptionText!.endsWith('…')).toBe(true);
    expect(first!.posting.descriptionHtml!.length).toBeLessThan(3 * DESCRIPTION_MAX_CHARS);
    expect(first!.posting.descriptionHtml!.startsWith('<p>mission &lt;b&gt;x&lt;/b&gt;</p>')).toBe(true);
    expect(result.problems).toContainEqual({
      severity: 'warning',
      message: expect.stringContaining(`the description of ${first!.posting.sourceId} (`),
      url: first!.posting.url,
    });
    const plain = (await SOURCES.pass.load()).parse(page, settings);
    expect(others.map((o) => o.posting)).toEqual(
      plain.postings.slice(1).map((o) => ({ ...o.posting, source: 'huge' })),
    );
  });

  it('leaves descriptions of ordinary size as the parser wrote them, without a warning', async () => {
    const result = (await SOURCES.pass.load()).parse(page, settings);
    expect(result.postings.some((p) => (p.posting.descriptionText?.length ?? 0) > 100)).toBe(true);
    expect(result.problems.filter((p) => p.message.includes('the description of'))).toEqual([]);
  });
});
