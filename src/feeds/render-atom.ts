/** Atom 1.0 (RFC 4287). */

import { rfc3339Date } from './feed-dates.ts';
import {
  assertValidFeedDocument,
  type FeedDocument,
  type FeedItem,
  type FeedPerson,
  itemsNewestFirst,
} from './feed-model.ts';
import { itemContentHtml, plainText, singleLine } from './feed-text.ts';
import { serializeXml, type XmlElement, xmlElement } from './xml-writer.ts';

export const ATOM_CONTENT_TYPE = 'application/atom+xml; charset=utf-8';

function atomPerson(person: FeedPerson): XmlElement {
  return xmlElement('author', {}, [
    xmlElement('name', {}, singleLine(person.name)),
    person.url ? xmlElement('uri', {}, person.url) : null,
  ]);
}

function atomEntry(item: FeedItem): XmlElement {
  const relatedLinks = item.links.filter((link) => link.url !== item.url);
  const summary = plainText(item.summary);
  return xmlElement('entry', {}, [
    xmlElement('id', {}, item.id),
    xmlElement('title', {}, singleLine(item.title)),
    xmlElement('link', { rel: 'alternate', href: item.url }),
    ...relatedLinks.map((link) =>
      xmlElement('link', { rel: 'related', href: link.url, title: singleLine(link.title) }),
    ),
    xmlElement('published', {}, rfc3339Date(item.publishedAt)),
    xmlElement('updated', {}, rfc3339Date(item.updatedAt)),
    // Without an employer the entry inherits the feed's author, as RFC 4287 allows.
    item.authorName ? atomPerson({ name: item.authorName, url: null }) : null,
    ...item.categories.map((category) => xmlElement('category', { term: singleLine(category) })),
    summary ? xmlElement('summary', {}, summary) : null,
    xmlElement('content', { type: 'html' }, itemContentHtml(item)),
  ]);
}

export function renderAtom(doc: FeedDocument): string {
  assertValidFeedDocument(doc);
  return serializeXml(
    xmlElement('feed', { xmlns: 'http://www.w3.org/2005/Atom', 'xml:lang': doc.language }, [
      xmlElement('id', {}, doc.id),
      xmlElement('title', {}, singleLine(doc.title)),
      xmlElement('subtitle', {}, singleLine(doc.description)),
      xmlElement('updated', {}, rfc3339Date(doc.updatedAt)),
      atomPerson(doc.author),
      xmlElement('link', { rel: 'self', type: 'application/atom+xml', href: doc.feedUrls.atom }),
      xmlElement('link', { rel: 'alternate', type: 'text/html', href: doc.homePageUrl }),
      doc.nextUrls ? xmlElement('link', { rel: 'next', type: 'application/atom+xml', href: doc.nextUrls.atom }) : null,
      ...itemsNewestFirst(doc.items).map(atomEntry),
    ]),
  );
}
