import { AppError, explainDecisions, explainFieldRules, localDate } from '@cordee/core';
import { findDossierAccessRecord, getAccount, recordAudit } from '@cordee/db';
import type { ExplainQuery } from '@cordee/metadata/generated/api/explain-query';
import type { ExplainReport } from '@cordee/metadata/generated/api/explain-report';
import { userContextFor } from '../auth/user-context';
import type { AppDeps } from '../deps';
import { careTeamSubject, dossierSubject, placementSubject } from '../dossiers/subjects';
import { auditEvent } from '../http/context';
import { abilityWithOriginsOf } from '../permissions/abilities';
import { route, type RouteSpec } from '../http/route';

const DOSSIER_ACTIONS = ['read', 'create', 'update', 'delete', 'break_glass'] as const;
const RELATED_ACTIONS = ['read', 'create', 'update', 'delete'] as const;

export function explainRoutes(deps: AppDeps): RouteSpec[] {
  return [
    route<unknown, ExplainQuery>({
      method: 'get',
      path: '/api/admin/explain',
      summary: 'Ce qu’un compte peut faire sur un dossier aujourd’hui, et la règle de profil qui en décide',
      tags: ['Habilitations'],
      access: { action: 'read', subject: 'Habilitation' },
      query: 'api/explain-query',
      response: 'api/explain-report',
      handler: async ({ ctx, query }): Promise<ExplainReport> => {
        const [account, dossier] = await Promise.all([getAccount(deps.db, query.account), findDossierAccessRecord(deps.db, query.dossier)]);
        if (!account || !dossier) throw new AppError('NOT_FOUND');
        // the same context and rules as the account's own requests would get now
        const context = await userContextFor(deps, account.id);
        const { ability, origins } = await abilityWithOriginsOf(deps, context);
        const related = { dossierId: dossier.id, establishmentId: dossier.establishmentId, unitId: dossier.unitId };
        const dossierTarget = [{ subject: 'Dossier', record: dossierSubject(dossier) }];
        const relatedTargets = [
          { subject: 'Placement', record: placementSubject(related) },
          { subject: 'CareTeamMember', record: careTeamSubject(dossier) },
          { subject: 'AccessLog', record: { ...dossier } },
        ];
        const report: ExplainReport = {
          accountId: account.id,
          dossierId: dossier.id,
          day: localDate(deps.clock.now()),
          assignments: context.assignments.map(({ profileKey, establishmentId, unitId }) => ({ profileKey, establishmentId, unitId })),
          relations: {
            ownDossier: context.ownDossierIds.includes(dossier.id),
            careTeam: context.careTeamDossierIds.includes(dossier.id),
            breakGlass: context.breakGlassDossierIds.includes(dossier.id),
          },
          decisions: [...explainDecisions(ability, origins, dossierTarget, DOSSIER_ACTIONS), ...explainDecisions(ability, origins, relatedTargets, RELATED_ACTIONS)],
          fieldRules: explainFieldRules(ability, origins, [...dossierTarget, ...relatedTargets], DOSSIER_ACTIONS),
        };
        await recordAudit(
          deps.db,
          auditEvent(ctx, {
            action: 'habilitation.explain',
            targetType: 'account',
            targetId: account.id,
            dossierId: dossier.id,
            establishmentId: dossier.establishmentId,
            detail: { allowed: report.decisions.filter((d) => d.allowed).map((d) => `${d.subject}:${d.action}`) },
          }),
        );
        return report;
      },
    }),
  ];
}
