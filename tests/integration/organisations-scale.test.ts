/**
 * The correctness half of `npm run bench:organisations`, at a small size: three organisations
 * sharing 60 offers of the synthetic Choisir le service public (three of them shared by two), one
 * scrape through the real CLI. Each page the portal has for the union of the searches is fetched
 * once (an offer two searches list included), and each organisation holds exactly the offers its
 * search lists, in one opening per post. Timing and memory are the bench's, never a test's.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyntheticOrganisationsPortal } from '../../scripts/synthetic-portal/organisations-portal.ts';
import { runCli, workspace } from '../support/cli.ts';

const K = 3;
const N = 60;

interface Held {
  organisation: string;
  source_id: string;
  state: string;
}

describe('three organisations sharing a synthetic Choisir le service public, one crawl', () => {
  let portal: SyntheticOrganisationsPortal;
  let ws: ReturnType<typeof workspace>;

  beforeAll(async () => {
    // The captured page weight: what is tested is who holds what, not the cost.
    portal = await SyntheticOrganisationsPortal.start({ organisations: K, offers: N, seed: 5, listingBytes: 0 });
    ws = workspace(portal.data.config(portal.url));
  });
  afterAll(async () => portal.close());

  it('has offers of each organisation and some of two, each listed by the searches of the organisations it names', () => {
    expect(portal.data.shared).toBeGreaterThan(0);
    const listedBy = new Map<number, number>();
    for (const listed of portal.data.listed) for (const i of listed) listedBy.set(i, (listedBy.get(i) ?? 0) + 1);
    expect(listedBy.size).toBe(N);
    for (let i = 0; i < N; i++) {
      const names = portal.data.organisationsOf(i).map((o) => o.name);
      expect(listedBy.get(i), `offer ${i}`).toBe(names.length);
      const page = portal.offerPage(i);
      for (const name of names) expect(page, `offer ${i}`).toContain(name);
    }
  });

  it('fetches each page once and gives each organisation exactly its own offers', async () => {
    const run = await runCli([...ws.args, 'scrape', '--source', 'csp']);
    expect(run.code, run.stderr).toBe(0);

    const paths = portal.requests.map((r) => r.path);
    expect(
      paths.filter((path, i) => paths.indexOf(path) !== i),
      'pages fetched twice',
    ).toEqual([]);
    expect(paths).toHaveLength(portal.data.distinctPages);
    expect(portal.requests.every((r) => r.status === 200)).toBe(true);
    expect(portal.requests.filter((r) => r.kind === 'offer')).toHaveLength(N);

    const db = new Database(ws.dbPath, { readonly: true });
    try {
      const postings = db
        .prepare(`SELECT organisation, source_id, state FROM postings WHERE source = 'csp'`)
        .all() as Held[];
      const openings = db
        .prepare(`SELECT organisation, status, COUNT(*) AS n FROM openings GROUP BY organisation, status`)
        .all() as { organisation: string; status: string; n: number }[];
      expect(postings.every((p) => p.state === 'open')).toBe(true);
      for (const [o, organisation] of portal.data.organisations.entries()) {
        const expected = portal.expected(o);
        const own = postings.filter((p) => p.organisation === organisation.id).map((p) => p.source_id);
        expect(own.sort(), organisation.id).toEqual([...expected.references].sort());
        expect(
          openings.filter((r) => r.organisation === organisation.id),
          organisation.id,
        ).toEqual([{ organisation: organisation.id, status: 'open', n: expected.posts }]);
      }
      // A shared offer is held twice (once by each), nothing else is.
      expect(postings).toHaveLength(N + portal.data.shared);
    } finally {
      db.close();
    }
  });
});
