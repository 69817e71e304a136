import {
  AppError,
  type IdentityDocumentType,
  type IdentityStatus,
  type IdentityTraits,
  changedStrictTraits,
  changedTraits,
  identityDocumentProblem,
  identityStatusAfterEdit,
  identityTransitionProblem,
  validationError,
} from '@cordee/core';
import { type DossierChanges, type DossierRecord, type Tx, insertIdentityStatusChange } from '@cordee/db';

const withDocument = (status: IdentityStatus): boolean => status === 'validee' || status === 'qualifiee';

/**
 * The changes of an identity edit: a strict trait changed on a verified or retrieved identity
 * sends it back to 'provisoire' (recorded with its reason), and the document check is dropped.
 */
export async function identityEdit(
  trx: Tx,
  dossier: DossierRecord,
  identity: IdentityTraits,
  actorId: string,
): Promise<{ changes: DossierChanges; changedFields: string[]; statusChange: { from: IdentityStatus; to: IdentityStatus } | null }> {
  const changedFields = changedTraits(dossier.identity, identity);
  const strict = changedStrictTraits(dossier.identity, identity);
  const next = identityStatusAfterEdit(dossier.identityStatus, strict);
  if (next === dossier.identityStatus) return { changes: { identity }, changedFields, statusChange: null };
  await insertIdentityStatusChange(trx, {
    dossierId: dossier.id,
    fromStatus: dossier.identityStatus,
    toStatus: next,
    reason: `Traits stricts modifiés (${strict.join(', ')}) : l’identité doit être vérifiée de nouveau.`,
    changedBy: actorId,
  });
  return {
    changes: { identity, identityStatus: next, identityDocumentType: null, identityCheckedAt: null },
    changedFields,
    statusChange: { from: dossier.identityStatus, to: next },
  };
}

/**
 * A requested identity status move, checked against the evidence at hand (a document checked now
 * or earlier, the INS retrieved) and recorded. Returns the dossier changes to apply.
 */
export async function identityStatusMove(
  trx: Tx,
  dossier: DossierRecord,
  request: { status: IdentityStatus; reason: string; documentType?: IdentityDocumentType },
  actorId: string,
  now: Date,
  today: string,
): Promise<DossierChanges> {
  if (request.documentType) {
    const problem = identityDocumentProblem(request.documentType, dossier.identity.birthDate, today);
    if (problem) throw validationError([{ path: '/documentType', message: problem }]);
  }
  const evidence = { documentChecked: request.documentType !== undefined || dossier.identityCheckedAt !== null, insRetrieved: dossier.insMatricule !== null };
  const problem = identityTransitionProblem(dossier.identityStatus, request.status, evidence);
  if (problem) throw new AppError('INVALID_IDENTITY_TRANSITION', { detail: problem, issues: [{ path: '/status', message: problem }] });
  const keepsDocument = withDocument(request.status);
  await insertIdentityStatusChange(trx, {
    dossierId: dossier.id,
    fromStatus: dossier.identityStatus,
    toStatus: request.status,
    reason: request.reason,
    documentType: request.documentType ?? null,
    changedBy: actorId,
  });
  return {
    identityStatus: request.status,
    identityDocumentType: keepsDocument ? (request.documentType ?? dossier.identityDocumentType) : null,
    identityCheckedAt: keepsDocument ? (request.documentType ? now : dossier.identityCheckedAt) : null,
  };
}
