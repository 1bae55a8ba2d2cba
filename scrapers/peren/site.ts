/** PEReN's own site, where the hiring page lives (docs/portals.md §0). */
import type { HostPolicy } from '../../src/model/urls.ts';

export const PEREN_POLICY: HostPolicy = {
  hosts: ['peren.gouv.fr'],
  aliases: { 'www.peren.gouv.fr': 'peren.gouv.fr' },
};

export const HIRING_PAGE_FR = 'https://peren.gouv.fr/recrutement/';
export const HIRING_PAGE_EN = 'https://peren.gouv.fr/en/recrutement/';

/** The request label of a hiring page, and the label `classify` gives a body that looks like one. */
export const HIRING_PAGE_LABEL = 'hiring-page';

/** The variant of a page that links no offer at all (reconciliation reports it). */
export const NO_OFFER_LINKS = 'no-offer-links';
