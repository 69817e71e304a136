import { AppError } from '@cordee/core';
import { listSubmissionReaders, markSubmissionRead, recordAudit } from '@cordee/db';
import type { SubmissionReadReceipt } from '@cordee/metadata/generated/api/submission-read-receipt';
import type { SubmissionReaders } from '@cordee/metadata/generated/api/submission-readers';
import type { AppDeps } from '../deps';
import { requireUser } from '../http/authorize';
import { auditEvent } from '../http/context';
import { route, type RouteSpec } from '../http/route';
import { mayListReaders } from '../submissions/readers';
import { readableSubmission } from './submissions';

const TAGS = ['Saisies'];

/**
 * Read receipts of submissions (Ségur ACC-2, COO-3): a professional marks a transmission read (its
 * current revision); its author and the encadrement see who read it. Both checked like reading
 * the submission (404 when the user may not) and audited in the child's access log.
 */
export function submissionReadRoutes(deps: AppDeps): RouteSpec[] {
  return [
    route({
      method: 'post',
      path: '/api/submissions/:id/read',
      summary: 'Marquer une saisie comme lue (sa révision en cours) : accusé de lecture d’une transmission',
      tags: TAGS,
      access: { action: 'read', subject: 'Submission' },
      response: 'api/submission-read-receipt',
      handler: async ({ ctx, params }): Promise<SubmissionReadReceipt> => {
        const user = requireUser(ctx);
        const submission = await readableSubmission(deps, ctx, params.id!, 'submission.mark_read');
        const receipt = await deps.db.transaction(async (trx) => {
          const stored = await markSubmissionRead(trx, { submissionId: submission.id, accountId: user.accountId, revision: submission.currentRevision, at: deps.clock.now() });
          await recordAudit(
            trx,
            auditEvent(ctx, {
              action: 'submission.mark_read',
              targetType: 'submission',
              targetId: submission.id,
              dossierId: submission.dossierId,
              establishmentId: submission.establishmentId,
              detail: { form: submission.formKey, revision: stored.revision },
            }),
          );
          return stored;
        });
        return { submissionId: submission.id, revision: receipt.revision, readAt: receipt.readAt.toISOString() };
      },
    }),
    route({
      method: 'get',
      path: '/api/submissions/:id/readers',
      summary: 'Qui a lu une saisie (auteur de la saisie, chef de service, direction)',
      tags: TAGS,
      access: { action: 'read', subject: 'Submission' },
      response: 'api/submission-readers',
      handler: async ({ ctx, params }): Promise<SubmissionReaders> => {
        const submission = await readableSubmission(deps, ctx, params.id!, 'submission.readers.read');
        if (!mayListReaders(ctx, submission)) throw new AppError('FORBIDDEN', { detail: 'Seuls l’auteur de la saisie et l’encadrement voient qui l’a lue.' });
        const readers = await listSubmissionReaders(deps.db, submission.id);
        await recordAudit(
          deps.db,
          auditEvent(ctx, {
            action: 'submission.readers.read',
            targetType: 'submission',
            targetId: submission.id,
            dossierId: submission.dossierId,
            establishmentId: submission.establishmentId,
            detail: { form: submission.formKey, readers: readers.length },
          }),
        );
        return {
          submissionId: submission.id,
          currentRevision: submission.currentRevision,
          items: readers.map((r) => ({ accountId: r.accountId, displayName: r.displayName, revision: r.revision, readAt: r.readAt.toISOString(), current: r.revision >= submission.currentRevision })),
        };
      },
    }),
  ];
}
