import { type UserTaskRecord, readInstanceForStep, writeStep } from '@cordee/db';
import type { TaskCompleteResponse } from '@cordee/metadata/generated/api/task-complete-response';
import type { AppDeps } from '../deps';
import { type RequestContext, auditEvent } from '../http/context';
import { type NewSubmissionInput, firstRevisionWriteOf, rememberIfStored, writableAlone } from '../submissions/create-in-tx';
import { compiledVersion } from './definitions';
import { engineStep } from './engine-step';
import { createdTasks, headOf, planStep, singleStatementStep } from './persist-step';

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
  const position = step.status === 'running' ? step.position : [];
  const plan = planStep(headOf(instance), workflow, step, {
    completedTask: { id: task.id, executionId: task.executionId, accountId, submissionId, output: submission ? {} : output, assigneeId: task.assigneeId },
    now,
    variables,
    accountId,
    signalled: task.elementId,
    previousPosition: instance.position,
    history: [{ kind: 'task.completed', elementId: task.elementId, executionId: task.executionId, elementName: task.name, accountId, detail: { taskId: task.id, submissionId } }],
    audit: auditEvent(ctx, {
      action: 'task.complete',
      targetType: 'user_task',
      targetId: task.id,
      dossierId: instance.dossierId,
      establishmentId: instance.establishmentId,
      detail: { instanceId: instance.id, workflow: instance.workflowKey, element: task.elementId, submissionId, position },
    }),
  });
  const write = singleStatementStep(plan);
  if (!write) return null;
  const written = writeStep(deps.db, { ...write, submission }, { alone: true });
  if (input && submission) rememberIfStored(deps.db, input, submission, written.then((w) => (w.written ? w : null)));
  const result = await written;
  if (!result.written) return null;
  return {
    taskId: task.id,
    submissionId,
    instance: { id: instance.id, status: step.status, position },
    nextTasks: createdTasks(plan, result.createdTaskIds).map((t) => ({ id: t.id, name: t.name, dueAt: t.dueAt?.toISOString() ?? null })),
  };
}
