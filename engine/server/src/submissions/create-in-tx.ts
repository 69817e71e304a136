import { randomUUID } from 'node:crypto';
import { attachmentReferences, diffAnswers } from '@cordee/core';
import { type Db, type DossierAccessRecord, type FirstRevisionWrite, type FirstRevisionWritten, type RevisionRecord, type SubmissionRecord, type Tx, insertFirstRevision, insertRevisions, insertSubmissions, recordAudits } from '@cordee/db';
import { type RequestContext, auditEvent } from '../http/context';
import { type EffectiveArtefact, effectiveRowToStore, persistEffective, rememberStored } from '../metadata/effective';
import { countsInReporting, recordFinalSubmission } from '../reporting/record';
import { startProcessesOnSubmission } from '../workflow/form-triggers';
import { type Capture, assertAttachmentsOf, fieldsOf } from './capture';

export interface NewSubmissionInput {
  dossier: DossierAccessRecord;
  effective: EffectiveArtefact;
  /** Answers already taken over by the server (captureAnswers, field permissions applied). */
  capture: Capture;
  status: 'draft' | 'final';
  accountId: string;
  /** Added to the audit detail (e.g. the workflow task the submission completes). */
  auditDetail?: Record<string, unknown>;
  /** The server's clock (`deps.clock.now()`): the day a final submission is counted on in reporting events. */
  now?: Date;
}

/**
 * Stores a new submission and its first revision in the caller's transaction, with its audit
 * event: what `POST /api/dossiers/{id}/submissions` does, and what completing a workflow task whose
 * step names a form does in the same transaction as the step. A final submission starts the
 * processes its form starts (`cordee:startOnForm`); the demo's bulk records start none.
 */
export async function createSubmissionInTx(trx: Tx, ctx: RequestContext, input: NewSubmissionInput): Promise<{ submission: SubmissionRecord; revision: RevisionRecord }> {
  await assertAttachmentsOf(trx, input.effective, input.dossier.id, input.capture.data);
  // the head, the first revision, the effective form (unless known stored), the audit event and the form's triggers: one statement
  const stored = (await writeFirstRevision(trx, ctx, input, false))!;
  if (input.status === 'final') await recordFinalSubmission(trx, stored.submission, false, input.capture.gridResult, input.now ?? new Date());
  if (input.status === 'final') await startProcessesOnSubmission(trx, ctx, stored.submission, input.capture.data, input.now ?? new Date(), stored.triggers);
  return stored;
}

/**
 * The same in ONE statement and no transaction, when that statement is all it takes: no
 * attachment to check, no reporting event, and (checked by the statement itself) no process the
 * form starts. Returns null when the submission needs `createSubmissionInTx`; nothing is written then.
 */
export async function createSubmissionAlone(db: Db, ctx: RequestContext, input: NewSubmissionInput): Promise<{ submission: SubmissionRecord; revision: RevisionRecord } | null> {
  if (!writableAlone(input)) return null;
  return writeFirstRevision(db, ctx, input, true);
}

function writeFirstRevision(db: Db | Tx, ctx: RequestContext, input: NewSubmissionInput, alone: boolean): Promise<FirstRevisionWritten | null> {
  const write = firstRevisionWriteOf(db, ctx, input);
  const written = insertFirstRevision(db, write, { alone });
  rememberIfStored(db, input, write, written);
  return written;
}

/** The rows of a new record (head, first revision, the effective form unless known stored, audit event), for a statement that writes it. */
export function firstRevisionWriteOf(db: Db | Tx, ctx: RequestContext, input: NewSubmissionInput): FirstRevisionWrite {
  const id = randomUUID();
  const revision = revisionOf(input);
  return { submission: { ...headOf(input), id }, revision, effective: effectiveRowToStore(db, input.effective), audit: auditOf(ctx, input, id, revision.diff.length) };
}

/** Once the statement has stored the record (and, in a transaction, committed), its effective form is known stored. */
export function rememberIfStored(db: Db | Tx, input: NewSubmissionInput, write: FirstRevisionWrite, written: Promise<unknown | null>): void {
  if (write.effective) rememberStored(db, input.effective, written.then((w) => w ?? Promise.reject(new Error('not written'))));
}

/** Whether a record can be written by one statement without a transaction (its form's triggers are checked by the statement). */
export function writableAlone(input: NewSubmissionInput): boolean {
  if (input.status === 'final' && countsInReporting(headOf(input))) return false;
  return attachmentReferences(input.capture.data, fieldsOf(input.effective)).length === 0;
}

/**
 * The same for many submissions at once (the demo dossiers' records): one insert statement per
 * table for hundreds of rows, each effective artefact persisted once, events in the order given.
 * Without a user in the context, the events are the system's.
 */
export async function createSubmissionsInTx(trx: Tx, ctx: RequestContext, inputs: readonly NewSubmissionInput[]): Promise<Array<{ submission: SubmissionRecord; revision: RevisionRecord }>> {
  for (const { effective, dossier, capture } of inputs) await assertAttachmentsOf(trx, effective, dossier.id, capture.data);
  for (const effective of new Map(inputs.map((i) => [i.effective.hash, i.effective])).values()) await persistEffective(trx, effective);
  const submissions = await insertSubmissions(trx, inputs.map(headOf));
  const revisions = await insertRevisions(
    trx,
    inputs.map((input, i) => ({ ...revisionOf(input), submissionId: submissions[i]!.id, revision: 1 })),
  );
  for (const [i, input] of inputs.entries()) {
    if (input.status === 'final') await recordFinalSubmission(trx, submissions[i]!, false, input.capture.gridResult, input.now ?? new Date());
  }
  await recordAudits(
    trx,
    inputs.map((input, i) => auditOf(ctx, input, submissions[i]!.id, revisions[i]!.diff.length)),
  );
  return submissions.map((submission, i) => ({ submission, revision: revisions[i]! }));
}

const kindOf = (input: NewSubmissionInput): 'form' | 'grid' => (input.effective.kind === 'grid' ? 'grid' : 'form');

const headOf = (input: NewSubmissionInput) => ({
  dossierId: input.dossier.id,
  establishmentId: input.dossier.establishmentId,
  unitId: input.dossier.unitId,
  formKind: kindOf(input),
  formKey: input.effective.key,
  status: input.status,
  createdBy: input.accountId,
});

const revisionOf = (input: NewSubmissionInput) => ({
  status: input.status,
  ...input.capture,
  carried: [],
  formVersionId: input.effective.baseVersionId,
  effectiveHash: input.effective.hash,
  diff: diffAnswers({}, input.capture.data),
  createdBy: input.accountId,
});

/** The event of a creation; without a user in the context, the system's. */
const auditOf = (ctx: RequestContext, input: NewSubmissionInput, submissionId: string, answers: number) =>
  auditEvent(ctx, {
    action: 'submission.create',
    targetType: 'submission',
    targetId: submissionId,
    dossierId: input.dossier.id,
    establishmentId: input.dossier.establishmentId,
    ...(ctx.user ? {} : { actorProfile: 'system' }),
    detail: { form: input.effective.key, kind: kindOf(input), version: input.effective.baseVersion, effectiveHash: input.effective.hash, status: input.status, answers, ...input.auditDetail },
  });
