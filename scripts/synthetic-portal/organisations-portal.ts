/**
 * The synthetic Choisir le service public of the organisations bench: N offers of K employers
 * (organisations-data.ts), each organisation's search listing its own offers and the ones it
 * shares. Pages are the single-organisation portal's (csp-portal.ts), so the markup is the real
 * captures': offers and cards are made by one generator whose organisation is a placeholder,
 * replaced per offer by the names of the organisations it belongs to; each search's results page
 * is that portal's page for the search (canonical URL, keywords, announced total, pagination,
 * facets at the real weight) with its cards swapped for the search's own.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { keywordSlug } from '../../scrapers/csp/portal.ts';
import { type RequestKind, SyntheticCspPortal, type SyntheticRequest } from './csp-portal.ts';
import { CARDS_PER_PAGE, OrganisationsData, type SyntheticOrganisation } from './organisations-data.ts';
import { type FoundPage, servePage } from './serve-page.ts';

/** Placeholders the generator writes where an organisation's names go (ASCII, so every escaping leaves them alone). */
const SHORT = 'ZQSHORTZQ';
const FULL = 'ZQFULLZQ';
/** The short placeholder in URL slugs (titles that start with the organisation). */
const SLUG = SHORT.toLowerCase();
const ANY_PLACEHOLDER = /zqshortzq|zqfullzq/i;

const ROBOTS = join(import.meta.dirname, '../../fixtures/portals/csp/robots.txt');
const CARD_START = '<li class="fr-col-12 item">';
/** The cards of a results page: the list closed just before the pagination. */
const CARDS =
  /(<ul class="fr-grid-row fr-grid-row--gutters">)([\s\S]*?)(?=<\/ul>\s*<nav role="navigation" class="fr-pagination)/;

export interface SyntheticOrganisationsOptions {
  organisations: number;
  offers: number;
  seed?: number;
  /** Weight of a results page in characters; the real portal's 4.5 MB by default, 0 for the capture's. */
  listingBytes?: number;
  today?: Date;
}

/** What an organisation must hold after a healthy scrape. */
export interface ExpectedHoldings {
  /** References of the offers its search lists (its own and the ones it shares). */
  references: string[];
  /** Distinct posts among them: a republication is one opening with its post. */
  posts: number;
  /** The post each reference shows (the index of the offer it republishes, or its own). */
  postOf: ReadonlyMap<string, number>;
}

export class SyntheticOrganisationsPortal {
  readonly requests: SyntheticRequest[] = [];
  readonly data: OrganisationsData;
  url = '';

  private readonly byReference = new Map<string, number>();
  /** Cards of the generator's results pages, as it made them (placeholders in), cut out once. */
  private readonly cards: string[] = [];
  /** Per search slug, the single-organisation portal that lays out its results pages. */
  private readonly searches = new Map<string, { organisation: number; layout: SyntheticCspPortal }>();
  private server: Server | undefined;

  private constructor(
    private readonly generator: SyntheticCspPortal,
    layouts: SyntheticCspPortal[],
    data: OrganisationsData,
  ) {
    this.data = data;
    for (let i = 0; i < data.offers; i++) this.byReference.set(generator.offer(i).reference, i);
    for (const [i, o] of data.organisations.entries())
      this.searches.set(keywordSlug(o.searchTerm), { organisation: i, layout: layouts[i]! });
  }

  static async start(options: SyntheticOrganisationsOptions): Promise<SyntheticOrganisationsPortal> {
    const seed = options.seed ?? 1;
    // One day for every page, so that a card and its offer page agree.
    const today = options.today ?? new Date();
    // Used for their pages only: their own servers are closed at once.
    const generator = await SyntheticCspPortal.start({
      offers: options.offers,
      seed,
      organisation: SHORT,
      organisationFullName: FULL,
      listingBytes: 0,
      today,
    });
    await generator.close();
    const data = new OrganisationsData({
      organisations: options.organisations,
      offers: options.offers,
      postOf: (i) => generator.offer(i).republishes ?? i,
    });
    const layouts: SyntheticCspPortal[] = [];
    for (const [o, organisation] of data.organisations.entries()) {
      const layout = await SyntheticCspPortal.start({
        offers: data.listed[o]!.length,
        seed,
        organisation: organisation.name,
        searchTerm: organisation.searchTerm,
        listingBytes: options.listingBytes ?? 4_500_000,
        today,
      });
      await layout.close();
      layouts.push(layout);
    }
    const portal = new SyntheticOrganisationsPortal(generator, layouts, data);
    portal.server = createServer((req, res) => portal.handle(req, res));
    await new Promise<void>((resolve) => portal.server!.listen(0, '127.0.0.1', resolve));
    portal.url = `http://127.0.0.1:${(portal.server.address() as AddressInfo).port}`;
    return portal;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** What organisation `o` (0-based) must hold after a healthy scrape. */
  expected(o: number): ExpectedHoldings {
    const offers = this.data.listed[o]!.map((i) => this.generator.offer(i));
    const postOf = new Map(offers.map((offer) => [offer.reference, offer.republishes ?? offer.index]));
    return { references: [...postOf.keys()], posts: new Set(postOf.values()).size, postOf };
  }

  /** Offer `index`'s page, naming the organisations it belongs to. */
  offerPage(index: number): string {
    return this.named(this.generator.offerPage(index), index);
  }

  /** Results page `page` of organisation `o`'s search, or null past its last page. */
  listingPage(o: number, page: number): string | null {
    const { layout } = this.searches.get(keywordSlug(this.data.organisations[o]!.searchTerm))!;
    const listed = this.data.listed[o]!;
    const shell = layout.listingPage(page);
    if (shell === null) return null;
    const cards = listed.slice((page - 1) * CARDS_PER_PAGE, page * CARDS_PER_PAGE).map((i) => this.card(i));
    return shell.replace(CARDS, (_, open: string) => `${open}\n${cards.join('')}`);
  }

  /** The card of offer `index`, cut out of the generator's results page that holds it. */
  private card(index: number): string {
    if (this.cards[index] === undefined) {
      const first = index - (index % CARDS_PER_PAGE);
      const page = this.generator.listingPage(first / CARDS_PER_PAGE + 1)!;
      const cards = CARDS.exec(page)?.[2]?.split(CARD_START).slice(1) ?? [];
      for (const [i, card] of cards.entries()) this.cards[first + i] = CARD_START + card;
    }
    const card = this.cards[index];
    if (card === undefined) throw new Error(`synthetic organisations portal: no card for offer ${index}`);
    return this.named(card, index);
  }

  /** The text with the placeholders replaced by the names of the organisations offer `index` belongs to. */
  private named(text: string, index: number): string {
    const orgs = this.data.organisationsOf(index);
    const join = (names: (o: SyntheticOrganisation) => string) => orgs.map(names).join(' et ');
    const out = text
      .replaceAll(
        SHORT,
        join((o) => o.name),
      )
      .replaceAll(FULL, orgs[0]!.fullName)
      .replaceAll(SLUG, join((o) => o.name.toLowerCase()).replaceAll(' ', '-'));
    if (ANY_PLACEHOLDER.test(out))
      throw new Error(`synthetic organisations portal: a placeholder is left in offer ${index}`);
    return out;
  }

  private route(path: string): FoundPage<RequestKind> | null {
    const html = 'text/html; charset=UTF-8';
    if (path === '/robots.txt')
      return { kind: 'robots', body: readFileSync(ROBOTS, 'utf8'), contentType: 'text/plain; charset=utf-8' };
    const search = /^\/nos-offres\/filtres\/mot-cles\/([^/]+)\/?(?:page\/(\d+)\/?)?$/.exec(path);
    if (search) {
      const found = this.searches.get(decodeURIComponent(search[1]!));
      const body = found ? this.listingPage(found.organisation, search[2] ? Number(search[2]) : 1) : null;
      return body === null ? null : { kind: 'listing', body, contentType: html };
    }
    const offer = /^\/offre-emploi\/(?:.*-reference-)?([^/]+)\/?$/.exec(path);
    const index = offer ? this.byReference.get(decodeURIComponent(offer[1]!)) : undefined;
    return index === undefined ? null : { kind: 'offer', body: this.offerPage(index), contentType: html };
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const answer = (kind: RequestKind, status: number, bytes: number) =>
      this.requests.push({ kind, path, status, bytes, conditional: Boolean(req.headers['if-none-match']) });
    servePage<RequestKind>(req, res, this.route(path), answer);
  }
}
