/** Choisir le service public (choisirleservicepublic.gouv.fr, formerly Place de l'Emploi Public). */
import type { SourceFacts } from '../../src/model/source.ts';
import { urlIdentityKeys } from '../../src/model/source.ts';
import { cspPolicy } from './portal.ts';
import { type CspSettings, cspOrganisationSettings, cspSettings } from './settings.ts';

export const cspFacts: SourceFacts<CspSettings> = {
  id: 'csp',
  label: 'Choisir le service public',
  kind: 'portal',
  // It re-publishes ministries' offers (Passerelles among them) with fewer fields.
  precedence: 2,
  defaultEnabled: true,
  policy: cspPolicy,
  republisherHosts: ['emploi-territorial.fr', 'www.emploi-territorial.fr'],
  // A ministry offer re-published here keeps its Passerelles reference as `MEF_<reference>`.
  identityKeys: (p) => [
    ...urlIdentityKeys(p),
    ...(p.reference && /^MEF_/i.test(p.reference) ? [`mef:${p.reference.slice(4).toUpperCase()}`] : []),
  ],
  unlinkedFromHiringPage: { severity: 'warning' },
  settings: cspSettings,
  organisationSettings: cspOrganisationSettings,
};
