/**
 * Notifications in French: a subject that says what happened, a text part and a simple HTML part,
 * both with a link to the offer on every portal and to its page on this service. One renderer for
 * every channel: e-mail uses all three, Matrix the text and the HTML fragment, the text webhook
 * the text.
 */

import { count } from '../server/pages/components.ts';
import { html, type SafeHtml, safeHref } from '../server/pages/html.ts';
import { frenchDateTime } from '../server/pages/relative-time.ts';
import { CLOSE_REASON_LABELS, frenchDate } from '../wording/labels.ts';
import type { Notification, OpeningSnapshot, SourceSnapshot } from './notification.ts';
import type { NotificationKind } from './settings.ts';

export interface RenderedMessage {
  subject: string;
  text: string;
  /** A whole HTML document (e-mail). */
  html: string;
  /** The body's markup alone (Matrix `formatted_body`). */
  htmlFragment: string;
}

interface Link {
  label: string;
  url: string;
}

/** One notification as a heading, lines of facts and links. */
interface Block {
  heading: string;
  lines: string[];
  /** Portal pages of the offer. */
  portals: Link[];
  /** This service's page of the offer. */
  page: Link | null;
}

const PLURALS: Record<NotificationKind, [string, string]> = {
  new: ['nouvelle offre', 'nouvelles offres'],
  closed: ['offre fermée', 'offres fermées'],
  reopened: ['offre rouverte', 'offres rouvertes'],
  'deadline-changed': ['date limite modifiée', 'dates limites modifiées'],
  'source-failing': ['source en échec', 'sources en échec'],
  'source-stale': ['source en retard', 'sources en retard'],
  'source-recovered': ['source rétablie', 'sources rétablies'],
  'hiring-page-error': ['erreur de la page recrutement', 'erreurs de la page recrutement'],
};

const dateOrNone = (iso: string | null) => (iso ? frenchDate(iso)! : 'non indiquée');

function openingFacts(o: OpeningSnapshot): string[] {
  return [
    o.employer && `Employeur : ${o.employer}`,
    o.location && `Lieu : ${o.location}`,
    o.contractType && `Contrat : ${o.contractType}`,
    o.deadline && `Date limite de candidature : ${frenchDate(o.deadline)}`,
  ].filter((line): line is string => Boolean(line));
}

function openingBlock(heading: string, lead: string[], o: OpeningSnapshot): Block {
  return {
    heading,
    lines: [...lead, ...openingFacts(o)],
    portals: o.links.map((l) => ({ label: l.label, url: l.url })),
    page: { label: 'Sa page sur le tableau de bord de l’équipe', url: o.pageUrl },
  };
}

function sourceLines(s: SourceSnapshot): string[] {
  return [
    s.reason ? `Dernière raison : ${s.reason}` : '',
    `Dernier relevé sain : ${s.lastHealthyAt ? frenchDateTime(s.lastHealthyAt) : 'aucun'} (heure de Paris)`,
  ].filter(Boolean);
}

function blockOf(n: Notification): Block {
  switch (n.kind) {
    case 'new':
      return openingBlock(
        `Nouvelle offre : ${n.opening.title}`,
        [`Une nouvelle offre est publiée : « ${n.opening.title} ».`],
        n.opening,
      );
    case 'closed': {
      const reasons = n.closeReasons.map((r) => CLOSE_REASON_LABELS[r as keyof typeof CLOSE_REASON_LABELS] ?? r);
      return openingBlock(
        `Offre fermée : ${n.opening.title}`,
        [
          `L’offre « ${n.opening.title} » est fermée sur tous les portails${reasons.length ? ` (motif : ${reasons.join(', ')})` : ''}.`,
          ...(n.manualNote ? [`Fermée à la main : ${n.manualNote}`] : []),
          ...(n.shortLived ? ['Fermée moins d’un mois après sa publication : à vérifier.'] : []),
        ],
        n.opening,
      );
    }
    case 'reopened':
      return openingBlock(
        `Offre rouverte : ${n.opening.title}`,
        [
          n.manual
            ? `L’offre « ${n.opening.title} » a été rouverte à la main.`
            : `L’offre « ${n.opening.title} » est de nouveau publiée.`,
        ],
        n.opening,
      );
    case 'deadline-changed':
      return openingBlock(
        `Date limite modifiée : ${n.opening.title}`,
        [
          `La date limite de candidature de « ${n.opening.title} » passe du ${dateOrNone(n.from)} au ${dateOrNone(n.to)}.`,
        ],
        { ...n.opening, deadline: null },
      );
    case 'source-failing':
      return {
        heading: `Source en échec : ${n.source.label}`,
        lines: [
          `Les ${n.source.unhealthyRuns} derniers relevés de ${n.source.label} ont échoué. Tant qu’elle est en échec, aucune offre de cette source n’est fermée ni modifiée.`,
          ...sourceLines(n.source),
        ],
        portals: [],
        page: null,
      };
    case 'source-stale':
      return {
        heading: `Source en retard : ${n.source.label}`,
        lines: [
          `Aucun relevé sain de ${n.source.label} depuis plus de ${n.source.staleAfterHours} h : ce que nous publions de cette source n’est peut-être plus à jour.`,
          ...sourceLines(n.source),
        ],
        portals: [],
        page: null,
      };
    case 'source-recovered':
      return {
        heading: `Source rétablie : ${n.source.label}`,
        lines: [`${n.source.label} est de nouveau relevée normalement.`],
        portals: [],
        page: null,
      };
    case 'hiring-page-error':
      return {
        heading: 'Page recrutement : une tuile renvoie vers une offre fermée',
        lines: [n.message, ...(n.evidence ? [n.evidence] : [])],
        portals: [
          ...(n.tile ? [{ label: `La tuile « ${n.tile.title} »`, url: n.tile.url }] : []),
          ...(n.opening?.links ?? []),
        ],
        page: n.opening ? { label: 'L’offre sur le tableau de bord de l’équipe', url: n.opening.pageUrl } : null,
      };
  }
}

function blockText(b: Block): string {
  const parts = [b.heading, ...b.lines];
  if (b.portals.length) parts.push('', 'Sur les portails :', ...b.portals.map((l) => `- ${l.label} : ${l.url}`));
  if (b.page) parts.push(`${b.page.label} : ${b.page.url}`);
  return parts.join('\n');
}

function link(l: Link): SafeHtml {
  const href = safeHref(l.url);
  return href ? html`<a href="${href}">${l.label}</a>` : html`${l.label} (${l.url})`;
}

function blockHtml(b: Block): SafeHtml {
  return html`<h2>${b.heading}</h2>
${b.lines.map((line) => html`<p>${line}</p>`)}
${b.portals.length ? html`<p>Sur les portails :</p><ul>${b.portals.map((l) => html`<li>${link(l)}</li>`)}</ul>` : ''}
${b.page ? html`<p>${link(b.page)}</p>` : ''}`;
}

/** `Offres du PEReN : 2 nouvelles offres, 1 offre fermée` */
function digestSubject(notifications: readonly Notification[], of: string): string {
  const counts = new Map<NotificationKind, number>();
  for (const n of notifications) counts.set(n.kind, (counts.get(n.kind) ?? 0) + 1);
  const parts = [...counts].map(([kind, n]) => count(n, ...PLURALS[kind]));
  return `Offres ${of} : ${parts.join(', ')}`;
}

function assemble(subject: string, blocks: readonly Block[], intro: string | null, of: string): RenderedMessage {
  const footer = `Envoyé par peren-openings, la veille des offres ${of}.`;
  const text = [...(intro ? [intro] : []), ...blocks.map(blockText), `—\n${footer}`].join('\n\n');
  const fragment = html`${intro ? html`<p>${intro}</p>` : ''}${blocks.map(blockHtml)}`;
  const doc = html`<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>${subject}</title></head>
<body>
${fragment}
<p style="color:#666">${footer}</p>
</body></html>`;
  return { subject, text: `${text}\n`, html: doc.value, htmlFragment: fragment.value };
}

/** One message for one notification, or a digest of several; `of` names the organisation after "de". */
export function renderMessage(
  notifications: readonly Notification[],
  organisationName: string,
  of = `du ${organisationName}`,
): RenderedMessage {
  const blocks = notifications.map(blockOf);
  if (blocks.length === 1) return assemble(blocks[0]!.heading, blocks, null, of);
  const subject = digestSubject(notifications, of);
  return assemble(subject, blocks, `${subject}.`, of);
}

/** `openings notify test`: proves the channel works without announcing anything. */
export function renderTestMessage(channelName: string, of: string, at: string): RenderedMessage {
  return assemble(
    `Test de notification : offres ${of}`,
    [
      {
        heading: 'Message de test',
        lines: [
          `Ce message de test a été envoyé par peren-openings le ${frenchDateTime(at)} (heure de Paris) sur le canal « ${channelName} ». Il n’annonce aucune offre.`,
        ],
        portals: [],
        page: null,
      },
    ],
    null,
    of,
  );
}
