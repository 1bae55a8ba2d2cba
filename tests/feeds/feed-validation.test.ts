/** The validators must fail on broken feeds, or the render tests prove nothing. */
import { describe, expect, it } from 'vitest';
import { renderFeed } from '../../src/feeds/index.ts';
import { validateAtom, validateJsonFeed, validateRss } from '../support/feed-validation.ts';
import { sampleFeedDocument } from './sample-feed-document.ts';

const atom = renderFeed(sampleFeedDocument(), 'atom').body;
const rss = renderFeed(sampleFeedDocument(), 'rss').body;
const json = renderFeed(sampleFeedDocument(), 'json').body;

function replaced(text: string, search: string, replacement: string): string {
  if (!text.includes(search)) throw new Error(`test setup: "${search}" not found`);
  return text.replace(search, replacement);
}

/** RFC 4287 §1.1, the specification's own minimal feed. */
const RFC_4287_EXAMPLE = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Example Feed</title>
  <link href="http://example.org/"/>
  <updated>2003-12-13T18:30:02Z</updated>
  <author>
    <name>John Doe</name>
  </author>
  <id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id>
  <entry>
    <title>Atom-Powered Robots Run Amok</title>
    <link href="http://example.org/2003/12/13/atom03"/>
    <id>urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a</id>
    <updated>2003-12-13T18:30:02Z</updated>
    <summary>Some text.</summary>
  </entry>
</feed>
`;

describe('Atom RELAX NG schema (libxml2)', () => {
  // The example has no <content>: only the schema, not our stricter checks, must accept it.
  const schemaProblems = (xml: string): string[] => {
    try {
      validateAtom(xml);
      return [];
    } catch (error) {
      return (error as Error).message.split('\n- ').filter((line) => line.startsWith('RELAX NG'));
    }
  };
  const ENTRY_ID = '    <id>urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a</id>\n';

  it('accepts the RFC 4287 example, its entry children in any order', () => {
    expect(schemaProblems(RFC_4287_EXAMPLE)).toEqual([]);
    expect(
      schemaProblems(replaced(replaced(RFC_4287_EXAMPLE, ENTRY_ID, ''), '  </entry>', `${ENTRY_ID}  </entry>`)),
    ).toEqual([]);
  });

  it('rejects an entry without <updated>', () => {
    const broken = replaced(
      RFC_4287_EXAMPLE,
      '    <updated>2003-12-13T18:30:02Z</updated>\n    <summary>',
      '    <summary>',
    );
    const problems = schemaProblems(broken);
    expect(problems[0]).toBe('RELAX NG (RFC 4287): line 10: Expecting an element updated, got nothing');
    expect(problems).toContain('RELAX NG (RFC 4287): line 10: Element entry failed to validate content');
  });

  it('rejects an entry without <id>, naming the entry (libxml2 names the wrong missing child in an interleave)', () => {
    const problems = schemaProblems(replaced(RFC_4287_EXAMPLE, ENTRY_ID, ''));
    expect(problems).toContain('RELAX NG (RFC 4287): line 10: Element entry failed to validate content');
    expect(problems.at(-1)).toBe('RELAX NG (RFC 4287): line 10: Element feed has extra content: entry');
  });

  it('rejects a date that is not xsd:dateTime and an unknown Atom element', () => {
    const badDate = replaced(
      RFC_4287_EXAMPLE,
      '<updated>2003-12-13T18:30:02Z</updated>',
      '<updated>13/12/2003</updated>',
    );
    expect(schemaProblems(badDate)).toEqual([
      "RELAX NG (RFC 4287): line 5: Type dateTime doesn't allow value '13/12/2003'",
      'RELAX NG (RFC 4287): line 5: Error validating datatype dateTime',
      'RELAX NG (RFC 4287): line 5: Element updated failed to validate content',
    ]);
    const unknown = replaced(RFC_4287_EXAMPLE, '<summary>Some text.</summary>', '<résumé>Some text.</résumé>');
    expect(schemaProblems(unknown)).toEqual([
      'RELAX NG (RFC 4287): line 15: Element entry has extra content: résumé',
      'RELAX NG (RFC 4287): line 10: Element feed has extra content: entry',
    ]);
  });
});

describe('validateAtom', () => {
  it('reports a duplicate entry id, which the schema cannot see', () => {
    const duplicated = replaced(
      atom,
      '<id>tag:openings.example.org,2026:opening/1</id>',
      '<id>tag:openings.example.org,2026:opening/2</id>',
    );
    expect(() => validateAtom(duplicated)).toThrow(
      'Invalid Atom feed: 1 problem(s)\n- duplicate id tag:openings.example.org,2026:opening/2',
    );
  });

  it('reports entries out of order and a feed date that is not the newest', () => {
    const stale = replaced(
      atom,
      '<updated>2026-01-15T09:00:00+01:00</updated>',
      '<updated>2026-12-01T09:00:00+01:00</updated>',
    );
    expect(() => validateAtom(stale)).toThrow(
      'items not newest first: tag:openings.example.org,2026:opening/3 is newer than tag:openings.example.org,2026:opening/1\n' +
        '- feed update date is not the newest item update date',
    );
  });

  it('reports a missing self link and text content', () => {
    const noSelf = replaced(
      atom,
      '  <link rel="self" type="application/atom+xml" href="https://openings.example.org/feed.atom"/>\n',
      '',
    );
    expect(() => validateAtom(noSelf)).toThrow('feed has no <link rel="self"> with an absolute href');
    const textContent = replaced(
      atom,
      '<content type="html">&lt;p&gt;Juriste',
      '<content type="text">&lt;p&gt;Juriste',
    );
    expect(() => validateAtom(textContent)).toThrow(
      'entry tag:openings.example.org,2026:opening/3 has no <content type="html">',
    );
  });

  it('reports a missing entry id through both our checks and the schema', () => {
    const noId = replaced(atom, '    <id>tag:openings.example.org,2026:opening/3</id>\n', '');
    expect(() => validateAtom(noId)).toThrow(
      /an item has no id\n- RELAX NG \(RFC 4287\): [\s\S]*line \d+: Element entry failed to validate content/,
    );
  });

  it('reports a document that is not well-formed or holds a forbidden character', () => {
    expect(() => validateAtom(replaced(atom, '&amp; "R&amp;D"', '& "R&D"'))).toThrow(
      /Invalid Atom feed: 1 problem\(s\)\n- not well-formed: /,
    );
    expect(() => validateAtom(replaced(atom, 'Juriste</title>', 'Juriste\u0007</title>'))).toThrow(
      'contains a character XML 1.0 forbids',
    );
  });
});

describe('validateRss', () => {
  it('reports a guid without isPermaLink="false" and an <author> that is not an e-mail', () => {
    const broken = replaced(
      replaced(
        rss,
        '<guid isPermaLink="false">tag:openings.example.org,2026:opening/3</guid>',
        '<guid>tag:openings.example.org,2026:opening/3</guid>',
      ),
      '<dc:creator>DGE</dc:creator>',
      '<author>DGE</author>',
    );
    expect(() => validateRss(broken)).toThrow(
      'Invalid RSS feed: 2 problem(s)\n' +
        '- item tag:openings.example.org,2026:opening/3: <guid> lacks isPermaLink="false"\n' +
        '- item tag:openings.example.org,2026:opening/3: <author> is not an e-mail address',
    );
  });

  it('reports dates that are not RFC 822 or name the wrong weekday', () => {
    const iso = replaced(
      rss,
      '<pubDate>Thu, 15 Jan 2026 09:00:00 +0100</pubDate>',
      '<pubDate>2026-01-15T09:00:00+01:00</pubDate>',
    );
    expect(() => validateRss(iso)).toThrow('<pubDate>: "2026-01-15T09:00:00+01:00" is not an RFC 822 date');
    const weekday = replaced(rss, 'Wed, 30 Sep 2026 15:04:39 +0200', 'Thu, 30 Sep 2026 15:04:39 +0200');
    expect(() => validateRss(weekday)).toThrow(
      'channel <lastBuildDate>: "Thu, 30 Sep 2026 15:04:39 +0200" names the wrong day of the week',
    );
  });

  it('reports items out of order, duplicate guids and a missing self link', () => {
    const outOfOrder = replaced(
      rss,
      '<dcterms:modified>2026-01-15T09:00:00+01:00</dcterms:modified>',
      '<dcterms:modified>2026-09-20T09:00:00+02:00</dcterms:modified>',
    );
    expect(() => validateRss(outOfOrder)).toThrow(
      'items not newest first: tag:openings.example.org,2026:opening/3 is newer than tag:openings.example.org,2026:opening/1',
    );
    const duplicate = replaced(
      rss,
      '>tag:openings.example.org,2026:opening/3<',
      '>tag:openings.example.org,2026:opening/1<',
    );
    expect(() => validateRss(duplicate)).toThrow('duplicate id tag:openings.example.org,2026:opening/1');
    const noSelf = replaced(rss, 'rel="self"', 'rel="hub"');
    expect(() => validateRss(noSelf)).toThrow('channel has no <atom:link rel="self"> with an absolute href');
  });
});

describe('validateJsonFeed', () => {
  const withFeed = (change: (feed: { version: string; items: Record<string, unknown>[] }) => void): string => {
    const feed = JSON.parse(json) as { version: string; items: Record<string, unknown>[] };
    change(feed);
    return JSON.stringify(feed);
  };

  it('checks the feed against the JSON Feed 1.1 schema', () => {
    expect(() => validateJsonFeed(withFeed((feed) => (feed.version = 'https://jsonfeed.org/version/1')))).toThrow(
      'JSON Feed 1.1 schema: /version must be equal to constant',
    );
    expect(() => validateJsonFeed(withFeed((feed) => delete feed.items[2]!.content_html))).toThrow(
      "JSON Feed 1.1 schema: /items/2 must have required property 'content_html'",
    );
    expect(() => validateJsonFeed(withFeed((feed) => (feed.items[0]!.date_modified = '30/09/2026')))).toThrow(
      'JSON Feed 1.1 schema: /items/0/date_modified must match pattern',
    );
    expect(() => validateJsonFeed(withFeed((feed) => (feed.items[0]!.peren = {})))).toThrow(
      'JSON Feed 1.1 schema: /items/0 must NOT have additional properties',
    );
  });

  it('reports duplicate ids and items out of order', () => {
    expect(() => validateJsonFeed(withFeed((feed) => (feed.items[2]!.id = feed.items[0]!.id)))).toThrow(
      'duplicate id tag:openings.example.org,2026:opening/2',
    );
    expect(() => validateJsonFeed(withFeed((feed) => feed.items.reverse()))).toThrow(
      'items not newest first: tag:openings.example.org,2026:opening/1 is newer than tag:openings.example.org,2026:opening/3',
    );
  });

  it('reports text that is not JSON', () => {
    expect(() => validateJsonFeed(json.slice(0, -3))).toThrow(/Invalid JSON Feed: 1 problem\(s\)\n- not JSON: /);
  });
});
