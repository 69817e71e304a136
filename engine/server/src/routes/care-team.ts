import { AppError, localDate, periodProblems, validationError } from '@cordee/core';
import { getCareTeamMember, hasOverlappingMembership, insertCareTeamMember, isStaffOfEstablishment, recordAudit, setCareTeamEnd } from '@cordee/db';
import type { CareTeamCreateRequest } from '@cordee/metadata/generated/api/care-team-create-request';
import type { CareTeamMember } from '@cordee/metadata/generated/api/care-team-member';
import type { CareTeamUpdateRequest } from '@cordee/metadata/generated/api/care-team-update-request';
import type { AppDeps } from '../deps';
import { assertCanOn, requireUser } from '../http/authorize';
import { auditEvent } from '../http/context';
import { route, type RouteSpec } from '../http/route';
import { lockDossierFor } from '../dossiers/dossier-lock';
import { careTeamView } from '../dossiers/dossier-view';
import { careTeamSubject } from '../dossiers/subjects';

const alreadyMember = () =>
  new AppError('ALREADY_EXISTS', { detail: 'Ce professionnel occupe déjà ce rôle dans l’équipe de prise en charge sur une partie de ces dates.' });

export function careTeamRoutes(deps: AppDeps): RouteSpec[] {
  const today = () => localDate(deps.clock.now());
  return [
    route<CareTeamCreateRequest>({
      method: 'post',
      path: '/api/dossiers/:id/care-team',
      summary: 'Ajouter un professionnel à l’équipe de prise en charge, avec son rôle et sa période',
      tags: ['Dossiers'],
      access: { action: 'create', subject: 'CareTeamMember' },
      body: 'api/care-team-create-request',
      response: 'api/care-team-member',
      successStatus: 201,
      handler: async ({ ctx, params, body }): Promise<CareTeamMember> => {
        const user = requireUser(ctx);
        const period = { startDate: body.startDate, endDate: body.endDate ?? null };
        const issues = periodProblems(period);
        if (issues.length > 0) throw validationError(issues);
        return deps.db.transaction(async (trx) => {
          const dossier = await lockDossierFor(trx, ctx, params.id!, 'read');
          assertCanOn(ctx, 'create', 'CareTeamMember', careTeamSubject(dossier));
          if (!(await isStaffOfEstablishment(trx, body.accountId, dossier.establishmentId, today()))) {
            throw validationError([{ path: '/accountId', message: 'Ce compte n’est pas celui d’un professionnel en activité dans l’établissement du dossier.' }]);
          }
          if (await hasOverlappingMembership(trx, { dossierId: dossier.id, accountId: body.accountId, role: body.role, ...period })) throw alreadyMember();
          const id = await insertCareTeamMember(trx, { dossierId: dossier.id, accountId: body.accountId, role: body.role, ...period, createdBy: user.accountId });
          await recordAudit(
            trx,
            auditEvent(ctx, {
              action: 'care_team.add',
              targetType: 'care_team_member',
              targetId: id,
              dossierId: dossier.id,
              establishmentId: dossier.establishmentId,
              detail: { accountId: body.accountId, role: body.role, ...period },
            }),
          );
          return careTeamView((await getCareTeamMember(trx, id))!, today());
        });
      },
    }),
    route<CareTeamUpdateRequest>({
      method: 'patch',
      path: '/api/care-team/:id',
      summary: 'Fixer (ou retirer) la date de fin d’une participation à l’équipe de prise en charge',
      tags: ['Dossiers'],
      access: { action: 'update', subject: 'CareTeamMember' },
      body: 'api/care-team-update-request',
      response: 'api/care-team-member',
      handler: async ({ ctx, params, body }): Promise<CareTeamMember> => {
        return deps.db.transaction(async (trx) => {
          const found = await getCareTeamMember(trx, params.id!);
          if (!found) throw new AppError('NOT_FOUND');
          const dossier = await lockDossierFor(trx, ctx, found.dossierId, 'read');
          assertCanOn(ctx, 'update', 'CareTeamMember', careTeamSubject(dossier));
          const member = (await getCareTeamMember(trx, found.id))!;
          const period = { startDate: member.startDate, endDate: body.endDate };
          const issues = periodProblems(period);
          if (issues.length > 0) throw validationError(issues);
          if (await hasOverlappingMembership(trx, { dossierId: dossier.id, accountId: member.accountId, role: member.role, ...period, exceptId: member.id })) {
            throw alreadyMember();
          }
          await setCareTeamEnd(trx, member.id, body.endDate);
          await recordAudit(
            trx,
            auditEvent(ctx, {
              action: 'care_team.update',
              targetType: 'care_team_member',
              targetId: member.id,
              dossierId: dossier.id,
              establishmentId: dossier.establishmentId,
              detail: { endDate: { from: member.endDate, to: body.endDate } },
            }),
          );
          return careTeamView((await getCareTeamMember(trx, member.id))!, today());
        });
      },
    }),
  ];
}
