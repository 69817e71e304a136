import { AppError } from '@cordee/core';
import { type ArchivePackageRecord, findDossierAccessRecord, getArchivePackage, insertArchivePackage, lockDossier, recordAudit, updateDossier } from '@cordee/db';
import type { ArchiveResult } from '@cordee/metadata/generated/api/archive-result';
import type { AppDeps } from '../deps';
import { buildArchivePackage } from '../archive/build-package';
import { assertNotArchived } from '../dossiers/archived';
import { dossierSubject } from '../dossiers/subjects';
import { canOn } from '../http/authorize';
import { auditEvent } from '../http/context';
import { route, type RouteSpec } from '../http/route';
import { recordStatusChange } from '../reporting/record';

const TAGS = ['Archivage'];

const resultOf = (p: ArchivePackageRecord, dossierStatus: ArchiveResult['dossierStatus']): ArchiveResult => ({
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

export function archiveRoutes(deps: AppDeps): RouteSpec[] {
  return [
    route({
      method: 'post',
      path: '/api/dossiers/:id/archive',
      summary:
        'Archiver un dossier sorti pour sa transmission au CD : le secrétariat prépare le paquet (zip signé), le directeur le valide, ce qui scelle le dossier en lecture seule',
      tags: TAGS,
      access: { action: 'prepare_archive', subject: 'Dossier' },
      response: 'api/archive-result',
      successStatus: 201,
      handler: async ({ ctx, params }): Promise<ArchiveResult> => {
        const now = deps.clock.now();
        return deps.db.transaction(async (trx) => {
          // the row lock makes the package a consistent picture and orders concurrent requests
          const dossier = await lockDossier(trx, params.id!);
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
            createdBy: ctx.user!.accountId,
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
          return resultOf(stored, seal ? 'archived' : dossier.status);
        });
      },
    }),
    route({
      method: 'get',
      path: '/api/archive-packages/:id/content',
      summary: 'Le paquet d’archive (zip : PDF, saisies JSON, pièces jointes, extrait d’audit, manifeste signé)',
      tags: TAGS,
      access: { action: 'prepare_archive', subject: 'Dossier' },
      produces: 'application/zip',
      handler: async ({ ctx, params, res }) => {
        const archive = await getArchivePackage(deps.db, params.id!);
        const dossier = archive ? await findDossierAccessRecord(deps.db, archive.dossierId) : null;
        if (!archive || !dossier || !canOn(ctx, 'prepare_archive', 'Dossier', dossierSubject(dossier))) throw new AppError('NOT_FOUND');
        await recordAudit(
          deps.db,
          auditEvent(ctx, { action: 'dossier.archive.download', targetType: 'archive_package', targetId: archive.id, dossierId: dossier.id, establishmentId: dossier.establishmentId, purpose: 'transmission_cd', detail: { sha256: archive.sha256.trim() } }),
        );
        res.status(200);
        res.setHeader('Content-Type', 'application/zip');
        res.setHeader('Content-Length', String(archive.content.length));
        res.setHeader('Content-Disposition', `attachment; filename="${archive.filename.replace(/[^\w.-]/g, '_')}"`);
        res.setHeader('Repr-Digest', `sha-256=:${Buffer.from(archive.sha256.trim(), 'hex').toString('base64')}:`);
        res.end(archive.content);
        return undefined;
      },
    }),
  ];
}
