import { z } from 'zod';
import type { FetchedPage, ParseResult, Source } from '../../src/model/source.ts';
import { baseSourceSettings, unrecognisedPage, urlIdentityKeys } from '../../src/model/source.ts';
import type { HostPolicy } from '../../src/model/urls.ts';
import { parsePassFeed } from './feed.ts';

const ORIGIN = 'https://www.pass.fonction-publique.gouv.fr';

const policy: HostPolicy = {
  hosts: ['www.pass.fonction-publique.gouv.fr'],
  aliases: { 'pass.fonction-publique.gouv.fr': 'www.pass.fonction-publique.gouv.fr' },
};

const settings = baseSourceSettings.extend({
  /** Feed paths on the portal: apprenticeships, then internships. */
  feeds: z.array(z.string().startsWith('/')).min(1).default(['/flux/offres', '/flux/offres_stages']),
});
export type PassSettings = z.infer<typeof settings>;

export const passSource: Source<PassSettings> = {
  id: 'pass',
  label: 'PASS (stages et apprentissage)',
  kind: 'portal',
  // Internships and apprenticeships exist only here.
  precedence: 3,
  defaultEnabled: true,
  policy,
  republisherHosts: [],
  identityKeys: urlIdentityKeys,
  unlinkedFromHiringPage: {
    severity: 'info',
    because: "c'est une offre de stage ou d'apprentissage, et la page recrutement n'a jusqu'ici listé que des offres d'emploi",
  },
  settings,
  start: (s) => s.feeds.map((path) => ({ url: `${ORIGIN}${path}`, role: 'inventory', label: 'rss' })),
  parse(page: FetchedPage): ParseResult {
    if (page.request.label !== 'rss') return unrecognisedPage(page.url, `PASS: no parser for "${page.request.label}" pages`);
    return parsePassFeed(page.body, page.url, policy);
  },
  classify: (body) => (/<rss[\s>]/.test(body) && /<channel[\s>]/.test(body) ? 'rss' : null),
};
