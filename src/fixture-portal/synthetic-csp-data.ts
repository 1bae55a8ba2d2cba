/**
 * Word lists for the synthetic Choisir le service public portal: the kinds of posts, services and
 * places a large State directorate advertises. Titles repeat across services and places, with the
 * portal's spelling habits (H/F or F/H, capitals, service codes), so they look like real ones and
 * some are near-duplicates, which is what the product's cross-portal linking has to cope with.
 */

export interface JobKind {
  title: string;
  /** Other spellings of the same post seen on the portal. */
  variants: string[];
  specialties: string[];
  domain: string;
  category: 'A' | 'B' | 'C';
  metier: string;
  missions: string[];
  profile: string[];
}

export const JOBS: JobKind[] = [
  {
    title: 'Inspecteur / Inspectrice des finances publiques',
    variants: ['Inspecteur des finances publiques', 'Inspectrice / Inspecteur des Finances publiques'],
    specialties: ['Contrôle fiscal', 'Gestion publique', 'Fiscalité des professionnels', 'Expertise comptable', ''],
    domain: 'Finances publiques',
    category: 'A',
    metier: 'Inspectrice / Inspecteur des finances publiques',
    missions: [
      'Vous conduisez des opérations de contrôle sur pièces et sur place des dossiers de votre portefeuille.',
      'Vous analysez les dossiers à enjeux et proposez les suites à donner.',
      'Vous assurez le lien avec les services de recouvrement et les partenaires locaux.',
    ],
    profile: ['Maîtrise de la fiscalité des entreprises', 'Capacités d’analyse et de synthèse', 'Sens du travail en équipe'],
  },
  {
    title: 'Contrôleur / Contrôleuse des finances publiques',
    variants: ['Contrôleur des finances publiques', 'Contrôleuse ou contrôleur des Finances publiques'],
    specialties: ['Service des impôts des particuliers', 'Service des impôts des entreprises', 'Pôle de recouvrement spécialisé', 'Publicité foncière', ''],
    domain: 'Finances publiques',
    category: 'B',
    metier: 'Gestionnaire fiscal',
    missions: [
      'Vous accueillez et renseignez les usagers sur leurs obligations fiscales.',
      'Vous gérez les dossiers de votre secteur : déclarations, réclamations, remises gracieuses.',
      'Vous participez aux campagnes déclaratives et aux opérations de fin d’année.',
    ],
    profile: ['Connaissances en fiscalité', 'Sens du service public', 'Rigueur et discrétion'],
  },
  {
    title: 'Agent administratif des finances publiques',
    variants: ['Agente / Agent administratif des Finances publiques', 'Agent d’accueil des finances publiques'],
    specialties: ['Accueil des usagers', 'Gestion des amendes', 'Dépense publique', ''],
    domain: 'Administration générale',
    category: 'C',
    metier: 'Chargée / Chargé d’accueil et d’information',
    missions: [
      'Vous accueillez le public et orientez les usagers vers le bon interlocuteur.',
      'Vous traitez le courrier et les demandes reçues par la messagerie sécurisée.',
      'Vous assurez la saisie et le suivi des dossiers simples.',
    ],
    profile: ['Aisance relationnelle', 'Maîtrise des outils bureautiques', 'Sens de l’organisation'],
  },
  {
    title: 'Chef de projet informatique',
    variants: ['Cheffe / Chef de projet informatique', 'Chef de projet SI'],
    specialties: ['Applications fiscales', 'Paiement et recouvrement', 'Données et décisionnel', 'Identité numérique', ''],
    domain: 'Numérique',
    category: 'A',
    metier: 'Cheffe / Chef de projet maîtrise d’œuvre SI',
    missions: [
      'Vous pilotez la conception et la réalisation d’applications utilisées par les services et les usagers.',
      'Vous coordonnez les équipes de développement, de recette et d’exploitation.',
      'Vous suivez le budget, le planning et les risques du projet.',
    ],
    profile: ['Expérience de la conduite de projets informatiques', 'Connaissance des méthodes agiles', 'Qualités rédactionnelles'],
  },
  {
    title: 'Développeur / Développeuse',
    variants: ['Développeuse / Développeur', 'Développeur'],
    specialties: ['Java', 'Python', 'front-end', 'full stack', 'mainframe COBOL'],
    domain: 'Numérique',
    category: 'A',
    metier: 'Développeuse / Développeur',
    missions: [
      'Vous développez et maintenez des applications à fort volume au sein d’une équipe agile.',
      'Vous participez aux revues de code et à l’amélioration continue de la qualité.',
      'Vous rédigez la documentation technique et les tests automatisés.',
    ],
    profile: ['Maîtrise d’un langage de programmation', 'Goût pour la qualité logicielle', 'Curiosité technique'],
  },
  {
    title: 'Administrateur / Administratrice systèmes et réseaux',
    variants: ['Administrateur systèmes et réseaux', 'Administratrice / Administrateur systèmes Linux'],
    specialties: ['Centre serveur', 'Poste de travail', 'Sécurité des systèmes d’information', ''],
    domain: 'Numérique',
    category: 'B',
    metier: 'Administratrice / Administrateur systèmes et réseaux',
    missions: [
      'Vous administrez les serveurs et les infrastructures réseau du centre.',
      'Vous assurez le maintien en conditions opérationnelles et de sécurité.',
      'Vous participez aux astreintes et au traitement des incidents.',
    ],
    profile: ['Connaissance des systèmes Linux et des réseaux', 'Sens du service', 'Réactivité'],
  },
  {
    title: 'Data scientist',
    variants: ['Data-scientist confirmé', 'Data scientist – analyste de données'],
    specialties: ['Mission requêtes et valorisation', 'Lutte contre la fraude', 'Ciblage du contrôle fiscal', ''],
    domain: 'Numérique',
    category: 'A',
    metier: 'Data scientist',
    missions: [
      'Vous concevez des modèles d’analyse de données au service du ciblage et du pilotage.',
      'Vous industrialisez les traitements avec les équipes informatiques.',
      'Vous présentez vos résultats aux services métier.',
    ],
    profile: ['Maîtrise de Python et des statistiques', 'Expérience en apprentissage automatique', 'Pédagogie'],
  },
  {
    title: 'Gestionnaire des ressources humaines',
    variants: ['Gestionnaire RH', 'Gestionnaire ressources humaines et paie'],
    specialties: ['Carrière et paie', 'Formation professionnelle', 'Recrutement', ''],
    domain: 'Ressources humaines',
    category: 'B',
    metier: 'Chargée / Chargé de gestion administrative et/ou de paie',
    missions: [
      'Vous gérez les actes de carrière et la paie d’un portefeuille d’agents.',
      'Vous renseignez les agents et les services sur leur situation administrative.',
      'Vous participez aux campagnes d’avancement et de mobilité.',
    ],
    profile: ['Connaissance du statut de la fonction publique', 'Rigueur', 'Discrétion professionnelle'],
  },
  {
    title: 'Chargé / Chargée de recrutement et de la mobilité',
    variants: ['CHARGE DE RECRUTEMENT ET DE LA MOBILITE', 'Chargée / Chargé de recrutement'],
    specialties: ['Personnels administratifs', 'Apprentissage et stages', ''],
    domain: 'Ressources humaines',
    category: 'A',
    metier: 'Chargée / Chargé du recrutement',
    missions: [
      'Vous recueillez les besoins des services et rédigez les offres d’emploi.',
      'Vous sélectionnez les candidatures et conduisez les entretiens.',
      'Vous accompagnez les agents dans leurs projets de mobilité.',
    ],
    profile: ['Première expérience en ressources humaines', 'Aisance relationnelle', 'Sens de l’écoute'],
  },
  {
    title: 'Juriste',
    variants: ['Juriste contentieux', 'Rédacteur / Rédactrice juridique'],
    specialties: ['Contentieux fiscal', 'Commande publique', 'Droit public des affaires', ''],
    domain: 'Affaires juridiques',
    category: 'A',
    metier: 'Juriste',
    missions: [
      'Vous instruisez les réclamations et préparez les mémoires devant les juridictions.',
      'Vous conseillez les services sur les questions juridiques complexes.',
      'Vous assurez une veille jurisprudentielle.',
    ],
    profile: ['Formation juridique supérieure', 'Qualités rédactionnelles', 'Esprit d’analyse'],
  },
  {
    title: 'Auditeur / Auditrice interne',
    variants: ['Auditrice / Auditeur interne', 'Auditeur interne comptable et financier'],
    specialties: ['Maîtrise des risques', 'Audit comptable', ''],
    domain: 'Contrôle et audit',
    category: 'A',
    metier: 'Auditrice / Auditeur interne',
    missions: [
      'Vous conduisez des missions d’audit dans les services du réseau.',
      'Vous évaluez le dispositif de contrôle interne et formulez des recommandations.',
      'Vous suivez la mise en œuvre des plans d’action.',
    ],
    profile: ['Connaissance des normes d’audit', 'Capacité de synthèse', 'Diplomatie'],
  },
  {
    title: 'Géomètre-cadastreur',
    variants: ['Géomètre cadastreur / cadastreuse', 'Géomètre du cadastre'],
    specialties: ['Mise à jour du plan cadastral', 'Travaux topographiques', ''],
    domain: 'Finances publiques',
    category: 'B',
    metier: 'Géomètre',
    missions: [
      'Vous mettez à jour le plan cadastral à partir des travaux de terrain.',
      'Vous réalisez des levés topographiques et des délimitations.',
      'Vous renseignez les collectivités et les usagers.',
    ],
    profile: ['Formation en topographie', 'Autonomie', 'Permis B'],
  },
  {
    title: 'Évaluateur / Évaluatrice du domaine',
    variants: ['Évaluatrice / Évaluateur domanial', 'Evaluateur du domaine'],
    specialties: ['Pôle d’évaluation domaniale', ''],
    domain: 'Finances publiques',
    category: 'A',
    metier: 'Évaluatrice / Évaluateur',
    missions: [
      'Vous estimez la valeur des biens immobiliers pour le compte des administrations et des collectivités.',
      'Vous visitez les biens et rédigez des avis de valeur motivés.',
      'Vous conseillez les consultants sur leurs projets.',
    ],
    profile: ['Connaissance du marché immobilier', 'Qualités rédactionnelles', 'Permis B'],
  },
  {
    title: 'Assistant / Assistante de direction',
    variants: ['Assistante / Assistant de direction', 'Secrétaire de direction'],
    specialties: ['Cabinet du directeur', 'Pôle pilotage et ressources', ''],
    domain: 'Administration générale',
    category: 'B',
    metier: 'Assistante / Assistant de direction',
    missions: [
      'Vous gérez l’agenda et les déplacements de la direction.',
      'Vous préparez les réunions et en rédigez les comptes rendus.',
      'Vous assurez le suivi des dossiers et du courrier signalé.',
    ],
    profile: ['Sens de l’organisation', 'Discrétion', 'Maîtrise des outils bureautiques'],
  },
  {
    title: 'Responsable du service comptable',
    variants: ['Cheffe / Chef du service comptable', 'Responsable de la cellule comptable'],
    specialties: ['Comptabilité de l’État', 'Comptabilité des collectivités locales', ''],
    domain: 'Gestion budgétaire et financière',
    category: 'A',
    metier: 'Responsable comptable',
    missions: [
      'Vous encadrez une équipe chargée de la tenue des comptes et des opérations de fin d’exercice.',
      'Vous garantissez la qualité comptable et la maîtrise des risques.',
      'Vous êtes l’interlocuteur des ordonnateurs et des auditeurs.',
    ],
    profile: ['Expérience de l’encadrement', 'Maîtrise de la comptabilité publique', 'Rigueur'],
  },
];

export interface Place {
  /** The card's place: a department name or Paris. */
  area: string;
  department: string;
  region: string;
  city: string;
  postcode: string;
  street: string;
  /** "du Rhône", "de la Gironde": the department with its article, for service names. */
  of: string;
}

export const PLACES: Place[] = [
  { area: 'Paris', department: '75', region: 'Île-de-France', city: 'PARIS', postcode: '75012', street: '120 RUE DE BERCY', of: 'de Paris' },
  { area: 'Paris', department: '75', region: 'Île-de-France', city: 'PARIS', postcode: '75013', street: '6 RUE LOUISE WEISS', of: 'de Paris' },
  { area: 'Hauts-de-Seine', department: '92', region: 'Île-de-France', city: 'NANTERRE', postcode: '92000', street: '167 AVENUE JOLIOT CURIE', of: 'des Hauts-de-Seine' },
  { area: 'Seine-Saint-Denis', department: '93', region: 'Île-de-France', city: 'BOBIGNY', postcode: '93000', street: '7 RUE DE LA REPUBLIQUE', of: 'de la Seine-Saint-Denis' },
  { area: 'Val-de-Marne', department: '94', region: 'Île-de-France', city: 'CRETEIL', postcode: '94000', street: '1 PLACE DU GENERAL PIERRE BILLOTTE', of: 'du Val-de-Marne' },
  { area: 'Yvelines', department: '78', region: 'Île-de-France', city: 'VERSAILLES', postcode: '78000', street: '16 AVENUE DE SAINT-CLOUD', of: 'des Yvelines' },
  { area: 'Rhône', department: '69', region: 'Auvergne-Rhône-Alpes', city: 'LYON', postcode: '69003', street: '3 RUE DE LA CHARITE', of: 'du Rhône' },
  { area: 'Isère', department: '38', region: 'Auvergne-Rhône-Alpes', city: 'GRENOBLE', postcode: '38000', street: '8 RUE DE BELGRADE', of: 'de l’Isère' },
  { area: 'Puy-de-Dôme', department: '63', region: 'Auvergne-Rhône-Alpes', city: 'CLERMONT-FERRAND', postcode: '63000', street: '11 RUE GODEFROY DE BOUILLON', of: 'du Puy-de-Dôme' },
  { area: 'Bouches-du-Rhône', department: '13', region: 'Provence-Alpes-Côte d’Azur', city: 'MARSEILLE', postcode: '13006', street: '16 RUE BORDE', of: 'des Bouches-du-Rhône' },
  { area: 'Alpes-Maritimes', department: '06', region: 'Provence-Alpes-Côte d’Azur', city: 'NICE', postcode: '06000', street: '22 RUE JOSEPH CADEI', of: 'des Alpes-Maritimes' },
  { area: 'Var', department: '83', region: 'Provence-Alpes-Côte d’Azur', city: 'TOULON', postcode: '83000', street: '2 RUE DE LA MAJOR', of: 'du Var' },
  { area: 'Gironde', department: '33', region: 'Nouvelle-Aquitaine', city: 'BORDEAUX', postcode: '33000', street: '24 RUE FRANCOIS DE SOURDIS', of: 'de la Gironde' },
  { area: 'Vienne', department: '86', region: 'Nouvelle-Aquitaine', city: 'POITIERS', postcode: '86000', street: '11 RUE RIFFAULT', of: 'de la Vienne' },
  { area: 'Haute-Garonne', department: '31', region: 'Occitanie', city: 'TOULOUSE', postcode: '31000', street: '34 RUE DES LOIS', of: 'de la Haute-Garonne' },
  { area: 'Hérault', department: '34', region: 'Occitanie', city: 'MONTPELLIER', postcode: '34000', street: '334 ALLEE HENRI II DE MONTMORENCY', of: 'de l’Hérault' },
  { area: 'Nord', department: '59', region: 'Hauts-de-France', city: 'LILLE', postcode: '59000', street: '82 AVENUE KENNEDY', of: 'du Nord' },
  { area: 'Somme', department: '80', region: 'Hauts-de-France', city: 'AMIENS', postcode: '80000', street: '22 RUE DE L’AMIRAL COURBET', of: 'de la Somme' },
  { area: 'Bas-Rhin', department: '67', region: 'Grand Est', city: 'STRASBOURG', postcode: '67000', street: '4 PLACE DE LA REPUBLIQUE', of: 'du Bas-Rhin' },
  { area: 'Moselle', department: '57', region: 'Grand Est', city: 'METZ', postcode: '57000', street: '1 RUE FRANÇOIS DE CUREL', of: 'de la Moselle' },
  { area: 'Marne', department: '51', region: 'Grand Est', city: 'REIMS', postcode: '51100', street: '12 RUE PIERRE TAITTINGER', of: 'de la Marne' },
  { area: 'Loire-Atlantique', department: '44', region: 'Pays de la Loire', city: 'NANTES', postcode: '44000', street: '4 QUAI DE VERSAILLES', of: 'de la Loire-Atlantique' },
  { area: 'Maine-et-Loire', department: '49', region: 'Pays de la Loire', city: 'ANGERS', postcode: '49000', street: '1 RUE TALOT', of: 'de Maine-et-Loire' },
  { area: 'Ille-et-Vilaine', department: '35', region: 'Bretagne', city: 'RENNES', postcode: '35000', street: '2 BOULEVARD MAGENTA', of: 'd’Ille-et-Vilaine' },
  { area: 'Finistère', department: '29', region: 'Bretagne', city: 'QUIMPER', postcode: '29000', street: '8 RUE DU PARC', of: 'du Finistère' },
  { area: 'Seine-Maritime', department: '76', region: 'Normandie', city: 'ROUEN', postcode: '76000', street: '21 QUAI JEAN MOULIN', of: 'de la Seine-Maritime' },
  { area: 'Calvados', department: '14', region: 'Normandie', city: 'CAEN', postcode: '14000', street: '7 BOULEVARD BERTRAND', of: 'du Calvados' },
  { area: 'Côte-d’Or', department: '21', region: 'Bourgogne-Franche-Comté', city: 'DIJON', postcode: '21000', street: '25 RUE DE LA BOUDRONNEE', of: 'de la Côte-d’Or' },
  { area: 'Doubs', department: '25', region: 'Bourgogne-Franche-Comté', city: 'BESANCON', postcode: '25000', street: '63 QUAI VEIL PICARD', of: 'du Doubs' },
  { area: 'Loiret', department: '45', region: 'Centre-Val de Loire', city: 'ORLEANS', postcode: '45000', street: '4 PLACE DU MARTROI', of: 'du Loiret' },
  { area: 'Indre-et-Loire', department: '37', region: 'Centre-Val de Loire', city: 'TOURS', postcode: '37000', street: '94 BOULEVARD BERANGER', of: 'd’Indre-et-Loire' },
  { area: 'Corse-du-Sud', department: '2A', region: 'Corse', city: 'AJACCIO', postcode: '20000', street: '2 AVENUE DE LA GRANDE ARMEE', of: 'de la Corse-du-Sud' },
  { area: 'La Réunion', department: '974', region: 'La Réunion', city: 'SAINT-DENIS', postcode: '97400', street: '7 AVENUE ANDRE MALRAUX', of: 'de La Réunion' },
  { area: 'Guadeloupe', department: '971', region: 'Guadeloupe', city: 'BASSE-TERRE', postcode: '97100', street: 'RUE DES CORDELIERS', of: 'de la Guadeloupe' },
];

/** Services of the directorate; `{of}` is the department with its article. */
export const SERVICES: string[] = [
  'Direction départementale des Finances publiques {of}',
  'Direction régionale des Finances publiques {of}',
  'Service des impôts des entreprises {of}',
  'Service des impôts des particuliers {of}',
  'Centre des Finances publiques {of}',
  'Pôle de contrôle et d’expertise {of}',
  'Service de publicité foncière {of}',
  'Direction des services informatiques {of}',
  'Centre de services des ressources humaines {of}',
];

/** Central services, placed in Paris or its suburbs. */
export const CENTRAL_SERVICES: string[] = [
  'Administration centrale - Service de la gestion fiscale',
  'Administration centrale - Service des systèmes d’information',
  'Direction nationale d’enquêtes fiscales',
  'Direction des grandes entreprises',
  'Service à compétence nationale - Cap Numérique',
];

export const CONTRACT_NATURES = ['Emploi ouvert aux titulaires et aux contractuels', 'Emploi ouvert aux titulaires', 'Emploi ouvert uniquement aux contractuels'];
export const EXPERIENCES = ['Débutant', 'Confirmé', 'Expert'];
export const CATEGORY_LABELS: Record<JobKind['category'], string> = { A: 'Catégorie A (cadre)', B: 'Catégorie B (technicien)', C: 'Catégorie C (employé)' };
export const SALARIES: Record<JobKind['category'], string[]> = {
  A: ['Entre 38 000 et 48 000 € bruts annuels', 'Entre 45 000 et 60 000 € bruts annuels', 'Entre 50 000 et 70 000 € bruts annuels'],
  B: ['Entre 28 000 et 34 000 € bruts annuels', 'Entre 30 000 et 38 000 € bruts annuels'],
  C: ['Entre 23 000 et 26 000 € bruts annuels', 'Entre 24 000 et 28 000 € bruts annuels'],
};
export const ADVANTAGES = [
  'Restauration collective',
  'Remboursement partiel des frais de transport',
  'Télétravail jusqu’à deux jours par semaine',
  'Prestations d’action sociale ministérielles',
  'Horaires variables',
  'Accès à la formation continue',
];
export const FRENCH_MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];
