import { AppError, type ReportingKind, reportingKindLabels, validationError } from '@cordee/core';
import { findEstablishment, recordAudit, reportingGroups } from '@cordee/db';
import type { ReportingEventsQuery } from '@cordee/metadata/generated/api/reporting-events-query';
import type { ReportingSummary } from '@cordee/metadata/generated/api/reporting-summary';
import type { AppDeps } from '../deps';
import { assertCanOn } from '../http/authorize';
import { auditEvent } from '../http/context';
import { route, type RouteSpec } from '../http/route';

const MAX_DAYS = 3 * 366;

export function reportingRoutes(deps: AppDeps): RouteSpec[] {
  return [
    route<unknown, ReportingEventsQuery>({
      method: 'get',
      path: '/api/reporting/events',
      summary: 'Les événements d’activité d’un établissement sur une période, comptés (sans donnée nominative)',
      tags: ['Pilotage'],
      access: { action: 'read', subject: 'Reporting' },
      query: 'api/reporting-events-query',
      response: 'api/reporting-summary',
      handler: async ({ ctx, query }): Promise<ReportingSummary> => {
        const days = (Date.parse(query.to) - Date.parse(query.from)) / 86_400_000;
        if (!(days >= 0)) throw validationError([{ path: '/to', message: 'La fin de la période précède son début.' }]);
        if (days > MAX_DAYS) throw validationError([{ path: '/to', message: 'La période ne peut dépasser trois ans.' }]);
        const establishment = await findEstablishment(deps.db, query.establishment);
        if (!establishment) throw new AppError('NOT_FOUND');
        assertCanOn(ctx, 'read', 'Reporting', { establishmentId: establishment.id });
        const groups = await reportingGroups(deps.db, { establishmentId: establishment.id, from: query.from, to: query.to });
        const totals = new Map<ReportingKind, number>();
        for (const g of groups) totals.set(g.kind, (totals.get(g.kind) ?? 0) + g.count);
        await recordAudit(deps.db, auditEvent(ctx, { action: 'reporting.read', targetType: 'establishment', targetId: establishment.id, establishmentId: establishment.id, detail: { from: query.from, to: query.to } }));
        return {
          establishmentId: establishment.id,
          from: query.from,
          to: query.to,
          totals: (Object.keys(reportingKindLabels) as ReportingKind[]).map((kind) => ({ kind, label: reportingKindLabels[kind], count: totals.get(kind) ?? 0 })),
          groups,
        };
      },
    }),
  ];
}
