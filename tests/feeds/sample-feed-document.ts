/** A small fixed feed for the feed tests: three openings in mixed order, with hostile portal strings. */
import type { FeedDocument } from '../../src/feeds/index.ts';

/** Markup, ampersand, quotes, accents, emoji and a BEL control character, as a portal could send them. */
const HOSTILE_TITLE = 'Data-scientist <script>alert("x")</script> & "R&D" – été 🚀\u0007';

export function sampleFeedDocument(): FeedDocument {
  return {
    id: 'tag:openings.example.org,2026:feed',
    title: 'Offres d’emploi du PEReN',
    description: 'Les offres du Pôle d’expertise de la régulation numérique, tous portails confondus',
    language: 'fr',
    homePageUrl: 'https://openings.example.org/',
    feedUrls: {
      rss: 'https://openings.example.org/feed.rss',
      atom: 'https://openings.example.org/feed.atom',
      json: 'https://openings.example.org/feed.json',
    },
    author: { name: 'Veille des offres du PEReN', url: 'https://openings.example.org/' },
    updatedAt: '2026-09-30T15:04:39+02:00',
    nextUrls: null,
    items: [
      {
        id: 'tag:openings.example.org,2026:opening/1',
        title: 'Chef de projet « IA » & données',
        url: 'https://passerelles.economie.gouv.fr/offre-de-emploi/emploi-sen-peren-156_5372.aspx',
        contentHtml: '<p>Missions : <strong>auditer</strong> les algorithmes</p><script>alert(1)</script>',
        summary: null,
        publishedAt: '2026-09-01T10:00:00+02:00',
        updatedAt: '2026-09-10T09:30:00+02:00',
        authorName: "Pôle d'Expertise de la Régulation Numérique (PEReN)",
        categories: ['CDD', 'Catégorie A'],
        links: [
          {
            title: 'Passerelles',
            url: 'https://passerelles.economie.gouv.fr/offre-de-emploi/emploi-sen-peren-156_5372.aspx',
          },
          {
            title: 'Choisir le service public',
            url: 'https://choisirleservicepublic.gouv.fr/offre-emploi/MEF_2026-32366/',
          },
        ],
        extensions: { status: 'ouverte', deadline: '2026-10-15T23:59:00+02:00', portals: ['passerelles', 'csp'] },
      },
      {
        id: 'tag:openings.example.org,2026:opening/3',
        title: 'Juriste',
        url: 'https://www.pass.fonction-publique.gouv.fr/offre/juriste-peren',
        contentHtml: null,
        summary: null,
        publishedAt: '2026-01-15T09:00:00+01:00',
        updatedAt: '2026-01-15T09:00:00+01:00',
        authorName: 'DGE',
        categories: [],
        links: [],
      },
      {
        id: 'tag:openings.example.org,2026:opening/2',
        title: HOSTILE_TITLE,
        url: 'https://choisirleservicepublic.gouv.fr/offre-emploi/2026-2357158/?from=a&b=c',
        contentHtml: null,
        summary: 'Ligne 1 < 2 & "citée"\nLigne 2 😀',
        publishedAt: '2026-09-30T08:00:00Z',
        updatedAt: '2026-09-30T15:04:39+02:00',
        authorName: null,
        categories: ['Stage & alternance'],
        links: [],
      },
    ],
  };
}
