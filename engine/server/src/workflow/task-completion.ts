import type { StepResult } from '@cordee/core';
import type { InstanceForStep, UserTaskRecord } from '@cordee/db';
import type { TaskCompleteResponse } from '@cordee/metadata/generated/api/task-complete-response';
import { type RequestContext, auditEvent } from '../http/context';
import type { PersistOptions, PersistedStep } from './persist-step';

/** What a completion of a user task writes with its step: who closed the task, its history entry and audit event — the same with or without a transaction. */
export function completionOptions(
  ctx: RequestContext,
  completion: { task: UserTaskRecord; instance: InstanceForStep; step: StepResult; variables: Record<string, unknown>; now: Date; accountId: string; submissionId: string | null; output: Record<string, unknown> },
  /** Without a transaction: the task is closed only if still held by who held it when read. */
  checkAssignee = false,
): PersistOptions {
  const { task, instance, step, accountId, submissionId } = completion;
  return {
    completedTask: { id: task.id, executionId: task.executionId, accountId, submissionId, output: submissionId ? {} : completion.output, ...(checkAssignee ? { assigneeId: task.assigneeId } : {}) },
    now: completion.now,
    variables: completion.variables,
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
      detail: { instanceId: instance.id, workflow: instance.workflowKey, element: task.elementId, submissionId, position: positionAfter(step) },
    }),
  };
}

/** The answer to a completion. */
export function completionAnswer(taskId: string, instanceId: string, step: StepResult, submissionId: string | null, newTasks: PersistedStep['newTasks']): TaskCompleteResponse {
  return {
    taskId,
    submissionId,
    instance: { id: instanceId, status: step.status, position: positionAfter(step) },
    nextTasks: newTasks.map((t) => ({ id: t.id, name: t.name, dueAt: t.dueAt?.toISOString() ?? null })),
  };
}

const positionAfter = (step: StepResult): string[] => (step.status === 'running' ? step.position : []);
