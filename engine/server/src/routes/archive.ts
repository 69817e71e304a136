import { AppError } from '@cordee/core';
import { findDossierAccessRecord, getArchivePackage, recordAudit } from '@cordee/db';
import type { ArchiveResult } from '@cordee/metadata/generated/api/archive-result';
import type { AppDeps } from '../deps';
import { archiveDossier } from '../archive/archive-dossier';
import { dossierSubject } from '../dossiers/subjects';
import { canOn } from '../http/authorize';
import { auditEvent } from '../http/context';
import { route, type RouteSpec } from '../http/route';

const TAGS = ['Archivage'];

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
      handler: async ({ ctx, params }): Promise<ArchiveResult> => deps.db.transaction((trx) => archiveDossier(trx, ctx, params.id!, deps.clock.now())),
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
