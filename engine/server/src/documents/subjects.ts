import type { DocumentRecord, SignatureRecord } from '@cordee/db';
import type { Document } from '@cordee/metadata/generated/api/document';

/** What the permission rules look at on a document (CASL subject `Document`): the same fields as `documentColumns` in SQL. */
export const documentSubject = (d: Pick<DocumentRecord, 'dossierId' | 'establishmentId' | 'unitId' | 'templateKey' | 'status'> & Partial<Pick<DocumentRecord, 'id' | 'createdBy'>>) => ({
  ...(d.id ? { id: d.id } : {}),
  dossierId: d.dossierId,
  establishmentId: d.establishmentId,
  unitId: d.unitId,
  templateKey: d.templateKey,
  status: d.status,
  ...(d.createdBy ? { createdBy: d.createdBy } : {}),
});

/** The document a user would create for this dossier from this template (what the `create` rules look at). */
export const newDocumentSubject = (dossier: { id: string; establishmentId: string; unitId: string | null }, templateKey: string) =>
  documentSubject({ dossierId: dossier.id, establishmentId: dossier.establishmentId, unitId: dossier.unitId, templateKey, status: 'awaiting_signatures' });

export const documentView = (d: DocumentRecord, signatures: SignatureRecord[]): Document => ({
  id: d.id,
  dossierId: d.dossierId,
  establishmentId: d.establishmentId,
  templateKey: d.templateKey,
  templateVersion: d.templateVersion,
  title: d.title,
  status: d.status,
  mediaType: 'application/pdf',
  sizeBytes: d.sizeBytes,
  sha256: d.sha256.trim(),
  sources: d.sources,
  expectedSignatories: d.expectedSignatories,
  signatures: signatures.map((s) => ({
    id: s.id,
    role: s.role,
    mode: s.mode,
    signatoryName: s.signatoryName,
    signatoryAccountId: s.signatoryAccountId,
    scanAttachmentId: s.scanAttachmentId,
    comment: s.comment,
    signedAt: s.signedAt.toISOString(),
    recordedBy: s.recordedBy,
    recordedAt: s.recordedAt.toISOString(),
  })),
  createdBy: d.createdBy,
  createdAt: d.createdAt.toISOString(),
});
