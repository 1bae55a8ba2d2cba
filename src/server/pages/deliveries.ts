/** The dashboard's "Notifications" section: per channel what went out, and the deliveries that failed. */
import type { DeliveryOverview, FailedDelivery } from '../../read-model/delivery-report.ts';
import { count } from '../../render/count.ts';
import { html, type SafeHtml } from '../../render/html.ts';
import { badge, timeAgo } from './components.ts';

const KIND_LABELS: Record<string, string> = {
  new: 'nouvelle offre',
  closed: 'offre fermée',
  reopened: 'offre rouverte',
  'deadline-changed': 'date limite modifiée',
  'source-failing': 'source en échec',
  'source-stale': 'source en retard',
  'source-recovered': 'source rétablie',
  'hiring-page-error': 'erreur de la page recrutement',
};
const TYPE_LABELS: Record<string, string> = { email: 'courriel', webhook: 'webhook', matrix: 'salon Matrix (Tchap)' };

function failedItem(d: FailedDelivery, now: Date): SafeHtml {
  return html`<li data-delivery="${d.id}">${badge('bad', 'échec')} ${timeAgo(d.lastAttemptAt ?? d.createdAt, now)} sur « ${d.channel} » : ${d.kinds.map((k) => KIND_LABELS[k] ?? k).join(', ')}
<br><span class="reason">${d.error ?? 'raison inconnue'}</span> <span class="muted">(${count(d.attempts, 'tentative', 'tentatives')}, écrite ${timeAgo(d.createdAt, now)})</span></li>`;
}

/** Nothing when no channel is configured and nothing was ever sent. */
export function deliveriesSection(overview: DeliveryOverview, now: Date): SafeHtml | '' {
  if (overview.channels.length === 0) return '';
  return html`<section aria-labelledby="notifications-titre">
<h2 id="notifications-titre">Notifications</h2>
<ul class="inline-list">${overview.channels.map(
    (c) =>
      html`<li data-channel="${c.channel}">${c.channel} (${c.type ? TYPE_LABELS[c.type] : 'retiré de la configuration'}) : ${count(c.counts.sent, 'envoyée', 'envoyées')}, ${count(c.counts.pending, 'en attente', 'en attente')}, ${count(c.counts.failed, 'en échec', 'en échec')}</li>`,
  )}</ul>
${overview.failed.length ? html`<ul class="events">${overview.failed.map((d) => failedItem(d, now))}</ul>` : html`<p>Aucun envoi en échec.</p>`}
</section>`;
}
