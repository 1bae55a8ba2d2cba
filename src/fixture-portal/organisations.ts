/**
 * The employers of the bundled fixture portals (fixtures/portals/): PEReN, and the constructed DINUM
 * and ANSSI, each with its own searches and hiring page (the DINUM's a WordPress list of links, the
 * ANSSI's linking no offer; their made-up hosts map to the fixture portal's paths like every other
 * URL). `openings demo --organisations` and the tests configure them from here.
 */
export const FIXTURE_ORGANISATIONS = {
  peren: {
    name: 'PEReN',
    of: 'du PEReN',
    match: ['PEReN', "Pôle d'Expertise de la Régulation Numérique", 'SEN PEReN'],
    csp: { searchTerms: ['peren', "Pôle d'Expertise de la Régulation Numérique"] },
    hiringPages: ['https://peren.gouv.fr/recrutement/', 'https://peren.gouv.fr/en/recrutement/'],
  },
  dinum: {
    name: 'DINUM',
    of: 'de la DINUM',
    match: ['DINUM', 'Direction interministérielle du numérique'],
    csp: { searchTerms: ['DINUM'] },
    hiringPages: ['https://www.dinum.example/nous-rejoindre/'],
  },
  anssi: {
    name: 'ANSSI',
    of: "de l'ANSSI",
    match: ['ANSSI'],
    csp: { searchTerms: ['numérique'] },
    hiringPages: ['https://www.anssi.example/carrieres'],
  },
};
