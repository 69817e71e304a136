import { type UserTaskRecord, readInstanceForStep, writeStep } from '@cordee/db';
import type { TaskCompleteResponse } from '@cordee/metadata/generated/api/task-complete-response';
import type { AppDeps } from '../deps';
import type { RequestContext } from '../http/context';
import { type NewSubmissionInput, firstRevisionWriteOf, rememberIfStored, writableAlone } from '../submissions/create-in-tx';
import { compiledVersion } from './definitions';
import { engineStep } from './engine-step';
import { createdTasks, headOf, planStep, singleStatementStep } from './persist-step';
import { completionAnswer, completionOptions } from './task-completion';

/**
 * The common completion of a user task without a transaction (ADR 0021): the instance is read
 * without a lock, the engine makes the step, and ONE statement writes the record of the task's
 * form, the completion, the instance (guarded by the lock version read), the next tasks, the
 * history and the audit events — or nothing at all when the instance moved on, the task changed
 * hands or the form starts a process. Returns null when the completion needs the transaction of
 * `completeTask` (which then decides: done, or 409), having written nothing.
 */
export async function completeTaskAlone(
  deps: AppDeps,
  ctx: RequestContext,
  task: UserTaskRecord,
  record: Omit<NewSubmissionInput, 'now' | 'auditDetail'> | null,
  output: Record<string, unknown>,
  accountId: string,
): Promise<TaskCompleteResponse | null> {
  const instance = await readInstanceForStep(deps.db, task.instanceId);
  if (!instance || instance.status !== 'running') return null;
  const workflow = await compiledVersion(deps.db, instance.definitionVersionId);
  if (workflow.elements.get(task.elementId)?.completeAction) return null;
  const now = deps.clock.now();
  const input: NewSubmissionInput | null = record ? { ...record, now, auditDetail: { taskId: task.id, instanceId: instance.id } } : null;
  if (input && !writableAlone(input)) return null;
  const variables = { ...instance.variables, ...output, ...instance.facts };
  const step = await engineStep(workflow, instance.state, variables, { kind: 'signal', elementId: task.elementId, executionId: task.executionId }, now);
  const submission = input ? firstRevisionWriteOf(deps.db, ctx, input) : null;
  const submissionId = submission?.submission.id ?? null;
  const plan = planStep(headOf(instance), workflow, step, completionOptions(ctx, { task, instance, step, variables, now, accountId, submissionId, output }, true));
  const write = singleStatementStep(plan);
  if (!write) return null;
  const written = writeStep(deps.db, { ...write, submission }, { alone: true });
  if (input && submission) rememberIfStored(deps.db, input, submission, written.then((w) => (w.written ? w : null)));
  const result = await written;
  if (!result.written) return null;
  return completionAnswer(task.id, instance.id, step, submissionId, createdTasks(plan, result.createdTaskIds));
}
