import { diffAnswers } from '@cordee/core';
import { type DossierAccessRecord, type RevisionRecord, type SubmissionRecord, type Tx, insertRevision, insertSubmission, recordAudit } from '@cordee/db';
import { type RequestContext, auditEvent } from '../http/context';
import { type EffectiveArtefact, persistEffective } from '../metadata/effective';
import { type Capture, assertAttachmentsOf } from './capture';

export interface NewSubmissionInput {
  dossier: DossierAccessRecord;
  effective: EffectiveArtefact;
  /** Answers already taken over by the server (captureAnswers, field permissions applied). */
  capture: Capture;
  status: 'draft' | 'final';
  accountId: string;
  /** Added to the audit detail (e.g. the workflow task the submission completes). */
  auditDetail?: Record<string, unknown>;
}

/**
 * Stores a new submission and its first revision in the caller's transaction, with its audit
 * event: what `POST /api/dossiers/{id}/submissions` does, and what completing a workflow task whose
 * step names a form does in the same transaction as the step.
 */
export async function createSubmissionInTx(trx: Tx, ctx: RequestContext, input: NewSubmissionInput): Promise<{ submission: SubmissionRecord; revision: RevisionRecord }> {
  const { dossier, effective, capture } = input;
  await assertAttachmentsOf(trx, effective, dossier.id, capture.data);
  await persistEffective(trx, effective);
  const kind = effective.kind === 'grid' ? 'grid' : 'form';
  const submission = await insertSubmission(trx, {
    dossierId: dossier.id,
    establishmentId: dossier.establishmentId,
    unitId: dossier.unitId,
    formKind: kind,
    formKey: effective.key,
    status: input.status,
    createdBy: input.accountId,
  });
  const revision = await insertRevision(trx, {
    submissionId: submission.id,
    revision: 1,
    status: input.status,
    ...capture,
    carried: [],
    formVersionId: effective.baseVersionId,
    effectiveHash: effective.hash,
    diff: diffAnswers({}, capture.data),
    createdBy: input.accountId,
  });
  await recordAudit(
    trx,
    auditEvent(ctx, {
      action: 'submission.create',
      targetType: 'submission',
      targetId: submission.id,
      dossierId: dossier.id,
      establishmentId: dossier.establishmentId,
      detail: { form: effective.key, kind, version: effective.baseVersion, effectiveHash: effective.hash, status: input.status, answers: revision.diff.length, ...input.auditDetail },
    }),
  );
  return { submission, revision };
}
