import * as cheerio from 'cheerio';
import { describe, expect, it } from 'vitest';
import { type PruneTest, prunedDocument } from '../../src/model/pruned-html.ts';

const HTMLPARSER2 = { xml: { xmlMode: false, decodeEntities: true } };
const full = (html: string) => cheerio.load(html, HTMLPARSER2);
const pruned = (html: string, prune: PruneTest) => cheerio.load(prunedDocument(html, prune), HTMLPARSER2);
const fieldsets: PruneTest = (name) => name === 'fieldset';

describe('an HTML tree without the elements a parser never reads', () => {
  it('is the full tree when nothing is pruned', () => {
    const html =
      '<!doctype html><html><head><title>t &eacute;</title></head><body><!-- c --><ul><li class="a">x<br>y<li>z</ul><p>p1<p>p2<img src=a.png></body></html>';
    expect(pruned(html, () => false).html()).toBe(full(html).html());
  });

  it('leaves out a pruned element with everything inside it, and nothing else', () => {
    const html =
      '<div id="panel">avant <fieldset><legend>Lieu</legend><input type="checkbox"><label>Commune <span>01</span></label></fieldset>après</div><ul><li>carte</li></ul>';
    const $ = pruned(html, fieldsets);
    expect($('fieldset, legend, input, label, span')).toHaveLength(0);
    expect($('#panel').text()).toBe('avant après');
    const reference = full(html);
    reference('fieldset').remove();
    expect($.html()).toBe(reference.html());
    expect($('ul > li').text()).toBe('carte');
  });

  it('keeps its depth through void elements, implied ends and nested pruned elements', () => {
    const html =
      '<section><fieldset><p>a<p>b<br><input><fieldset><img></fieldset></p></fieldset><p id="after">c</p></section><footer>d</footer>';
    const reference = full(html);
    reference('fieldset').remove();
    expect(pruned(html, fieldsets).html()).toBe(reference.html());
    expect(pruned(html, fieldsets)('#after').parent().is('section')).toBe(true);
  });

  it('ends a pruned element left open at the end of the page', () => {
    const $ = pruned('<main><h1>titre</h1><fieldset><div>sans fin', fieldsets);
    expect($('h1').text()).toBe('titre');
    expect($('div')).toHaveLength(0);
  });

  it('prunes on attributes as well as names', () => {
    const $ = pruned('<div class="x fr-checkbox-group"><b>1</b></div><div class="fr-checkbox">2</div>', (_, a) =>
      (a.class ?? '').split(' ').includes('fr-checkbox-group'),
    );
    expect($('b')).toHaveLength(0);
    expect($('div').text()).toBe('2');
  });
});
