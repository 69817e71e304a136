import { createHash } from 'node:crypto';
import type { Request } from 'express';
import { AppError, attachmentMediaTypes, bareMediaType, cleanFilename, validationError } from '@cordee/core';
import { type AttachmentMeta, findDossierAccessRecord, getAttachmentFile, getAttachmentMeta, insertAttachment, recordAudit } from '@cordee/db';
import type { Attachment } from '@cordee/metadata/generated/api/attachment';
import type { AttachmentUploadQuery } from '@cordee/metadata/generated/api/attachment-upload-query';
import type { AppDeps } from '../deps';
import { assertNotArchived } from '../dossiers/archived';
import { dossierSubject } from '../dossiers/subjects';
import { assertCanOn, canOn, requireUser } from '../http/authorize';
import { type RequestContext, auditEvent } from '../http/context';
import { route, type RouteSpec } from '../http/route';
import { submissionSubject } from '../submissions/subjects';

const TAGS = ['Saisies'];

/** The raw request body, refused (413) past the limit — announced by Content-Length or found while reading. */
async function readRawBody(req: Request, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  const tooLarge = () => {
    req.resume(); // drain what is left so the answer reaches the client
    return new AppError('PAYLOAD_TOO_LARGE', { detail: `Une pièce jointe ne peut dépasser ${Math.floor(limit / 1024)} Kio.` });
  };
  if (Number.isFinite(declared) && declared > limit) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw tooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

const sha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex');

const attachmentView = (a: AttachmentMeta): Attachment => ({
  id: a.id,
  dossierId: a.dossierId,
  filename: a.filename,
  mediaType: a.mediaType,
  sizeBytes: a.sizeBytes,
  sha256: a.sha256,
  createdBy: a.createdBy,
  createdAt: a.createdAt.toISOString(),
});

/** `attachment; filename="ascii fallback"; filename*=UTF-8''…` (RFC 6266). */
const contentDisposition = (filename: string) =>
  `attachment; filename="${filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(filename)}`;

/**
 * The attachment when the user may read its dossier, with the audit event of its read; a refused
 * read is audited and answered like an unknown id.
 */
async function readableAttachment<A extends AttachmentMeta>(deps: AppDeps, ctx: RequestContext, id: string, action: string, load: (db: AppDeps['db'], id: string) => Promise<A | null>) {
  const file = await load(deps.db, id);
  if (!file) throw new AppError('NOT_FOUND');
  const dossier = await findDossierAccessRecord(deps.db, file.dossierId);
  const read = { action, targetType: 'attachment', targetId: file.id, dossierId: file.dossierId, establishmentId: dossier?.establishmentId ?? file.establishmentId };
  if (!dossier || !canOn(ctx, 'read', 'Dossier', dossierSubject(dossier))) {
    await recordAudit(deps.db, auditEvent(ctx, { ...read, outcome: 'denied' }));
    throw new AppError('NOT_FOUND');
  }
  return { file, read };
}

export function attachmentRoutes(deps: AppDeps): RouteSpec[] {
  return [
    route<unknown, AttachmentUploadQuery>({
      method: 'post',
      path: '/api/dossiers/:id/attachments',
      summary: 'Joindre un fichier à un dossier (corps brut avec son Content-Type, nom dans ?filename=) ; on y renvoie dans les réponses par { "attachmentId": … }',
      tags: TAGS,
      access: { action: 'create', subject: 'Submission' },
      query: 'api/attachment-upload-query',
      response: 'api/attachment',
      successStatus: 201,
      handler: async ({ ctx, params, query, req }): Promise<Attachment> => {
        const user = requireUser(ctx);
        const dossier = await findDossierAccessRecord(deps.db, params.id!);
        if (!dossier) throw new AppError('NOT_FOUND');
        assertCanOn(ctx, 'create', 'Submission', submissionSubject({ dossierId: dossier.id, establishmentId: dossier.establishmentId, unitId: dossier.unitId, status: 'draft' }));
        assertNotArchived(dossier);
        const mediaType = bareMediaType(req.headers['content-type']);
        if (!attachmentMediaTypes.has(mediaType)) throw new AppError('ATTACHMENT_TYPE_NOT_ALLOWED', { detail: `Type reçu : « ${mediaType || 'aucun'} ».` });
        const filename = cleanFilename(query.filename);
        if (!filename) throw validationError([{ path: '/filename', message: 'Le nom du fichier est invalide.' }]);
        const content = await readRawBody(req, deps.config.attachmentMaxBytes);
        if (content.length === 0) throw validationError([{ path: '', message: 'Le fichier est vide.' }]);
        const digest = sha256(content);
        return deps.db.transaction(async (trx) => {
          const stored = await insertAttachment(trx, { dossierId: dossier.id, establishmentId: dossier.establishmentId, filename, mediaType, sha256: digest, content, createdBy: user.accountId });
          await recordAudit(
            trx,
            auditEvent(ctx, {
              action: 'attachment.upload',
              targetType: 'attachment',
              targetId: stored.id,
              dossierId: dossier.id,
              establishmentId: dossier.establishmentId,
              detail: { mediaType, sizeBytes: content.length, sha256: digest },
            }),
          );
          return attachmentView(stored);
        });
      },
    }),
    route({
      method: 'get',
      path: '/api/attachments/:id',
      summary: 'Ce que l’on sait d’une pièce jointe (nom, type, taille, empreinte SHA-256), à qui peut lire son dossier',
      tags: TAGS,
      access: { action: 'read', subject: 'Dossier' },
      response: 'api/attachment',
      handler: async ({ ctx, params }): Promise<Attachment> => {
        const { file, read } = await readableAttachment(deps, ctx, params.id!, 'attachment.metadata.read', getAttachmentMeta);
        await recordAudit(deps.db, auditEvent(ctx, read));
        return attachmentView(file);
      },
    }),
    route({
      method: 'get',
      path: '/api/attachments/:id/content',
      summary: 'Le contenu d’une pièce jointe, à qui peut lire son dossier, après vérification de son empreinte SHA-256',
      tags: TAGS,
      access: { action: 'read', subject: 'Dossier' },
      produces: 'application/octet-stream',
      handler: async ({ ctx, params, res }) => {
        const { file, read } = await readableAttachment(deps, ctx, params.id!, 'attachment.read', getAttachmentFile);
        const digest = sha256(file.content);
        if (digest !== file.sha256.trim()) {
          ctx.log.error({ attachmentId: file.id, stored: file.sha256, actual: digest }, 'attachment content does not match its SHA-256');
          await recordAudit(deps.db, auditEvent(ctx, { ...read, outcome: 'failure', detail: { reason: 'sha256_mismatch' } }));
          throw new AppError('ATTACHMENT_CORRUPTED');
        }
        await recordAudit(deps.db, auditEvent(ctx, { ...read, detail: { sha256: digest, sizeBytes: file.sizeBytes } }));
        res.status(200);
        res.setHeader('Content-Type', file.mediaType);
        res.setHeader('Content-Length', String(file.content.length));
        res.setHeader('Content-Disposition', contentDisposition(file.filename));
        res.setHeader('Repr-Digest', `sha-256=:${Buffer.from(digest, 'hex').toString('base64')}:`);
        res.end(file.content);
        return undefined;
      },
    }),
  ];
}
