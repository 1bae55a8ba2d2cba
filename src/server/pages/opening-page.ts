/** `GET /offres/:uid`: one opening, its portal postings and their history, with JSON-LD. */
import type { Db } from '../../../db/database.ts';
import { openingTimeline } from '../../charts/timeline.ts';
import type { StoredPosting } from '../../model/lifecycle.ts';
import type { PostingField } from '../../model/posting.ts';
import { sanitizeDescription } from '../../model/sanitize.ts';
import type { OpeningMember, OpeningView } from '../../read-model/opening-view.ts';
import { html, type SafeHtml, trustedHtml } from '../../render/html.ts';
import { frenchDateTime } from '../../render/relative-time.ts';
import {
  CLOSE_REASON_LABELS,
  EVENT_LABELS,
  FIELD_LABELS,
  frenchDate,
  LINK_REASONS,
  sourceLabel,
} from '../../wording/labels.ts';
import { timelineFigure } from './charts.ts';
import { badge, closeReasonsText, deadlineCell, externalLink, statusBadge, timeAgo } from './components.ts';
import { EVENT_TONES, type HistoryEntry, openingHistory } from './events.ts';
import { jobPostingScript } from './job-posting-ld.ts';
import { layout } from './layout.ts';
import { type FieldValue, type OpeningFields, openingFields } from './open-data-fields.ts';

/** Text fields shown as they are, in this order. */
const TEXT_FIELDS: readonly PostingField[] = [
  'employer',
  'organisation',
  'location',
  'department',
  'contractType',
  'category',
  'versant',
  'educationLevel',
  'experience',
  'jobFamily',
  'salary',
  'remote',
  'duration',
];

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function fieldRow(label: string, field: FieldValue | null): SafeHtml | null {
  if (!field) return null;
  const origin = field.origin ? html` <small class="muted field-origin">(${field.origin})</small>` : '';
  return html`<dt>${capitalised(label)}</dt><dd>${field.value}${origin}</dd>`;
}

function fieldsList(o: OpeningView, now: Date, fields: OpeningFields): SafeHtml {
  const p = o.posting;
  const rows: SafeHtml[] = [];
  for (const field of TEXT_FIELDS) {
    const row = fieldRow(FIELD_LABELS[field] ?? field, fields.get(field));
    if (row) rows.push(row);
  }
  const trade = fieldRow('métier', fields.trade);
  if (trade) rows.push(trade);
  if (p.startDate)
    rows.push(html`<dt>Prise de poste</dt><dd><time datetime="${p.startDate}">${frenchDate(p.startDate)}</time></dd>`);
  // The opening's publication is its first posting's, as in the feeds and the JSON-LD.
  rows.push(
    html`<dt>Première publication</dt><dd><time datetime="${o.publishedAt}">${frenchDate(o.publishedAt)}</time></dd>`,
  );
  rows.push(html`<dt>Date limite de candidature</dt><dd>${deadlineCell(p.deadline, now)}</dd>`);
  if (p.deadline)
    rows.push(
      html`<dt>Agenda</dt><dd><a href="/offres/${encodeURIComponent(o.uid)}/agenda.ics" type="text/calendar">ajouter à mon agenda</a></dd>`,
    );
  rows.push(html`<dt>Repérée</dt><dd>${timeAgo(o.firstSeenAt, now)} (${frenchDateTime(o.firstSeenAt)})</dd>`);
  rows.push(
    html`<dt>Vue pour la dernière fois</dt><dd>${timeAgo(o.lastSeenAt, now)} (${frenchDateTime(o.lastSeenAt)})</dd>`,
  );
  return html`<dl>${rows}</dl>${fields.attribution ? html`<p class="muted">${fields.attribution}</p>` : ''}`;
}

function description(o: OpeningView): SafeHtml {
  // Stored descriptions were sanitised by the scrapers; sanitising again keeps the page safe even from an old row.
  const clean = sanitizeDescription(o.posting.descriptionHtml);
  if (clean) return html`<div class="description">${trustedHtml(clean)}</div>`;
  const text = o.posting.descriptionText;
  return text
    ? html`<div class="description">${text.split('\n').map((line) => html`<p>${line}</p>`)}</div>`
    : html`<p class="muted">Le portail ne donne pas de description.</p>`;
}

function postingState(s: StoredPosting, now: Date): SafeHtml {
  if (s.state === 'missing') {
    return html`${statusBadge('missing')}<br><span class="muted">depuis ${s.missingSince ? timeAgo(s.missingSince, now) : '?'}, ${s.missingRuns} relevé${s.missingRuns > 1 ? 's' : ''} sain${s.missingRuns > 1 ? 's' : ''}</span>`;
  }
  if (s.state === 'closed') {
    return html`${statusBadge('closed')}<br><span class="muted">${timeAgo(s.closedAt, now)}${s.closeReason ? ` : ${CLOSE_REASON_LABELS[s.closeReason]}` : ''}</span>${
      s.shortLived ? html` ${badge('warn', 'fermée en moins d’un mois : à vérifier')}` : ''
    }`;
  }
  return statusBadge('open');
}

function postingRow({ stored, link }: OpeningMember, now: Date): SafeHtml {
  const p = stored.posting;
  return html`<tr data-source="${p.source}">
<td data-label="Portail">${externalLink(p.url, sourceLabel(p.source))}</td>
<td data-label="Référence">${p.reference ?? p.sourceId}</td>
<td data-label="État">${postingState(stored, now)}</td>
<td data-label="Repérée">${timeAgo(stored.firstSeenAt, now)}</td>
<td data-label="Vue">${timeAgo(stored.lastSeenAt, now, 'vue ')}</td>
<td data-label="Rattachement">${LINK_REASONS[link.reason]}${link.score !== null && link.reason === 'similarity' ? ` (${Math.round(link.score * 100)} %)` : ''}</td>
</tr>`;
}

function historyRow(entry: HistoryEntry, now: Date): SafeHtml {
  return html`<tr>
<td data-label="Date">${timeAgo(entry.at, now)}<br><span class="muted">${frenchDateTime(entry.at)}</span></td>
<td data-label="Portail">${entry.source ? sourceLabel(entry.source) : html`<span class="muted">toutes les annonces</span>`}</td>
<td data-label="Évènement">${badge(EVENT_TONES[entry.type], EVENT_LABELS[entry.type])}</td>
<td data-label="Détail">${entry.detail}${
    entry.changes.length
      ? html`<ul>${entry.changes.map((c) => (c.from === null && c.to === null ? html`<li>${c.field}</li>` : html`<li>${c.field} : <del>${c.from}</del> → <ins>${c.to}</ins></li>`))}</ul>`
      : ''
  }</td>
</tr>`;
}

/** `site`: the opening's organisation, and where its page lives ('' or `/o/<id>`). */
export function renderOpeningPage(
  db: Db,
  o: OpeningView,
  site: { name: string; of: string; basePath: string },
  pageUrl: string,
  now: Date,
): string {
  const organisationName = site.name;
  const history = openingHistory(db, o);
  return layout({
    title: `${o.posting.title} — offres ${site.of}`,
    organisationName,
    of: site.of,
    basePath: site.basePath,
    head: jobPostingScript(o, pageUrl, organisationName),
    body: html`<p><a href="${site.basePath}/">← Tableau de bord</a></p>
<h1>${o.posting.title}</h1>
<p>${statusBadge(o.status)}${o.status === 'closed' && o.closeReasons.length ? ` ${closeReasonsText(o.closeReasons)}` : ''}${
      o.shortLived ? html` ${badge('warn', 'fermée moins d’un mois après sa publication : à vérifier')}` : ''
    }</p>
<section aria-labelledby="infos-titre">
<h2 id="infos-titre">Informations</h2>
${fieldsList(o, now, openingFields(db, o))}
</section>
<section aria-labelledby="description-titre">
<h2 id="description-titre">Description</h2>
${description(o)}
</section>
<section aria-labelledby="annonces-titre">
<h2 id="annonces-titre">Annonces sur les portails</h2>
<table class="stack postings">
<thead><tr><th scope="col">Portail</th><th scope="col">Référence</th><th scope="col">État</th><th scope="col">Repérée</th><th scope="col">Vue</th><th scope="col">Rattachement</th></tr></thead>
<tbody>${o.postings.map((m) => postingRow(m, now))}</tbody>
</table>
${timelineFigure(openingTimeline(db, o, now))}
</section>
<section aria-labelledby="historique-titre">
<h2 id="historique-titre">Historique</h2>
${
  history.length
    ? html`<table class="stack history">
<thead><tr><th scope="col">Date</th><th scope="col">Portail</th><th scope="col">Évènement</th><th scope="col">Détail</th></tr></thead>
<tbody>${history.map((h) => historyRow(h, now))}</tbody>
</table>`
    : html`<p>Aucun évènement.</p>`
}
</section>`,
  });
}

export function renderNotFound(organisationName: string, what: string): string {
  return layout({
    title: `Page introuvable — offres du ${organisationName}`,
    organisationName,
    body: html`<h1>Page introuvable</h1>
<p>${what}</p>
<p><a href="/">Retour au tableau de bord</a></p>`,
  });
}
