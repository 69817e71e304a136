import { AppError, localDate } from '@cordee/core';
import { type Tx, type UserTaskRecord, accountsWithProfiles, appendHistory, assignUserTask, getUserTask, insertNotifications, recordAudit } from '@cordee/db';
import type { AppDeps } from '../deps';
import { assertCanOn, canOn, requireUser } from '../http/authorize';
import { type RequestContext, auditEvent } from '../http/context';
import { assertMayWork, taskSubject } from './subjects';

export type AssignmentAction = 'claim' | 'unclaim' | 'reassign' | 'delegate';

/** The open task, locked, or 404 (also when the user may not see it) / 409 when it is closed. */
async function lockOpenTask(trx: Tx, ctx: RequestContext, id: string): Promise<UserTaskRecord> {
  const task = await getUserTask(trx, id, true);
  if (!task || !canOn(ctx, 'read', 'UserTask', taskSubject(task))) throw new AppError('NOT_FOUND');
  if (task.status !== 'open') throw new AppError('TASK_NOT_OPEN');
  return task;
}

/**
 * Who may receive a task: an active account holding, today, one of its candidate profiles in its
 * establishment (any profile there when the task names none).
 */
async function assertEligible(trx: Tx, deps: AppDeps, task: UserTaskRecord, accountId: string): Promise<void> {
  const eligible = await accountsWithProfiles(trx, task.establishmentId, task.candidateProfiles, localDate(deps.clock.now()));
  if (!eligible.includes(accountId)) {
    throw new AppError('VALIDATION_FAILED', { issues: [{ path: '/account', message: `Ce compte n’a pas, dans cet établissement, un des profils de la tâche (${task.candidateProfiles.join(', ')}).` }] });
  }
}

/**
 * Claim (a candidate takes a free task), unclaim (the holder, or a manager, gives it back),
 * reassign (a manager gives it to another eligible account) and delegate (the holder hands it to
 * another eligible account, who is told; the task remembers who delegated it). Each is audited
 * and written in the instance's history.
 */
export async function changeAssignment(deps: AppDeps, ctx: RequestContext, id: string, action: AssignmentAction, target?: string): Promise<UserTaskRecord> {
  const user = requireUser(ctx);
  return deps.db.transaction(async (trx) => {
    const task = await lockOpenTask(trx, ctx, id);
    let assignee: string | null;
    let delegatedBy: string | null = null;
    switch (action) {
      case 'claim':
        assertMayWork(ctx, task);
        assignee = user.accountId;
        break;
      case 'unclaim':
        if (task.assigneeId !== user.accountId) assertCanOn(ctx, 'assign', 'UserTask', taskSubject(task));
        assignee = null;
        break;
      case 'reassign':
        assertCanOn(ctx, 'assign', 'UserTask', taskSubject(task));
        await assertEligible(trx, deps, task, target!);
        assignee = target!;
        break;
      case 'delegate':
        if (task.assigneeId !== user.accountId) throw new AppError('FORBIDDEN', { detail: 'Seule la personne qui a pris la tâche peut la déléguer.' });
        if (target === user.accountId) throw new AppError('VALIDATION_FAILED', { issues: [{ path: '/account', message: 'On ne se délègue pas une tâche à soi-même.' }] });
        await assertEligible(trx, deps, task, target!);
        assignee = target!;
        delegatedBy = user.accountId;
        break;
    }
    await assignUserTask(trx, task.id, assignee, delegatedBy);
    if ((action === 'reassign' || action === 'delegate') && assignee) {
      await insertNotifications(trx, [assignee], 'workflow.task_assigned', { taskId: task.id, name: task.name, instanceId: task.instanceId, dossierId: task.dossierId, by: user.displayName, delegated: action === 'delegate' });
    }
    await appendHistory(trx, task.instanceId, [
      { kind: `task.${action === 'claim' ? 'claimed' : action === 'unclaim' ? 'unclaimed' : action === 'reassign' ? 'reassigned' : 'delegated'}`, elementId: task.elementId, elementName: task.name, accountId: user.accountId, detail: { taskId: task.id, from: task.assigneeId, to: assignee } },
    ]);
    await recordAudit(trx, auditEvent(ctx, { action: `task.${action}`, targetType: 'user_task', targetId: task.id, dossierId: task.dossierId, establishmentId: task.establishmentId, detail: { from: task.assigneeId, to: assignee } }));
    return (await getUserTask(trx, task.id))!;
  });
}
