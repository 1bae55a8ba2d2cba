/**
 * `GET /`: the team's freshness dashboard. Is every source fresh? Which openings are open, missing
 * or closed? Does PEReN's own hiring page agree with the portals? What happened lately?
 */
import type { Db } from '../../../db/database.ts';
import type { Config } from '../../config.ts';
import { SOURCE_LABELS, STATUS_LABELS } from '../../feeds/labels.ts';
import { PORTAL_SOURCES } from '../../lifecycle/link-openings.ts';
import { openingViews, type OpeningStatus, type OpeningView } from '../../lifecycle/opening-view.ts';
import { reconcile, type Finding, type Reconciliation } from '../../reconcile/reconcile.ts';
import { badge, count, countByStatus, deadlineCell, externalLink, portalLinks, statusBadge, timeAgo, type Tone } from './components.ts';
import { dashboardEvents, EVENT_LABELS, eventDetail, type DashboardEvent } from './events.ts';
import { html, type SafeHtml } from './html.ts';
import { layout } from './layout.ts';
import { frenchDateTime } from './relative-time.ts';
import { sourceHealth, type SourceHealth, type SourceVerdict } from '../../freshness/source-health.ts';

const STATUSES: readonly OpeningStatus[] = ['open', 'missing', 'closed'];
const RECENT_EVENTS = 30;

export interface DashboardFilters {
  status: OpeningStatus | null;
  source: string | null;
  /** Filters given with a value no opening can have: ignored, and the page says so. */
  ignored: { name: 'status' | 'source'; value: string }[];
}

/** Query parameters as the form sends them; unknown values mean "no filter", never an error page. */
export function parseFilters(query: { status?: string | undefined; source?: string | undefined }): DashboardFilters {
  const status = STATUSES.find((s) => s === query.status) ?? null;
  const source = query.source && PORTAL_SOURCES.has(query.source) ? query.source : null;
  const ignored: DashboardFilters['ignored'] = [];
  if (query.status && !status) ignored.push({ name: 'status', value: query.status });
  if (query.source && !source) ignored.push({ name: 'source', value: query.source });
  return { status, source, ignored };
}

export interface DashboardData {
  organisationName: string;
  now: Date;
  staleAfterHours: number;
  sources: SourceHealth[];
  /** Every opening; the filters apply when rendering so the counts can tell what is hidden. */
  openings: OpeningView[];
  filters: DashboardFilters;
  reconciliation: Reconciliation;
  events: DashboardEvent[];
}

export function dashboardData(db: Db, config: Config, filters: DashboardFilters, now: Date): DashboardData {
  const openings = openingViews(db);
  return {
    organisationName: config.organisation.name,
    now,
    staleAfterHours: config.freshness.staleAfterHours,
    sources: sourceHealth(db, config, now),
    openings,
    filters,
    reconciliation: reconcile(db, { now }),
    events: dashboardEvents(db, openings, RECENT_EVENTS),
  };
}

const VERDICTS: Record<SourceVerdict, { tone: Tone; text: string }> = {
  ok: { tone: 'ok', text: 'ok' },
  stale: { tone: 'warn', text: 'en retard' },
  failing: { tone: 'bad', text: 'en échec' },
};

function sourceCard(s: SourceHealth, now: Date): SafeHtml {
  const verdict = VERDICTS[s.verdict];
  const run = s.lastRun;
  return html`<li class="card" data-source="${s.source}">
<h3>${s.label} ${badge(verdict.tone, verdict.text)}</h3>
<dl>
<dt>Dernier relevé sain</dt><dd>${s.lastHealthyRun ? timeAgo(s.lastHealthyRun.finishedAt, now) : html`<span class="muted">aucun</span>`}</dd>
<dt>Dernier échec</dt><dd>${
    s.lastFailure
      ? html`${timeAgo(s.lastFailure.finishedAt ?? s.lastFailure.startedAt, now)}<br><span class="reason">${s.lastFailure.reason ?? 'raison inconnue'}</span>`
      : html`<span class="muted">aucun</span>`
  }</dd>
<dt>Annonces</dt><dd>${STATUSES.map((st) => countByStatus(s.postings[st], st)).join(', ')}</dd>
<dt>Dernier relevé</dt><dd>${
    run
      ? html`${timeAgo(run.finishedAt, now)} : ${run.declaredTotal !== null ? `${count(run.declaredTotal, 'annonce', 'annonces')} selon le portail, ` : ''}${
          run.listed !== null ? `${count(run.listed, 'vue', 'vues')}, ` : ''
        }${count(run.postingsFound, 'retenue', 'retenues')}, ${count(run.pages, 'page', 'pages')}`
      : html`<span class="muted">aucun</span>`
  }</dd>
</dl>
</li>`;
}

function sourcesSection(data: DashboardData): SafeHtml {
  return html`<section aria-labelledby="sources-titre">
<h2 id="sources-titre">État des sources</h2>
<p class="muted">Une source est en retard sans relevé sain depuis ${data.staleAfterHours} h, en échec quand son dernier relevé a échoué.</p>
${data.sources.length ? html`<ul class="cards">${data.sources.map((s) => sourceCard(s, data.now))}</ul>` : html`<p>Aucune source activée.</p>`}
</section>`;
}

function freshnessBadge(o: OpeningView, data: DashboardData): SafeHtml {
  const fresh = data.now.getTime() - Date.parse(o.lastSeenAt) <= data.staleAfterHours * 3_600_000;
  const tone: Tone = fresh ? 'ok' : o.status === 'closed' ? 'neutral' : 'warn';
  return html`<span class="badge badge-${tone}">${timeAgo(o.lastSeenAt, data.now, 'vue ')}</span>`;
}

function openingRow(o: OpeningView, data: DashboardData): SafeHtml {
  const p = o.posting;
  const none = html`<span class="muted">—</span>`;
  return html`<tr data-status="${o.status}">
<td data-label="Statut">${statusBadge(o.status)}</td>
<td class="title" data-label="Intitulé"><a href="/offres/${encodeURIComponent(o.uid)}">${p.title}</a></td>
<td data-label="Employeur">${p.employer ?? none}</td>
<td data-label="Lieu">${p.location ?? none}</td>
<td data-label="Publiée">${timeAgo(o.publishedAt, data.now)}</td>
<td data-label="Date limite">${deadlineCell(p.deadline, data.now)}</td>
<td data-label="Portails">${portalLinks(o)}</td>
<td data-label="Fraîcheur">${freshnessBadge(o, data)}</td>
</tr>`;
}

const STATUS_ORDER: Record<OpeningStatus, number> = { open: 0, missing: 1, closed: 2 };

function selectedOpenings(data: DashboardData): OpeningView[] {
  const { status, source } = data.filters;
  return data.openings
    .filter((o) => (!status || o.status === status) && (!source || o.postings.some((m) => m.stored.posting.source === source)))
    .sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || Date.parse(b.publishedAt) - Date.parse(a.publishedAt));
}

function filterForm(filters: DashboardFilters): SafeHtml {
  const option = (value: string, text: string, selected: boolean) => html`<option value="${value}"${selected ? html` selected` : ''}>${text}</option>`;
  return html`<form class="filters" method="get" action="/#offres-titre">
<div><label for="filtre-statut">Statut</label>
<select id="filtre-statut" name="status">${option('', 'tous', filters.status === null)}${STATUSES.map((s) => option(s, STATUS_LABELS[s], filters.status === s))}</select></div>
<div><label for="filtre-source">Portail</label>
<select id="filtre-source" name="source">${option('', 'tous', filters.source === null)}${[...PORTAL_SOURCES].map((s) => option(s, SOURCE_LABELS[s] ?? s, filters.source === s))}</select></div>
<div><button type="submit">Filtrer</button></div>
</form>`;
}

function ignoredFilters(filters: DashboardFilters): SafeHtml | string {
  if (filters.ignored.length === 0) return '';
  const allowed = {
    status: STATUSES.map((s) => `${s} (${STATUS_LABELS[s]})`).join(', '),
    source: [...PORTAL_SOURCES].join(', '),
  };
  return html`<p class="notice" role="alert">${filters.ignored.map(
    (f) => html`Filtre ignoré : ${f.name} = « ${f.value} » n’est pas une valeur connue (valeurs possibles : ${allowed[f.name]}). `,
  )}</p>`;
}

function openingsSection(data: DashboardData): SafeHtml {
  const shown = selectedOpenings(data);
  const counts = STATUSES.map((s) => countByStatus(data.openings.filter((o) => o.status === s).length, s)).join(', ');
  return html`<section aria-labelledby="offres-titre">
<h2 id="offres-titre">Offres</h2>
<p>${count(data.openings.length, 'offre suivie', 'offres suivies')} : ${counts}.</p>
${filterForm(data.filters)}
${ignoredFilters(data.filters)}
<p role="status">${count(shown.length, 'offre affichée', 'offres affichées')}${data.filters.status || data.filters.source ? ' avec ces filtres' : ''}.</p>
${
  shown.length
    ? html`<table class="stack openings">
<caption class="muted">Une offre réunit les annonces d’un même poste sur les différents portails.</caption>
<thead><tr><th scope="col">Statut</th><th scope="col">Intitulé</th><th scope="col">Employeur</th><th scope="col">Lieu</th><th scope="col">Publiée</th><th scope="col">Date limite</th><th scope="col">Portails</th><th scope="col">Fraîcheur</th></tr></thead>
<tbody>${shown.map((o) => openingRow(o, data))}</tbody>
</table>`
    : html`<p>Aucune offre ne correspond à ces filtres.</p>`
}
</section>`;
}

const SEVERITIES: Record<Finding['severity'], { tone: Tone; text: string }> = {
  error: { tone: 'bad', text: 'erreur' },
  warning: { tone: 'warn', text: 'attention' },
  info: { tone: 'info', text: 'info' },
};

function findingItem(f: Finding): SafeHtml {
  const severity = SEVERITIES[f.severity];
  return html`<li data-kind="${f.kind}">${badge(severity.tone, severity.text)} ${f.message}
${f.evidence ? html`<br><span class="muted">${f.evidence}</span>` : ''}
${
  f.tile || f.opening
    ? html`<ul class="inline-list">${f.tile ? html`<li>Tuile : ${externalLink(f.tile.hrefAsWritten, f.tile.title)}${f.tile.lang ? ` (${f.tile.lang})` : ''}</li>` : ''}${
        f.opening ? html`<li>Offre : <a href="/offres/${encodeURIComponent(f.opening.uid)}">${f.opening.title}</a> ${statusBadge(f.opening.status)}</li>` : ''
      }</ul>`
    : ''
}</li>`;
}

function reconciliationSection(data: DashboardData): SafeHtml {
  const r = data.reconciliation;
  return html`<section aria-labelledby="rapprochement-titre">
<h2 id="rapprochement-titre">Page recrutement et portails</h2>
<p>${
    r.lastHiringPageRun
      ? html`Page recrutement relevée ${timeAgo(r.lastHiringPageRun, data.now)}${r.pageReadAs.length ? ` (lue comme : ${r.pageReadAs.join(', ')})` : ''}.`
      : 'La page recrutement n’a pas encore été relevée.'
  }</p>
${
  r.findings.length
    ? html`<ul class="findings">${r.findings.map(findingItem)}</ul>`
    : html`<p>Aucune divergence entre la page recrutement et les portails.</p>`
}
</section>`;
}

function eventItem(item: DashboardEvent, now: Date): SafeHtml {
  const label = EVENT_LABELS[item.event.type];
  return html`<li>${timeAgo(item.event.at, now)} ${badge(label.tone, label.text)} <a href="/offres/${encodeURIComponent(item.opening.uid)}">${item.opening.posting.title}</a>
<br><span class="muted">${eventDetail(item.event, item.source)}</span></li>`;
}

function eventsSection(data: DashboardData): SafeHtml {
  return html`<section aria-labelledby="evenements-titre">
<h2 id="evenements-titre">Derniers évènements</h2>
${data.events.length ? html`<ul class="events">${data.events.map((e) => eventItem(e, data.now))}</ul>` : html`<p>Aucun évènement pour l’instant.</p>`}
<p><a href="/feed/events.rss">Suivre les évènements par flux RSS</a></p>
</section>`;
}

export function renderDashboard(data: DashboardData): string {
  return layout({
    title: `Offres du ${data.organisationName} : tableau de bord`,
    organisationName: data.organisationName,
    body: html`<h1>Offres du ${data.organisationName} : tableau de bord</h1>
<p class="muted">État au ${frenchDateTime(data.now.toISOString())} (heure de Paris).</p>
${sourcesSection(data)}
${openingsSection(data)}
${reconciliationSection(data)}
${eventsSection(data)}`,
  });
}
