import { describe, expect, it } from 'vitest';
import { titleStems, titlesDiffer } from '../../src/reconcile/title-match.ts';

describe('titleStems', () => {
  it('drops what portals add around the job name and folds gender forms alike', () => {
    expect([...titleStems('Data-scientist confirmé - SEN PEReN 156 H/F')]).toEqual(['data', 'scient', 'confir']);
    expect([...titleStems('Développeur / Développeuse front')]).toEqual(['develo', 'front']);
    expect([...titleStems('Développeur·se front-end (F/H)')]).toEqual(['develo', 'front', 'end']);
    expect([...titleStems("Spécialiste en traitement de l'image et IA (Computer Vision data scientist)")]).toEqual([
      'specia',
      'traite',
      'image',
      'ia',
    ]);
    expect([...titleStems('Ingénieur(e) data scientist')]).toEqual(['ingeni', 'data', 'scient']);
  });
});

describe('titlesDiffer', () => {
  it.each([
    // Tiles as PEReN wrote them against offer titles as the portals write them.
    ['Développeur / Développeuse front', 'Développeur front-end - SEN PEReN 155 H/F'],
    ['Data-scientist confirmé', 'SEN PEReN 106 - Data-scientist confirmé (H/F)'],
    ['Juriste numérique (H/F)', 'Juriste spécialisé(e) en régulation numérique (H/F)'],
    ['Ingénieur(e) data scientist', 'Ingénieur data scientist - SEN PEReN 154 H/F'],
    [
      "Spécialiste en traitement de l'image et IA (Computer Vision data scientist)",
      "Spécialiste en traitement de l'image et IA (Computer Vision data scientist) - SEN PEReN 156 H/F",
    ],
  ])('"%s" names the offer "%s"', (tile, offer) => {
    expect(titlesDiffer(tile, offer)).toBe(false);
  });

  it.each([
    ['Juriste spécialisé(e) en régulation numérique', 'Développeur front-end - SEN PEReN 155 H/F'],
    ['Data scientist', 'Data engineer - SEN PEReN 170 H/F'],
    ['Développeur / Développeuse front', 'Développeur back-end H/F'],
  ])('"%s" does not name the offer "%s"', (tile, offer) => {
    expect(titlesDiffer(tile, offer)).toBe(true);
  });

  it('has nothing to compare in a title made only of codes', () => {
    expect(titlesDiffer('SEN PEReN 156 (H/F)', 'Data-scientist confirmé')).toBe(false);
  });
});
