import { AppError } from '@cordee/core';
import { type ArchivePackageRecord, type Tx, insertArchivePackage, lockDossier, recordAudit, updateDossier } from '@cordee/db';
import type { ArchiveResult } from '@cordee/metadata/generated/api/archive-result';
import { assertNotArchived } from '../dossiers/archived';
import { dossierSubject } from '../dossiers/subjects';
import { canOn, requireUser } from '../http/authorize';
import { type RequestContext, auditEvent } from '../http/context';
import { recordStatusChange } from '../reporting/record';
import { buildArchivePackage } from './build-package';

const archiveResultOf = (p: ArchivePackageRecord, dossierStatus: ArchiveResult['dossierStatus']): ArchiveResult => ({
  packageId: p.id,
  dossierId: p.dossierId,
  status: p.status,
  dossierStatus,
  filename: p.filename,
  sizeBytes: p.sizeBytes,
  sha256: p.sha256.trim(),
  files: p.files,
  publicKey: p.publicKey,
  createdAt: p.createdAt.toISOString(),
});

/**
 * Archives a dossier that has left care for its transmission to the CD (pde-domain.md § 8.2), in
 * the caller's transaction: who may seal it (the director, `archive`) seals it — the package is
 * signed and the dossier becomes read-only —, who may only prepare it (the secretariat,
 * `prepare_archive`) gets a prepared package. The one way to archive: the archive route and the
 * archiving workflow's tasks both call it.
 */
export async function archiveDossier(trx: Tx, ctx: RequestContext, dossierId: string, now: Date): Promise<ArchiveResult> {
  const user = requireUser(ctx);
  // the row lock makes the package a consistent picture and orders concurrent requests
  const dossier = await lockDossier(trx, dossierId);
  if (!dossier || !canOn(ctx, 'read', 'Dossier', dossierSubject(dossier))) throw new AppError('NOT_FOUND');
  const seal = canOn(ctx, 'archive', 'Dossier', dossierSubject(dossier));
  if (!seal && !canOn(ctx, 'prepare_archive', 'Dossier', dossierSubject(dossier))) throw new AppError('FORBIDDEN');
  assertNotArchived(dossier);
  if (dossier.status !== 'discharged') {
    throw new AppError('ARCHIVE_NOT_ALLOWED', { detail: `Seul un dossier sorti (fin de prise en charge) s’archive ; ce dossier est « ${dossier.status} ».` });
  }
  const status = seal ? 'sealed' : 'prepared';
  const built = await buildArchivePackage(trx, dossier, status, now);
  const stored = await insertArchivePackage(trx, {
    dossierId: dossier.id,
    establishmentId: dossier.establishmentId,
    status,
    filename: built.filename,
    sha256: built.sha256,
    content: built.content,
    files: built.files,
    publicKey: built.publicKey,
    createdBy: user.accountId,
  });
  if (seal) {
    await updateDossier(trx, dossier.id, { status: 'archived' });
    await recordStatusChange(trx, dossier, dossier.status, 'archived', now);
  }
  await recordAudit(
    trx,
    auditEvent(ctx, {
      action: seal ? 'dossier.archive' : 'dossier.archive.prepare',
      targetType: 'dossier',
      targetId: dossier.id,
      dossierId: dossier.id,
      establishmentId: dossier.establishmentId,
      detail: { packageId: stored.id, sha256: built.sha256, files: built.files, sizeBytes: built.content.length, status: seal ? { from: dossier.status, to: 'archived' } : null },
    }),
  );
  return archiveResultOf(stored, seal ? 'archived' : dossier.status);
}
