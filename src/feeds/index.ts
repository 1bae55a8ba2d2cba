/** Publishing edge: one neutral feed model, three formats. */
import type { FeedDocument, FeedFormat } from './feed-model.ts';
import { ATOM_CONTENT_TYPE, renderAtom } from './render-atom.ts';
import { JSON_FEED_CONTENT_TYPE, renderJsonFeed } from './render-json-feed.ts';
import { RSS_CONTENT_TYPE, renderRss } from './render-rss.ts';

export type { FeedDocument, FeedFormat } from './feed-model.ts';
export { assertValidFeedDocument } from './feed-model.ts';

export interface RenderedFeed {
  body: string;
  contentType: string;
}

const RENDERERS: Record<FeedFormat, { render: (doc: FeedDocument) => string; contentType: string }> = {
  rss: { render: renderRss, contentType: RSS_CONTENT_TYPE },
  atom: { render: renderAtom, contentType: ATOM_CONTENT_TYPE },
  json: { render: renderJsonFeed, contentType: JSON_FEED_CONTENT_TYPE },
};

/** Renders the document in one format; throws when the document is inconsistent (see assertValidFeedDocument). */
export function renderFeed(doc: FeedDocument, format: FeedFormat): RenderedFeed {
  const { render, contentType } = RENDERERS[format];
  return { body: render(doc), contentType };
}
