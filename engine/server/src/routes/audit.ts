import { AppError, DEFAULT_PAGE_SIZE, decodeCursor, encodeCursor } from '@cordee/core';
import {
  type AuditListItem,
  type AuditPosition,
  accessLogShowsStaffNames,
  auditColumns,
  findDossierAccessRecord,
  listAuditLog,
  listDossierAccessLog,
  recordAudit,
  sealPendingAudit,
} from '@cordee/db';
import type { AccessLogPage } from '@cordee/metadata/generated/api/access-log-page';
import type { AccessLogQuery } from '@cordee/metadata/generated/api/access-log-query';
import type { AuditPage } from '@cordee/metadata/generated/api/audit-page';
import type { AuditQuery } from '@cordee/metadata/generated/api/audit-query';
import type { AppDeps } from '../deps';
import { assertCanOn, listFilter, requireUser } from '../http/authorize';
import { auditEvent } from '../http/context';
import { route, type RouteSpec } from '../http/route';

function position(cursor: string | undefined): AuditPosition | null {
  if (cursor === undefined) return null;
  const [occurredAt, seq] = decodeCursor(cursor, 2);
  if (typeof occurredAt !== 'string' || Number.isNaN(Date.parse(occurredAt)) || typeof seq !== 'string' || !/^[0-9]{1,19}$/.test(seq)) {
    throw new AppError('VALIDATION_FAILED', { issues: [{ path: '/cursor', message: 'Le curseur de pagination est invalide.' }] });
  }
  return { occurredAt, seq };
}

const nextCursor = (next: AuditPosition | null): string | null => (next ? encodeCursor([next.occurredAt, next.seq]) : null);

function accessLogItem(item: AuditListItem, showActorName: boolean): AccessLogPage['items'][number] {
  return {
    occurredAt: item.occurredAt,
    action: item.action,
    outcome: item.outcome,
    actorName: showActorName ? item.actorName : null,
    actorProfile: item.actorProfile,
    establishmentId: item.establishmentId,
    establishmentName: item.establishmentName,
    purpose: item.purpose,
  };
}

export function auditRoutes(deps: AppDeps): RouteSpec[] {
  return [
    route<unknown, AuditQuery>({
      method: 'get',
      path: '/api/audit',
      summary: 'Journal d’audit (administrateurs, délégué à la protection des données), du plus récent au plus ancien',
      tags: ['Audit'],
      access: { action: 'read', subject: 'Audit' },
      query: 'api/audit-query',
      response: 'api/audit-page',
      handler: async ({ ctx, query }): Promise<AuditPage> => {
        const after = position(query.cursor);
        const access = listFilter(ctx, 'read', 'Audit', auditColumns);
        const filters = { dossier: query.dossier ?? null, account: query.account ?? null, action: query.action ?? null, from: query.from ?? null, to: query.to ?? null };
        await recordAudit(deps.db, auditEvent(ctx, { action: 'audit.read', targetType: 'audit_log', detail: { filters } }));
        await sealPendingAudit(deps.db);
        const { items, next } = await listAuditLog(
          deps.db,
          access,
          { dossierId: query.dossier, accountId: query.account, action: query.action, from: query.from, to: query.to },
          { limit: query.limit ?? DEFAULT_PAGE_SIZE, after },
        );
        return { items, nextCursor: nextCursor(next) };
      },
    }),
    route<unknown, AccessLogQuery>({
      method: 'get',
      path: '/api/dossiers/:id/access-log',
      summary: 'Qui a accédé à ce dossier : pour la direction, le DPO, l’usager et ses représentants légaux (droit d’accès RGPD)',
      tags: ['Audit'],
      access: 'authenticated',
      query: 'api/access-log-query',
      response: 'api/access-log-page',
      handler: async ({ ctx, query, params }): Promise<AccessLogPage> => {
        const user = requireUser(ctx);
        const after = position(query.cursor);
        const dossier = await findDossierAccessRecord(deps.db, params.id ?? '');
        if (!dossier) throw new AppError('NOT_FOUND');
        assertCanOn(ctx, 'read', 'AccessLog', { ...dossier });
        // the usager and their legal representatives see staff names only when the establishment allows it
        const readsAsUsager = user.ownDossierIds.includes(dossier.id);
        const showStaffNames = !readsAsUsager || (await accessLogShowsStaffNames(deps.db, dossier.establishmentId));
        await recordAudit(deps.db, auditEvent(ctx, { action: 'access_log.read', targetType: 'dossier', targetId: dossier.id, dossierId: dossier.id }));
        await sealPendingAudit(deps.db);
        const { items, next } = await listDossierAccessLog(deps.db, dossier.id, { limit: query.limit ?? DEFAULT_PAGE_SIZE, after });
        return {
          items: items.map((item) => accessLogItem(item, showStaffNames || item.actorAccountId === user.accountId)),
          nextCursor: nextCursor(next),
        };
      },
    }),
  ];
}
