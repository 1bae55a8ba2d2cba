import { describe, expect, it } from 'vitest';
import { assertValidFeedDocument, type FeedDocument, renderFeed } from '../../src/feeds/index.ts';
import { validateAtom, validateJsonFeed, validateRss } from '../support/feed-validation.ts';
import { sampleFeedDocument } from './sample-feed-document.ts';

const IDS_NEWEST_FIRST = [
  'tag:openings.example.org,2026:opening/2',
  'tag:openings.example.org,2026:opening/1',
  'tag:openings.example.org,2026:opening/3',
];

const EXPECTED_ATOM = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr">
  <id>tag:openings.example.org,2026:feed</id>
  <title>Offres d’emploi du PEReN</title>
  <subtitle>Les offres du Pôle d’expertise de la régulation numérique, tous portails confondus</subtitle>
  <updated>2026-09-30T15:04:39+02:00</updated>
  <author>
    <name>Veille des offres du PEReN</name>
    <uri>https://openings.example.org/</uri>
  </author>
  <link rel="self" type="application/atom+xml" href="https://openings.example.org/feed.atom"/>
  <link rel="alternate" type="text/html" href="https://openings.example.org/"/>
  <entry>
    <id>tag:openings.example.org,2026:opening/2</id>
    <title>Data-scientist &lt;script&gt;alert("x")&lt;/script&gt; &amp; "R&amp;D" – été 🚀</title>
    <link rel="alternate" href="https://choisirleservicepublic.gouv.fr/offre-emploi/2026-2357158/?from=a&amp;b=c"/>
    <published>2026-09-30T10:00:00+02:00</published>
    <updated>2026-09-30T15:04:39+02:00</updated>
    <category term="Stage &amp; alternance"/>
    <summary>Ligne 1 &lt; 2 &amp; "citée"
Ligne 2 😀</summary>
    <content type="html">&lt;p&gt;Ligne 1 &amp;lt; 2 &amp;amp; &amp;quot;citée&amp;quot;&lt;/p&gt;
&lt;p&gt;Ligne 2 😀&lt;/p&gt;</content>
  </entry>
  <entry>
    <id>tag:openings.example.org,2026:opening/1</id>
    <title>Chef de projet « IA » &amp; données</title>
    <link rel="alternate" href="https://passerelles.economie.gouv.fr/offre-de-emploi/emploi-sen-peren-156_5372.aspx"/>
    <link rel="related" href="https://choisirleservicepublic.gouv.fr/offre-emploi/MEF_2026-32366/" title="Choisir le service public"/>
    <published>2026-09-01T10:00:00+02:00</published>
    <updated>2026-09-10T09:30:00+02:00</updated>
    <author>
      <name>Pôle d'Expertise de la Régulation Numérique (PEReN)</name>
    </author>
    <category term="CDD"/>
    <category term="Catégorie A"/>
    <content type="html">&lt;p&gt;Missions : &lt;strong&gt;auditer&lt;/strong&gt; les algorithmes&lt;/p&gt;
&lt;p&gt;Autres annonces :&lt;/p&gt;
&lt;ul&gt;&lt;li&gt;&lt;a href="https://choisirleservicepublic.gouv.fr/offre-emploi/MEF_2026-32366/"&gt;Choisir le service public&lt;/a&gt;&lt;/li&gt;&lt;/ul&gt;</content>
  </entry>
  <entry>
    <id>tag:openings.example.org,2026:opening/3</id>
    <title>Juriste</title>
    <link rel="alternate" href="https://www.pass.fonction-publique.gouv.fr/offre/juriste-peren"/>
    <published>2026-01-15T09:00:00+01:00</published>
    <updated>2026-01-15T09:00:00+01:00</updated>
    <author>
      <name>DGE</name>
    </author>
    <content type="html">&lt;p&gt;Juriste&lt;/p&gt;</content>
  </entry>
</feed>
`;

function emptyFeed(): FeedDocument {
  return { ...sampleFeedDocument(), items: [], updatedAt: '2026-10-01T08:00:00+02:00' };
}

describe('renderFeed', () => {
  it('answers each format with its media type', () => {
    const doc = sampleFeedDocument();
    expect(renderFeed(doc, 'rss').contentType).toBe('application/rss+xml; charset=utf-8');
    expect(renderFeed(doc, 'atom').contentType).toBe('application/atom+xml; charset=utf-8');
    expect(renderFeed(doc, 'json').contentType).toBe('application/feed+json; charset=utf-8');
  });

  it('does not depend on the order the items come in', () => {
    const doc = sampleFeedDocument();
    const reversed = { ...doc, items: [...doc.items].reverse() };
    for (const format of ['rss', 'atom', 'json'] as const) {
      expect(renderFeed(reversed, format).body).toBe(renderFeed(doc, format).body);
    }
  });
});

describe('Atom', () => {
  it('renders the exact document: escaped text, Paris dates, newest first, other portals listed in French', () => {
    expect(renderFeed(sampleFeedDocument(), 'atom').body).toBe(EXPECTED_ATOM);
  });

  it('passes validation, with and without entries', () => {
    validateAtom(renderFeed(sampleFeedDocument(), 'atom').body);
    validateAtom(renderFeed(emptyFeed(), 'atom').body);
  });
});

describe('RSS 2.0', () => {
  const rss = renderFeed(sampleFeedDocument(), 'rss').body;

  it('declares the namespaces it uses and a self link', () => {
    expect(rss).toContain(
      '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/">',
    );
    expect(rss).toContain(
      '<atom:link href="https://openings.example.org/feed.rss" rel="self" type="application/rss+xml"/>',
    );
    expect(rss).toContain('<language>fr</language>');
  });

  it('takes lastBuildDate from the data and writes RFC 822 dates in Paris time', () => {
    expect(rss).toContain('<lastBuildDate>Wed, 30 Sep 2026 15:04:39 +0200</lastBuildDate>');
    expect(rss).toContain('<pubDate>Wed, 30 Sep 2026 10:00:00 +0200</pubDate>');
    expect(rss).toContain('<pubDate>Thu, 15 Jan 2026 09:00:00 +0100</pubDate>');
    expect(rss).toContain('<dcterms:modified>2026-09-10T09:30:00+02:00</dcterms:modified>');
  });

  it('keeps hostile strings as text and drops control characters', () => {
    expect(rss).toContain(
      '<title>Data-scientist &lt;script&gt;alert("x")&lt;/script&gt; &amp; "R&amp;D" – été 🚀</title>',
    );
    expect(rss).toContain(
      '<link>https://choisirleservicepublic.gouv.fr/offre-emploi/2026-2357158/?from=a&amp;b=c</link>',
    );
    expect(rss).not.toContain('\u0007');
    expect(rss).not.toContain('<script');
  });

  it('uses non-permalink guids in newest-first order, the employer as dc:creator and no <author>', () => {
    const guids = [...rss.matchAll(/<guid isPermaLink="false">([^<]+)<\/guid>/g)].map((m) => m[1]);
    expect(guids).toEqual(IDS_NEWEST_FIRST);
    expect(rss).toContain("<dc:creator>Pôle d'Expertise de la Régulation Numérique (PEReN)</dc:creator>");
    expect(rss).not.toContain('<author>');
  });

  it('sanitises the description and lists the other portals', () => {
    expect(rss).toContain(
      '<description>&lt;p&gt;Missions : &lt;strong&gt;auditer&lt;/strong&gt; les algorithmes&lt;/p&gt;\n' +
        '&lt;p&gt;Autres annonces :&lt;/p&gt;\n' +
        '&lt;ul&gt;&lt;li&gt;&lt;a href="https://choisirleservicepublic.gouv.fr/offre-emploi/MEF_2026-32366/"&gt;Choisir le service public&lt;/a&gt;&lt;/li&gt;&lt;/ul&gt;</description>',
    );
  });

  it('passes validation, with and without items', () => {
    validateRss(rss);
    validateRss(renderFeed(emptyFeed(), 'rss').body);
  });
});

describe('JSON Feed 1.1', () => {
  const feed = JSON.parse(renderFeed(sampleFeedDocument(), 'json').body) as Record<string, unknown> & {
    items: unknown[];
  };

  it('renders the feed header', () => {
    const { items, ...header } = feed;
    expect(header).toEqual({
      version: 'https://jsonfeed.org/version/1.1',
      title: 'Offres d’emploi du PEReN',
      home_page_url: 'https://openings.example.org/',
      feed_url: 'https://openings.example.org/feed.json',
      description: 'Les offres du Pôle d’expertise de la régulation numérique, tous portails confondus',
      language: 'fr',
      authors: [{ name: 'Veille des offres du PEReN', url: 'https://openings.example.org/' }],
    });
    expect(items.map((item) => (item as { id: string }).id)).toEqual(IDS_NEWEST_FIRST);
  });

  it('renders items with authors, tags and the _peren extension', () => {
    expect(feed.items[0]).toEqual({
      id: 'tag:openings.example.org,2026:opening/2',
      url: 'https://choisirleservicepublic.gouv.fr/offre-emploi/2026-2357158/?from=a&b=c',
      title: 'Data-scientist <script>alert("x")</script> & "R&D" – été 🚀',
      content_html: '<p>Ligne 1 &lt; 2 &amp; &quot;citée&quot;</p>\n<p>Ligne 2 😀</p>',
      summary: 'Ligne 1 < 2 & "citée"\nLigne 2 😀',
      date_published: '2026-09-30T10:00:00+02:00',
      date_modified: '2026-09-30T15:04:39+02:00',
      tags: ['Stage & alternance'],
    });
    expect(feed.items[1]).toEqual({
      id: 'tag:openings.example.org,2026:opening/1',
      url: 'https://passerelles.economie.gouv.fr/offre-de-emploi/emploi-sen-peren-156_5372.aspx',
      title: 'Chef de projet « IA » & données',
      content_html:
        '<p>Missions : <strong>auditer</strong> les algorithmes</p>\n<p>Autres annonces :</p>\n' +
        '<ul><li><a href="https://choisirleservicepublic.gouv.fr/offre-emploi/MEF_2026-32366/">Choisir le service public</a></li></ul>',
      date_published: '2026-09-01T10:00:00+02:00',
      date_modified: '2026-09-10T09:30:00+02:00',
      authors: [{ name: "Pôle d'Expertise de la Régulation Numérique (PEReN)" }],
      tags: ['CDD', 'Catégorie A'],
      _peren: { status: 'ouverte', deadline: '2026-10-15T23:59:00+02:00', portals: ['passerelles', 'csp'] },
    });
  });

  it('passes validation, with and without items', () => {
    validateJsonFeed(renderFeed(sampleFeedDocument(), 'json').body);
    validateJsonFeed(renderFeed(emptyFeed(), 'json').body);
  });
});

describe('assertValidFeedDocument', () => {
  const withFirstItem = (change: Partial<FeedDocument['items'][number]>): FeedDocument => {
    const doc = sampleFeedDocument();
    return { ...doc, items: [{ ...doc.items[0]!, ...change }, ...doc.items.slice(1)] };
  };

  it('accepts the sample', () => {
    expect(() => assertValidFeedDocument(sampleFeedDocument())).not.toThrow();
  });

  it('refuses a portal URL as id and duplicate ids', () => {
    expect(() =>
      assertValidFeedDocument(withFirstItem({ id: 'https://passerelles.economie.gouv.fr/x_1.aspx' })),
    ).toThrow(
      'item id: "https://passerelles.economie.gouv.fr/x_1.aspx" is not a tag URI (tag:authority,date:specific)',
    );
    expect(() => assertValidFeedDocument(withFirstItem({ id: 'tag:openings.example.org,2026:opening/2' }))).toThrow(
      'item tag:openings.example.org,2026:opening/2: duplicate id',
    );
  });

  it('refuses dates without an offset and a feed date that is not the newest item date', () => {
    expect(() => assertValidFeedDocument(withFirstItem({ publishedAt: '2026-09-01' }))).toThrow(
      'item tag:openings.example.org,2026:opening/1 publishedAt: "2026-09-01" is not an ISO 8601 date with an offset',
    );
    expect(() => assertValidFeedDocument({ ...sampleFeedDocument(), updatedAt: '2026-10-01T00:00:00+02:00' })).toThrow(
      'feed updatedAt 2026-10-01T00:00:00+02:00 is not the newest item updatedAt',
    );
  });

  it('refuses relative links and empty titles', () => {
    expect(() => assertValidFeedDocument(withFirstItem({ url: '/offre/1' }))).toThrow(
      'item tag:openings.example.org,2026:opening/1 url: "/offre/1" is not an absolute http(s) URL',
    );
    expect(() => assertValidFeedDocument(withFirstItem({ title: ' \u0001 ' }))).toThrow(
      'item tag:openings.example.org,2026:opening/1 title is empty',
    );
  });

  it('is enforced by every renderer', () => {
    for (const format of ['rss', 'atom', 'json'] as const) {
      expect(() => renderFeed(withFirstItem({ updatedAt: 'hier' }), format)).toThrow(
        'is not an ISO 8601 date with an offset',
      );
    }
  });
});
