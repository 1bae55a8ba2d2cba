/**
 * "L'année en images" on the dashboard and the timeline on an opening's page: each chart is a
 * figure with a title, a description giving its main figures, the SVG (hidden from screen readers,
 * which get the same figures as a table) and that table, open on demand.
 */
import type { Db } from '../../../db/database.ts';
import { PORTALS, SOURCE_LIST } from '../../../scrapers/index.ts';
import { postingSpans } from '../../charts/history-rows.ts';
import {
  ALERT_COLOUR,
  durationChart,
  formatDays,
  lagChart,
  SERIES_COLOURS,
  type Series,
  timelineChart,
  weeklyChart,
} from '../../charts/render-svg.ts';
import type { OpeningTimeline } from '../../charts/timeline.ts';
import { type YearFigures, yearFigures } from '../../charts/year-figures.ts';
import { count } from '../../render/count.ts';
import { html, type SafeHtml, trustedHtml } from '../../render/html.ts';
import { frenchDateTime } from '../../render/relative-time.ts';
import { FIELD_LABELS, frenchDate, STATUS_LABELS, sourceLabel } from '../../wording/labels.ts';

const day = (ms: number) => frenchDate(new Date(ms).toISOString().slice(0, 10));

function portalSeries(): Series[] {
  return PORTALS.map((source) => ({ key: source.id, label: sourceLabel(source.id) }));
}

/** The colour of each series, for sighted readers (the table says the same in words). */
function legend(entries: readonly { label: string; colour: string }[]): SafeHtml {
  return html`<ul class="legend" aria-hidden="true">${entries.map(
    (e) =>
      html`<li><svg width="14" height="14" focusable="false"><rect width="14" height="14" rx="2" fill="${e.colour}"/></svg> ${e.label}</li>`,
  )}</ul>`;
}

const seriesLegend = (series: Series[], extra: { label: string; colour: string }[] = []) =>
  legend([...series.map((s, i) => ({ label: s.label, colour: SERIES_COLOURS[i % SERIES_COLOURS.length]! })), ...extra]);

function chartFigure(
  id: string,
  title: string,
  description: SafeHtml | string,
  svg: string,
  table: SafeHtml,
  key: SafeHtml | string = '',
): SafeHtml {
  return html`<figure class="chart" id="${id}" aria-labelledby="${id}-titre" aria-describedby="${id}-desc">
<figcaption id="${id}-titre">${title}</figcaption>
<p id="${id}-desc" class="muted">${description}</p>
${key}
${trustedHtml(svg)}
<details><summary>Les chiffres du graphique</summary>${table}</details>
</figure>`;
}

function weeklyFigure(figures: YearFigures, series: Series[]): SafeHtml {
  const last = figures.weeks.at(-1)!;
  const peak = figures.weeks.reduce((best, week) => (week.openings > best.openings ? week : best));
  const table = html`<table class="figures"><caption>Offres ouvertes par semaine</caption>
<thead><tr><th scope="col">Semaine du</th><th scope="col">Offres</th>${series.map((s) => html`<th scope="col">${s.label}</th>`)}</tr></thead>
<tbody>${figures.weeks.map(
    (week) =>
      html`<tr><th scope="row">${day(week.weekStart)}</th><td>${week.openings}</td>${series.map((s) => html`<td>${week.bySource[s.key] ?? 0}</td>`)}</tr>`,
  )}</tbody></table>`;
  return chartFigure(
    'annee-semaines',
    'Offres ouvertes par semaine et par portail, sur douze mois',
    `${count(last.openings, 'offre ouverte', 'offres ouvertes')} cette semaine ; au plus ${peak.openings} la semaine du ${day(peak.weekStart)}. Une offre réunit les annonces d’un même poste ; chaque portail compte ses annonces.`,
    weeklyChart(figures, series),
    table,
    seriesLegend(series, [{ label: 'Offres (tous portails)', colour: 'currentColor' }]),
  );
}

function durationFigure(figures: YearFigures, monthDays: number): SafeHtml {
  const d = figures.durations;
  const table = html`<table class="figures"><caption>Offres fermées sur douze mois, par durée de publication</caption>
<thead><tr><th scope="col">Durée</th><th scope="col">Offres</th></tr></thead>
<tbody>${d.bins.map((bin) => html`<tr><th scope="row">${bin.label}</th><td>${bin.count}</td></tr>`)}</tbody></table>`;
  return chartFigure(
    'annee-durees',
    'Durée de publication des offres fermées sur douze mois',
    d.closed === 0
      ? 'Aucune offre fermée sur douze mois.'
      : `${count(d.closed, 'offre fermée', 'offres fermées')}, publiées ${formatDays(d.medianDays!)} en médiane (de la première annonce vue à la fermeture) ; ${count(d.closedWithinMonth, 'fermée', 'fermées')} en moins de ${monthDays} jours, la durée minimale de publication (barres rouges).`,
    durationChart(figures),
    table,
    legend([
      { label: `moins de ${monthDays} jours`, colour: ALERT_COLOUR },
      { label: `${monthDays} jours et plus`, colour: SERIES_COLOURS[0] },
    ]),
  );
}

function lagFigure(figures: YearFigures, series: Series[]): SafeHtml {
  const label = (key: string) => series.find((s) => s.key === key)?.label ?? key;
  const later = figures.lags.filter((lag) => lag.later > 0);
  const table = html`<table class="figures"><caption>Décalage entre portails</caption>
<thead><tr><th scope="col">Portail</th><th scope="col">Premier à publier</th><th scope="col">Publiée ensuite</th><th scope="col">Décalage médian</th><th scope="col">Décalage maximal</th></tr></thead>
<tbody>${figures.lags.map(
    (lag) =>
      html`<tr><th scope="row">${label(lag.source)}</th><td>${lag.first}</td><td>${lag.later}</td><td>${lag.medianDays === null ? '—' : formatDays(lag.medianDays)}</td><td>${lag.maxDays === null ? '—' : formatDays(lag.maxDays)}</td></tr>`,
  )}</tbody></table>`;
  return chartFigure(
    'annee-decalage',
    'Décalage de publication entre portails',
    figures.multiPortal === 0
      ? 'Aucune offre publiée sur plusieurs portails sur douze mois.'
      : `${count(figures.multiPortal, 'offre publiée', 'offres publiées')} sur plusieurs portails sur douze mois. ${later.map((lag) => `${label(lag.source)} la montre ${formatDays(lag.medianDays!)} après le premier portail en médiane (${lag.later} fois)`).join(' ; ')}. Date de publication donnée par le portail, sinon premier relevé.`,
    lagChart(figures, series),
    table,
  );
}

export interface YearOptions {
  minimumPublicationDays: number;
}

/** The figures of the last twelve months, from the database only. */
/** One organisation's year (every organisation's when none is named). */
export function yearOfFigures(
  db: Db,
  now: Date,
  options: YearOptions,
  organisation: string | null = null,
): YearFigures {
  const series = portalSeries();
  const keys = series.map((s) => s.key);
  // The weekly file's history counts as the portal it is the history of, by its real dates.
  const historyOf = new Map(
    SOURCE_LIST.filter((s) => s.historyOf !== undefined && keys.includes(s.historyOf)).map((s) => [s.id, s.historyOf!]),
  );
  const spans = postingSpans(db, [...keys, ...historyOf.keys()], organisation).map((span) =>
    historyOf.has(span.source) ? { ...span, source: historyOf.get(span.source)! } : span,
  );
  return yearFigures(spans, now, {
    sources: series.map((s) => s.key),
    minimumPublicationDays: options.minimumPublicationDays,
  });
}

export function yearSection(figures: YearFigures, options: YearOptions): SafeHtml {
  const series = portalSeries();
  return html`<section class="charts" aria-labelledby="annee-titre">
<h2 id="annee-titre">L’année en images</h2>
<p class="muted">Du ${day(figures.from)} au ${day(figures.to)}, d’après l’historique des relevés.</p>
${weeklyFigure(figures, series)}
${durationFigure(figures, options.minimumPublicationDays)}
${lagFigure(figures, series)}
</section>`;
}

export function timelineFigure(timeline: OpeningTimeline): SafeHtml {
  const series = portalSeries();
  const changesOf = (id: number) => timeline.changes.filter((c) => c.postingId === id);
  const table = html`<table class="figures"><caption>Présence de l’offre sur chaque portail</caption>
<thead><tr><th scope="col">Annonce</th><th scope="col">Vue du</th><th scope="col">Au</th><th scope="col">État</th><th scope="col">Changements</th></tr></thead>
<tbody>${timeline.postings.map(
    (p) =>
      html`<tr><th scope="row">${sourceLabel(p.source)} ${p.reference}</th><td>${frenchDateTime(new Date(p.fromMs).toISOString())}</td><td>${
        p.closedMs === null ? 'aujourd’hui' : frenchDateTime(new Date(p.closedMs).toISOString())
      }</td><td>${STATUS_LABELS[p.state]}</td><td>${
        changesOf(p.id).length
          ? changesOf(p.id).map(
              (c, i) =>
                html`${i ? ' ; ' : ''}${frenchDateTime(new Date(c.atMs).toISOString())} : ${c.fields.map((f) => FIELD_LABELS[f as keyof typeof FIELD_LABELS] ?? f).join(', ')}`,
            )
          : '—'
      }</td></tr>`,
  )}</tbody></table>`;
  const closes = timeline.postings.filter((p) => p.closedMs !== null).length;
  return chartFigure(
    'chronologie',
    'Chronologie sur les portails',
    `${count(timeline.postings.length, 'annonce', 'annonces')}, chacune en barre de sa première vue à sa fermeture (ou aujourd’hui) ; losanges : ${count(timeline.changes.length, 'changement', 'changements')} de champs ; traits rouges : ${count(closes, 'fermeture', 'fermetures')}.`,
    timelineChart(timeline, series),
    table,
    seriesLegend(series, [{ label: 'fermeture', colour: ALERT_COLOUR }]),
  );
}
