import { z } from 'zod';
import { baseSourceSettings } from '../../src/model/source.ts';

export const passerellesSettings = baseSourceSettings.extend({
  /** Talentsoft language code of the pages and the feed: 1036 French, 2057 English. */
  lcid: z.number().int().positive().default(1036),
  /** `top` asked of the RSS export (tenants otherwise send the 20 newest); null leaves it out. */
  rssTop: z.number().int().min(1).max(10_000).nullable().default(1000),
  /** The paginated listing; some Talentsoft tenants serve it at `/offre-de-emploi/liste-toutes-offres.aspx`. */
  listingPath: z
    .string()
    .regex(/^\/[^?#]*$/, 'a path starting with "/", without query')
    .default('/offre-de-emploi/liste-offres.aspx'),
});
export type PasserellesSettings = z.infer<typeof passerellesSettings>;
