import { AppError } from '@cordee/core';
import type { ProcessInstanceRecord, UserTaskRecord } from '@cordee/db';
import { assertCanOn, requireUser } from '../http/authorize';
import type { AuthenticatedUser, RequestContext } from '../http/context';

/** What the permission rules look at on an instance (CASL subject `ProcessInstance`): the fields of `processColumns`. */
export const processSubject = (p: Pick<ProcessInstanceRecord, 'id' | 'dossierId' | 'establishmentId' | 'unitId' | 'workflowKey' | 'status'>) => ({
  id: p.id,
  dossierId: p.dossierId,
  establishmentId: p.establishmentId,
  unitId: p.unitId,
  workflowKey: p.workflowKey,
  status: p.status,
});

/** What the permission rules look at on a task (CASL subject `UserTask`): the fields of `userTaskColumns`. */
export const taskSubject = (t: Pick<UserTaskRecord, 'id' | 'instanceId' | 'dossierId' | 'establishmentId' | 'unitId' | 'assigneeId' | 'status' | 'formKey'>) => ({
  id: t.id,
  instanceId: t.instanceId,
  dossierId: t.dossierId,
  establishmentId: t.establishmentId,
  unitId: t.unitId,
  assigneeId: t.assigneeId,
  status: t.status,
  formKey: t.formKey,
});

/** `profileKey@establishmentId` of every profile the user holds in an establishment: what candidate profiles are matched with. */
export function candidateKeys(user: AuthenticatedUser): string[] {
  return [...new Set(user.assignments.filter((a) => a.establishmentId !== null).map((a) => `${a.profileKey}@${a.establishmentId}`))];
}

/** The user holds, in the task's establishment, one of the profiles the task names. */
export function isCandidate(user: AuthenticatedUser, task: Pick<UserTaskRecord, 'establishmentId' | 'candidateProfiles'>): boolean {
  const keys = new Set(candidateKeys(user));
  return task.candidateProfiles.some((p) => keys.has(`${p}@${task.establishmentId}`));
}

/**
 * Who may take or complete a task: a rule allowing `complete` on it (its establishment, and unit
 * for some profiles), and the task is theirs, or free and they hold one of its candidate profiles
 * there. 404 when they may not even see it; 409 when someone else has it; 403 otherwise.
 */
export function assertMayWork(ctx: RequestContext, task: UserTaskRecord): void {
  const user = requireUser(ctx);
  assertCanOn(ctx, 'complete', 'UserTask', taskSubject(task));
  if (task.assigneeId === user.accountId) return;
  if (task.assigneeId !== null) throw new AppError('TASK_TAKEN', { detail: `La tâche est prise en charge par ${task.assigneeName ?? 'une autre personne'}.` });
  if (!isCandidate(user, task)) throw new AppError('FORBIDDEN', { detail: `Cette tâche est destinée aux profils : ${task.candidateProfiles.join(', ')}.` });
}
