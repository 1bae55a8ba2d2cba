/** Notifications in French: subjects that say what happened, text and HTML with every link, scraped text escaped. */
import { describe, expect, it } from 'vitest';
import type { Notification, OpeningSnapshot, SourceSnapshot } from '../../src/notify/notification.ts';
import { renderMessage } from '../../src/notify/render.ts';

const opening: OpeningSnapshot = {
  uid: 'u-1',
  title: 'Juriste <b>numérique</b> & données',
  employer: 'PEReN',
  location: 'Paris',
  contractType: 'CDD',
  deadline: '2027-01-15T00:00:00+01:00',
  status: 'open',
  pageUrl: 'https://offres.example.org/offres/u-1',
  links: [
    {
      source: 'passerelles',
      label: 'Passerelles (réf. 2026-1)',
      url: 'https://passerelles.economie.gouv.fr/offre-de-emploi/emploi-juriste_1.aspx',
    },
    { source: 'csp', label: 'Choisir le service public', url: 'javascript:alert(1)' },
  ],
};
const source: SourceSnapshot = {
  id: 'csp',
  label: 'Choisir le service public',
  reason: 'HTTP 503 on /offres',
  unhealthyRuns: 3,
  lastHealthyAt: '2026-12-01T07:00:00Z',
  staleAfterHours: 6,
};
const at = '2026-12-01T10:00:00Z';

const cases: [Notification, string, RegExp][] = [
  [
    { kind: 'new', at, opening },
    'Nouvelle offre : Juriste <b>numérique</b> & données',
    /Une nouvelle offre est publiée/,
  ],
  [
    {
      kind: 'closed',
      at,
      opening: { ...opening, status: 'closed' },
      closeReasons: ['deadline'],
      shortLived: true,
      manualNote: null,
    },
    'Offre fermée : Juriste <b>numérique</b> & données',
    /motif : date limite passée\)\.\nFermée moins d’un mois après sa publication : à vérifier\./,
  ],
  [
    { kind: 'closed', at, opening, closeReasons: ['manual'], shortLived: false, manualNote: 'poste pourvu' },
    'Offre fermée : Juriste <b>numérique</b> & données',
    /Fermée à la main : poste pourvu/,
  ],
  [
    { kind: 'reopened', at, opening, manual: false },
    'Offre rouverte : Juriste <b>numérique</b> & données',
    /est de nouveau publiée/,
  ],
  [
    { kind: 'deadline-changed', at, opening, from: '2027-01-15T00:00:00+01:00', to: '2027-02-01T00:00:00+01:00' },
    'Date limite modifiée : Juriste <b>numérique</b> & données',
    /passe du 15\/01\/2027 au 01\/02\/2027/,
  ],
  [
    { kind: 'source-failing', at, source },
    'Source en échec : Choisir le service public',
    /Les 3 derniers relevés de Choisir le service public ont échoué[\s\S]*Dernière raison : HTTP 503 on \/offres\nDernier relevé sain : 01\/12\/2026 08:00/,
  ],
  [{ kind: 'source-stale', at, source }, 'Source en retard : Choisir le service public', /depuis plus de 6 h/],
  [
    { kind: 'source-recovered', at, source },
    'Source rétablie : Choisir le service public',
    /de nouveau relevée normalement/,
  ],
  [
    {
      kind: 'hiring-page-error',
      at,
      message:
        'La tuile « Juriste » renvoie vers une offre fermée sur tous les portails : elle est à retirer de la page.',
      evidence: 'vue sur Passerelles le 01/11/2026',
      tile: { title: 'Juriste', url: 'https://peren.gouv.fr/recrutement/' },
      opening,
    },
    'Page recrutement : une tuile renvoie vers une offre fermée',
    /elle est à retirer de la page\.\nvue sur Passerelles le 01\/11\/2026/,
  ],
];

describe('rendering notifications', () => {
  for (const [n, subject, body] of cases) {
    it(`${n.kind}: ${subject}`, () => {
      const m = renderMessage([n], 'PEReN');
      expect(m.subject).toBe(subject);
      expect(m.text).toMatch(body);
      expect(m.text).toMatch(/Envoyé par peren-openings, la veille des offres du PEReN\.\n$/);
    });
  }

  it('links to every portal and to the page in both parts; scraped text is escaped and a non-http link is not a link', () => {
    const m = renderMessage([{ kind: 'new', at, opening }], 'PEReN');
    expect(m.text).toContain(
      '- Passerelles (réf. 2026-1) : https://passerelles.economie.gouv.fr/offre-de-emploi/emploi-juriste_1.aspx',
    );
    expect(m.text).toContain('Sa page sur le tableau de bord de l’équipe : https://offres.example.org/offres/u-1');
    expect(m.html).toContain(
      '<a href="https://passerelles.economie.gouv.fr/offre-de-emploi/emploi-juriste_1.aspx">Passerelles (réf. 2026-1)</a>',
    );
    expect(m.html).toContain('<a href="https://offres.example.org/offres/u-1">');
    expect(m.html).toContain('Juriste &lt;b&gt;numérique&lt;/b&gt; &amp; données');
    expect(m.html).not.toContain('<b>numérique');
    expect(m.html).not.toContain('href="javascript:');
    expect(m.html).toMatch(/^<!doctype html>\n<html lang="fr">/);
    expect(m.chat.htmlFragment).not.toContain('<html');
  });

  it('a digest says how many of each in its subject and carries every notification', () => {
    const m = renderMessage(
      [
        { kind: 'new', at, opening },
        { kind: 'new', at, opening: { ...opening, title: 'Autre' } },
        { kind: 'closed', at, opening, closeReasons: ['gone'], shortLived: false, manualNote: null },
      ],
      'PEReN',
    );
    expect(m.subject).toBe('Offres du PEReN : 2 nouvelles offres, 1 offre fermée');
    expect(m.text.match(/^Nouvelle offre : /gm)).toHaveLength(2);
    expect(m.text).toMatch(/^Offre fermée : /m);
  });
});
