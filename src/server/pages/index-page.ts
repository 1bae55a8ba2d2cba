/**
 * `/` of a deployment with several organisations: each one, its open openings, how fresh its data
 * is, and a link to its page (`/o/<id>/`). A one-organisation deployment shows that organisation's
 * page at `/` instead, as it always did.
 */
import type { Db } from '../../../db/database.ts';
import { newestOpeningUpdate, openingCountsByStatus } from '../../../db/openings.ts';
import { getSource } from '../../../scrapers/index.ts';
import type { Config } from '../../config.ts';
import { type SourceHealth, sourceHealth } from '../../freshness/source-health.ts';
import type { Organisation } from '../../organisations.ts';
import { html, type SafeHtml } from '../../render/html.ts';
import { badge, timeAgo } from './components.ts';
import { layout } from './layout.ts';

interface IndexEntry {
  organisation: Organisation;
  open: number;
  missing: number;
  /** The latest change of any of its openings. */
  updatedAt: string | null;
  /** The enabled sources that read it, by the one rule of freshness (src/freshness/). */
  sources: SourceHealth[];
}

interface IndexData {
  now: Date;
  entries: IndexEntry[];
}

export function organisationIndex(
  db: Db,
  config: Config,
  organisations: readonly Organisation[],
  now: Date,
): IndexData {
  return {
    now,
    entries: organisations.map((organisation) => {
      // Runs are the one crawl's: the hiring-page source is the organisation's only when it has pages.
      const sources = sourceHealth(db, config, now, true, organisation.id).filter(
        (h) => getSource(h.source)?.kind !== 'hiring-page' || organisation.hiringPages.length > 0,
      );
      const counts = openingCountsByStatus(db, organisation.id);
      return {
        organisation,
        open: counts.get('open') ?? 0,
        missing: counts.get('missing') ?? 0,
        updatedAt: newestOpeningUpdate(db, organisation.id),
        sources,
      };
    }),
  };
}

/** "à jour", else which sources are late or failing: what the team's page says source by source. */
function freshness(sources: readonly SourceHealth[], now: Date): SafeHtml {
  const late = sources.filter((s) => s.verdict !== 'ok');
  if (late.length === 0) {
    const oldest = sources
      .map((s) => s.lastHealthyRun?.finishedAt ?? null)
      .filter((at): at is string => at !== null)
      .sort()[0];
    return html`${badge('ok', 'à jour')}${oldest ? html` <span class="muted">(relevé le plus ancien : ${timeAgo(oldest, now)})</span>` : ''}`;
  }
  const failing = late.filter((s) => s.verdict === 'failing');
  return html`${badge(failing.length ? 'bad' : 'warn', failing.length ? 'en échec' : 'en retard')} ${late.map((s) => s.label).join(', ')}`;
}

export function renderIndex(data: IndexData): string {
  const rows = data.entries.map(
    (e) => html`<tr>
<td data-label="Employeur"><a href="/o/${encodeURIComponent(e.organisation.id)}/">${e.organisation.name}</a></td>
<td data-label="Offres ouvertes">${e.open}${e.missing ? html` <span class="muted">(+ ${e.missing} absente${e.missing > 1 ? 's' : ''} du dernier relevé)</span>` : ''}</td>
<td data-label="Fraîcheur">${freshness(e.sources, data.now)}</td>
<td data-label="Dernier changement">${e.updatedAt ? timeAgo(e.updatedAt, data.now) : html`<span class="muted">aucune offre pour l’instant</span>`}</td>
<td data-label="Flux"><a href="/o/${encodeURIComponent(e.organisation.id)}/feed.rss">RSS</a></td>
</tr>`,
  );
  return layout({
    title: 'Offres des employeurs suivis',
    organisationName: 'employeurs suivis',
    of: 'des employeurs suivis',
    nav: false,
    body: html`<h1>Offres des employeurs suivis</h1>
<p class="muted">Chaque employeur a sa page, ses flux, son API et son agenda des dates limites.</p>
<table class="stack">
<thead><tr><th scope="col">Employeur</th><th scope="col">Offres ouvertes</th><th scope="col">Fraîcheur</th><th scope="col">Dernier changement</th><th scope="col">Flux</th></tr></thead>
<tbody>${rows}</tbody>
</table>`,
  });
}
