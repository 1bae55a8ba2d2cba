/**
 * `GET /`: the team's freshness dashboard. Is every source fresh? Which openings are open, missing
 * or closed? Does PEReN's own hiring page agree with the portals? What happened lately?
 */
import type { Db } from '../../../db/database.ts';
import { latestOpenDataFile, type OpenDataFile } from '../../../db/open-data.ts';
import { countOpenings, listedOpeningIds, openingCountsByStatus } from '../../../db/openings.ts';
import { getSource, PORTALS } from '../../../scrapers/index.ts';
import type { Config } from '../../config.ts';
import { type SourceHealth, type SourceVerdict, sourceHealth } from '../../freshness/source-health.ts';
import type { LiveSectionReport } from '../../hiring-page/report.ts';
import { HOUR_MS } from '../../model/time.ts';
import type { Organisation } from '../../organisations.ts';
import { type DeliveryOverview, deliveryOverview } from '../../read-model/delivery-report.ts';
import { type MissedReport, missedOffers } from '../../read-model/missed-offers.ts';
import type { OpeningStatus, OpeningView } from '../../read-model/opening-view.ts';
import { openingViewsByIds } from '../../read-model/openings.ts';
import type { Finding, Reconciliation } from '../../reconcile/reconcile.ts';
import { count } from '../../render/count.ts';
import { html, type SafeHtml } from '../../render/html.ts';
import { frenchDateTime } from '../../render/relative-time.ts';
import { EVENT_LABELS, STATUS_LABELS, sourceLabel } from '../../wording/labels.ts';
import { runReasonText } from '../../wording/reasons.ts';
import {
  badge,
  countByStatus,
  deadlineCell,
  externalLink,
  portalLinks,
  statusBadge,
  type Tone,
  timeAgo,
} from './components.ts';
import { deliveriesSection } from './deliveries.ts';
import { type DashboardEvent, dashboardEvents, EVENT_TONES, eventDetail } from './events.ts';
import { hiringSectionsPart } from './hiring-sections.ts';
import { layout } from './layout.ts';
import { missedOffersSection } from './missed-offers.ts';

const STATUSES: readonly OpeningStatus[] = ['open', 'missing', 'closed'];
const RECENT_EVENTS = 30;
/** Openings per page of the list. */
const LIST_PAGE_SIZE = 50;

export interface DashboardFilters {
  status: OpeningStatus | null;
  source: string | null;
  /** 1-based page of the list. */
  page: number;
  /** Query values no opening can have: ignored, and the page says so. */
  ignored: { name: 'status' | 'source' | 'page'; value: string }[];
}

/** The last page whose offset is still a whole number SQLite takes. */
const MAX_PAGE = Math.floor(Number.MAX_SAFE_INTEGER / LIST_PAGE_SIZE);

/** Query parameters as the form sends them; unknown values are ignored (and said so), never an error page. */
export function parseFilters(query: {
  status?: string | undefined;
  source?: string | undefined;
  page?: string | undefined;
}): DashboardFilters {
  const ignored: DashboardFilters['ignored'] = [];
  const status = STATUSES.find((s) => s === query.status) ?? null;
  if (query.status && !status) ignored.push({ name: 'status', value: query.status });
  const source = PORTALS.find((s) => s.id === query.source)?.id ?? null;
  if (query.source && !source) ignored.push({ name: 'source', value: query.source });
  // A page past any list (`?page=10000000000000000000`) makes no offset SQLite can take: ignored like a word.
  const page =
    query.page && /^\d+$/.test(query.page) && Number(query.page) >= 1 && Number(query.page) <= MAX_PAGE
      ? Number(query.page)
      : 1;
  if (query.page && page === 1 && query.page !== '1') ignored.push({ name: 'page', value: query.page });
  return { status, source, page, ignored };
}

export interface DashboardData {
  organisationId: string;
  organisationName: string;
  /** "du PEReN" */
  of: string;
  /** '' (the root) or `/o/<id>`: where this organisation's page, feeds and calendar live. */
  basePath: string;
  now: Date;
  staleAfterHours: number;
  sources: SourceHealth[];
  /** Openings by status, all of them. */
  counts: Map<OpeningStatus, number>;
  /** The page of the list the filters select, and how many they select in all. */
  openings: OpeningView[];
  matching: number;
  filters: DashboardFilters;
  /** Null for an organisation without hiring pages: the section is left out. */
  reconciliation: Reconciliation | null;
  /** The hiring pages' openings sections beside their rewrite from the openings. */
  hiringSections: readonly LiveSectionReport[];
  /** "L'année en images", rendered once per change of the data. */
  charts: SafeHtml | null;
  events: DashboardEvent[];
  deliveries: DeliveryOverview;
  /** What the weekly open-data file says CSP missed; null when that source is neither on nor was ever read. */
  missed: MissedReport | null;
  /** The newest weekly open-data file stored, for its source's card. */
  openDataFile: OpenDataFile | null;
}

export function dashboardData(
  db: Db,
  config: Config,
  filters: DashboardFilters,
  now: Date,
  reconciliation: Reconciliation | null,
  organisation: Organisation,
  basePath: string,
  hiringSections: readonly LiveSectionReport[] = [],
  charts: SafeHtml | null = null,
): DashboardData {
  const filter = {
    organisation: organisation.id,
    statuses: filters.status ? [filters.status] : undefined,
    source: filters.source ?? undefined,
  };
  return {
    organisationId: organisation.id,
    organisationName: organisation.name,
    of: organisation.of,
    basePath,
    now,
    staleAfterHours: config.freshness.staleAfterHours,
    sources: sourceHealth(db, config, now, true, organisation.id),
    counts: openingCountsByStatus(db, organisation.id),
    openings: openingViewsByIds(db, listedOpeningIds(db, filter, LIST_PAGE_SIZE, (filters.page - 1) * LIST_PAGE_SIZE)),
    matching: countOpenings(db, filter),
    filters,
    reconciliation,
    hiringSections,
    charts,
    events: dashboardEvents(db, RECENT_EVENTS, organisation.id),
    deliveries: deliveryOverview(db, config),
    missed:
      config.sources['csp-open-data'].enabled || latestOpenDataFile(db) ? missedOffers(db, organisation.id) : null,
    openDataFile: latestOpenDataFile(db) ?? null,
  };
}

const VERDICTS: Record<SourceVerdict, { tone: Tone; text: string }> = {
  ok: { tone: 'ok', text: 'ok' },
  stale: { tone: 'warn', text: 'en retard' },
  failing: { tone: 'bad', text: 'en échec' },
};

/** An open-data source lists no postings: its card says what its file holds instead. */
function openDataFacts(s: SourceHealth, data: DashboardData): SafeHtml {
  const file = data.openDataFile;
  if (!file) return html`<dt>Fichier</dt><dd><span class="muted">aucun lu</span></dd>`;
  const missed =
    data.missed?.state === 'checked' ? count(data.missed.missed.length, 'offre manquée', 'offres manquées') : null;
  return html`<dt>Fichier</dt><dd>du ${file.fileDate.split('-').reverse().join('/')} : ${count(file.rows, 'ligne lue', 'lignes lues')}${
    missed ? `, ${missed}` : ''
  }</dd>
<dt>Historique</dt><dd>${count(s.postings.closed, 'offre passée', 'offres passées')}</dd>`;
}

function sourceCard(s: SourceHealth, data: DashboardData): SafeHtml {
  const now = data.now;
  const openData = getSource(s.source)?.kind === 'open-data';
  const verdict = VERDICTS[s.verdict];
  const run = s.lastRun;
  return html`<li class="card" data-source="${s.source}">
<h3>${s.label} ${badge(verdict.tone, verdict.text)}</h3>
<dl>
<dt>Dernier relevé sain</dt><dd>${s.lastHealthyRun ? timeAgo(s.lastHealthyRun.finishedAt, now) : html`<span class="muted">aucun</span>`}</dd>
<dt>Dernier échec</dt><dd>${
    s.lastFailure
      ? html`${timeAgo(s.lastFailure.finishedAt ?? s.lastFailure.startedAt, now)}<br><span class="reason">${s.lastFailure.reason ? runReasonText(s.lastFailure.reason) : 'raison inconnue'}</span>`
      : html`<span class="muted">aucun</span>`
  }</dd>
${openData ? openDataFacts(s, data) : html`<dt>Annonces</dt><dd>${STATUSES.map((st) => countByStatus(s.postings[st], st)).join(', ')}</dd>`}
<dt>Dernier relevé</dt><dd>${
    run && openData
      ? timeAgo(run.finishedAt, now)
      : run
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
${data.sources.length ? html`<ul class="cards">${data.sources.map((s) => sourceCard(s, data))}</ul>` : html`<p>Aucune source activée.</p>`}
</section>`;
}

function freshnessBadge(o: OpeningView, data: DashboardData): SafeHtml {
  const fresh = data.now.getTime() - Date.parse(o.lastSeenAt) <= data.staleAfterHours * HOUR_MS;
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

function filterForm(filters: DashboardFilters, basePath: string): SafeHtml {
  const option = (value: string, text: string, selected: boolean) =>
    html`<option value="${value}"${selected ? html` selected` : ''}>${text}</option>`;
  return html`<form class="filters" method="get" action="${basePath}/#offres-titre">
<div><label for="filtre-statut">Statut</label>
<select id="filtre-statut" name="status">${option('', 'tous', filters.status === null)}${STATUSES.map((s) => option(s, STATUS_LABELS[s], filters.status === s))}</select></div>
<div><label for="filtre-source">Portail</label>
<select id="filtre-source" name="source">${option('', 'tous', filters.source === null)}${PORTALS.map((s) => option(s.id, sourceLabel(s.id), filters.source === s.id))}</select></div>
<div><button type="submit">Filtrer</button></div>
</form>`;
}

/** `/?status=open&page=2`: the list's address with another page. */
function pageHref(basePath: string, filters: DashboardFilters, page: number): string {
  const params = new URLSearchParams();
  if (filters.status) params.set('status', filters.status);
  if (filters.source) params.set('source', filters.source);
  if (page > 1) params.set('page', String(page));
  const query = params.toString();
  return `${basePath}/${query ? `?${query}` : ''}#offres-titre`;
}

function pager(data: DashboardData): SafeHtml {
  const pages = Math.max(1, Math.ceil(data.matching / LIST_PAGE_SIZE));
  if (pages === 1) return html``;
  const { page } = data.filters;
  return html`<nav class="pager" aria-label="Pages de la liste">
${page > 1 ? html`<a rel="prev" href="${pageHref(data.basePath, data.filters, page - 1)}">← Page précédente</a>` : ''}
<span>Page ${Math.min(page, pages)} sur ${pages}</span>
${page < pages ? html`<a rel="next" href="${pageHref(data.basePath, data.filters, page + 1)}">Page suivante →</a>` : ''}
</nav>`;
}

function ignoredFilters(filters: DashboardFilters): SafeHtml | string {
  if (filters.ignored.length === 0) return '';
  const allowed = {
    status: STATUSES.map((s) => `${s} (${STATUS_LABELS[s]})`).join(', '),
    source: PORTALS.map((s) => s.id).join(', '),
    page: 'un nombre entier à partir de 1',
  };
  return html`<p class="notice" role="alert">${filters.ignored.map(
    (f) =>
      html`Filtre ignoré : ${f.name} = « ${f.value} » n’est pas une valeur connue (valeurs possibles : ${allowed[f.name]}). `,
  )}</p>`;
}

function openingsSection(data: DashboardData): SafeHtml {
  const shown = data.openings;
  const total = STATUSES.reduce((sum, s) => sum + (data.counts.get(s) ?? 0), 0);
  const counts = STATUSES.map((s) => countByStatus(data.counts.get(s) ?? 0, s)).join(', ');
  const filtered = data.filters.status || data.filters.source;
  return html`<section aria-labelledby="offres-titre">
<h2 id="offres-titre">Offres</h2>
<p>${count(total, 'offre suivie', 'offres suivies')} : ${counts}.</p>
<p><a href="${data.basePath}/calendar.ics" type="text/calendar">Ajouter à mon agenda</a> les dates limites de candidature des offres ouvertes (iCalendar, à ajouter par adresse pour suivre les changements).</p>
${filterForm(data.filters, data.basePath)}
${ignoredFilters(data.filters)}
<p role="status">${
    shown.length < data.matching
      ? `${count(data.matching, 'offre', 'offres')}${filtered ? ' avec ces filtres' : ''}, ${count(shown.length, 'affichée', 'affichées')} sur cette page.`
      : `${count(shown.length, 'offre affichée', 'offres affichées')}${filtered ? ' avec ces filtres' : ''}.`
  }</p>
${
  shown.length
    ? html`<table class="stack openings">
<caption class="muted">Une offre réunit les annonces d’un même poste sur les différents portails.</caption>
<thead><tr><th scope="col">Statut</th><th scope="col">Intitulé</th><th scope="col">Employeur</th><th scope="col">Lieu</th><th scope="col">Publiée</th><th scope="col">Date limite</th><th scope="col">Portails</th><th scope="col">Fraîcheur</th></tr></thead>
<tbody>${shown.map((o) => openingRow(o, data))}</tbody>
</table>
${pager(data)}`
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
        f.opening
          ? html`<li>Offre : <a href="/offres/${encodeURIComponent(f.opening.uid)}">${f.opening.title}</a> ${statusBadge(f.opening.status)}</li>`
          : ''
      }</ul>`
    : ''
}</li>`;
}

function reconciliationSection(data: DashboardData): SafeHtml | '' {
  const r = data.reconciliation;
  if (!r) return '';
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
${hiringSectionsPart(data.hiringSections, data.basePath ? data.organisationId : null)}
</section>`;
}

function eventItem(item: DashboardEvent, now: Date): SafeHtml {
  const type = item.event.detail.type;
  return html`<li>${timeAgo(item.event.at, now)} ${badge(EVENT_TONES[type], EVENT_LABELS[type])} <a href="/offres/${encodeURIComponent(item.opening.uid)}">${item.opening.posting.title}</a>
<br><span class="muted">${eventDetail(item.event, item.source)}</span></li>`;
}

function eventsSection(data: DashboardData): SafeHtml {
  return html`<section aria-labelledby="evenements-titre">
<h2 id="evenements-titre">Derniers évènements</h2>
${data.events.length ? html`<ul class="events">${data.events.map((e) => eventItem(e, data.now))}</ul>` : html`<p>Aucun évènement pour l’instant.</p>`}
<p><a href="${data.basePath}/feed/events.rss">Suivre les évènements par flux RSS</a></p>
</section>`;
}

export function renderDashboard(data: DashboardData): string {
  return layout({
    title: `Offres ${data.of} : tableau de bord`,
    organisationName: data.organisationName,
    of: data.of,
    basePath: data.basePath,
    body: html`<h1>Offres ${data.of} : tableau de bord</h1>
<p class="muted">État au ${frenchDateTime(data.now.toISOString())} (heure de Paris).</p>
${sourcesSection(data)}
${missedOffersSection(data.missed)}
${openingsSection(data)}
${reconciliationSection(data)}
${data.charts}
${eventsSection(data)}
${deliveriesSection(data.deliveries, data.now)}`,
  });
}
