import { z } from 'zod';
import { baseSourceSettings } from '../../src/model/source.ts';
import { keywordSlug } from './portal.ts';

const searchTerms = z
  .array(
    z
      .string()
      .trim()
      .refine((term) => keywordSlug(term) !== '', 'a search term needs at least one letter or digit'),
  )
  .min(1);
/** Talentsoft `Rss_Entity` id of the organisation's "organisme de rattachement"; the RSS channel is off without it. */
const rssEntity = z.string().trim().min(1);

export const cspSettings = baseSourceSettings.extend({
  /**
   * One keyword search per term. The portal has no employer filter, so search for the
   * organisation's names and let the organisation filter keep the right offers.
   */
  searchTerms: searchTerms.default(['peren', "Pôle d'Expertise de la Régulation Numérique"]),
  rssEntity: rssEntity.optional(),
});

/** What belongs to an organisation rather than the crawl (`organisations.<id>.csp`). */
export const cspOrganisationSettings = z.strictObject({
  searchTerms: searchTerms.optional(),
  rssEntity: rssEntity.optional(),
});
export type CspSettings = z.infer<typeof cspSettings>;
