/** The document around every page: landmarks, navigation, feed discovery and the one stylesheet. */
import { html, type SafeHtml, trustedHtml } from '../../render/html.ts';

/**
 * One stylesheet for both themes: the colours are custom properties, and the reader's system theme
 * (`prefers-color-scheme`) picks the set. Every text colour passes WCAG AA on its background in
 * both (body and muted text ≥ 7:1, badges ≥ 7:1, links ≥ 7:1); chart series use mid-tones that
 * keep 3:1 against both backgrounds (src/charts/palette.ts). Tables turn into stacked cards on
 * narrow screens. No font or file from another host.
 */
const STYLES = `
:root{color-scheme:light dark;
--bg:#fff;--fg:#1e1e1e;--muted:#595959;--link:#0b4fa8;--surface:#f3f4f7;--border:#d9dce3;--control:#6b6f7a;
--ok-bg:#d1e7dd;--ok-fg:#0f5132;--warn-bg:#fff3cd;--warn-fg:#664d03;--bad-bg:#f8d7da;--bad-fg:#842029;
--neutral-bg:#e9ecef;--neutral-fg:#343a40;--info-bg:#cff4fc;--info-fg:#055160;--button-fg:#fff}
@media (prefers-color-scheme:dark){:root{
--bg:#121417;--fg:#e8e9eb;--muted:#aeb3bb;--link:#8ab4f8;--surface:#1c1f24;--border:#3a3f48;--control:#8a909a;
--ok-bg:#12392a;--ok-fg:#a6e6c3;--warn-bg:#3d3100;--warn-fg:#ffe28a;--bad-bg:#4d161c;--bad-fg:#ffc0c6;
--neutral-bg:#2c3036;--neutral-fg:#dfe2e6;--info-bg:#08363f;--info-fg:#a4ecfa;--button-fg:#0b1220}}
*,*::before,*::after{box-sizing:border-box}
body{margin:0;font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:var(--bg)}
a{color:var(--link)}a:hover{text-decoration-thickness:2px}
:focus-visible{outline:3px solid var(--link);outline-offset:2px}
.skip{position:absolute;left:-999px;top:0;background:var(--bg);padding:.5rem}.skip:focus{left:.5rem}
header,footer{background:var(--surface);border-bottom:1px solid var(--border)}footer{border-top:1px solid var(--border);border-bottom:0;margin-top:3rem;font-size:.9rem}
.bar{max-width:75rem;margin:0 auto;padding:.75rem 1rem}
header .site{font-weight:700;font-size:1.15rem;color:inherit;text-decoration:none}
nav ul{list-style:none;margin:.25rem 0 0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem}
main{max-width:75rem;margin:0 auto;padding:0 1rem;overflow-wrap:break-word}
h1{font-size:1.6rem;margin:1.5rem 0 .5rem}h2{font-size:1.3rem;margin:2rem 0 .75rem;border-bottom:2px solid var(--border);padding-bottom:.25rem}h3{font-size:1.05rem;margin:0 0 .5rem}
.muted{color:var(--muted)}
.badge{display:inline-block;padding:0 .45rem;border-radius:.25rem;font-size:.85rem;font-weight:600;white-space:nowrap}
.badge-ok{background:var(--ok-bg);color:var(--ok-fg)}.badge-warn{background:var(--warn-bg);color:var(--warn-fg)}.badge-bad{background:var(--bad-bg);color:var(--bad-fg)}
.badge-neutral{background:var(--neutral-bg);color:var(--neutral-fg)}.badge-info{background:var(--info-bg);color:var(--info-fg)}
.notice{background:var(--warn-bg);color:var(--warn-fg);padding:.5rem .75rem;border-radius:.25rem}
.cards{display:grid;gap:1rem;grid-template-columns:repeat(auto-fill,minmax(16rem,1fr));padding:0;list-style:none}
.card{border:1px solid var(--border);border-radius:.4rem;padding:.75rem 1rem}
.card dl{display:block}.card dt{font-size:.85rem}.card dd{margin:0 0 .4rem}
dl{margin:0;display:grid;grid-template-columns:max-content 1fr;gap:.15rem .75rem}dt{color:var(--muted)}dd{margin:0}
table{border-collapse:collapse;width:100%}th,td{text-align:left;vertical-align:top;padding:.45rem .5rem;border-bottom:1px solid var(--border)}
thead th{background:var(--surface)}
/* Scraped titles may hold one long unbroken token: let only them break anywhere, so the table never overflows. */
td.title{overflow-wrap:anywhere;min-width:10rem}
.inline-list{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem .75rem}
form.filters{display:flex;flex-wrap:wrap;gap:.75rem;align-items:flex-end;margin:0 0 1rem}
form.filters label{display:block;font-weight:600}
select,button{font:inherit;padding:.3rem .5rem;border:1px solid var(--control);border-radius:.25rem;background:var(--bg);color:inherit}
button{background:var(--link);color:var(--button-fg);border-color:var(--link);cursor:pointer}
.findings li,.events li{margin:0 0 .75rem}
.description{border-left:4px solid var(--border);padding-left:1rem}
pre{white-space:pre-wrap;word-break:break-word}
h3[id^="section-"]{margin-top:1.5rem}
.side-by-side{display:grid;gap:1rem;grid-template-columns:repeat(auto-fit,minmax(20rem,1fr))}
.side-by-side figure{margin:0;min-width:0}.side-by-side pre{background:var(--surface);border:1px solid var(--border);padding:.5rem;font-size:.8rem;max-height:30rem;overflow:auto}
figure.chart{margin:1.5rem 0}figure.chart figcaption{font-weight:600}
figure.chart svg{display:block;max-width:100%;height:auto;color:var(--fg);background:transparent}
.charts details,figure.chart details{margin:.25rem 0 0}
.legend{list-style:none;margin:.25rem 0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem;font-size:.9rem}figure.chart .legend svg{display:inline-block;vertical-align:-2px;color:var(--fg)}
table.figures{font-size:.9rem;margin:.5rem 0}table.figures caption{text-align:left;font-weight:600}
@media (max-width:44rem){
  table.stack,table.stack tbody,table.stack caption{display:block}
  table.stack thead{position:absolute;left:-9999px}
  table.stack tr{display:block;border:1px solid var(--border);border-radius:.4rem;margin:0 0 .75rem;padding:.25rem .5rem}
  table.stack td{display:block;position:relative;border:0;padding:.2rem 0 .2rem 8.5rem}
  table.stack td::before{content:attr(data-label);position:absolute;left:0;width:8rem;color:var(--muted)}
}
`;

export interface PageOptions {
  title: string;
  organisationName: string;
  /** "du PEReN": the organisation after "de"; `du <name>` when absent. */
  of?: string | undefined;
  /** Where the organisation's page and feeds live: '' (the root) or `/o/<id>`. */
  basePath?: string | undefined;
  /** The navigation to the organisation's feeds and API (not on the index of several organisations). */
  nav?: boolean;
  body: SafeHtml;
  /** Extra elements for <head> (the JSON-LD block of an opening). */
  head?: SafeHtml;
}

export function layout({ title, organisationName, of, basePath = '', nav = true, body, head }: PageOptions): string {
  const offres = `Offres ${of ?? `du ${organisationName}`}`;
  return html`<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${title}</title>
${
  nav
    ? html`<link rel="alternate" type="application/rss+xml" title="${offres} (RSS)" href="${basePath}/feed.rss">
<link rel="alternate" type="application/atom+xml" title="${offres} (Atom)" href="${basePath}/feed.atom">
<link rel="alternate" type="application/feed+json" title="${offres} (JSON Feed)" href="${basePath}/feed.json">`
    : ''
}
<style>${trustedHtml(STYLES)}</style>
${head}
</head>
<body>
<a class="skip" href="#contenu">Aller au contenu</a>
<header><div class="bar">
<a class="site" href="${basePath}/">${offres}</a>
${
  nav
    ? html`<nav aria-label="Navigation principale"><ul>
<li><a href="${basePath}/">Tableau de bord</a></li>
<li><a href="${basePath}/feed.rss">Flux RSS</a></li>
<li><a href="${basePath}/feed.atom">Flux Atom</a></li>
<li><a href="${basePath}/feed.json">JSON Feed</a></li>
<li><a href="${basePath}/feed/events.rss">Flux des évènements</a></li>
<li><a href="${basePath}/api/openings">API</a></li>
<li><a href="/metrics">Métriques</a></li>
</ul></nav>`
    : ''
}
</div></header>
<main id="contenu" tabindex="-1">
${body}
</main>
<footer><div class="bar">Relevé automatique des portails publics de recrutement de l’État. Les offres font foi sur leur portail d’origine.</div></footer>
</body>
</html>
`.value;
}
