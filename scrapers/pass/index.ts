import type { FetchedPage, ParseResult, Source } from '../../src/model/source.ts';
import { unrecognisedPage } from '../../src/model/source.ts';
import { type PassSettings, passFacts, passPolicy } from './facts.ts';
import { parsePassFeed } from './feed.ts';

export type { PassSettings } from './facts.ts';

export const passSource: Source<PassSettings> = {
  ...passFacts,
  parse(page: FetchedPage): ParseResult {
    if (page.request.label !== 'rss')
      return unrecognisedPage(page.url, `PASS: no parser for "${page.request.label}" pages`);
    return parsePassFeed(page.body, page.url, passPolicy);
  },
  classify: (body) => (/<rss[\s>]/.test(body) && /<channel[\s>]/.test(body) ? 'rss' : null),
};
