/** Establishment types of child protection (CASF L312-1 I 1° and 4°, III). Codes are stable; labels are French. */
export const establishmentTypes = {
  mecs: 'Maison d’enfants à caractère social (MECS)',
  foyer_enfance: 'Foyer de l’enfance',
  pouponniere: 'Pouponnière à caractère social',
  placement_familial: 'Service de placement familial',
  aemo: 'Service d’AEMO / MJIE',
  lieu_de_vie: 'Lieu de vie et d’accueil',
  accueil_de_jour: 'Service d’accueil de jour',
} as const;

export type EstablishmentType = keyof typeof establishmentTypes;
