/** Passerelles (passerelles.economie.gouv.fr): the economy ministry's Talentsoft career site. */
import type { SourceFacts } from '../../src/model/source.ts';
import { urlIdentityKeys } from '../../src/model/source.ts';
import { listingRequest, passerellesPolicy, rssRequest } from './portal.ts';
import { type PasserellesSettings, passerellesSettings } from './settings.ts';

export const passerellesFacts: SourceFacts<PasserellesSettings> = {
  id: 'passerelles',
  label: 'Passerelles',
  kind: 'portal',
  // The ministry's own offer, with the fullest detail.
  precedence: 1,
  defaultEnabled: true,
  policy: passerellesPolicy,
  republisherHosts: [],
  identityKeys: (p) => [...urlIdentityKeys(p), ...(p.reference ? [`mef:${p.reference.toUpperCase()}`] : [])],
  unlinkedFromHiringPage: { severity: 'warning' },
  settings: passerellesSettings,
  start: (settings) => [rssRequest(settings), listingRequest(settings, 1)],
};
