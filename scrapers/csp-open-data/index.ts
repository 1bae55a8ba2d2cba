import type { FetchedPage, ParseResult, Source } from '../../src/model/source.ts';
import { unrecognisedPage } from '../../src/model/source.ts';
import { parseDataset } from './dataset.ts';
import { type OpenDataSettings, openDataFacts } from './facts.ts';

export type { OpenDataSettings } from './facts.ts';

/**
 * The first request: the configured file, else the dataset API that names the newest one. The
 * file itself is streamed by the open-data run (src/pipeline/run-open-data.ts), never parsed as a page.
 */
export const openDataSource: Source<OpenDataSettings> = {
  ...openDataFacts,
  parse(page: FetchedPage): ParseResult {
    if (page.request.label === 'dataset') return parseDataset(page.body, page.url);
    return unrecognisedPage(page.url, `csp-open-data: "${page.request.label}" is streamed, not parsed as a page`);
  },
  classify: (body) => {
    if (/^\s*\{/.test(body) && body.includes('"resources"')) return 'dataset';
    return /^\uFEFF?"?R[ée]f[ée]rence"?;/.test(body) || /;"?Intitulé du poste"?;/.test(body.slice(0, 4000))
      ? 'csv'
      : null;
  },
};
