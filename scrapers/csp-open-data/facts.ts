/**
 * The DGAFP's weekly open-data file of Choisir le service public on data.gouv.fr: every offer the
 * portal has carried, as one CSV. Not a portal of its own: its rows are the independent account of
 * what CSP lists, kept beside the postings (missed offers, employers); only its ended offers become
 * postings, closed ones (the history, src/lifecycle/open-data-history.ts).
 */
import { z } from 'zod';
import type { PageRequest, SourceFacts } from '../../src/model/source.ts';
import { baseSourceSettings, urlIdentityKeys } from '../../src/model/source.ts';
import type { HostPolicy } from '../../src/model/urls.ts';

/** The dataset "Les offres diffusées sur Choisir le service public". */
export const DATASET_ID = '6322e99e12175f7eb26ff465';
export const DATA_GOUV_ORIGIN = 'https://www.data.gouv.fr';
/** Shown wherever the file's data is. */
export const OPEN_DATA_ATTRIBUTION = 'Source : DGAFP, data.gouv.fr, Licence Ouverte 2.0';

const openDataPolicy: HostPolicy = {
  hosts: ['www.data.gouv.fr', 'static.data.gouv.fr'],
  aliases: { 'data.gouv.fr': 'www.data.gouv.fr' },
};

const settings = baseSourceSettings.extend({
  /** The CSV's address; by default the newest `offres-datagouv-*.csv` of the dataset. */
  url: z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' }).optional(),
  dataset: z.string().min(1).default(DATASET_ID),
  /** The file is about 84 MB: its own caps, above the fetcher's page-sized ones. */
  maxBytes: z
    .number()
    .int()
    .min(1024)
    .default(512 * 1024 * 1024),
  timeoutMs: z
    .number()
    .int()
    .min(1000)
    .default(15 * 60_000),
});
export type OpenDataSettings = z.infer<typeof settings>;

export const openDataFacts: SourceFacts<OpenDataSettings> = {
  id: 'csp-open-data',
  label: 'Choisir le service public (fichier open data hebdomadaire)',
  kind: 'open-data',
  precedence: 90,
  defaultEnabled: false,
  policy: openDataPolicy,
  republisherHosts: [],
  identityKeys: urlIdentityKeys,
  unlinkedFromHiringPage: { severity: 'warning' },
  historyOf: 'csp',
  settings,
  start: (s): PageRequest[] =>
    s.url
      ? [{ url: s.url, role: 'inventory', label: 'csv' }]
      : [
          {
            url: `${DATA_GOUV_ORIGIN}/api/1/datasets/${encodeURIComponent(s.dataset)}/`,
            role: 'inventory',
            label: 'dataset',
          },
        ],
};
