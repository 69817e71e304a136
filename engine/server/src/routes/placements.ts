import { AppError, localDate, periodProblems, placeFreedEvent, placementTermEvent, validationError } from '@cordee/core';
import { getPlacement, insertPlacement, recordAudit, setPlacementEnd } from '@cordee/db';
import type { Placement } from '@cordee/metadata/generated/api/placement';
import type { PlacementCreateRequest } from '@cordee/metadata/generated/api/placement-create-request';
import type { PlacementUpdateRequest } from '@cordee/metadata/generated/api/placement-update-request';
import type { AppDeps } from '../deps';
import { assertCanOn, canOn, requireUser } from '../http/authorize';
import { auditEvent } from '../http/context';
import { route, type RouteSpec } from '../http/route';
import { followCurrentPlacement, lockDossierFor } from '../dossiers/dossier-lock';
import { placementView } from '../dossiers/dossier-view';
import { refusingOverlap } from '../dossiers/placement-overlap';
import { placementSubject } from '../dossiers/subjects';
import { assertUnitOf } from '../dossiers/unit-check';
import { raiseDomainEvent } from '../workflow/event-triggers';

export function placementRoutes(deps: AppDeps): RouteSpec[] {
  const today = () => localDate(deps.clock.now());
  return [
    route<PlacementCreateRequest>({
      method: 'post',
      path: '/api/dossiers/:id/placements',
      summary: 'Ajouter un placement (établissement, unité, période, fondement juridique)',
      tags: ['Dossiers'],
      access: { action: 'create', subject: 'Placement' },
      body: 'api/placement-create-request',
      response: 'api/placement',
      successStatus: 201,
      handler: async ({ ctx, params, body }): Promise<Placement> => {
        const user = requireUser(ctx);
        const period = { startDate: body.startDate, endDate: body.endDate ?? null };
        const issues = periodProblems(period);
        if (issues.length > 0) throw validationError(issues);
        return deps.db.transaction(async (trx) => {
          const dossier = await lockDossierFor(trx, ctx, params.id!, 'update');
          const target = { dossierId: dossier.id, establishmentId: body.establishmentId, unitId: body.unitId ?? null };
          if (!canOn(ctx, 'create', 'Placement', placementSubject(target))) throw new AppError('FORBIDDEN');
          await assertUnitOf(trx, target.unitId, target.establishmentId, '/unitId');
          const id = await refusingOverlap('/startDate', () =>
            insertPlacement(trx, { ...target, ...period, legalBasis: body.legalBasis, decisionReference: body.decisionReference ?? null, createdBy: user.accountId }),
          );
          const followedIn = await followCurrentPlacement(trx, dossier, today());
          await raiseDomainEvent(trx, ctx, placementTermEvent(null, { id, endDate: period.endDate }), { id: dossier.id, establishmentId: followedIn.establishmentId }, deps.clock.now());
          await recordAudit(
            trx,
            auditEvent(ctx, {
              action: 'placement.create',
              targetType: 'placement',
              targetId: id,
              dossierId: dossier.id,
              establishmentId: body.establishmentId,
              detail: { ...period, legalBasis: body.legalBasis, dossierFollowedIn: followedIn },
            }),
          );
          return placementView((await getPlacement(trx, id))!);
        });
      },
    }),
    route<PlacementUpdateRequest>({
      method: 'patch',
      path: '/api/placements/:id',
      summary: 'Fixer (ou retirer) la date de fin d’un placement',
      tags: ['Dossiers'],
      access: { action: 'update', subject: 'Placement' },
      body: 'api/placement-update-request',
      response: 'api/placement',
      handler: async ({ ctx, params, body }): Promise<Placement> => {
        return deps.db.transaction(async (trx) => {
          const found = await getPlacement(trx, params.id!);
          if (!found) throw new AppError('NOT_FOUND');
          const dossier = await lockDossierFor(trx, ctx, found.dossierId, 'read');
          const placement = (await getPlacement(trx, found.id))!;
          assertCanOn(ctx, 'update', 'Placement', placementSubject(placement));
          const issues = periodProblems({ startDate: placement.startDate, endDate: body.endDate });
          if (issues.length > 0) throw validationError(issues);
          await refusingOverlap('/endDate', () => setPlacementEnd(trx, placement.id, body.endDate));
          const followedIn = await followCurrentPlacement(trx, dossier, today());
          const written = { id: placement.id, endDate: body.endDate };
          const of = { id: dossier.id, establishmentId: followedIn.establishmentId };
          await raiseDomainEvent(trx, ctx, placementTermEvent(placement, written), of, deps.clock.now());
          // the waiting requests of the establishment are looked at again when one of its places frees up
          await raiseDomainEvent(trx, ctx, placeFreedEvent(placement, written), of, deps.clock.now());
          await recordAudit(
            trx,
            auditEvent(ctx, {
              action: 'placement.update',
              targetType: 'placement',
              targetId: placement.id,
              dossierId: dossier.id,
              establishmentId: placement.establishmentId,
              detail: { endDate: { from: placement.endDate, to: body.endDate }, dossierFollowedIn: followedIn },
            }),
          );
          return placementView((await getPlacement(trx, placement.id))!);
        });
      },
    }),
  ];
}
