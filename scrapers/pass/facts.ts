/** PASS (pass.fonction-publique.gouv.fr): internships and apprenticeships of the State, as RSS feeds. */
import { z } from 'zod';
import type { SourceFacts } from '../../src/model/source.ts';
import { baseSourceSettings, urlIdentityKeys } from '../../src/model/source.ts';
import type { HostPolicy } from '../../src/model/urls.ts';

const PASS_ORIGIN = 'https://www.pass.fonction-publique.gouv.fr';

export const passPolicy: HostPolicy = {
  hosts: ['www.pass.fonction-publique.gouv.fr'],
  aliases: { 'pass.fonction-publique.gouv.fr': 'www.pass.fonction-publique.gouv.fr' },
};

const settings = baseSourceSettings.extend({
  /** Feed paths on the portal: apprenticeships, then internships. */
  feeds: z.array(z.string().startsWith('/')).min(1).default(['/flux/offres', '/flux/offres_stages']),
});
export type PassSettings = z.infer<typeof settings>;

export const passFacts: SourceFacts<PassSettings> = {
  id: 'pass',
  label: 'PASS (stages et apprentissage)',
  kind: 'portal',
  // Internships and apprenticeships exist only here.
  precedence: 3,
  defaultEnabled: true,
  policy: passPolicy,
  republisherHosts: [],
  identityKeys: urlIdentityKeys,
  unlinkedFromHiringPage: {
    severity: 'info',
    because:
      "c'est une offre de stage ou d'apprentissage, et la page recrutement n'a jusqu'ici listé que des offres d'emploi",
  },
  settings,
  start: (s) => s.feeds.map((path) => ({ url: `${PASS_ORIGIN}${path}`, role: 'inventory', label: 'rss' })),
};
