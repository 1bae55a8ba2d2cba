/**
 * How the last scrape read each configured hiring page, from the parse result the conditional-GET
 * cache keeps: no HTML parser is loaded, so reconciling (and the notifications of a scrape, which
 * reconcile) do not bring cheerio into the main thread.
 */
import { gunzipSync } from 'node:zlib';
import type { Db } from '../../db/database.ts';
import { prepared } from '../../db/statements.ts';
import { PEREN_POLICY } from '../../scrapers/peren/site.ts';
import { canonicalUrl } from '../model/urls.ts';

/** A configured page as the `peren` source asks for it (and the cache keys it). */
export const canonicalPage = (page: string) => canonicalUrl(page, page, PEREN_POLICY) ?? page;

/** How the last scrape read each configured hiring page the cache holds: its parse result's variant. */
export function pageReadings(db: Db, pages: readonly string[]): { url: string; variant: string | null }[] {
  const statement = prepared<[string], { derived: Buffer | null }>(db, 'SELECT derived FROM http_cache WHERE url = ?');
  return pages.flatMap((page) => {
    const url = canonicalPage(page);
    const derived = statement.get(url)?.derived;
    if (!derived) return [];
    const { variant } = JSON.parse(gunzipSync(derived).toString('utf8')) as { variant?: string | null };
    return [{ url, variant: variant ?? null }];
  });
}
