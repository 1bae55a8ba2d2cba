/** The team page's part on the weekly open-data file: the offers it lists that no CSP run saw. */
import { DATA_GOUV_ORIGIN, DATASET_ID } from '../../../scrapers/csp-open-data/facts.ts';
import type { MissedOffer, MissedReport } from '../../read-model/missed-offers.ts';
import { count } from '../../render/count.ts';
import { html, type SafeHtml } from '../../render/html.ts';
import { externalLink } from './components.ts';

/** `YYYY-MM-DD` as French reads it: 30/11/2026. */
function day(iso: string | null): string {
  return iso ? iso.split('-').reverse().join('/') : '?';
}

function missedItem(o: MissedOffer): SafeHtml {
  return html`<li data-reference="${o.reference}">${externalLink(o.url, o.title ?? o.reference)} <span class="muted">(${o.reference}, ${o.employer ?? 'employeur inconnu'}, publiée le ${day(o.firstPublished)}${o.publicationEnd ? `, jusqu'au ${day(o.publicationEnd)}` : ''})</span></li>`;
}

function verdict(report: MissedReport): SafeHtml {
  if (report.state === 'no-file') return html`<p>Le fichier hebdomadaire n'a pas encore été lu.</p>`;
  const file = `le fichier du ${day(report.file.date)}`;
  if (report.state === 'no-csp-run')
    return html`<p>Aucun relevé sain de Choisir le service public depuis ${file} : impossible de dire encore quelles offres il a manquées.</p>`;
  if (report.missed.length === 0)
    return html`<p>Aucune offre manquée : toutes les offres actives dans ${file} ont été vues sur Choisir le service public.</p>`;
  return html`<p>${count(report.missed.length, 'offre active', 'offres actives')} dans ${file}, jamais ${report.missed.length > 1 ? 'vues' : 'vue'} sur Choisir le service public :</p>
<ul>${report.missed.map(missedItem)}</ul>`;
}

export function missedOffersSection(report: MissedReport | null): SafeHtml | string {
  if (!report) return '';
  return html`<section aria-labelledby="manquees-titre">
<h2 id="manquees-titre">Offres manquées par le relevé</h2>
<p class="muted">Le fichier open data hebdomadaire de Choisir le service public, comparé aux offres vues par nos relevés.</p>
${verdict(report)}
<p class="muted">${externalLink(`${DATA_GOUV_ORIGIN}/fr/datasets/${DATASET_ID}/`, report.attribution)}</p>
</section>`;
}
