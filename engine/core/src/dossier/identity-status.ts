/**
 * Identity status of the INS referential (Référentiel national d'identitovigilance):
 * - provisoire: traits captured without an identity document check nor INSi call;
 * - recuperee: traits and INS returned by the INSi teleservice, no document check yet;
 * - validee: traits checked against a high-trust identity document, INS not (yet) retrieved;
 * - qualifiee: both — the only status allowing the INS to be used and shared.
 */
export const identityStatuses = ['provisoire', 'recuperee', 'validee', 'qualifiee'] as const;
export type IdentityStatus = (typeof identityStatuses)[number];

export const identityStatusLabels: Record<IdentityStatus, string> = {
  provisoire: 'Identité provisoire',
  recuperee: 'Identité récupérée',
  validee: 'Identité validée',
  qualifiee: 'Identité qualifiée',
};

export interface IdentityEvidence {
  /** A high-trust identity document was checked (passeport, CNI, titre de séjour, livret de famille for a minor…). */
  documentChecked: boolean;
  /** The INS was returned by the INSi teleservice for these traits. */
  insRetrieved: boolean;
}

/** The status implied by the evidence at hand; the one rule of the referential. */
export function identityStatusFor(evidence: IdentityEvidence): IdentityStatus {
  if (evidence.documentChecked && evidence.insRetrieved) return 'qualifiee';
  if (evidence.documentChecked) return 'validee';
  if (evidence.insRetrieved) return 'recuperee';
  return 'provisoire';
}

const rank: Record<IdentityStatus, number> = { provisoire: 0, recuperee: 1, validee: 1, qualifiee: 2 };

const missingEvidence: Record<IdentityStatus, string> = {
  provisoire: '',
  recuperee: 'Une identité récupérée exige l’INS renvoyé par le téléservice INSi.',
  validee: 'Une identité validée exige la vérification d’une pièce d’identité à haut niveau de confiance.',
  qualifiee: 'Une identité qualifiée exige une pièce d’identité à haut niveau de confiance vérifiée et l’INS récupéré par le téléservice INSi.',
};

/**
 * Why a move from one status to another is refused, or null when allowed. A downgrade (doubt on
 * an identity) is always allowed, the caller records its reason; any other move must be what
 * the evidence supports.
 */
export function identityTransitionProblem(from: IdentityStatus, to: IdentityStatus, evidence: IdentityEvidence): string | null {
  if (from === to) return 'Le dossier a déjà ce statut d’identité.';
  if (rank[to] < rank[from]) return null;
  return identityStatusFor(evidence) === to ? null : missingEvidence[to];
}
