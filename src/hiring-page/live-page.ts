/**
 * The hiring page as the last scrape read it: its body and its parse result kept in the
 * conditional-GET cache (read here without touching the row, so the server stays a pure reader).
 * No extra request.
 */
import { gunzipSync } from 'node:zlib';
import type { Db } from '../../db/database.ts';
import { prepared } from '../../db/statements.ts';
import { openingsSection } from '../../scrapers/peren/openings-section.ts';
import { loadPageDocument } from '../../scrapers/peren/page-document.ts';
import { canonicalPage } from './page-readings.ts';

export interface LivePage {
  url: string;
  lang: 'fr' | 'en';
  text: string;
}

/** The page's language: its `<html lang>`, else `/en/` in its address, else its openings heading. */
function languageOf(text: string, url: string): 'fr' | 'en' {
  const doc = loadPageDocument(text);
  const declared = doc.$('html').attr('lang')?.trim().toLowerCase();
  if (declared?.startsWith('en')) return 'en';
  if (declared?.startsWith('fr')) return 'fr';
  if (/\/en\//.test(new URL(url).pathname)) return 'en';
  return openingsSection(doc)?.lang ?? 'fr';
}

/** Each configured hiring page the cache holds, with its language. */
export function livePages(db: Db, pages: readonly string[]): LivePage[] {
  const found: LivePage[] = [];
  for (const page of pages) {
    const url = canonicalPage(page);
    const row = prepared<[string], { body: Buffer }>(db, 'SELECT body FROM http_cache WHERE url = ?').get(url);
    // No body: a cache written before bodies were kept for the hiring page, or a page never fetched.
    if (!row || row.body.length === 0) continue;
    const text = gunzipSync(row.body)
      .toString('utf8')
      .replace(/^\uFEFF/, '');
    found.push({ url, lang: languageOf(text, url), text });
  }
  return found;
}
