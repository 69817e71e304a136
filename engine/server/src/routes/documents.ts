import { createHash } from 'node:crypto';
import { AppError, encodeCursor } from '@cordee/core';
import {
  type DocumentRecord,
  type DossierAccessRecord,
  findDossierAccessRecord,
  findEstablishment,
  getDocument,
  getDocumentContent,
  insertDocument,
  insertSignature,
  listDocuments,
  recordAudit,
  setDocumentStatus,
  signaturesOf,
} from '@cordee/db';
import type { Document } from '@cordee/metadata/generated/api/document';
import type { DocumentCreateRequest } from '@cordee/metadata/generated/api/document-create-request';
import type { DocumentList } from '@cordee/metadata/generated/api/document-list';
import type { DocumentListQuery } from '@cordee/metadata/generated/api/document-list-query';
import type { SignatureCreateRequest } from '@cordee/metadata/generated/api/signature-create-request';
import type { AppDeps } from '../deps';
import { assertNotArchived } from '../dossiers/archived';
import { dossierSubject } from '../dossiers/subjects';
import { documentContentAccess, readableDocumentsFilter } from '../documents/category-access';
import { documentPdf, renderDocumentHtml } from '../documents/render';
import { signatureToRecord, statusAfter } from '../documents/signing';
import { documentSubject, documentView, newDocumentSubject } from '../documents/subjects';
import { assertCanOn, canOn, requireUser } from '../http/authorize';
import { type RequestContext, auditEvent } from '../http/context';
import { route, type RouteSpec } from '../http/route';
import { timestampCursor } from '../http/timestamp-cursor';
import { persistEffective } from '../metadata/effective';
import { recordDossierEvent } from '../reporting/record';
import { auditRead, readableDossier } from './dossier-overview';

const TAGS = ['Documents'];
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** `inline; filename=…` for a PDF shown in the browser (RFC 6266, ASCII fallback). */
const inline = (filename: string) => `inline; filename="${filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(filename)}`;

/** The dossier, 404 when unknown or not readable; then the `create` check on a document of it from that template. */
async function dossierForNewDocument(deps: AppDeps, ctx: RequestContext, id: string, templateKey: string): Promise<DossierAccessRecord> {
  const dossier = await findDossierAccessRecord(deps.db, id);
  if (!dossier || !canOn(ctx, 'read', 'Dossier', dossierSubject(dossier))) throw new AppError('NOT_FOUND');
  assertCanOn(ctx, 'create', 'Document', newDocumentSubject(dossier, templateKey));
  return dossier;
}

/**
 * The document when the user may read it and each data category it shows; a refused read is
 * audited and answered like an unknown id.
 */
async function readableDocument(deps: AppDeps, ctx: RequestContext, id: string, action: string) {
  const document = await getDocument(deps.db, id);
  if (!document) throw new AppError('NOT_FOUND');
  if (!canOn(ctx, 'read', 'Document', documentSubject(document)) || documentContentAccess(ctx, document) === 'denied') {
    await recordAudit(deps.db, auditEvent(ctx, { action, targetType: 'document', targetId: document.id, dossierId: document.dossierId, establishmentId: document.establishmentId, outcome: 'denied' }));
    throw new AppError('NOT_FOUND');
  }
  return document;
}

/** The purpose of a read of the document: `break_glass` when a category it shows is open to the user only by a break-glass grant. */
const readPurpose = (ctx: RequestContext, document: DocumentRecord) => (documentContentAccess(ctx, document) === 'break_glass' ? { purpose: 'break_glass' } : {});

/** A document as shown to this user, with what they may do of it (the UI offers only that). */
const withActions = (ctx: RequestContext, record: DocumentRecord, view: Document): Document => ({ ...view, actions: { sign: canOn(ctx, 'sign', 'Document', documentSubject(record)) } });

export function documentRoutes(deps: AppDeps): RouteSpec[] {
  return [
    route<unknown, DocumentListQuery>({
      method: 'get',
      path: '/api/dossiers/:id/documents',
      summary: 'Les documents produits d’un dossier que l’on peut lire, avec leur trace de signature, les plus récents d’abord',
      tags: TAGS,
      access: { action: 'read', subject: 'Document' },
      query: 'api/document-list-query',
      response: 'api/document-list',
      handler: async ({ ctx, params, query }): Promise<DocumentList> => {
        const dossier = await findDossierAccessRecord(deps.db, params.id!);
        if (!dossier || !canOn(ctx, 'read', 'Dossier', dossierSubject(dossier))) throw new AppError('NOT_FOUND');
        const limit = query.limit ?? 50;
        const rows = await listDocuments(deps.db, {
          access: await readableDocumentsFilter(deps, ctx, dossier.id),
          dossierId: dossier.id,
          ...(query.cursor !== undefined ? { after: timestampCursor(query.cursor) } : {}),
          limit,
        });
        const page = rows.slice(0, limit);
        const trails = await signaturesOf(deps.db, page.map((d) => d.id));
        await recordAudit(
          deps.db,
          auditEvent(ctx, { action: 'document.list', targetType: 'document', dossierId: dossier.id, establishmentId: dossier.establishmentId, detail: { count: page.length, documentIds: page.map((d) => d.id) } }),
        );
        const last = page[page.length - 1];
        return { items: page.map((d) => withActions(ctx, d, documentView(d, trails.get(d.id) ?? []))), nextCursor: rows.length > limit && last ? encodeCursor([last.cursorAt, last.id]) : null };
      },
    }),
    route<DocumentCreateRequest>({
      method: 'post',
      path: '/api/dossiers/:id/documents/preview',
      summary: 'Aperçu HTML d’un document (le brouillon d’une saisie est accepté) : rien n’est enregistré',
      tags: TAGS,
      access: { action: 'create', subject: 'Document' },
      body: 'api/document-create-request',
      produces: 'text/html',
      handler: async ({ ctx, params, body, res }) => {
        const dossier = await dossierForNewDocument(deps, ctx, params.id!, body.template);
        const rendered = await renderDocumentHtml(deps, ctx, dossier, body.template, body.submission, false);
        await recordAudit(
          deps.db,
          auditEvent(ctx, { action: 'document.preview', targetType: 'dossier', targetId: dossier.id, dossierId: dossier.id, establishmentId: dossier.establishmentId, detail: { template: body.template, version: rendered.template.baseVersion, sources: rendered.sources } }),
        );
        res.status(200);
        res.setHeader('Content-Type', 'text/html; charset=utf-8');
        res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
        res.end(rendered.html);
        return undefined;
      },
    }),
    route<DocumentCreateRequest>({
      method: 'post',
      path: '/api/dossiers/:id/documents',
      summary: 'Produire et enregistrer le PDF d’un document à partir d’un modèle et d’une saisie définitive',
      tags: TAGS,
      access: { action: 'create', subject: 'Document' },
      body: 'api/document-create-request',
      response: 'api/document',
      successStatus: 201,
      handler: async ({ ctx, params, body }): Promise<Document> => {
        const user = requireUser(ctx);
        const dossier = await dossierForNewDocument(deps, ctx, params.id!, body.template);
        assertNotArchived(dossier);
        const rendered = await renderDocumentHtml(deps, ctx, dossier, body.template, body.submission, true);
        const establishment = await findEstablishment(deps.db, dossier.establishmentId);
        const pdf = await documentPdf(deps, ctx, rendered, establishment?.name ?? '');
        const digest = sha256(pdf);
        return deps.db.transaction(async (trx) => {
          await persistEffective(trx, rendered.template);
          const id = await insertDocument(trx, {
            dossierId: dossier.id,
            establishmentId: dossier.establishmentId,
            templateKey: rendered.template.key,
            templateVersionId: rendered.template.baseVersionId,
            templateVersion: rendered.template.baseVersion,
            templateHash: rendered.template.hash,
            title: rendered.title.slice(0, 300),
            sources: rendered.sources,
            sha256: digest,
            content: pdf,
            status: rendered.signatories.length > 0 ? 'awaiting_signatures' : 'final',
            expectedSignatories: rendered.signatories,
            categories: rendered.categories,
            createdBy: user.accountId,
          });
          await recordDossierEvent(trx, 'document_generated', dossier, deps.clock.now(), { artefact: { kind: 'template', key: rendered.template.key } });
          await recordAudit(
            trx,
            auditEvent(ctx, {
              action: 'document.create',
              targetType: 'document',
              targetId: id,
              dossierId: dossier.id,
              establishmentId: dossier.establishmentId,
              detail: { template: rendered.template.key, version: rendered.template.baseVersion, templateHash: rendered.template.hash, sources: rendered.sources, sha256: digest, sizeBytes: pdf.length },
            }),
          );
          return documentView((await getDocument(trx, id))!, []);
        });
      },
    }),
    route({
      method: 'get',
      path: '/api/documents/:id',
      summary: 'Un document produit : modèle, version, saisies rendues, empreinte et trace de signature',
      tags: TAGS,
      access: { action: 'read', subject: 'Document' },
      response: 'api/document',
      handler: async ({ ctx, params }): Promise<Document> => {
        const document = await readableDocument(deps, ctx, params.id!, 'document.read');
        const trails = await signaturesOf(deps.db, [document.id]);
        await recordAudit(deps.db, auditEvent(ctx, { action: 'document.read', targetType: 'document', targetId: document.id, dossierId: document.dossierId, establishmentId: document.establishmentId, ...readPurpose(ctx, document) }));
        return withActions(ctx, document, documentView(document, trails.get(document.id) ?? []));
      },
    }),
    route({
      method: 'get',
      path: '/api/documents/:id/content',
      summary: 'Le PDF d’un document, après vérification de son empreinte SHA-256',
      tags: TAGS,
      access: { action: 'read', subject: 'Document' },
      produces: 'application/pdf',
      handler: async ({ ctx, params, res }) => {
        const document = await readableDocument(deps, ctx, params.id!, 'document.content.read');
        const content = (await getDocumentContent(deps.db, document.id))!;
        const read = { action: 'document.content.read', targetType: 'document', targetId: document.id, dossierId: document.dossierId, establishmentId: document.establishmentId, ...readPurpose(ctx, document) };
        const digest = sha256(content);
        if (digest !== document.sha256.trim()) {
          ctx.log.error({ documentId: document.id, stored: document.sha256, actual: digest }, 'document content does not match its SHA-256');
          await recordAudit(deps.db, auditEvent(ctx, { ...read, outcome: 'failure', detail: { reason: 'sha256_mismatch' } }));
          throw new AppError('ATTACHMENT_CORRUPTED', { detail: 'Le PDF stocké ne correspond plus à son empreinte.' });
        }
        await recordAudit(deps.db, auditEvent(ctx, { ...read, detail: { sha256: digest } }));
        res.status(200);
        res.setHeader('Content-Type', 'application/pdf');
        res.setHeader('Content-Length', String(content.length));
        res.setHeader('Content-Disposition', inline(`${document.templateKey}-${document.id.slice(0, 8)}.pdf`));
        res.setHeader('Repr-Digest', `sha-256=:${Buffer.from(digest, 'hex').toString('base64')}:`);
        res.end(content);
        return undefined;
      },
    }),
    route<SignatureCreateRequest>({
      method: 'post',
      path: '/api/documents/:id/signatures',
      summary: 'Tracer une signature d’un document : électronique, papier numérisée, ou refus de signer',
      tags: TAGS,
      access: { action: 'sign', subject: 'Document' },
      body: 'api/signature-create-request',
      response: 'api/document',
      successStatus: 201,
      handler: async ({ ctx, params, body }): Promise<Document> => {
        const now = deps.clock.now();
        return deps.db.transaction(async (trx) => {
          // the row lock orders concurrent signatures of one document: the status follows the whole trail
          const document = await getDocument(trx, params.id!, true);
          if (!document || documentContentAccess(ctx, document) === 'denied') throw new AppError('NOT_FOUND');
          assertCanOn(ctx, 'sign', 'Document', documentSubject(document));
          const dossier = await findDossierAccessRecord(trx, document.dossierId);
          assertNotArchived(dossier!);
          const signature = await insertSignature(trx, await signatureToRecord(trx, ctx, document, body, now));
          const trail = (await signaturesOf(trx, [document.id])).get(document.id) ?? [];
          const status = statusAfter(document, trail);
          if (status !== document.status) await setDocumentStatus(trx, document.id, status);
          await recordDossierEvent(trx, 'document_signed', dossier!, now, { artefact: { kind: 'template', key: document.templateKey }, signatureMode: signature.mode, signatoryRole: signature.role });
          await recordAudit(
            trx,
            auditEvent(ctx, {
              action: 'document.sign',
              targetType: 'document',
              targetId: document.id,
              dossierId: document.dossierId,
              establishmentId: document.establishmentId,
              detail: { signatureId: signature.id, role: signature.role, mode: signature.mode, scanAttachmentId: signature.scanAttachmentId, status: { from: document.status, to: status } },
            }),
          );
          return withActions(ctx, { ...document, status }, documentView({ ...document, status }, trail));
        });
      },
    }),
    route({
      method: 'get',
      path: '/api/dossiers/:id/synthesis.pdf',
      summary: 'La fiche de synthèse en PDF (modèle « fiche-synthese »), selon les habilitations',
      tags: ['Dossiers'],
      access: { action: 'read', subject: 'Dossier' },
      produces: 'application/pdf',
      handler: async ({ ctx, params, res }) => {
        const access = await readableDossier(deps, ctx, params.id!, 'dossier.synthesis.read');
        const rendered = await renderDocumentHtml(deps, ctx, access, 'fiche-synthese', undefined, true);
        const establishment = await findEstablishment(deps.db, access.establishmentId);
        const pdf = await documentPdf(deps, ctx, rendered, establishment?.name ?? '');
        await auditRead(deps, ctx, access, 'dossier.synthesis.read', { format: 'pdf', template: rendered.template.key, version: rendered.template.baseVersion, sources: rendered.sources.map((s) => s.submissionId) });
        res.status(200);
        res.setHeader('Content-Type', 'application/pdf');
        res.setHeader('Content-Length', String(pdf.length));
        res.setHeader('Content-Disposition', inline('fiche-de-synthese.pdf'));
        res.end(pdf);
        return undefined;
      },
    }),
  ];
}
