/**
 * Notifications in French: a subject that says what happened, a text part and a simple HTML part,
 * both with a link to the offer on every portal and to its page on this service. One renderer for
 * every channel: e-mail uses the subject, text and HTML; Matrix and the text webhook the chat
 * forms, where scraped text can neither ping, nor link, nor format (channels/chat-text.ts).
 */

import { count } from '../render/count.ts';
import { html, type SafeHtml, safeHref } from '../render/html.ts';
import { frenchDateTime } from '../render/relative-time.ts';
import { CLOSE_REASON_LABELS, frenchDate, NOTIFICATION_KIND_NOUNS, SHORT_LIVED_NOTE } from '../wording/labels.ts';
import { chatMarkdown, chatPlain } from './channels/chat-text.ts';
import type { Notification, OpeningSnapshot, SourceSnapshot } from './notification.ts';
import type { NotificationKind } from './settings.ts';

export interface RenderedMessage {
  subject: string;
  text: string;
  /** A whole HTML document (e-mail). */
  html: string;
  /** The same message for chats: scraped text neutralised (no mention, no link but ours, no markup). */
  chat: {
    /** Mattermost/Slack `text`. */
    markdown: string;
    /** Matrix `body`. */
    plain: string;
    /** Matrix `formatted_body`. */
    htmlFragment: string;
  };
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
          ...(n.shortLived ? [SHORT_LIVED_NOTE] : []),
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

/** A digest longer than this names each notification on one line (chats cap a message's size)… */
const FULL_BLOCKS = 20;
/** …and names at most this many, then says how many more. */
const NAMED_IN_DIGEST = 100;

/** The block's words (not its URLs) through `neutral`. */
function neutralBlock(b: Block, neutral: (text: string) => string): Block {
  const label = (l: Link): Link => ({ label: neutral(l.label), url: l.url });
  return {
    heading: neutral(b.heading),
    lines: b.lines.map(neutral),
    portals: b.portals.map(label),
    page: b.page && label(b.page),
  };
}

/** A long digest's entry: what happened and its page. */
function oneLine(b: Block): Block {
  const url = b.page?.url ?? b.portals[0]?.url;
  return { heading: `- ${b.heading}${url ? ` — ${url}` : ''}`, lines: [], portals: [], page: null };
}

function shortened(blocks: readonly Block[]): Block[] {
  if (blocks.length <= FULL_BLOCKS) return [...blocks];
  const named = blocks.slice(0, NAMED_IN_DIGEST).map(oneLine);
  const rest = blocks.length - named.length;
  return rest > 0 ? [...named, { heading: `… et ${rest} de plus.`, lines: [], portals: [], page: null }] : named;
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
  const parts = [...counts].map(([kind, n]) => count(n, ...NOTIFICATION_KIND_NOUNS[kind]));
  return `Offres ${of} : ${parts.join(', ')}`;
}

function assemble(subject: string, allBlocks: readonly Block[], intro: string | null, of: string): RenderedMessage {
  const blocksFor = (neutral: (text: string) => string) => shortened(allBlocks.map((b) => neutralBlock(b, neutral)));
  const blocks = blocksFor((text) => text);
  const footer = `Envoyé par peren-openings, la veille des offres ${of}.`;
  const textOf = (bs: readonly Block[]) =>
    `${[...(intro ? [intro] : []), ...bs.map(blockText), `—\n${footer}`].join('\n\n')}\n`;
  const fragmentOf = (bs: readonly Block[]) => html`${intro ? html`<p>${intro}</p>` : ''}${bs.map(blockHtml)}`;
  const doc = html`<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>${subject}</title></head>
<body>
${fragmentOf(blocks)}
<p style="color:#666">${footer}</p>
</body></html>`;
  const plainBlocks = blocksFor(chatPlain);
  return {
    subject,
    text: textOf(blocks),
    html: doc.value,
    chat: {
      markdown: textOf(blocksFor(chatMarkdown)),
      plain: textOf(plainBlocks),
      htmlFragment: fragmentOf(plainBlocks).value,
    },
  };
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
