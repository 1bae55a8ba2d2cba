/**
 * PEReN's recruiting history as fixture portals: the real versions of the hiring page
 * (fixtures/portals/peren/history/) and a Passerelles portal listing exactly the PEReN offers of
 * peren-openings-history.csv that are open on a given date. The Passerelles pages are generated
 * from the constructed fixture portal's own markup (its PEReN 5372 card, feed item and offer page)
 * next to its other employers' offers, without deadlines: only the history decides what is open.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURE_PORTALS, SAMPLES } from '../support/cli.ts';

export interface HistoryRow {
  offerId: string;
  perenRef: string;
  titleFr: string;
  href: string;
  firstSeen: string;
  /** Date of the page version that no longer lists the offer; empty while it is still listed. */
  removed: string;
}

export function historyRows(): HistoryRow[] {
  const [header, ...lines] = readFileSync(join(SAMPLES, 'peren-openings-history.csv'), 'utf8').trim().split('\n');
  const columns = header!.split(',');
  return lines.map((line) => {
    // The file has no quoted field, so commas only separate cells.
    const cells = line.split(',');
    const cell = (name: string) => cells[columns.indexOf(name)]!;
    return {
      offerId: cell('offer_id'),
      perenRef: cell('peren_ref'),
      titleFr: cell('title_fr'),
      href: cell('href_as_written'),
      firstSeen: cell('first_seen_date'),
      removed: cell('removed_date'),
    };
  });
}

export const hasAppeared = (row: HistoryRow, date: string) => row.firstSeen <= date;
export const isRemoved = (row: HistoryRow, date: string) => row.removed !== '' && row.removed <= date;
/** Listed on the hiring page, and open on the portal, on that date. */
export const isOpen = (row: HistoryRow, date: string) => hasAppeared(row, date) && !isRemoved(row, date);

export interface PageVersion {
  date: string;
  commit: string;
  dir: string;
  languages: ('fr' | 'en')[];
}

const HISTORY = join(FIXTURE_PORTALS, 'peren', 'history');

export function pageVersions(): PageVersion[] {
  return readdirSync(HISTORY)
    .map((name) => /^(\d{4}-\d{2}-\d{2})-([0-9a-f]{7})$/.exec(name))
    .filter((m): m is RegExpExecArray => m !== null)
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([name, date, commit]) => {
      const dir = join(HISTORY, name!);
      return {
        date: date!,
        commit: commit!,
        dir,
        languages: (['fr', 'en'] as const).filter((lang) => existsSync(join(dir, `${lang}.html`))),
      };
    });
}

export const PAGE_URLS = {
  fr: 'https://peren.gouv.fr/recrutement/',
  en: 'https://peren.gouv.fr/en/recrutement/',
} as const;

function writeManifest(dir: string, description: string, routes: object[]): void {
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ description, routes }, null, 2));
}

/** Serves `version` as the hiring page, in the languages it was captured in. */
export function writePerenPortal(dir: string, version: PageVersion): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(FIXTURE_PORTALS, 'peren', 'robots.txt'), join(dir, 'robots.txt'));
  const pages = version.languages.map((lang) => {
    copyFileSync(join(version.dir, `${lang}.html`), join(dir, `${lang}.html`));
    return {
      path: new URL(PAGE_URLS[lang]).pathname,
      file: `${lang}.html`,
      contentType: 'text/html; charset=utf-8',
      constructed: true,
      note: `history/${version.date}-${version.commit}/${lang}.html`,
    };
  });
  writeManifest(dir, `PEReN's hiring page as of ${version.date} (${version.commit})`, [
    {
      path: '/robots.txt',
      file: 'robots.txt',
      contentType: 'text/plain; charset=utf-8',
      constructed: true,
      note: 'copy of fixtures/portals/peren/robots.txt',
    },
    ...pages,
  ]);
}

const PASSERELLES = join(FIXTURE_PORTALS, 'passerelles');
const TEMPLATE = {
  path: '/offre-de-emploi/emploi-data-scientist-confirme-sen-peren-156-h-f_5372.aspx',
  reference: '2021-5372',
  title: 'Data-scientist confirmé - SEN PEReN 156 H/F',
  date: '04/01/2022',
};
const PEREN_CARD_OR_ITEM = /sen-peren/;

const fixture = (file: string) => readFileSync(join(PASSERELLES, file), 'utf8');
const offerPath = (row: HistoryRow) => new URL(row.href).pathname;
/** The offer's title as Passerelles writes PEReN's: job, post code, "H/F". */
const offerTitle = (row: HistoryRow) => `${row.titleFr} - ${row.perenRef} H/F`;
const frenchDay = (iso: string) => iso.split('-').reverse().join('/');
const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The template's PEReN markup with another offer's path, reference, title and date. */
function fromTemplate(markup: string, row: HistoryRow, title = offerTitle(row)): string {
  return markup
    .replaceAll(TEMPLATE.path, offerPath(row))
    .replaceAll(TEMPLATE.reference, `2021-${row.offerId}`)
    .replaceAll(TEMPLATE.title, title)
    .replaceAll(TEMPLATE.date, frenchDay(row.firstSeen));
}

/** Two offers of one title are one post only when their descriptions match: each gets its own. */
const ownDescription = (row: HistoryRow) => `Le PEReN recrute pour le poste ${row.perenRef} (offre ${row.offerId}).`;

function listingPage(offers: readonly HistoryRow[]): string {
  const shell = fixture('liste-offres-page-1.html');
  const cardsOf = (body: string) => body.match(/<li class="ts-offer-list-item[\s\S]*?<\/ul>\s*<\/li>/g) ?? [];
  const allCards = [...cardsOf(shell), ...cardsOf(fixture('liste-offres-page-2.html'))];
  const template = allCards.find((card) => card.includes(TEMPLATE.path))!;
  const cards = [
    ...offers.map((row) => fromTemplate(template, row, escapeXml(offerTitle(row)))),
    ...allCards.filter((card) => !PEREN_CARD_OR_ITEM.test(card)),
  ];
  return (
    shell
      .replace(/(<ul class="ts-related-offers__row">)[\s\S]*?(<\/ul>\s*<\/div>)/, `$1\n    ${cards.join('\n    ')}\n$2`)
      .replace(/\(14 offres, page 1\)/, `(${cards.length} offres, page 1)`)
      .replace(/14 offre\(s\)/, `${cards.length} offre(s)`)
      // One page: the pager keeps only the current page.
      .replace(/\s*<li class="ts-ol-pagination-list-item[^"]*"><a [\s\S]*?<\/li>/g, '')
  );
}

function feed(offers: readonly HistoryRow[]): string {
  const body = fixture('offer-rss.xml');
  const items = body.match(/<item>[\s\S]*?<\/item>/g) ?? [];
  const template = items
    .find((item) => item.includes(TEMPLATE.path))!
    .replace(/&lt;b&gt;Date limite de candidature : &lt;\/b&gt;[^&]*&lt;br \/&gt;/, '');
  const generated = offers.map((row) =>
    fromTemplate(template, row, escapeXml(offerTitle(row)))
      .replace(/&lt;br \/&gt;[^<]*<\/description>/, `&lt;br /&gt;${ownDescription(row)}</description>`)
      .replace(
        /<pubDate>[^<]*<\/pubDate>/,
        `<pubDate>${new Date(`${row.firstSeen}T09:00:00Z`).toUTCString()}</pubDate>`,
      ),
  );
  const others = items.filter((item) => !PEREN_CARD_OR_ITEM.test(item));
  const firstItem = body.indexOf('<item>');
  const afterItems = body.lastIndexOf('</item>') + '</item>'.length;
  return `${body.slice(0, firstItem)}${[...generated, ...others].join('\n  ')}${body.slice(afterItems)}`;
}

function offerPage(row: HistoryRow): string {
  const page = fixture('offre-5372.html')
    .replace(/<h3>\s*Date limite de candidature\s*<\/h3><p id="fldjobdescription_date2">[^<]*<\/p>/, '')
    .replace('<p>Vous concevez', `<p>${ownDescription(row)}</p><p>Vous concevez`);
  return fromTemplate(page, row);
}

/**
 * Passerelles on a date: its feed and its one-page listing show `listed` (the PEReN offers open
 * then) besides the other employers' offers; every offer of the history keeps its page.
 */
export function writePasserellesPortal(dir: string, listed: readonly HistoryRow[], all: readonly HistoryRow[]): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(PASSERELLES, 'robots.txt'), join(dir, 'robots.txt'));
  writeFileSync(join(dir, 'offer-rss.xml'), feed(listed));
  writeFileSync(join(dir, 'liste-offres.html'), listingPage(listed));
  for (const row of all) writeFileSync(join(dir, `offre-${row.offerId}.html`), offerPage(row));
  const note = (what: string) => ({
    constructed: true,
    note: `${what}, generated from fixtures/portals/passerelles/ for PEReN offers ${listed.map((r) => r.offerId).join(', ') || 'none'}`,
  });
  writeManifest(dir, 'Passerelles listing the PEReN offers open on one date of peren-openings-history.csv', [
    {
      path: '/robots.txt',
      file: 'robots.txt',
      contentType: 'text/plain; charset=utf-8',
      constructed: true,
      note: 'copy of fixtures/portals/passerelles/robots.txt',
    },
    {
      path: '/handlers/offerRss.ashx',
      query: { LCID: '1036' },
      file: 'offer-rss.xml',
      contentType: 'text/xml; charset=utf-8',
      ...note('feed'),
    },
    {
      path: '/offre-de-emploi/liste-offres.aspx',
      file: 'liste-offres.html',
      contentType: 'text/html; charset=utf-8',
      ...note('one-page listing'),
    },
    ...all.map((row) => ({
      path: offerPath(row),
      file: `offre-${row.offerId}.html`,
      contentType: 'text/html; charset=utf-8',
      constructed: true,
      note: "offre-5372.html with this offer's title, reference and URL, no deadline",
    })),
  ]);
}
