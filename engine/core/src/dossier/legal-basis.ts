/** Legal bases of a placement or a measure, with the French label shown to users. */
export const legalBasisLabels = {
  accueil_provisoire: 'Accueil provisoire (art. L. 223-2 CASF)',
  assistance_educative: 'Assistance éducative – placement judiciaire (art. 375 C. civ.)',
  delegation_autorite_parentale: 'Délégation de l’autorité parentale (art. 377 C. civ.)',
  tutelle: 'Tutelle (art. 390 et s. C. civ.)',
  penal_mineurs: 'Mesure pénale (Code de la justice pénale des mineurs)',
  jeune_majeur: 'Accueil provisoire jeune majeur (art. L. 222-5 CASF)',
  aemo: 'Action éducative en milieu ouvert (AEMO)',
  mjie: 'Mesure judiciaire d’investigation éducative (MJIE)',
} as const;

export type LegalBasis = keyof typeof legalBasisLabels;
export const legalBases = Object.keys(legalBasisLabels) as LegalBasis[];
