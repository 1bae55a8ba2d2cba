/** data.gouv.fr's dataset API answer, read with zod: which resource is the newest weekly file. */
import { z } from 'zod';
import type { PageRequest, ParseResult } from '../../src/model/source.ts';
import { unrecognisedPage } from '../../src/model/source.ts';

const datasetSchema = z.object({
  resources: z.array(z.object({ title: z.string().nullish(), url: z.string() })),
});

const WEEKLY_NAME = /offres-datagouv-(\d{8})\.csv$/i;

/** The weekly file the dataset's newest `offres-datagouv-YYYYMMDD.csv` resource points at. */
export function parseDataset(body: string, url: string): ParseResult {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return unrecognisedPage(url, 'data.gouv.fr dataset API: the answer is not JSON');
  }
  const dataset = datasetSchema.safeParse(json);
  if (!dataset.success)
    return unrecognisedPage(url, `data.gouv.fr dataset API: unexpected answer (${dataset.error.issues[0]?.message})`);
  const weekly = dataset.data.resources
    .map((r) => ({ url: r.url, day: (WEEKLY_NAME.exec(pathOf(r.url)) ?? WEEKLY_NAME.exec(r.title ?? ''))?.[1] }))
    .filter((r): r is { url: string; day: string } => r.day !== undefined)
    .sort((a, b) => b.day.localeCompare(a.day));
  const newest = weekly[0];
  if (!newest) return unrecognisedPage(url, 'data.gouv.fr dataset API: no offres-datagouv-*.csv resource');
  const next: PageRequest = { url: new URL(newest.url, url).href, role: 'inventory', label: 'csv' };
  // It names a file and lists no posting: an empty result that is not a failure (for `doctor`).
  return { variant: 'dataset', postings: [], next: [next], explicitlyEmpty: true, problems: [] };
}

function pathOf(url: string): string {
  try {
    return decodeURIComponent(new URL(url).pathname);
  } catch {
    return url;
  }
}
