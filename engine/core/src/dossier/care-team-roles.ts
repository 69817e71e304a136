/** Roles in a child's care team (équipe de prise en charge), with the French label shown to users. */
export const careTeamRoleLabels = {
  referent: 'Référent éducatif',
  co_referent: 'Co-référent',
  chef_service: 'Chef de service',
  psychologue: 'Psychologue',
  infirmier: 'Infirmier',
  medecin: 'Médecin',
  educateur: 'Éducateur',
  moniteur_educateur: 'Moniteur-éducateur',
  maitresse_maison: 'Maîtresse de maison',
  veilleur_nuit: 'Veilleur de nuit',
  assistant_social: 'Assistant de service social',
  enseignant: 'Enseignant spécialisé',
} as const;

export type CareTeamRole = keyof typeof careTeamRoleLabels;
export const careTeamRoles = Object.keys(careTeamRoleLabels) as CareTeamRole[];
