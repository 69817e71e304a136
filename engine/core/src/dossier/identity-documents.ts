import { ageOn } from '../time/local-date';

/**
 * Identity documents of high trust level that let an operator validate an identity (RNIV): the
 * family record book and the birth certificate only for a minor.
 */
export const identityDocumentTypes = {
  passeport: { label: 'Passeport', minorsOnly: false },
  carte_identite: { label: 'Carte nationale d’identité', minorsOnly: false },
  titre_sejour: { label: 'Titre de séjour', minorsOnly: false },
  livret_famille: { label: 'Livret de famille', minorsOnly: true },
  acte_naissance: { label: 'Extrait d’acte de naissance', minorsOnly: true },
} as const;

export type IdentityDocumentType = keyof typeof identityDocumentTypes;
export const identityDocumentTypeKeys = Object.keys(identityDocumentTypes) as IdentityDocumentType[];

/** Why this document cannot validate this person's identity today, or null when it can. */
export function identityDocumentProblem(type: IdentityDocumentType, birthDate: string, today: string): string | null {
  const document = identityDocumentTypes[type];
  if (document.minorsOnly && ageOn(birthDate, today) >= 18) {
    return `${document.label} : ce justificatif ne vaut que pour un mineur ; pour un majeur, vérifiez un passeport, une carte d’identité ou un titre de séjour.`;
  }
  return null;
}
