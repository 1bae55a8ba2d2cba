import { z } from 'zod';
import { baseSourceSettings } from '../../src/model/source.ts';
import { keywordSlug } from './portal.ts';

export const cspSettings = baseSourceSettings.extend({
  /**
   * One keyword search per term. The portal has no employer filter, so search for the
   * organisation's names and let the organisation filter keep the right offers.
   */
  searchTerms: z
    .array(
      z
        .string()
        .trim()
        .refine((term) => keywordSlug(term) !== '', 'a search term needs at least one letter or digit'),
    )
    .min(1)
    .default(['peren', "Pôle d'Expertise de la Régulation Numérique"]),
  /** Talentsoft `Rss_Entity` id of the organisation's "organisme de rattachement"; the RSS channel is off without it. */
  rssEntity: z.string().trim().min(1).optional(),
});
export type CspSettings = z.infer<typeof cspSettings>;
