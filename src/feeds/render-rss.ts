/** RSS 2.0, with the Atom self link, `dc:creator` for the employer and `dcterms:modified` per item. */

import { rfc822Date, rfc3339Date } from './feed-dates.ts';
import { assertValidFeedDocument, type FeedDocument, type FeedItem, itemsNewestFirst } from './feed-model.ts';
import { itemContentHtml, singleLine } from './feed-text.ts';
import { serializeXml, type XmlElement, xmlElement } from './xml-writer.ts';

export const RSS_CONTENT_TYPE = 'application/rss+xml; charset=utf-8';

function rssItem(item: FeedItem): XmlElement {
  return xmlElement('item', {}, [
    xmlElement('title', {}, singleLine(item.title)),
    xmlElement('link', {}, item.url),
    xmlElement('description', {}, itemContentHtml(item)),
    // Our own tag URI: stable across portal URL changes, and not a link.
    xmlElement('guid', { isPermaLink: 'false' }, item.id),
    xmlElement('pubDate', {}, rfc822Date(item.publishedAt)),
    // RSS `<author>` must be an e-mail address; the employer is a name.
    item.authorName ? xmlElement('dc:creator', {}, singleLine(item.authorName)) : null,
    ...item.categories.map((category) => xmlElement('category', {}, singleLine(category))),
    // RSS has no update date; readers that know Dublin Core see changes to an opening.
    xmlElement('dcterms:modified', {}, rfc3339Date(item.updatedAt)),
  ]);
}

export function renderRss(doc: FeedDocument): string {
  assertValidFeedDocument(doc);
  const channel = xmlElement('channel', {}, [
    xmlElement('title', {}, singleLine(doc.title)),
    xmlElement('link', {}, doc.homePageUrl),
    xmlElement('description', {}, singleLine(doc.description)),
    xmlElement('language', {}, doc.language),
    xmlElement('lastBuildDate', {}, rfc822Date(doc.updatedAt)),
    xmlElement('atom:link', { href: doc.feedUrls.rss, rel: 'self', type: 'application/rss+xml' }),
    // RFC 5005 paging, as RSS readers that page understand it.
    doc.nextUrls ? xmlElement('atom:link', { href: doc.nextUrls.rss, rel: 'next', type: 'application/rss+xml' }) : null,
    ...itemsNewestFirst(doc.items).map(rssItem),
  ]);
  return serializeXml(
    xmlElement(
      'rss',
      {
        version: '2.0',
        'xmlns:atom': 'http://www.w3.org/2005/Atom',
        'xmlns:dc': 'http://purl.org/dc/elements/1.1/',
        'xmlns:dcterms': 'http://purl.org/dc/terms/',
      },
      [channel],
    ),
  );
}
