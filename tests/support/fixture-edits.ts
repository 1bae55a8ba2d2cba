/** Edits of fixture bodies that scenario tests serve as "the portal, later". */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readManifest } from '../../src/fixture-portal/manifest.ts';
import type { FixturePortals } from '../../src/fixture-portal/server.ts';
import { FIXTURE_PORTALS, HOSTILE_PORTALS } from './cli.ts';

export const fixtureBody = (portal: string, file: string) => readFileSync(join(FIXTURE_PORTALS, portal, file), 'utf8');

/** `dd/mm/yyyy`, `days` from now. */
export function frenchDateIn(days: number, from = new Date()): string {
  const d = new Date(from.getTime() + days * 86_400_000);
  return `${String(d.getUTCDate()).padStart(2, '0')}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${d.getUTCFullYear()}`;
}

/** Rewrites every application deadline a body states (CSP, Talentsoft page and RSS forms). */
export function withDeadline(body: string, date: string): string {
  return body
    .replace(/(Date limite de candidature\s*:\s*(?:&lt;\/b&gt;|<\/b>)?\s*)\d{2}\/\d{2}\/\d{4}/g, `$1${date}`)
    .replace(/(fldjobdescription_date2">)\d{2}\/\d{2}\/\d{4}/g, `$1${date}`);
}

/**
 * Serves every fixture offer with a deadline `days` ahead, so the scenario does not age with the
 * calendar: each file of each served portal's manifest that states a deadline (a new source's too).
 */
export function deadlinesAhead(portals: FixturePortals, days = 60): void {
  const date = frenchDateIn(days);
  for (const portal of Object.keys(portals.urls)) {
    const dir = join(FIXTURE_PORTALS, portal);
    if (!existsSync(join(dir, 'manifest.json'))) continue;
    for (const file of new Set(readManifest(dir).routes.map((route) => route.file))) {
      const body = fixtureBody(portal, file);
      const edited = withDeadline(body, date);
      if (edited !== body) portals.override(portal, file, edited);
    }
  }
}

/** A CSP results page without the card of one reference. */
export function withoutCspCard(html: string, reference: string): string {
  const at = html.indexOf(`reference-${reference}/`);
  if (at < 0) return html;
  const start = html.lastIndexOf('<li class="fr-col-12 item">', at);
  const next = html.indexOf('<li class="fr-col-12 item">', at);
  const end = next >= 0 ? next : html.indexOf('</ul>', at);
  return html.slice(0, start) + html.slice(end);
}

/** The application deadlines the fixture offers first carried (2021–2022 and autumn 2026), all past. */
const FIRST_WRITTEN_DEADLINES: Record<string, Record<string, string>> = {
  passerelles: {
    'offer-rss.xml': '31/01/2022',
    'offre-5372.html': '31/01/2022',
    'offre-5373.html': '31/01/2022',
    'offre-4165.html': '30/09/2021',
  },
  csp: {
    'offre-MEF_2026-41872.html': '15/11/2026',
    'offre-MEF_2026-41905.html': '31/10/2026',
    'offre-2026-2450117.html': '31/10/2026',
    'offre-MEF_2026-42011.html': '20/10/2026',
  },
};

/**
 * Serves the fixture offers with the past deadlines they were first written with, for scenarios
 * that need offers closed by their deadline whatever today's date (past dates stay past).
 */
export function deadlinesAsFirstWritten(portals: FixturePortals): void {
  for (const [portal, files] of Object.entries(FIRST_WRITTEN_DEADLINES)) {
    if (!portals.urls[portal]) continue;
    for (const [file, date] of Object.entries(files))
      portals.override(portal, file, withDeadline(fixtureBody(portal, file), date));
  }
}

/**
 * The same, on every route of a hostile portal. Bodies are edited as bytes (the deadlines are
 * ASCII), so a file in windows-1252 stays in windows-1252.
 */
export function hostileDeadlinesAhead(portals: FixturePortals, name: string, days = 60): void {
  const dir = join(HOSTILE_PORTALS, name);
  for (const { file } of readManifest(dir).routes) {
    const bytes = readFileSync(join(dir, file)).toString('latin1');
    portals.override(name, file, Buffer.from(withDeadline(bytes, frenchDateIn(days)), 'latin1'));
  }
}
