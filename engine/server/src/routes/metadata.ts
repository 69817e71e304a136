import { AppError, validationError } from '@cordee/core';
import { type Tx, ensureArtefact, findDossierAccessRecord, getDraft, getVersion, listArtefacts, listVersions, latestVersion, recordAudit, saveDraft } from '@cordee/db';
import type { EffectiveQuery } from '@cordee/metadata/generated/api/effective-query';
import type { MetadataDraftRequest } from '@cordee/metadata/generated/api/metadata-draft-request';
import type { EstablishmentOverlay } from '@cordee/metadata/generated/metadata/establishment-overlay';
import type { AppDeps } from '../deps';
import { dossierSubject } from '../dossiers/subjects';
import { assertCanOn, canOn, requireUser } from '../http/authorize';
import { type RequestContext } from '../http/context';
import { auditEvent } from '../http/context';
import { route, type RouteSpec } from '../http/route';
import { type EffectiveArtefact, effectiveFor } from '../metadata/effective';
import { keyFromParam, kindFromSegment } from '../metadata/kinds';
import { overlayView, putOverlay } from '../metadata/overlays';
import { checkDraft, contractIssuesOf, publishDraft } from '../metadata/publish';
import { fieldAccess } from '../submissions/field-access';
import { submissionSubject } from '../submissions/subjects';

const READ = { action: 'read', subject: 'Metadata' };
const MANAGE = { action: 'manage', subject: 'Metadata' };

/** Metadata artefacts (api.md "Metadata"): drafts, immutable published versions, effective artefacts per establishment, layer overlays. */
export function metadataRoutes(deps: AppDeps): RouteSpec[] {
  return [
    route({
      method: 'get',
      path: '/api/metadata/:kind',
      summary: 'Les artefacts d’un type (forms, grids, workflows, profiles, templates) avec leur dernière version',
      tags: ['Métadonnées'],
      access: READ,
      handler: async ({ params }) => ({ items: await listArtefacts(deps.db, kindFromSegment(params.kind)), nextCursor: null }),
    }),
    route({
      method: 'get',
      path: '/api/metadata/:kind/:key',
      summary: 'Un artefact : sa dernière version publiée, ses versions et son brouillon',
      tags: ['Métadonnées'],
      access: READ,
      handler: async ({ ctx, params }) => {
        const kind = kindFromSegment(params.kind);
        const key = keyFromParam(params.key);
        const [latest, versions] = await Promise.all([latestVersion(deps.db, kind, key), listVersions(deps.db, kind, key)]);
        const mayManage = requireUser(ctx).ability.can('manage', 'Metadata');
        const draft = mayManage ? await getDraft(deps.db, kind, key) : null;
        if (!latest && !draft) throw new AppError('NOT_FOUND');
        return {
          kind,
          key,
          latest: latest ? { version: latest.version, contentHash: latest.content_hash.trim(), publishedAt: latest.published_at, content: latest.content } : null,
          versions: versions.map((v) => ({ version: v.version, contentHash: v.content_hash.trim(), publishedAt: v.published_at, publishedBy: v.published_by, report: v.report })),
          draft: draft ? { revision: draft.revision, updatedAt: draft.updated_at, content: draft.content } : null,
        };
      },
    }),
    route({
      method: 'get',
      path: '/api/metadata/:kind/:key/versions/:version',
      summary: 'Une version publiée (immuable)',
      tags: ['Métadonnées'],
      access: READ,
      handler: async ({ params }) => {
        const row = await getVersion(deps.db, kindFromSegment(params.kind), keyFromParam(params.key), String(params.version));
        if (!row) throw new AppError('NOT_FOUND');
        return { version: row.version, contentHash: row.content_hash.trim(), publishedAt: row.published_at, report: row.report, content: row.content };
      },
    }),
    route<MetadataDraftRequest>({
      method: 'put',
      path: '/api/metadata/:kind/:key/draft',
      summary: 'Créer ou remplacer le brouillon (vérifié contre le contrat du type)',
      tags: ['Métadonnées'],
      access: MANAGE,
      body: 'api/metadata-draft-request',
      handler: async ({ ctx, params, body }) => {
        const kind = kindFromSegment(params.kind);
        const key = keyFromParam(params.key);
        const issues = contractIssuesOf(kind, key, body as Record<string, unknown>);
        if (issues.length > 0) throw new AppError('VALIDATION_FAILED', { issues });
        const draft = await deps.db.transaction(async (trx: Tx) => {
          await ensureArtefact(trx, kind, key);
          const saved = await saveDraft(trx, kind, key, body as Record<string, unknown>, ctx.user?.accountId ?? null);
          await recordAudit(trx, auditEvent(ctx, { action: 'metadata.draft.save', targetType: kind, targetId: key, detail: { revision: saved.revision } }));
          return saved;
        });
        return { kind, key, revision: draft.revision, updatedAt: draft.updated_at };
      },
    }),
    route({
      method: 'post',
      path: '/api/metadata/:kind/:key/check',
      summary: 'Analyser le brouillon sans publier : contrôles, compatibilité et impact',
      tags: ['Métadonnées'],
      access: MANAGE,
      handler: async ({ params }) => {
        const kind = kindFromSegment(params.kind);
        const key = keyFromParam(params.key);
        return deps.db.transaction(async (trx: Tx) => {
          const { analysis, impact, contractIssues } = await checkDraft(trx, kind, key);
          return { issues: [...contractIssues, ...analysis.lint], unchanged: analysis.unchanged, report: { ...analysis.report, impact } };
        });
      },
    }),
    route({
      method: 'post',
      path: '/api/metadata/:kind/:key/publish',
      summary: 'Publier le brouillon en une nouvelle version immuable, avec son rapport de compatibilité',
      tags: ['Métadonnées'],
      access: MANAGE,
      successStatus: 201,
      handler: async ({ ctx, params }) => {
        const result = await publishDraft(deps, ctx, kindFromSegment(params.kind), keyFromParam(params.key));
        return { version: result.version, contentHash: result.contentHash, report: result.report };
      },
    }),
    route<unknown, EffectiveQuery>({
      method: 'get',
      path: '/api/metadata/:kind/:key/effective',
      summary: 'L’artefact tel que l’établissement le reçoit : version partagée sous les adaptations de l’organisme et de l’établissement',
      tags: ['Métadonnées'],
      access: READ,
      query: 'api/effective-query',
      handler: async ({ ctx, params, query }) => {
        assertCanOn(ctx, 'read', 'Establishment', { id: query.establishment });
        const effective = await effectiveFor(deps, kindFromSegment(params.kind), keyFromParam(params.key), query.establishment);
        return {
          kind: effective.kind,
          key: effective.key,
          hash: effective.hash,
          baseVersion: effective.baseVersion,
          layers: effective.layers,
          conflicts: effective.conflicts,
          content: effective.content,
          ...(query.dossier ? await accessForNewSubmission(deps, ctx, query.dossier, query.establishment, effective) : {}),
        };
      },
    }),
    ...overlayRoutes(deps, 'establishment'),
    ...overlayRoutes(deps, 'organisme'),
  ];
}

/** The fields of a form this user would not see / not write in a new submission for this dossier (a form of its establishment). */
async function accessForNewSubmission(deps: AppDeps, ctx: RequestContext, dossierId: string, establishmentId: string, effective: EffectiveArtefact) {
  if (effective.kind !== 'form' && effective.kind !== 'grid') throw validationError([{ path: '/dossier', message: 'Seuls les formulaires et les grilles se saisissent pour un dossier.' }]);
  const dossier = await findDossierAccessRecord(deps.db, dossierId);
  if (!dossier || !canOn(ctx, 'read', 'Dossier', dossierSubject(dossier))) throw new AppError('NOT_FOUND');
  if (dossier.establishmentId !== establishmentId) throw validationError([{ path: '/dossier', message: 'Ce dossier n’est pas dans cet établissement.' }]);
  const record = submissionSubject({ dossierId: dossier.id, establishmentId, unitId: dossier.unitId, formKind: effective.kind, formKey: effective.key, status: 'draft', createdBy: requireUser(ctx).accountId });
  return fieldAccess(ctx, record, effective, 'create');
}

function overlayRoutes(deps: AppDeps, layer: 'establishment' | 'organisme'): RouteSpec[] {
  const base = layer === 'establishment' ? '/api/establishments/:id/overlays/:kind/:key' : '/api/organismes/:id/overlays/:kind/:key';
  const owner = (id: string) => (layer === 'establishment' ? { establishmentId: id, organismeId: null } : { organismeId: id, establishmentId: null });
  const label = layer === 'establishment' ? 'de l’établissement' : 'de l’organisme gestionnaire';
  return [
    route<EstablishmentOverlay>({
      method: 'put',
      path: base,
      summary: `Enregistrer l’adaptation ${label} sur un artefact partagé (refusée si une opération ne s’applique pas)`,
      tags: ['Métadonnées'],
      access: { action: 'update', subject: 'Overlay' },
      body: 'metadata/establishment-overlay',
      handler: async ({ ctx, params, body }) => {
        assertCanOn(ctx, 'update', 'Overlay', owner(String(params.id)));
        return putOverlay(deps, ctx, layer, String(params.id), kindFromSegment(params.kind), keyFromParam(params.key), body);
      },
    }),
    route({
      method: 'get',
      path: base,
      summary: `L’adaptation ${label}, avec les opérations qui ne s’appliquent plus à la version partagée en vigueur`,
      tags: ['Métadonnées'],
      access: { action: 'read', subject: 'Overlay' },
      handler: async ({ ctx, params }) => {
        assertCanOn(ctx, 'read', 'Overlay', owner(String(params.id)));
        return overlayView(deps, kindFromSegment(params.kind), keyFromParam(params.key), layer, String(params.id));
      },
    }),
  ];
}
