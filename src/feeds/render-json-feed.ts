/** JSON Feed 1.1 (https://jsonfeed.org/version/1.1), with the `_peren` extension object per item. */

import { rfc3339Date } from './feed-dates.ts';
import {
  assertValidFeedDocument,
  type FeedDocument,
  type FeedItem,
  itemsNewestFirst,
  type JsonValue,
} from './feed-model.ts';
import { itemContentHtml, plainText, singleLine } from './feed-text.ts';

export const JSON_FEED_CONTENT_TYPE = 'application/feed+json; charset=utf-8';

type JsonObject = { [key: string]: JsonValue };

function jsonFeedItem(item: FeedItem): JsonObject {
  const summary = plainText(item.summary);
  return {
    id: item.id,
    url: item.url,
    title: singleLine(item.title),
    content_html: itemContentHtml(item),
    ...(summary ? { summary } : {}),
    date_published: rfc3339Date(item.publishedAt),
    date_modified: rfc3339Date(item.updatedAt),
    ...(item.authorName ? { authors: [{ name: singleLine(item.authorName) }] } : {}),
    ...(item.categories.length ? { tags: item.categories.map(singleLine) } : {}),
    ...(item.extensions ? { _peren: item.extensions } : {}),
  };
}

export function renderJsonFeed(doc: FeedDocument): string {
  assertValidFeedDocument(doc);
  const feed: JsonObject = {
    version: 'https://jsonfeed.org/version/1.1',
    title: singleLine(doc.title),
    home_page_url: doc.homePageUrl,
    feed_url: doc.feedUrls.json,
    ...(doc.nextUrls ? { next_url: doc.nextUrls.json } : {}),
    description: singleLine(doc.description),
    language: doc.language,
    authors: [{ name: singleLine(doc.author.name), ...(doc.author.url ? { url: doc.author.url } : {}) }],
    items: itemsNewestFirst(doc.items).map(jsonFeedItem),
  };
  return `${JSON.stringify(feed, null, 2)}\n`;
}
