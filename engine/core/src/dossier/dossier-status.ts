/** French labels of the situation of a dossier along the child's path. */
export const dossierStatusLabels = {
  applicant: 'Candidature',
  waiting: 'Liste d’attente',
  admitted: 'Accueilli',
  discharged: 'Sorti',
  archived: 'Archivé',
} as const;
