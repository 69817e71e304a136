import {
  AppError,
  allowedWithoutBreakGlass,
  breakGlassExpiry,
  breakGlassProblems,
  encodeCursor,
  fieldsOnlyByBreakGlass,
  localDate,
  validationError,
} from '@cordee/core';
import {
  type BreakGlassRecord,
  breakGlassAlertRecipients,
  breakGlassColumns,
  findDossierAccessRecord,
  getBreakGlass,
  insertBreakGlass,
  insertNotifications,
  listBreakGlass,
  lockBreakGlass,
  recordAudit,
  recordBreakGlassReview,
} from '@cordee/db';
import type { BreakGlassGrant } from '@cordee/metadata/generated/api/break-glass-grant';
import type { BreakGlassList } from '@cordee/metadata/generated/api/break-glass-list';
import type { BreakGlassListQuery } from '@cordee/metadata/generated/api/break-glass-list-query';
import type { BreakGlassRequest } from '@cordee/metadata/generated/api/break-glass-request';
import type { BreakGlassReviewRequest } from '@cordee/metadata/generated/api/break-glass-review-request';
import type { AppDeps } from '../deps';
import { dossierSubject } from '../dossiers/subjects';
import { assertCanOn, canOn, listFilter, requireUser } from '../http/authorize';
import { auditEvent } from '../http/context';
import { route, type RouteSpec } from '../http/route';
import { timestampCursor } from '../http/timestamp-cursor';

const BREAK_GLASS_OPENED = 'break_glass.opened';

function grantView(g: BreakGlassRecord, now: Date): BreakGlassGrant {
  return {
    id: g.id,
    accountId: g.accountId,
    accountName: g.accountName,
    dossierId: g.dossierId,
    dossierNumber: g.dossierNumber,
    establishmentId: g.establishmentId,
    reason: g.reason,
    startedAt: g.startedAt.toISOString(),
    expiresAt: g.expiresAt.toISOString(),
    active: g.startedAt <= now && now < g.expiresAt,
    review:
      g.reviewedAt && g.reviewedBy && g.reviewOutcome
        ? { reviewedAt: g.reviewedAt.toISOString(), reviewedBy: g.reviewedBy, reviewerName: g.reviewerName ?? '', outcome: g.reviewOutcome, comment: g.reviewComment ?? '' }
        : null,
  };
}

/** What the rules on `BreakGlass` look at. */
const grantSubject = (g: BreakGlassRecord) => ({ id: g.id, accountId: g.accountId, dossierId: g.dossierId, establishmentId: g.establishmentId });

export function breakGlassRoutes(deps: AppDeps): RouteSpec[] {
  return [
    route<BreakGlassRequest>({
      method: 'post',
      path: '/api/dossiers/:id/break-glass',
      summary: 'Ouvrir un dossier hors de ses habilitations (bris de glace) : motif obligatoire, durée limitée, alerte à la direction et au DPO',
      tags: ['Habilitations'],
      access: { action: 'break_glass', subject: 'Dossier' },
      body: 'api/break-glass-request',
      response: 'api/break-glass-grant',
      successStatus: 201,
      handler: async ({ ctx, params, body }): Promise<BreakGlassGrant> => {
        const user = requireUser(ctx);
        const issues = breakGlassProblems(body);
        if (issues.length > 0) throw validationError(issues);
        const dossier = await findDossierAccessRecord(deps.db, params.id!);
        if (!dossier) throw new AppError('NOT_FOUND');
        const attempt = { action: 'break_glass.open', targetType: 'dossier', targetId: dossier.id, dossierId: dossier.id, establishmentId: dossier.establishmentId, purpose: 'break_glass' };
        if (!canOn(ctx, 'break_glass', 'Dossier', dossierSubject(dossier))) {
          // outside the perimeter where this user may break the glass: traced, answered like an unknown id
          await recordAudit(deps.db, auditEvent(ctx, { ...attempt, outcome: 'denied' }));
          throw new AppError('NOT_FOUND');
        }
        // on a dossier one already reads, breaking the glass only makes sense for fields reserved to it (the medical record for the direction)
        const extraFields = fieldsOnlyByBreakGlass(user.ability);
        if (allowedWithoutBreakGlass(user.ability, 'read', 'Dossier', dossierSubject(dossier)) && extraFields.length === 0) throw new AppError('BREAK_GLASS_NOT_NEEDED');
        const now = deps.clock.now();
        const expiresAt = breakGlassExpiry(now, body.durationMinutes);
        return deps.db.transaction(async (trx) => {
          const id = await insertBreakGlass(trx, { accountId: user.accountId, dossierId: dossier.id, establishmentId: dossier.establishmentId, reason: body.reason, startedAt: now, expiresAt });
          const recipients = await breakGlassAlertRecipients(trx, dossier.establishmentId, localDate(now), user.accountId);
          const grant = (await getBreakGlass(trx, id))!;
          await insertNotifications(trx, recipients, BREAK_GLASS_OPENED, {
            breakGlassId: id,
            dossierId: dossier.id,
            dossierNumber: grant.dossierNumber,
            establishmentId: dossier.establishmentId,
            accountId: user.accountId,
            accountName: user.displayName,
            startedAt: now.toISOString(),
            expiresAt: expiresAt.toISOString(),
          });
          await recordAudit(
            trx,
            auditEvent(ctx, {
              ...attempt,
              targetType: 'break_glass',
              targetId: id,
              detail: { breakGlassId: id, reason: body.reason, expiresAt: expiresAt.toISOString(), notifiedAccountIds: recipients, ...(extraFields.length > 0 ? { fields: extraFields } : {}) },
            }),
          );
          return grantView(grant, now);
        });
      },
    }),
    route<unknown, BreakGlassListQuery>({
      method: 'get',
      path: '/api/break-glass',
      summary: 'Accès exceptionnels (bris de glace) à examiner ou examinés, du plus récent au plus ancien',
      tags: ['Habilitations'],
      access: { action: 'read', subject: 'BreakGlass' },
      query: 'api/break-glass-list-query',
      response: 'api/break-glass-list',
      handler: async ({ ctx, query }): Promise<BreakGlassList> => {
        const status = query.status ?? 'pending';
        const { items, nextAfter } = await listBreakGlass(deps.db, {
          access: listFilter(ctx, 'read', 'BreakGlass', breakGlassColumns),
          status,
          ...(query.cursor !== undefined ? { after: timestampCursor(query.cursor) } : {}),
          limit: query.limit ?? 50,
        });
        await recordAudit(deps.db, auditEvent(ctx, { action: 'break_glass.list', targetType: 'break_glass', detail: { status, count: items.length, breakGlassIds: items.map((g) => g.id) } }));
        const now = deps.clock.now();
        return { items: items.map((g) => grantView(g, now)), nextCursor: nextAfter ? encodeCursor(nextAfter) : null };
      },
    }),
    route<BreakGlassReviewRequest>({
      method: 'post',
      path: '/api/break-glass/:id/review',
      summary: 'Examiner un accès exceptionnel (bris de glace) : justifié ou non, avec un commentaire',
      tags: ['Habilitations'],
      access: { action: 'review', subject: 'BreakGlass' },
      body: 'api/break-glass-review-request',
      response: 'api/break-glass-grant',
      handler: async ({ ctx, params, body }): Promise<BreakGlassGrant> => {
        const user = requireUser(ctx);
        const now = deps.clock.now();
        return deps.db.transaction(async (trx) => {
          const grant = await lockBreakGlass(trx, params.id!);
          if (!grant) throw new AppError('NOT_FOUND');
          assertCanOn(ctx, 'review', 'BreakGlass', grantSubject(grant));
          if (grant.accountId === user.accountId) throw new AppError('FORBIDDEN', { detail: 'Un accès exceptionnel est examiné par quelqu’un d’autre que la personne qui l’a ouvert.' });
          if (grant.reviewedAt) throw new AppError('CONFLICT', { detail: 'Cet accès exceptionnel a déjà été examiné.' });
          await recordBreakGlassReview(trx, grant.id, { reviewedBy: user.accountId, outcome: body.outcome, comment: body.comment, at: now });
          await recordAudit(
            trx,
            auditEvent(ctx, {
              action: 'break_glass.review',
              targetType: 'break_glass',
              targetId: grant.id,
              dossierId: grant.dossierId,
              establishmentId: grant.establishmentId,
              detail: { breakGlassId: grant.id, holderAccountId: grant.accountId, outcome: body.outcome, comment: body.comment },
            }),
          );
          return grantView((await getBreakGlass(trx, grant.id))!, now);
        });
      },
    }),
  ];
}
