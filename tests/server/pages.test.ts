/**
 * The dashboard and the opening page rendered from a database built through the real lifecycle:
 * one opening open with a close deadline and a field change, one missing, one closed, a failing
 * source, and an offer title holding a script.
 */
import * as cheerio from 'cheerio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/database.ts';
import { failedRun, healthyRun, memoryDb, posting } from '../../scripts/synthetic-store.ts';
import { parseConfig } from '../../src/config.ts';
import { allOpeningViews } from '../../src/read-model/openings.ts';
import { createApp } from '../../src/server/app.ts';

const XSS_TITLE = '<script>window.__xss=1</script>Titre';
const T0 = '2026-11-20T08:00:00.000Z';
const T1 = '2026-11-21T08:00:00.000Z';
const T2 = '2026-11-22T08:00:00.000Z';
const NOW = new Date('2026-11-22T10:00:00.000Z');

const scientist = posting('passerelles', '5372', {
  title: XSS_TITLE,
  reference: '2021-5372',
  employer: 'Pôle d’Expertise de la Régulation Numérique (PEReN)',
  location: '139 rue de Bercy 75012 Paris',
  contractType: 'CDD de droit public',
  publishedAt: '2026-11-02T09:58:40+01:00',
  deadline: '2026-11-30T00:00:00+01:00',
  descriptionHtml: '<p>Analyses de données des plateformes.</p>',
  descriptionText: 'Analyses de données des plateformes.',
});
/** Seen again at T1 with a nearer deadline, a new description and an onclick-laden description that sanitising must strip. */
const scientistChanged = {
  ...scientist,
  deadline: '2026-11-25T00:00:00+01:00',
  descriptionHtml: '<p onclick="alert(1)">Analyses de données et audits d’algorithmes.</p><script>alert(2)</script>',
  descriptionText: 'Analyses de données et audits d’algorithmes.',
};
const frontEnd = posting('passerelles', '4165', {
  title: 'Développeur front-end - SEN PEReN 155 H/F',
  location: 'Lyon',
  publishedAt: '2026-11-10T00:00:00+01:00',
});
const jurist = posting('passerelles', '6001', {
  title: 'Juriste spécialisé(e) en régulation numérique (H/F)',
  location: 'Marseille',
  publishedAt: '2026-11-12T00:00:00+01:00',
});

let db: Db;
let app: ReturnType<typeof createApp>;
const uidOf = (sourceId: string) =>
  allOpeningViews(db).find((o) => o.postings.some((m) => m.stored.posting.sourceId === sourceId))!.uid;

async function page(path: string): Promise<{ status: number; headers: Headers; body: string; $: cheerio.CheerioAPI }> {
  const response = await app.request(path);
  const body = await response.text();
  return { status: response.status, headers: response.headers, body, $: cheerio.load(body) };
}

beforeAll(() => {
  db = memoryDb();
  // Front-end disappears at T1 and T2 (closed after 2 healthy runs); the jurist only at T2 (missing).
  healthyRun(db, 'passerelles', T0, [scientist, frontEnd, jurist]);
  healthyRun(db, 'passerelles', T1, [scientistChanged, jurist]);
  healthyRun(db, 'passerelles', T2, [scientistChanged]);
  failedRun(db, 'csp', '2026-11-22T09:00:00.000Z', 'https://choisirleservicepublic.gouv.fr/nos-offres/', 'HTTP 503');
  const config = parseConfig({
    sources: { pass: { enabled: false }, peren: { enabled: false } },
    server: { publicUrl: 'https://offres.example.fr' },
  });
  app = createApp({ db, config, publicUrl: config.server.publicUrl, now: () => NOW });
});
afterAll(() => db.close());

describe('GET /', () => {
  it('is French HTML with landmarks, one h1, labelled filters and a strict CSP', async () => {
    const { status, headers, $ } = await page('/');
    expect(status).toBe(200);
    expect(headers.get('Content-Type')).toBe('text/html; charset=utf-8');
    expect(headers.get('Content-Security-Policy')).toContain("default-src 'none'");
    expect($('html').attr('lang')).toBe('fr');
    expect($('header').length).toBe(1);
    expect($('nav[aria-label]').length).toBe(1);
    expect($('main#contenu').length).toBe(1);
    expect($('footer').length).toBe(1);
    expect($('h1').length).toBe(1);
    expect(
      $('h2')
        .map((_, h) => $(h).text())
        .get(),
    ).toEqual([
      'État des sources',
      'Offres',
      'Page recrutement et portails',
      'L’année en images',
      'Derniers évènements',
    ]);
    for (const id of ['filtre-statut', 'filtre-source']) expect($(`label[for="${id}"]`).length).toBe(1);
    expect($('script').length).toBe(0);
  });

  it('shows each enabled source with its verdict, last healthy run, last failure and counts', async () => {
    const { $ } = await page('/');
    const card = (source: string) => $(`li.card[data-source="${source}"]`);
    expect(
      $('li.card')
        .map((_, c) => $(c).attr('data-source'))
        .get(),
    ).toEqual(['passerelles', 'csp']);
    expect(card('passerelles').find('h3 .badge').text()).toBe('ok');
    expect(card('passerelles').text()).toContain('1 ouverte, 1 absente du dernier relevé, 1 fermée');
    expect(card('passerelles').find('time').first().attr('datetime')).toBe(T2);
    expect(card('passerelles').find('time').first().text()).toBe('il y a 2 h');
    expect(card('csp').find('h3 .badge').text()).toBe('en échec');
    expect(card('csp').find('.reason').text()).toBe(
      'impossible de récupérer https://choisirleservicepublic.gouv.fr/nos-offres/ : HTTP 503',
    );
    expect(card('csp').text()).toContain('il y a 1 h');
  });

  it('lists every opening with status, escaped title linking to its page, deadline badge, portal links and freshness', async () => {
    const { $, body } = await page('/');
    const rows = $('table.openings tbody tr');
    expect(rows.map((_, r) => $(r).attr('data-status')).get()).toEqual(['open', 'missing', 'closed']);
    const open = rows.first();
    expect(open.find('td[data-label="Statut"]').text()).toBe('ouverte');
    expect(open.find('td[data-label="Intitulé"] a').text()).toBe(XSS_TITLE);
    expect(open.find('td[data-label="Intitulé"] a').attr('href')).toBe(`/offres/${uidOf('5372')}`);
    expect(open.find('td[data-label="Date limite"]').text()).toBe('25/11/2026 dans 3 j');
    expect(open.find('td[data-label="Publiée"]').text()).toBe('il y a 20 j');
    expect(open.find('td[data-label="Portails"] a').attr('href')).toBe('https://example.gouv.fr/passerelles/5372');
    expect(open.find('td[data-label="Fraîcheur"]').text()).toBe('vue il y a 2 h');
    expect($(rows[1]).find('td[data-label="Statut"]').text()).toBe('absente du dernier relevé');
    expect($(rows[2]).find('td[data-label="Statut"]').text()).toBe('fermée');
    expect($(rows[2]).find('td[data-label="Fraîcheur"] .badge').attr('class')).toBe('badge badge-neutral');
    expect(body).toContain('&lt;script&gt;window.__xss=1&lt;/script&gt;Titre');
    expect(body).not.toContain('<script>window.__xss');
  });

  it('filters by status and by portal with plain query parameters, keeping the choice selected', async () => {
    const closed = await page('/?status=closed');
    expect(
      closed
        .$('table.openings tbody tr')
        .map((_, r) => closed.$(r).find('td[data-label="Intitulé"]').text())
        .get(),
    ).toEqual(['Développeur front-end - SEN PEReN 155 H/F']);
    expect(closed.$('#filtre-statut option[selected]').attr('value')).toBe('closed');
    expect(closed.$('p[role="status"]').text()).toBe('1 offre affichée avec ces filtres.');

    const missing = await page('/?status=missing&source=passerelles');
    expect(missing.$('table.openings tbody tr').length).toBe(1);
    expect(missing.$('#filtre-source option[selected]').attr('value')).toBe('passerelles');

    const csp = await page('/?source=csp');
    expect(csp.$('table.openings').length).toBe(0);
    expect(csp.body).toContain('Aucune offre ne correspond à ces filtres.');

    const bogus = await page('/?status=%3Cb%3E&source=nowhere');
    expect(bogus.$('table.openings tbody tr').length).toBe(3);
    expect(bogus.$('#filtre-statut option[selected]').attr('value')).toBe('');
  });

  it('tells that the hiring page was never read', async () => {
    const { $ } = await page('/');
    expect($('section[aria-labelledby="rapprochement-titre"] p').first().text()).toBe(
      'La page recrutement n’a pas encore été relevée.',
    );
  });

  it('lists recent events newest first, field changes in French and closes with their reason', async () => {
    const { $ } = await page('/');
    const events = $('ul.events > li')
      .map((_, li) => `${$(li).find('.badge').text()} | ${$(li).find('a').text()} | ${$(li).find('.muted').text()}`)
      .get();
    expect(events).toEqual([
      'fermée | Développeur front-end - SEN PEReN 155 H/F | Motif : retirée du portail. Fermée moins d’un mois après sa publication : à vérifier.',
      `modifiée | ${XSS_TITLE} | Champs modifiés sur Passerelles : date limite de candidature, description.`,
      'nouvelle | Juriste spécialisé(e) en régulation numérique (H/F) | Publiée sur Passerelles.',
      'nouvelle | Développeur front-end - SEN PEReN 155 H/F | Publiée sur Passerelles.',
      `nouvelle | ${XSS_TITLE} | Publiée sur Passerelles.`,
    ]);
  });
});

describe('GET /offres/:uid', () => {
  it('shows the fields, the escaped title and the sanitised description', async () => {
    const { status, $, body } = await page(`/offres/${uidOf('5372')}`);
    expect(status).toBe(200);
    expect($('h1').text()).toBe(XSS_TITLE);
    expect($('title').text()).toBe(`${XSS_TITLE} — offres du PEReN`);
    const field = (label: string) =>
      $('dt')
        .filter((_, dt) => $(dt).text() === label)
        .next('dd')
        .text();
    expect(field('Employeur')).toBe('Pôle d’Expertise de la Régulation Numérique (PEReN)');
    expect(field('Type de contrat')).toBe('CDD de droit public');
    expect(field('Date limite de candidature')).toBe('25/11/2026 dans 3 j');
    expect(field('Première publication')).toBe('02/11/2026');
    expect($('.description').html()).toBe('<p>Analyses de données et audits d’algorithmes.</p>');
    expect(body).not.toContain('alert(');
  });

  it('lists every portal posting with its state and first/last seen', async () => {
    const { $ } = await page(`/offres/${uidOf('4165')}`);
    const row = $('table.postings tbody tr');
    expect(row.length).toBe(1);
    expect(row.find('td[data-label="Portail"] a').attr('href')).toBe('https://example.gouv.fr/passerelles/4165');
    expect(row.find('td[data-label="État"] .badge').first().text()).toBe('fermée');
    expect(row.find('td[data-label="État"]').text()).toContain('il y a 2 h : retirée du portail');
    expect(row.find('td[data-label="Repérée"] time').attr('datetime')).toBe(T0);
    expect(row.find('td[data-label="Vue"]').text()).toBe('vue il y a 2 j');
    expect(row.find('td[data-label="Rattachement"]').text()).toBe('première annonce du poste');
  });

  it('shows the posting history with old → new values and descriptions as "description modifiée"', async () => {
    const { $ } = await page(`/offres/${uidOf('5372')}`);
    const rows = $('table.history tbody tr');
    expect(rows.map((_, r) => $(r).find('td[data-label="Évènement"]').text()).get()).toEqual(['nouvelle', 'modifiée']);
    expect(
      $(rows[1])
        .find('li')
        .map((_, li) => $(li).text())
        .get(),
    ).toEqual(['date limite de candidature : 30/11/2026 → 25/11/2026', 'description modifiée']);
    expect($(rows[1]).find('del').text()).toBe('30/11/2026');
    expect($(rows[1]).find('ins').text()).toBe('25/11/2026');

    const gone = await page(`/offres/${uidOf('4165')}`);
    const goneRows = gone.$('table.history tbody tr');
    const cells = (label: string) => goneRows.map((_, r) => gone.$(r).find(`td[data-label="${label}"]`).text()).get();
    expect(cells('Évènement')).toEqual(['nouvelle', 'absente du relevé', 'fermée', 'fermée']);
    expect(cells('Portail')).toEqual(['Passerelles', 'Passerelles', 'Passerelles', 'toutes les annonces']);
    expect(cells('Détail')).toEqual([
      '',
      'Absente du relevé (1/2).',
      "Absente de 2 relevés sains depuis 24 h ; fermée moins d'un mois après publication, à vérifier.",
      'Motif : retirée du portail. Fermée moins d’un mois après sa publication : à vérifier.',
    ]);
  });

  it('carries a JobPosting JSON-LD block that parses and keeps the script text inert', async () => {
    const { $, body } = await page(`/offres/${uidOf('5372')}`);
    const blocks = $('script[type="application/ld+json"]');
    expect(blocks.length).toBe(1);
    const raw = blocks.html()!;
    expect(raw).toContain('\\u003cscript\\u003ewindow.__xss=1\\u003c/script\\u003eTitre');
    expect(body.match(/<\/script>/g)).toHaveLength(1);
    expect(JSON.parse(raw)).toEqual({
      '@context': 'https://schema.org',
      '@type': 'JobPosting',
      title: XSS_TITLE,
      description: '<p>Analyses de données et audits d’algorithmes.</p>',
      datePosted: '2026-11-02T09:58:40+01:00',
      validThrough: '2026-11-25T00:00:00+01:00',
      employmentType: 'CDD de droit public',
      hiringOrganization: { '@type': 'Organization', name: 'Pôle d’Expertise de la Régulation Numérique (PEReN)' },
      jobLocation: {
        '@type': 'Place',
        address: { '@type': 'PostalAddress', addressLocality: '139 rue de Bercy 75012 Paris', addressCountry: 'FR' },
      },
      identifier: {
        '@type': 'PropertyValue',
        name: 'PEReN',
        value: `tag:peren-openings,2026:opening:${uidOf('5372')}`,
      },
      url: `https://offres.example.fr/offres/${uidOf('5372')}`,
      sameAs: ['https://example.gouv.fr/passerelles/5372'],
    });
  });

  it('answers an unknown uid with a French 404 page', async () => {
    const { status, headers, $ } = await page('/offres/00000000-0000-0000-0000-000000000000');
    expect(status).toBe(404);
    expect(headers.get('Content-Type')).toBe('text/html; charset=utf-8');
    expect($('html').attr('lang')).toBe('fr');
    expect($('h1').text()).toBe('Page introuvable');
    expect($('main a[href="/"]').text()).toBe('Retour au tableau de bord');
  });
});
