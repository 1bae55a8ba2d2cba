/**
 * Who is who on the synthetic Choisir le service public of the organisations bench: K constructed
 * employers ("Direction de test 07", DTEST07), each searched for by its short name, sharing one
 * set of N offers. Each post belongs to one organisation (round robin); one post in 20 is shared
 * with the next organisation, its employer line naming both ("DTEST03 et DTEST04 - …"), and both
 * organisations' searches list it. A republication (a post under a second reference) belongs with
 * its post. From this the bench knows what each organisation must hold after a scrape, and which
 * pages the portal has for the union of the searches.
 */

export interface SyntheticOrganisation {
  /** The configuration's id: `test-07`. */
  id: string;
  /** Short name, in every employer line and the search: `DTEST07`. */
  name: string;
  /** Full name, in the central services' employer lines and the offer pages' "about": `Direction de test 07`. */
  fullName: string;
  searchTerm: string;
}

/** Results per page on the portal. */
export const CARDS_PER_PAGE = 20;
/** A post whose index is this modulo 20 is shared with the next organisation (when there is one). */
const SHARED_RESIDUE = 7;

export interface OrganisationsDataOptions {
  organisations: number;
  offers: number;
  /** The post offer `index` shows (itself, or the earlier offer it republishes). */
  postOf: (index: number) => number;
}

export class OrganisationsData {
  readonly organisations: readonly SyntheticOrganisation[];
  readonly offers: number;
  /** Per organisation, the offer indexes its search lists, newest first. */
  readonly listed: readonly (readonly number[])[];
  private readonly named: readonly (readonly number[])[];

  constructor({ organisations: k, offers, postOf }: OrganisationsDataOptions) {
    if (!Number.isInteger(k) || k < 1) throw new Error(`organisations: a positive integer is needed, got ${k}`);
    const digits = Math.max(2, String(k).length);
    this.organisations = Array.from({ length: k }, (_, i) => {
      const n = String(i + 1).padStart(digits, '0');
      return { id: `test-${n}`, name: `DTEST${n}`, fullName: `Direction de test ${n}`, searchTerm: `DTEST${n}` };
    });
    this.offers = offers;
    const named: number[][] = [];
    const listed: number[][] = this.organisations.map(() => []);
    for (let index = 0; index < offers; index++) {
      const post = postOf(index);
      const owner = post % k;
      const orgs = k > 1 && post % CARDS_PER_PAGE === SHARED_RESIDUE ? [owner, (owner + 1) % k] : [owner];
      named.push(orgs);
      for (const o of orgs) listed[o]!.push(index);
    }
    const idle = listed.findIndex((offers) => offers.length === 0);
    if (idle >= 0)
      throw new Error(
        `${offers} offers leave ${this.organisations[idle]!.name} without any: give more offers than organisations`,
      );
    this.named = named;
    this.listed = listed;
  }

  /** The organisations offer `index` names: its owner, then the one it is shared with. */
  organisationsOf(index: number): SyntheticOrganisation[] {
    return this.named[index]!.map((o) => this.organisations[o]!);
  }

  /** Offers named by two organisations. */
  get shared(): number {
    return this.named.filter((orgs) => orgs.length > 1).length;
  }

  /** Results pages of organisation `o`'s search. */
  pagesOf(o: number): number {
    return Math.ceil(this.listed[o]!.length / CARDS_PER_PAGE);
  }

  /** The pages a crawl of every organisation's search needs: robots.txt, each results page, each offer page once. */
  get distinctPages(): number {
    const results = this.organisations.reduce((sum, _, o) => sum + this.pagesOf(o), 0);
    return 1 + results + this.offers;
  }

  /**
   * A configuration for `openings scrape --source csp` against the portal at `baseUrl`: the K
   * organisations with their own search, the other sources off, pacing off, a page cap above the
   * longest search.
   */
  config(baseUrl: string): Record<string, unknown> {
    const maxPages = Math.max(...this.organisations.map((_, o) => this.pagesOf(o))) + 1;
    return {
      organisations: Object.fromEntries(
        this.organisations.map((o) => [
          o.id,
          {
            name: o.name,
            of: `de la ${o.fullName}`,
            match: [o.name, o.fullName],
            csp: { searchTerms: [o.searchTerm] },
          },
        ]),
      ),
      sources: {
        csp: { enabled: true, baseUrl, maxPages },
        passerelles: { enabled: false },
        pass: { enabled: false },
        peren: { enabled: false },
      },
      http: { minIntervalMs: 0 },
    };
  }
}
