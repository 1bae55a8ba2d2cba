import * as cheerio from 'cheerio';
import type { AnyNode } from 'domhandler';
import { describe, expect, it } from 'vitest';
import { boundNesting, MAX_NESTING } from '../../src/model/bounded-nesting.ts';
import { htmlToText, sanitizeDescription } from '../../src/model/sanitize.ts';

/** The depth of the tree an HTML parser builds from the markup, walked without recursion. */
function treeDepth(html: string): number {
  const $ = cheerio.load(html, { xml: { xmlMode: false, decodeEntities: true } });
  let deepest = 0;
  const stack: [AnyNode, number][] = [[$.root()[0]!, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    deepest = Math.max(deepest, depth);
    if ('children' in node) for (const child of node.children) stack.push([child, depth + 1]);
  }
  return deepest;
}

describe('markup nested without end', () => {
  it('is cut to a bounded depth, for elements closed at the end and never closed alike', () => {
    const nested = `<main>${'<div>'.repeat(200_000)}fin${'</div>'.repeat(200_000)}</main><p>après</p>`;
    const unclosed = `<p>${'<b>gras '.repeat(75_000)}</p><p>après</p>`;
    for (const [html, text] of [
      [nested, 'finaprès'],
      [unclosed, `${'gras '.repeat(75_000)}après`],
    ] as const) {
      const bounded = boundNesting(html);
      expect(treeDepth(bounded)).toBeLessThanOrEqual(MAX_NESTING + 2);
      // Only tags go: the text and what follows the deep part stay.
      expect(cheerio.load(bounded).text()).toBe(text);
      expect(bounded).toContain('<p>après</p>');
    }
    // Without the cut, the tree is as deep as the markup.
    expect(treeDepth(`${'<div>'.repeat(2000)}x`)).toBeGreaterThan(2000);
  });

  it('leaves a page that never nests that deep as it is (the same string)', () => {
    const page = `<html><head><script>if (a < b) { x = "<div><div><div>"; }</script></head><body>${'<div><span>x</span><br><img src="a.png"></div>'.repeat(1000)}<!-- <div> --></body></html>`;
    expect(boundNesting(page, { maxDepth: 5 })).toBe(page);
  });

  it('counts an XML element written <x/> as closed, in feeds', () => {
    const feed = `<?xml version="1.0"?><rss><channel>${'<item><category/><title>t</title></item>'.repeat(500)}</channel></rss>`;
    expect(boundNesting(feed, { maxDepth: 4, xml: true })).toBe(feed);
  });

  it('keeps the sanitiser and the text extraction to a bounded depth too', () => {
    const description = `<p>${'<b>'.repeat(50_000)}Missions${'</b>'.repeat(50_000)}</p>`;
    expect(treeDepth(sanitizeDescription(description)!)).toBeLessThanOrEqual(MAX_NESTING + 2);
    expect(htmlToText(description)).toBe('Missions');
  });
});
