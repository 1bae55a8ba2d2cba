/** The document around every page: landmarks, navigation, feed discovery and the one stylesheet. */
import { html, type SafeHtml, trustedHtml } from './html.ts';

/** Colours pass WCAG AA (text on badges ≥ 7:1); tables turn into stacked cards on narrow screens. */
const STYLES = `
*,*::before,*::after{box-sizing:border-box}
body{margin:0;font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#1e1e1e;background:#fff}
a{color:#0b4fa8}a:hover{text-decoration-thickness:2px}
:focus-visible{outline:3px solid #0b4fa8;outline-offset:2px}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem}.skip:focus{left:.5rem}
header,footer{background:#f3f4f7;border-bottom:1px solid #d9dce3}footer{border-top:1px solid #d9dce3;border-bottom:0;margin-top:3rem;font-size:.9rem}
.bar{max-width:75rem;margin:0 auto;padding:.75rem 1rem}
header .site{font-weight:700;font-size:1.15rem;color:inherit;text-decoration:none}
nav ul{list-style:none;margin:.25rem 0 0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem}
main{max-width:75rem;margin:0 auto;padding:0 1rem;overflow-wrap:break-word}
h1{font-size:1.6rem;margin:1.5rem 0 .5rem}h2{font-size:1.3rem;margin:2rem 0 .75rem;border-bottom:2px solid #d9dce3;padding-bottom:.25rem}h3{font-size:1.05rem;margin:0 0 .5rem}
.muted{color:#595959}
.badge{display:inline-block;padding:0 .45rem;border-radius:.25rem;font-size:.85rem;font-weight:600;white-space:nowrap}
.badge-ok{background:#d1e7dd;color:#0f5132}.badge-warn{background:#fff3cd;color:#664d03}.badge-bad{background:#f8d7da;color:#842029}
.badge-neutral{background:#e9ecef;color:#343a40}.badge-info{background:#cff4fc;color:#055160}
.notice{background:#fff3cd;color:#664d03;padding:.5rem .75rem;border-radius:.25rem}
.cards{display:grid;gap:1rem;grid-template-columns:repeat(auto-fill,minmax(16rem,1fr));padding:0;list-style:none}
.card{border:1px solid #d9dce3;border-radius:.4rem;padding:.75rem 1rem}
.card dl{display:block}.card dt{font-size:.85rem}.card dd{margin:0 0 .4rem}
dl{margin:0;display:grid;grid-template-columns:max-content 1fr;gap:.15rem .75rem}dt{color:#595959}dd{margin:0}
table{border-collapse:collapse;width:100%}th,td{text-align:left;vertical-align:top;padding:.45rem .5rem;border-bottom:1px solid #d9dce3}
thead th{background:#f3f4f7}
/* Scraped titles may hold one long unbroken token: let only them break anywhere, so the table never overflows. */
td.title{overflow-wrap:anywhere;min-width:10rem}
.inline-list{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem .75rem}
form.filters{display:flex;flex-wrap:wrap;gap:.75rem;align-items:flex-end;margin:0 0 1rem}
form.filters label{display:block;font-weight:600}
select,button{font:inherit;padding:.3rem .5rem;border:1px solid #6b6f7a;border-radius:.25rem;background:#fff;color:inherit}
button{background:#0b4fa8;color:#fff;border-color:#0b4fa8;cursor:pointer}
.findings li,.events li{margin:0 0 .75rem}
.description{border-left:4px solid #d9dce3;padding-left:1rem}
pre{white-space:pre-wrap;word-break:break-word}
@media (max-width:44rem){
  table.stack,table.stack tbody,table.stack caption{display:block}
  table.stack thead{position:absolute;left:-9999px}
  table.stack tr{display:block;border:1px solid #d9dce3;border-radius:.4rem;margin:0 0 .75rem;padding:.25rem .5rem}
  table.stack td{display:block;position:relative;border:0;padding:.2rem 0 .2rem 8.5rem}
  table.stack td::before{content:attr(data-label);position:absolute;left:0;width:8rem;color:#595959}
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
