import {
  AppError,
  decodeCursor,
  encodeCursor,
  identityTraitsProblems,
  isUuid,
  localDate,
  periodProblems,
  placementTermEvent,
  searchTokens,
  validationError,
} from '@cordee/core';
import {
  type DossierChanges,
  dossierColumns,
  findDossierAccessRecord,
  insertDossier,
  insertPlacement,
  listDossiers,
  recordAudit,
  updateDossier,
} from '@cordee/db';
import type { DossierCreateRequest } from '@cordee/metadata/generated/api/dossier-create-request';
import type { DossierList } from '@cordee/metadata/generated/api/dossier-list';
import type { DossierListQuery } from '@cordee/metadata/generated/api/dossier-list-query';
import type { DossierReadQuery } from '@cordee/metadata/generated/api/dossier-read-query';
import type { DossierUpdateRequest } from '@cordee/metadata/generated/api/dossier-update-request';
import type { IdentityStatusRequest } from '@cordee/metadata/generated/api/identity-status-request';
import type { AppDeps } from '../deps';
import { assertCanOn, canOn, listFilter, requireUser } from '../http/authorize';
import { auditEvent } from '../http/context';
import { route, type RouteSpec } from '../http/route';
import { readOnlyByBreakGlass, readPurpose } from '../dossiers/break-glass-read';
import { lockDossierFor } from '../dossiers/dossier-lock';
import { loadDossierView } from '../dossiers/dossier-view';
import { identityEdit, identityStatusMove } from '../dossiers/identity-update';
import { refusingOverlap } from '../dossiers/placement-overlap';
import { dossierSubject } from '../dossiers/subjects';
import { assertUnitOf } from '../dossiers/unit-check';
import { recordStatusChange } from '../reporting/record';
import { raiseDomainEvent } from '../workflow/event-triggers';
import { careTeamRoutes } from './care-team';
import { placementRoutes } from './placements';

const MAX_SEARCH_WORDS = 8;

function listCursor(cursor: string | undefined): [string, string, string] | undefined {
  if (cursor === undefined) return undefined;
  const values = decodeCursor(cursor, 3);
  if (!values.every((v): v is string => typeof v === 'string') || !isUuid(values[2]!)) {
    throw validationError([{ path: '/cursor', message: 'Le curseur de pagination est invalide.' }]);
  }
  return values as [string, string, string];
}

export function dossierRoutes(deps: AppDeps): RouteSpec[] {
  const today = () => localDate(deps.clock.now());
  return [
    route<DossierCreateRequest>({
      method: 'post',
      path: '/api/dossiers',
      summary: 'Créer un dossier avec les traits d’identité de la personne accompagnée',
      tags: ['Dossiers'],
      access: { action: 'create', subject: 'Dossier' },
      body: 'api/dossier-create-request',
      response: 'api/dossier',
      successStatus: 201,
      handler: async ({ ctx, body }) => {
        const user = requireUser(ctx);
        const unitId = body.unitId ?? null;
        const issues = identityTraitsProblems(body.identity, deps.clock.now(), '/identity');
        if (body.placement) issues.push(...periodProblems({ startDate: body.placement.startDate, endDate: body.placement.endDate ?? null }, '/placement'));
        if (issues.length > 0) throw validationError(issues);
        assertCanOn(ctx, 'create', 'Dossier', { establishmentId: body.establishmentId, unitId, status: body.status });
        if (body.placement && !canOn(ctx, 'create', 'Placement', { establishmentId: body.establishmentId, unitId })) throw new AppError('FORBIDDEN');
        return deps.db.transaction(async (trx) => {
          await assertUnitOf(trx, unitId, body.establishmentId, '/unitId');
          const { id } = await insertDossier(trx, { identity: body.identity, establishmentId: body.establishmentId, unitId, status: body.status, createdBy: user.accountId });
          const placement = body.placement;
          if (placement) {
            const placementId = await refusingOverlap('/placement/startDate', () =>
              insertPlacement(trx, { dossierId: id, establishmentId: body.establishmentId, unitId, ...placement, createdBy: user.accountId }),
            );
            await raiseDomainEvent(trx, ctx, placementTermEvent(null, { id: placementId, endDate: placement.endDate ?? null }), { id, establishmentId: body.establishmentId }, deps.clock.now());
          }
          await recordAudit(
            trx,
            auditEvent(ctx, {
              action: 'dossier.create',
              targetType: 'dossier',
              targetId: id,
              dossierId: id,
              establishmentId: body.establishmentId,
              detail: { status: body.status, unitId, placementLegalBasis: placement?.legalBasis ?? null },
            }),
          );
          return loadDossierView(trx, ctx, id, today());
        });
      },
    }),
    route<unknown, DossierListQuery>({
      method: 'get',
      path: '/api/dossiers',
      summary: 'Rechercher des dossiers (noms sans accents ni casse, par début de mot), selon les habilitations',
      tags: ['Dossiers'],
      access: { action: 'read', subject: 'Dossier' },
      query: 'api/dossier-list-query',
      response: 'api/dossier-list',
      handler: async ({ ctx, query }): Promise<DossierList> => {
        const limit = query.limit ?? 50;
        const words = searchTokens(query.q).slice(0, MAX_SEARCH_WORDS);
        const rows = await listDossiers(deps.db, {
          access: listFilter(ctx, 'read', 'Dossier', dossierColumns),
          words,
          ...(query.establishment ? { establishmentId: query.establishment } : {}),
          ...(query.unit ? { unitId: query.unit } : {}),
          ...(query.status ? { status: query.status } : {}),
          ...(query.cursor !== undefined ? { after: listCursor(query.cursor) } : {}),
          limit,
        });
        const items = rows.slice(0, limit);
        const last = items[items.length - 1];
        const nextCursor = rows.length > limit && last ? encodeCursor([last.birthName, last.firstNames, last.id]) : null;
        const breakGlassDossierIds = readOnlyByBreakGlass(ctx, items);
        await recordAudit(
          deps.db,
          auditEvent(ctx, {
            action: 'dossier.list',
            targetType: 'dossier',
            detail: {
              filters: { establishment: query.establishment ?? null, unit: query.unit ?? null, status: query.status ?? null, searchWords: words.length, page: query.cursor !== undefined },
              count: items.length,
              dossierIds: items.map((i) => i.id),
              ...(breakGlassDossierIds.length > 0 ? { breakGlassDossierIds } : {}),
            },
            ...(breakGlassDossierIds.length > 0 ? { purpose: 'break_glass' } : {}),
          }),
        );
        return { items, nextCursor };
      },
    }),
    route<unknown, DossierReadQuery>({
      method: 'get',
      path: '/api/dossiers/:id',
      summary: 'Un dossier : identité, statut d’identité, INS, placement en cours, historique des placements, équipe de prise en charge',
      tags: ['Dossiers'],
      access: { action: 'read', subject: 'Dossier' },
      query: 'api/dossier-read-query',
      response: 'api/dossier',
      handler: async ({ ctx, params, query }) => {
        const access = await findDossierAccessRecord(deps.db, params.id!);
        if (!access) throw new AppError('NOT_FOUND');
        const read = { action: 'dossier.read', targetType: 'dossier', targetId: access.id, dossierId: access.id, establishmentId: access.establishmentId, purpose: query.purpose ?? 'care' };
        if (!canOn(ctx, 'read', 'Dossier', dossierSubject(access))) {
          // Traced for the dossier's access log, answered like an unknown id.
          await recordAudit(deps.db, auditEvent(ctx, { ...read, outcome: 'denied' }));
          throw new AppError('NOT_FOUND');
        }
        const view = await loadDossierView(deps.db, ctx, access.id, today());
        await recordAudit(deps.db, auditEvent(ctx, { ...read, ...(await readPurpose(deps.db, ctx, access, read.purpose, deps.clock.now())) }));
        return view;
      },
    }),
    route<DossierUpdateRequest>({
      method: 'patch',
      path: '/api/dossiers/:id',
      summary: 'Modifier l’identité ou le statut d’un dossier (verrouillage optimiste par lockVersion)',
      tags: ['Dossiers'],
      access: { action: 'update', subject: 'Dossier' },
      body: 'api/dossier-update-request',
      response: 'api/dossier',
      handler: async ({ ctx, params, body }) => {
        const user = requireUser(ctx);
        if (body.identity) {
          const issues = identityTraitsProblems(body.identity, deps.clock.now(), '/identity');
          if (issues.length > 0) throw validationError(issues);
        }
        if (body.status === 'archived') {
          throw validationError([{ path: '/status', message: 'Un dossier s’archive par POST /api/dossiers/{id}/archive, qui produit et scelle le paquet d’archive.' }]);
        }
        return deps.db.transaction(async (trx) => {
          const dossier = await lockDossierFor(trx, ctx, params.id!, 'update');
          if (dossier.lockVersion !== body.lockVersion) {
            throw new AppError('CONFLICT', { detail: 'Le dossier a été modifié par quelqu’un d’autre depuis que vous l’avez ouvert : rechargez-le avant de modifier.' });
          }
          const edit = body.identity ? await identityEdit(trx, dossier, body.identity, user.accountId) : null;
          const changes: DossierChanges = { ...edit?.changes, ...(body.status ? { status: body.status } : {}) };
          assertCanOn(ctx, 'update', 'Dossier', dossierSubject({ ...dossier, status: body.status ?? dossier.status }));
          await updateDossier(trx, dossier.id, changes);
          if (body.status) await recordStatusChange(trx, dossier, dossier.status, body.status, deps.clock.now());
          await recordAudit(
            trx,
            auditEvent(ctx, {
              action: 'dossier.update',
              targetType: 'dossier',
              targetId: dossier.id,
              dossierId: dossier.id,
              establishmentId: dossier.establishmentId,
              detail: {
                changedFields: edit?.changedFields ?? [],
                identityStatus: edit?.statusChange ?? null,
                status: body.status && body.status !== dossier.status ? { from: dossier.status, to: body.status } : null,
              },
            }),
          );
          return loadDossierView(trx, ctx, dossier.id, today());
        });
      },
    }),
    route<IdentityStatusRequest>({
      method: 'post',
      path: '/api/dossiers/:id/identity-status',
      summary: 'Changer le statut d’identité (identitovigilance) avec son motif et la pièce vérifiée',
      tags: ['Dossiers'],
      access: { action: 'update', subject: 'Dossier' },
      body: 'api/identity-status-request',
      response: 'api/dossier',
      handler: async ({ ctx, params, body }) => {
        const user = requireUser(ctx);
        return deps.db.transaction(async (trx) => {
          const dossier = await lockDossierFor(trx, ctx, params.id!, 'update');
          const changes = await identityStatusMove(trx, dossier, body, user.accountId, deps.clock.now(), today());
          await updateDossier(trx, dossier.id, changes);
          await recordAudit(
            trx,
            auditEvent(ctx, {
              action: 'dossier.identity_status.change',
              targetType: 'dossier',
              targetId: dossier.id,
              dossierId: dossier.id,
              establishmentId: dossier.establishmentId,
              detail: { from: dossier.identityStatus, to: body.status, documentType: body.documentType ?? null },
            }),
          );
          return loadDossierView(trx, ctx, dossier.id, today());
        });
      },
    }),
    ...placementRoutes(deps),
    ...careTeamRoutes(deps),
  ];
}
