import { AppError, capacityRows, localDate } from '@cordee/core';
import { capacityUnits, findEstablishment, insertReportingEvent, occupations, recordAudit } from '@cordee/db';
import type { CapacityExportQuery } from '@cordee/metadata/generated/api/capacity-export-query';
import type { AppDeps } from '../deps';
import { capacityWorkbook } from '../exports/capacity-xlsx';
import { assertCanOn } from '../http/authorize';
import { auditEvent } from '../http/context';
import { route, type RouteSpec } from '../http/route';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function exportRoutes(deps: AppDeps): RouteSpec[] {
  return [
    route<unknown, CapacityExportQuery>({
      method: 'get',
      path: '/api/exports/capacity.xlsx',
      summary: 'Le tableau des places disponibles pour les Conseils départementaux (xlsx, colonnes du modèle, sans donnée nominative)',
      tags: ['Exports'],
      access: { action: 'read', subject: 'Export' },
      query: 'api/capacity-export-query',
      produces: XLSX,
      handler: async ({ ctx, query, res }) => {
        const establishment = await findEstablishment(deps.db, query.establishment);
        if (!establishment) throw new AppError('NOT_FOUND');
        assertCanOn(ctx, 'read', 'Export', { establishmentId: establishment.id, kind: 'capacity' });
        const now = deps.clock.now();
        const today = localDate(now);
        const [units, taken] = await Promise.all([capacityUnits(deps.db, establishment.id), occupations(deps.db, establishment.id, today)]);
        const rows = capacityRows({ finess: establishment.finessGeographique, name: establishment.name }, units, taken, today);
        const content = await capacityWorkbook(rows, now);
        const free = rows.filter((r) => r[1] === 'Disponible').length;
        await deps.db.transaction(async (trx) => {
          await insertReportingEvent(trx, { kind: 'capacity_exported', establishmentId: establishment.id, day: today, value: free });
          await recordAudit(trx, auditEvent(ctx, { action: 'export.capacity', targetType: 'establishment', targetId: establishment.id, establishmentId: establishment.id, detail: { places: rows.length, available: free } }));
        });
        res.status(200);
        res.setHeader('Content-Type', XLSX);
        res.setHeader('Content-Length', String(content.length));
        res.setHeader('Content-Disposition', `attachment; filename="places-${establishment.finessGeographique}-${today}.xlsx"`);
        res.end(content);
        return undefined;
      },
    }),
  ];
}
