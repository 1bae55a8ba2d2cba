import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../src/model/text.ts';
import { html, jsonForScript, safeHref, trustedHtml } from '../../src/render/html.ts';

describe('escapeHtml', () => {
  it('escapes the five characters that matter in content and quoted attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;',
    );
  });
  it('leaves other text alone, accents included', () => {
    expect(escapeHtml('Développeur / Développeuse – réf. 2026')).toBe('Développeur / Développeuse – réf. 2026');
  });
});

describe('html template', () => {
  it('escapes interpolated strings and keeps literal markup', () => {
    const title = '<script>window.__xss=1</script>Titre';
    expect(html`<td>${title}</td>`.value).toBe('<td>&lt;script&gt;window.__xss=1&lt;/script&gt;Titre</td>');
  });
  it('escapes attribute values so they cannot break out of their quotes', () => {
    expect(html`<a title="${'" onmouseover="alert(1)'}">x</a>`.value).toBe(
      '<a title="&quot; onmouseover=&quot;alert(1)">x</a>',
    );
  });
  it('inserts nested templates as markup, arrays concatenated, empty values as nothing', () => {
    const items = ['a<b', 'c'].map((s) => html`<li>${s}</li>`);
    expect(html`<ul>${items}</ul>${null}${undefined}${false}${0}`.value).toBe('<ul><li>a&lt;b</li><li>c</li></ul>0');
  });
  it('passes trusted markup through unchanged', () => {
    expect(html`<div>${trustedHtml('<p>ok</p>')}</div>`.value).toBe('<div><p>ok</p></div>');
  });
});

describe('jsonForScript', () => {
  it('writes < > & as \\u escapes so a value cannot close the script element', () => {
    const out = jsonForScript({ title: '</script><script>alert(1)</script> & <!--' }).value;
    expect(out).not.toMatch(/[<>&]/);
    expect(out).toContain('\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e \\u0026 \\u003c!--');
    expect(JSON.parse(out)).toEqual({ title: '</script><script>alert(1)</script> & <!--' });
  });
  it('escapes the line and paragraph separators', () => {
    const out = jsonForScript({ t: 'a\u2028b\u2029c' }).value;
    expect(out).toContain('a\\u2028b\\u2029c');
    expect(JSON.parse(out)).toEqual({ t: 'a\u2028b\u2029c' });
  });
});

describe('safeHref', () => {
  it('keeps http(s) URLs', () => {
    expect(safeHref('https://passerelles.economie.gouv.fr/offre_1.aspx')).toBe(
      'https://passerelles.economie.gouv.fr/offre_1.aspx',
    );
    expect(safeHref('http://www.passerelles.economie.gouv.fr/a')).toBe('http://www.passerelles.economie.gouv.fr/a');
  });
  it('refuses script, data and relative links', () => {
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref(' JaVaScRiPt:alert(1)')).toBeNull();
    expect(safeHref('data:text/html,<script>alert(1)</script>')).toBeNull();
    expect(safeHref('/offre/relative')).toBeNull();
    expect(safeHref(null)).toBeNull();
  });
});
