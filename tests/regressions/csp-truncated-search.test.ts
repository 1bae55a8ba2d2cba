/**
 * Two CSP searches are two inventories: one that lists 5 of the 27 offers it announces is truncated
 * even when the other lists all it announces. Judged per search, not on the last page's total nor
 * on the largest total against everything listed.
 */
import { describe, expect, it } from 'vitest';
import { cspSource } from '../../scrapers/csp/index.ts';
import { searchUrl } from '../../scrapers/csp/portal.ts';
import { pageInHand } from '../../src/model/source.ts';
import { judgeInventory } from '../../src/pipeline/health.ts';
import { portalFile, settings } from '../scrapers/csp-support.ts';
import { crawlToMemory } from '../support/crawl.ts';

const CARD = '<li class="fr-col-12 item">';

/** A results page cut to its first `cards` cards, announcing `announced`, without pagination. */
function resultsPage(file: string, cards: number, announced: number): string {
  const html = portalFile(file);
  let cut = html.indexOf(CARD);
  for (let i = 0; i < cards; i++) cut = html.indexOf(CARD, cut + 1);
  const end = html.indexOf('</ul>', html.lastIndexOf(CARD));
  const page = cut < 0 ? html : html.slice(0, cut) + html.slice(end);
  return page
    .replace(/<span class="number">\d+<\/span>/, `<span class="number">${announced}</span>`)
    .replace(/<nav role="navigation" class="fr-pagination[\s\S]*?<\/nav>/, '');
}

async function judge(peren: [cards: number, announced: number], fullName: [cards: number, announced: number]) {
  const bodies = new Map([
    [searchUrl('peren'), resultsPage('listing-peren-page-1.html', ...peren)],
    [
      searchUrl("Pôle d'Expertise de la Régulation Numérique"),
      resultsPage('listing-pole-d-expertise.html', ...fullName),
    ],
  ]);
  const inventory = await crawlToMemory(cspSource, settings(), async (request) => {
    const body = bodies.get(request.url);
    if (body === undefined) throw new Error(`unexpected request ${request.url}`);
    return pageInHand(request, body);
  });
  expect(inventory.failures).toEqual([]);
  expect(inventory.pages.map((p) => p.postings)).toEqual([peren[0], fullName[0]]);
  return judgeInventory(inventory, null, 0.5);
}

describe('two CSP searches', () => {
  it('one announcing 27 and listing 5, the other announcing and listing 2: unhealthy', async () => {
    expect((await judge([5, 27], [2, 2])).reason).toEqual({
      reason: { code: 'count-below-announced', listed: 5, announced: 27 },
      more: 0,
    });
  });

  it('one listing 12 of 27, the other 6 of 6 (more than half of 27 listed in all): still unhealthy', async () => {
    expect((await judge([12, 27], [6, 6])).reason).toEqual({
      reason: { code: 'count-below-announced', listed: 12, announced: 27 },
      more: 0,
    });
  });

  it('the control: each listing what it announces is healthy', async () => {
    expect(await judge([5, 5], [2, 2])).toEqual({ healthy: true, reason: null });
  });
});
