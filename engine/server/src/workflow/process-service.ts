import { randomUUID } from 'node:crypto';
import { AppError, validationError } from '@cordee/core';
import { findDossierAccessRecord, getUserTask, lockInstanceForStep } from '@cordee/db';
import type { TaskCompleteResponse } from '@cordee/metadata/generated/api/task-complete-response';
import type { AppDeps } from '../deps';
import { dossierSubject } from '../dossiers/subjects';
import { assertCanOn, canOn, requireUser } from '../http/authorize';
import type { RequestContext } from '../http/context';
import { captureAnswers, effectiveForCapture } from '../submissions/capture';
import { createSubmissionInTx } from '../submissions/create-in-tx';
import { answersToStore } from '../submissions/field-access';
import { submissionSubject } from '../submissions/subjects';
import { compiledVersion, latestWorkflowVersion } from './definitions';
import { completeTaskAlone } from './complete-alone';
import { engineStep } from './engine-step';
import { headOf, persistStep } from './persist-step';
import { startInstanceInTx } from './start-instance';
import { assertMayWork, processSubject, taskSubject } from './subjects';
import { runTaskAction } from './task-actions';
import { completionAnswer, completionOptions } from './task-completion';

const MAX_VARIABLES_BYTES = 16 * 1024;


/** Starts the latest published version of a workflow for a dossier: the first step runs in the transaction that creates the instance. */
export async function startProcess(deps: AppDeps, ctx: RequestContext, input: { workflow: string; dossier: string; variables?: Record<string, unknown> }): Promise<string> {
  const user = requireUser(ctx);
  const dossier = await findDossierAccessRecord(deps.db, input.dossier);
  if (!dossier || !canOn(ctx, 'read', 'Dossier', dossierSubject(dossier))) throw validationError([{ path: '/dossier', message: 'Ce dossier n’existe pas ou ne vous est pas accessible.' }]);
  const id = randomUUID();
  assertCanOn(ctx, 'create', 'ProcessInstance', processSubject({ id, dossierId: dossier.id, establishmentId: dossier.establishmentId, unitId: dossier.unitId, workflowKey: input.workflow, status: 'running' }));
  if (Buffer.byteLength(JSON.stringify(input.variables ?? {})) > MAX_VARIABLES_BYTES) throw validationError([{ path: '/variables', message: 'Les variables de départ dépassent 16 Ko.' }]);
  const version = await latestWorkflowVersion(deps.db, input.workflow);
  // compiled (and cached) before the transaction opens: the start then holds its locks for the step only
  await compiledVersion(deps.db, version.id);
  return deps.db.transaction((trx) =>
    startInstanceInTx(trx, ctx, { id, workflowKey: input.workflow, versionId: version.id, dossier, variables: input.variables ?? {}, accountId: user.accountId, now: deps.clock.now() }),
  );
}

/**
 * Completes a user task. The common case is written by one statement without a transaction
 * (`completeTaskAlone`, ADR 0021). Otherwise, or when that statement finds the instance moved on,
 * in one transaction: the instance and the task are locked (in that order, as every writer does),
 * the permission and the task's state are checked again under the locks, the answers validated
 * with the task's form are stored as a submission, the task's completion action runs (with the
 * user's rights), the engine is recovered and signalled, and the step is saved with the next
 * tasks, the outbox jobs and the audit. A second completion of the same task gets 409.
 */
export async function completeTask(deps: AppDeps, ctx: RequestContext, taskId: string, data: Record<string, unknown>): Promise<TaskCompleteResponse> {
  const user = requireUser(ctx);
  const peek = await getUserTask(deps.db, taskId);
  if (!peek || !canOn(ctx, 'read', 'UserTask', taskSubject(peek))) throw new AppError('NOT_FOUND');
  if (peek.status !== 'open') throw new AppError('TASK_NOT_OPEN');
  assertMayWork(ctx, peek);
  const dossier = { id: peek.dossierId, establishmentId: peek.dossierEstablishmentId, unitId: peek.unitId, status: peek.dossierStatus };
  // validation outside the locks: the form of a task does not change while it is open
  let form: { effective: Awaited<ReturnType<typeof effectiveForCapture>>; capture: ReturnType<typeof captureAnswers> } | null = null;
  if (peek.formKey) {
    const effective = await effectiveForCapture(deps, peek.formKind ?? 'form', peek.formKey, dossier.establishmentId);
    const subject = submissionSubject({ dossierId: dossier.id, establishmentId: dossier.establishmentId, unitId: dossier.unitId, formKind: effective.kind === 'grid' ? 'grid' : 'form', formKey: peek.formKey, status: 'final' });
    assertCanOn(ctx, 'create', 'Submission', subject);
    form = { effective, capture: captureAnswers(deps, effective, answersToStore(ctx, 'create', subject, effective, {}, data), 'final') };
  }
  const output = form ? form.capture.data : data;
  // the common case in one statement without a transaction; anything else (or a race) in the transaction below
  const record = form ? { dossier, ...form, status: 'final' as const, accountId: user.accountId } : null;
  const alone = await completeTaskAlone(deps, ctx, peek, record, output, user.accountId);
  if (alone) return alone;
  return deps.db.transaction(async (trx) => {
    const now = deps.clock.now();
    // the instance lock serializes every step of the instance; the task is then read in a new
    // statement, which sees a completion committed while this transaction waited for the lock
    const instance = await lockInstanceForStep(trx, peek.instanceId);
    const task = await getUserTask(trx, taskId);
    if (!instance || !task) throw new AppError('NOT_FOUND');
    if (task.status !== 'open') throw new AppError('TASK_NOT_OPEN');
    assertMayWork(ctx, task);
    if (instance.status !== 'running') throw new AppError('PROCESS_NOT_RUNNING');
    const workflow = await compiledVersion(trx, instance.definitionVersionId);
    const stored = form ? await createSubmissionInTx(trx, ctx, { dossier, ...form, status: 'final', accountId: user.accountId, auditDetail: { taskId: task.id, instanceId: instance.id }, now }) : null;
    // the task's completion action (e.g. archiving) runs after its answers are stored, before the engine moves on
    const completeAction = workflow.elements.get(task.elementId)?.completeAction;
    const effect = completeAction ? await runTaskAction(completeAction, trx, ctx, { dossierId: instance.dossierId, instanceId: instance.id, now }) : {};
    const variables = { ...instance.variables, ...output, ...effect, ...instance.facts };
    const step = await engineStep(workflow, instance.state, variables, { kind: 'signal', elementId: task.elementId, executionId: task.executionId }, now);
    const submissionId = stored?.submission.id ?? null;
    const persisted = await persistStep(trx, headOf(instance), workflow, step, completionOptions(ctx, { task, instance, step, variables, now, accountId: user.accountId, submissionId, output }));
    return completionAnswer(task.id, instance.id, step, submissionId, persisted.newTasks);
  });
}
