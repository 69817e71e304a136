import { AppError, diffAnswers, dropServerOwned, encodeCursor, pruneChanges, validationError } from '@cordee/core';
import {
  type SubmissionRecord,
  type Tx,
  advanceSubmission,
  effectiveHashesOfDossier,
  findDossierAccessRecord,
  getSubmission,
  insertRevision,
  listRevisions,
  listSubmissions,
  recordAudit,
} from '@cordee/db';
import type { SubmissionCreateRequest } from '@cordee/metadata/generated/api/submission-create-request';
import type { SubmissionList } from '@cordee/metadata/generated/api/submission-list';
import type { SubmissionListQuery } from '@cordee/metadata/generated/api/submission-list-query';
import type { SubmissionRevisions } from '@cordee/metadata/generated/api/submission-revisions';
import type { SubmissionUpdateRequest } from '@cordee/metadata/generated/api/submission-update-request';
import type { SubmissionUpgradeRequest } from '@cordee/metadata/generated/api/submission-upgrade-request';
import type { AppDeps } from '../deps';
import { dossierSubject } from '../dossiers/subjects';
import { assertCanOn, canOn, requireUser } from '../http/authorize';
import { type RequestContext, auditEvent } from '../http/context';
import { route, type RouteSpec } from '../http/route';
import { timestampCursor } from '../http/timestamp-cursor';
import { effectiveByHash, effectiveFor, persistEffective } from '../metadata/effective';
import { assertAttachmentsOf, captureAnswers, effectiveForCapture, fieldsOf } from '../submissions/capture';
import { createSubmissionAlone, createSubmissionInTx } from '../submissions/create-in-tx';
import { answersToStore, hiddenFields, readsNothing, revealedByBreakGlass } from '../submissions/field-access';
import { readableSubmissionsFilter } from '../submissions/readable-forms';
import { submissionSubject } from '../submissions/subjects';
import { effectiveOf, latestRevision, submissionView } from '../submissions/submission-view';
import { assertNotArchived } from '../dossiers/archived';
import { recordFinalSubmission } from '../reporting/record';
import { upgradeAcrossVersions } from '../submissions/upgrade';
import { startProcessesOnSubmission } from '../workflow/form-triggers';

const TAGS = ['Saisies'];

/** The submission, or 404 — also when the user may not read it, or none of its answers (a denied read is audited). */
export async function readableSubmission(deps: AppDeps, ctx: RequestContext, id: string, action: string): Promise<SubmissionRecord> {
  const submission = await getSubmission(deps.db, id);
  if (!submission) throw new AppError('NOT_FOUND');
  if (!canOn(ctx, 'read', 'Submission', submissionSubject(submission)) || readsNothing(ctx, submissionSubject(submission), await effectiveOf(deps, await latestRevision(deps.db, submission)))) {
    await recordAudit(deps.db, auditEvent(ctx, { action, targetType: 'submission', targetId: submission.id, dossierId: submission.dossierId, establishmentId: submission.establishmentId, outcome: 'denied' }));
    throw new AppError('NOT_FOUND');
  }
  return submission;
}

/** Locks the submission row for the transaction, checks `update` on it and the lock version read by the client. */
async function lockForChange(trx: Tx, ctx: RequestContext, id: string, lockVersion: number): Promise<SubmissionRecord> {
  const submission = await getSubmission(trx, id, true);
  if (!submission) throw new AppError('NOT_FOUND');
  assertCanOn(ctx, 'update', 'Submission', submissionSubject(submission));
  if (submission.lockVersion !== lockVersion) {
    throw new AppError('CONFLICT', { detail: `La saisie a été modifiée entre-temps (version ${submission.lockVersion}, vous aviez la version ${lockVersion}) : rechargez-la.` });
  }
  return submission;
}

export function submissionRoutes(deps: AppDeps): RouteSpec[] {
  return [
    route<SubmissionCreateRequest>({
      method: 'post',
      path: '/api/dossiers/:id/submissions',
      summary: 'Enregistrer une saisie d’un formulaire ou d’une grille pour un dossier (brouillon partiel ou saisie définitive validée)',
      tags: TAGS,
      access: { action: 'create', subject: 'Submission' },
      body: 'api/submission-create-request',
      response: 'api/submission',
      successStatus: 201,
      handler: async ({ ctx, params, body }) => {
        const user = requireUser(ctx);
        const kind = body.kind ?? 'form';
        const dossier = await findDossierAccessRecord(deps.db, params.id!);
        if (!dossier) throw new AppError('NOT_FOUND');
        const head = { dossierId: dossier.id, establishmentId: dossier.establishmentId, unitId: dossier.unitId, formKind: kind, formKey: body.form, status: body.status, createdBy: user.accountId } as const;
        assertCanOn(ctx, 'create', 'Submission', submissionSubject(head));
        assertNotArchived(dossier);
        const effective = await effectiveForCapture(deps, kind, body.form, dossier.establishmentId);
        const capture = captureAnswers(deps, effective, answersToStore(ctx, 'create', submissionSubject(head), effective, {}, body.data), body.status);
        const input = { dossier, effective, capture, status: body.status, accountId: user.accountId, now: deps.clock.now() };
        // one statement when it is all it takes (the common case), else a transaction with what the submission starts
        const alone = await createSubmissionAlone(deps.db, ctx, input);
        if (alone) return submissionView(deps, deps.db, ctx, alone.submission, alone.revision, effective, true);
        return deps.db.transaction(async (trx) => {
          const { submission, revision } = await createSubmissionInTx(trx, ctx, input);
          return submissionView(deps, trx, ctx, submission, revision, effective, true);
        });
      },
    }),
    route<unknown, SubmissionListQuery>({
      method: 'get',
      path: '/api/dossiers/:id/submissions',
      summary: 'Les saisies d’un dossier que l’on peut lire, les plus récentes d’abord',
      tags: TAGS,
      access: { action: 'read', subject: 'Submission' },
      query: 'api/submission-list-query',
      response: 'api/submission-list',
      handler: async ({ ctx, params, query }): Promise<SubmissionList> => {
        const dossier = await findDossierAccessRecord(deps.db, params.id!);
        if (!dossier || !canOn(ctx, 'read', 'Dossier', dossierSubject(dossier))) throw new AppError('NOT_FOUND');
        const limit = query.limit ?? 50;
        // without the submissions of which the user may read no field (a usager is not shown that a psychologist's note exists)
        const rows = await listSubmissions(deps.db, {
          access: await readableSubmissionsFilter(deps, ctx, await effectiveHashesOfDossier(deps.db, dossier.id)),
          dossierId: dossier.id,
          ...(query.form ? { formKey: query.form } : {}),
          ...(query.status ? { status: query.status } : {}),
          ...(query.cursor !== undefined ? { after: timestampCursor(query.cursor) } : {}),
          limit,
        });
        const page = rows.slice(0, limit);
        const last = page[page.length - 1];
        await recordAudit(
          deps.db,
          auditEvent(ctx, {
            action: 'submission.list',
            targetType: 'submission',
            dossierId: dossier.id,
            establishmentId: dossier.establishmentId,
            detail: { filters: { form: query.form ?? null, status: query.status ?? null, page: query.cursor !== undefined }, count: page.length, submissionIds: page.map((r) => r.id) },
          }),
        );
        return {
          items: page.map((r) => ({
            id: r.id,
            dossierId: r.dossierId,
            establishmentId: r.establishmentId,
            formKind: r.formKind,
            formKey: r.formKey,
            title: r.title,
            version: r.version,
            status: r.status,
            revision: r.currentRevision,
            lockVersion: r.lockVersion,
            createdBy: r.createdBy,
            createdAt: r.createdAt.toISOString(),
            updatedAt: r.updatedAt.toISOString(),
          })),
          nextCursor: rows.length > limit && last ? encodeCursor([last.cursorAt, last.id]) : null,
        };
      },
    }),
    route({
      method: 'get',
      path: '/api/submissions/:id',
      summary: 'Une saisie, montrée et revalidée avec la version du formulaire avec laquelle elle a été saisie',
      tags: TAGS,
      access: { action: 'read', subject: 'Submission' },
      response: 'api/submission',
      handler: async ({ ctx, params }) => {
        const submission = await readableSubmission(deps, ctx, params.id!, 'submission.read');
        const revision = await latestRevision(deps.db, submission);
        const effective = await effectiveOf(deps, revision);
        const view = await submissionView(deps, deps.db, ctx, submission, revision, effective);
        const breakGlassFields = revealedByBreakGlass(ctx, submissionSubject(submission), effective);
        await recordAudit(
          deps.db,
          auditEvent(ctx, {
            action: 'submission.read',
            targetType: 'submission',
            targetId: submission.id,
            dossierId: submission.dossierId,
            establishmentId: submission.establishmentId,
            ...(breakGlassFields.length > 0 ? { purpose: 'break_glass' } : {}),
            detail: { form: submission.formKey, revision: revision.revision, ...(breakGlassFields.length > 0 ? { breakGlassFields } : {}) },
          }),
        );
        return view;
      },
    }),
    route<SubmissionUpdateRequest>({
      method: 'patch',
      path: '/api/submissions/:id',
      summary: 'Enregistrer une nouvelle révision d’une saisie (validée avec la version du formulaire de la saisie)',
      tags: TAGS,
      access: { action: 'update', subject: 'Submission' },
      body: 'api/submission-update-request',
      response: 'api/submission',
      handler: async ({ ctx, params, body }) => {
        const user = requireUser(ctx);
        return deps.db.transaction(async (trx) => {
          const submission = await lockForChange(trx, ctx, params.id!, body.lockVersion);
          const status = body.status ?? submission.status;
          if (submission.status === 'final' && status === 'draft') {
            throw validationError([{ path: '/status', message: 'Une saisie définitive ne redevient pas un brouillon : enregistrez une nouvelle révision définitive.' }]);
          }
          if (status !== submission.status && !canOn(ctx, 'update', 'Submission', submissionSubject({ ...submission, status }))) throw new AppError('FORBIDDEN');
          const previous = await latestRevision(trx, submission);
          const effective = await effectiveOf(deps, previous);
          const answers = answersToStore(ctx, 'update', submissionSubject({ ...submission, status }), effective, previous.data, body.data);
          const capture = captureAnswers(deps, effective, answers, status);
          await assertAttachmentsOf(trx, effective, submission.dossierId, capture.data);
          const revision = await insertRevision(trx, {
            submissionId: submission.id,
            revision: previous.revision + 1,
            status,
            ...capture,
            carried: previous.carried,
            formVersionId: previous.formVersionId,
            effectiveHash: previous.effectiveHash,
            diff: diffAnswers(previous.data, capture.data),
            createdBy: user.accountId,
          });
          const updated = await advanceSubmission(trx, submission, revision.revision, status);
          if (status === 'final') await recordFinalSubmission(trx, submission, submission.status === 'final', capture.gridResult, deps.clock.now());
          if (status === 'final' && submission.status !== 'final') await startProcessesOnSubmission(trx, ctx, submission, capture.data, deps.clock.now());
          await recordAudit(
            trx,
            auditEvent(ctx, {
              action: 'submission.update',
              targetType: 'submission',
              targetId: submission.id,
              dossierId: submission.dossierId,
              establishmentId: submission.establishmentId,
              detail: { form: submission.formKey, revision: revision.revision, status: { from: submission.status, to: status }, changedPaths: revision.diff.map((c) => c.path) },
            }),
          );
          return submissionView(deps, trx, ctx, updated, revision, effective, true);
        });
      },
    }),
    route({
      method: 'get',
      path: '/api/submissions/:id/revisions',
      summary: 'L’historique des révisions d’une saisie, avec les réponses ajoutées, retirées ou modifiées à chaque révision',
      tags: TAGS,
      access: { action: 'read', subject: 'Submission' },
      response: 'api/submission-revisions',
      handler: async ({ ctx, params }): Promise<SubmissionRevisions> => {
        const submission = await readableSubmission(deps, ctx, params.id!, 'submission.read');
        const revisions = await listRevisions(deps.db, submission.id);
        await recordAudit(
          deps.db,
          auditEvent(ctx, {
            action: 'submission.read',
            targetType: 'submission',
            targetId: submission.id,
            dossierId: submission.dossierId,
            establishmentId: submission.establishmentId,
            detail: { form: submission.formKey, view: 'revisions', revisions: revisions.length },
          }),
        );
        // each revision's changes are shown without the fields the user may not read, by the form it was captured with
        const hiddenByForm = new Map<string, string[]>();
        for (const hash of new Set(revisions.map((r) => r.effectiveHash))) {
          const effective = await effectiveByHash(deps, hash);
          if (!effective) throw new AppError('INTERNAL', { detail: `effective artefact ${hash} is missing` });
          hiddenByForm.set(hash, hiddenFields(ctx, submissionSubject(submission), effective));
        }
        return {
          submissionId: submission.id,
          items: revisions.map((r) => ({
            revision: r.revision,
            status: r.status,
            versionId: r.formVersionId,
            version: r.version,
            effectiveHash: r.effectiveHash,
            createdBy: r.createdBy,
            createdAt: r.createdAt.toISOString(),
            carried: r.carried.length,
            diff: pruneChanges(r.diff, hiddenByForm.get(r.effectiveHash) ?? []),
          })),
        };
      },
    }),
    route<SubmissionUpgradeRequest>({
      method: 'post',
      path: '/api/submissions/:id/upgrade',
      summary: 'Mettre une saisie à niveau vers la version du formulaire en vigueur pour son établissement (les réponses non reprises sont conservées à part)',
      tags: TAGS,
      access: { action: 'update', subject: 'Submission' },
      body: 'api/submission-upgrade-request',
      response: 'api/submission',
      handler: async ({ ctx, params, body }) => {
        const user = requireUser(ctx);
        return deps.db.transaction(async (trx) => {
          const submission = await lockForChange(trx, ctx, params.id!, body.lockVersion);
          const previous = await latestRevision(trx, submission);
          const from = await effectiveOf(deps, previous);
          const to = await effectiveFor(deps, submission.formKind, submission.formKey, submission.establishmentId);
          if (to.hash === from.hash) throw new AppError('CONFLICT', { detail: 'La saisie utilise déjà la version en vigueur du formulaire.' });
          const moved = await upgradeAcrossVersions(trx, submission.establishmentId, from, to, dropServerOwned(previous.data, fieldsOf(from)).data);
          let capture;
          try {
            capture = captureAnswers(deps, to, moved.data, submission.status);
          } catch (error) {
            if (error instanceof AppError && error.code === 'VALIDATION_FAILED') {
              throw validationError(error.issues, `Les réponses ne satisfont pas la version ${to.baseVersion} : la saisie reste en version ${from.baseVersion}.`);
            }
            throw error;
          }
          await assertAttachmentsOf(trx, to, submission.dossierId, capture.data);
          await persistEffective(trx, to);
          const revision = await insertRevision(trx, {
            submissionId: submission.id,
            revision: previous.revision + 1,
            status: submission.status,
            ...capture,
            carried: [...previous.carried, ...moved.carried],
            formVersionId: to.baseVersionId,
            effectiveHash: to.hash,
            diff: diffAnswers(previous.data, capture.data),
            createdBy: user.accountId,
          });
          const updated = await advanceSubmission(trx, submission, revision.revision, submission.status);
          await recordAudit(
            trx,
            auditEvent(ctx, {
              action: 'submission.upgrade',
              targetType: 'submission',
              targetId: submission.id,
              dossierId: submission.dossierId,
              establishmentId: submission.establishmentId,
              detail: {
                form: submission.formKey,
                revision: revision.revision,
                from: { version: from.baseVersion, effectiveHash: from.hash },
                to: { version: to.baseVersion, effectiveHash: to.hash },
                steps: moved.steps,
                carriedPaths: moved.carried.map((c) => c.path),
                defaulted: moved.defaulted,
              },
            }),
          );
          return submissionView(deps, trx, ctx, updated, revision, to, true);
        });
      },
    }),
  ];
}
