import { AppError, validationError } from '@cordee/core';
import { type DocumentRecord, type NewSignature, type SignatureRecord, type Tx, attachmentsOfDossier, dossierLinkOf } from '@cordee/db';
import type { SignatureCreateRequest } from '@cordee/metadata/generated/api/signature-create-request';
import { requireUser } from '../http/authorize';
import type { RequestContext } from '../http/context';

const relationOfRole = { young_person: 'usager', legal_representative: 'legal_representative' } as const;

/**
 * The signature a request records, checked (HAB-2):
 * - electronic: the signatory is the signed-in user — a professional signs as professional, the
 *   young person or a legal representative only with their own account linked to the dossier;
 * - scanned paper: a professional records it with the scan, an attachment of the dossier;
 * - refused: a professional records who refused and why.
 * Only the roles the document expects may sign.
 */
export async function signatureToRecord(trx: Tx, ctx: RequestContext, document: DocumentRecord, body: SignatureCreateRequest, now: Date): Promise<NewSignature> {
  const user = requireUser(ctx);
  if (document.expectedSignatories.length === 0) throw validationError([{ path: '/role', message: 'Ce document n’attend aucune signature.' }]);
  if (!document.expectedSignatories.includes(body.role)) throw validationError([{ path: '/role', message: `Ce document n’attend pas de signature à ce titre (attendues : ${document.expectedSignatories.join(', ')}).` }]);
  const link = await dossierLinkOf(trx, user.accountId, document.dossierId);
  const base = { documentId: document.id, role: body.role, mode: body.mode, recordedBy: user.accountId, comment: body.comment ?? null };
  if (body.mode === 'electronic') {
    if (body.signatoryName !== undefined || body.signedAt !== undefined || body.scanAttachmentId !== undefined) {
      throw validationError([{ path: '/mode', message: 'Une signature électronique est celle de la personne connectée, maintenant : ni nom, ni date, ni scan.' }]);
    }
    const expected = body.role === 'professional' ? null : relationOfRole[body.role];
    if (body.role === 'professional' ? link !== null : link !== expected) {
      throw new AppError('FORBIDDEN', { detail: body.role === 'professional' ? 'Seul un professionnel signe à ce titre.' : 'Seule la personne concernée signe électroniquement à ce titre, avec son propre compte.' });
    }
    return { ...base, signatoryName: user.displayName, signatoryAccountId: user.accountId, scanAttachmentId: null, signedAt: now };
  }
  if (link !== null) throw new AppError('FORBIDDEN', { detail: 'Une signature papier ou un refus est enregistré par un professionnel.' });
  const issues: Array<{ path: string; message: string }> = [];
  if (!body.signatoryName?.trim()) issues.push({ path: '/signatoryName', message: 'Le nom du signataire est requis.' });
  const signedAt = body.signedAt ? new Date(body.signedAt) : now;
  if (signedAt.getTime() > now.getTime() + 60_000) issues.push({ path: '/signedAt', message: 'La date de signature ne peut pas être dans le futur.' });
  if (signedAt.getTime() < document.createdAt.getTime() - 60_000) issues.push({ path: '/signedAt', message: 'La date de signature précède la production du document.' });
  if (body.mode === 'scanned_paper') {
    if (!body.scanAttachmentId) issues.push({ path: '/scanAttachmentId', message: 'Joignez le document signé numérisé (pièce jointe du dossier).' });
    else if (!(await attachmentsOfDossier(trx, document.dossierId, [body.scanAttachmentId])).has(body.scanAttachmentId)) {
      issues.push({ path: '/scanAttachmentId', message: 'Cette pièce jointe n’existe pas dans ce dossier.' });
    }
  } else if (body.scanAttachmentId) {
    issues.push({ path: '/scanAttachmentId', message: 'Un refus de signer n’a pas de scan.' });
  }
  if (body.mode === 'refused' && !body.comment?.trim()) issues.push({ path: '/comment', message: 'Indiquez le motif du refus de signer.' });
  if (issues.length > 0) throw validationError(issues);
  return { ...base, signatoryName: body.signatoryName!.trim(), signatoryAccountId: null, scanAttachmentId: body.scanAttachmentId ?? null, signedAt };
}

/** A document is complete once every expected signatory has signed or their refusal is traced. */
export function statusAfter(document: DocumentRecord, trail: SignatureRecord[]): DocumentRecord['status'] {
  return document.expectedSignatories.every((role) => trail.some((s) => s.role === role)) ? 'final' : 'awaiting_signatures';
}
