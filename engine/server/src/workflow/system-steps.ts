import { AppError, type StepCommand, WorkflowStepError, localDate } from '@cordee/core';
import {
  type HistoryEntry,
  type InstanceForStep,
  type JobRecord,
  type Tx,
  accountsWithProfiles,
  appendHistory,
  getJob,
  lockInstanceForStep,
  insertIncident,
  insertNotifications,
  lockOverdueTasks,
  markInstanceFailed,
  markJobDone,
  markJobIncident,
  markOverdueNotified,
} from '@cordee/db';
import type { AppDeps } from '../deps';
import { compiledVersion } from './definitions';
import { engineStep } from './engine-step';
import { runEngineStep } from './engine-threads';
import { type StepPlan, headOf, planStep, writeStepPlan } from './persist-step';

/**
 * Steps nobody clicks: a timer that fell due (the scheduler) and an external task that answered
 * (the job worker). They take the same locks and write the same rows as a user's step; a step the
 * engine cannot make turns the instance into an incident instead of blocking the queue.
 */
export async function resumeDueInstance(trx: Tx, deps: AppDeps, instance: InstanceForStep): Promise<'resumed' | 'failed'> {
  return systemStep(trx, instance, { kind: 'resume' }, deps.clock.now());
}

/**
 * A step of a locked running instance made by the system (a timer that fell due, a waiting timer
 * a domain event woke): a step the engine cannot make turns the instance into an incident.
 */
export async function systemStep(trx: Tx, instance: InstanceForStep, command: StepCommand, now: Date, history: HistoryEntry[] = []): Promise<'resumed' | 'failed'> {
  const workflow = await compiledVersion(trx, instance.definitionVersionId);
  const variables = { ...instance.variables, ...instance.facts };
  // the step is computed and planned before anything is written: a step that fails leaves nothing behind but the incident
  let plan: StepPlan;
  try {
    const step = await runEngineStep(workflow, instance.state, variables, command);
    if (step.dueAt && step.dueAt.getTime() <= now.getTime()) step.dueAt = new Date(now.getTime() + 1000);
    plan = planStep(headOf(instance), workflow, step, { now, variables, accountId: null, previousPosition: instance.position, history });
  } catch (error) {
    if (!(error instanceof WorkflowStepError) && !(error instanceof AppError)) throw error;
    await markInstanceFailed(trx, instance.id);
    await insertIncident(trx, { instanceId: instance.id, jobId: null, elementId: error instanceof WorkflowStepError ? error.elementId : null, message: error.message });
    await appendHistory(trx, instance.id, [...history, { kind: 'instance.failed', detail: { message: error.message } }]);
    return 'failed';
  }
  await writeStepPlan(trx, plan);
  return 'resumed';
}

/** Tasks past their due date, announced once: to whoever holds the task, else to the chefs de service of the establishment. */
export async function announceOverdueTasks(trx: Tx, deps: AppDeps, limit: number): Promise<number> {
  const now = deps.clock.now();
  const tasks = await lockOverdueTasks(trx, now, limit);
  for (const task of tasks) {
    const to = task.assigneeId ? [task.assigneeId] : await accountsWithProfiles(trx, task.establishmentId, ['chef_service'], localDate(now));
    await insertNotifications(trx, to, 'workflow.task_overdue', { taskId: task.id, name: task.name, instanceId: task.instanceId, dossierId: task.dossierId, dueAt: task.dueAt.toISOString(), message: `Tâche en retard : « ${task.name} ».` });
    await appendHistory(trx, task.instanceId, [{ kind: 'task.overdue', elementId: task.elementId, executionId: task.executionId, elementName: task.name, detail: { taskId: task.id, notified: to.length } }]);
  }
  await markOverdueNotified(
    trx,
    tasks.map((t) => t.id),
    now,
  );
  return tasks.length;
}

/**
 * The plugin answered: the job is done and the service task signalled in one transaction. A job
 * already done or cancelled (another worker, a cancelled instance) changes nothing: the external
 * call was made with the same idempotency key, which the service absorbs.
 */
export async function finishJob(deps: AppDeps, job: JobRecord, result: Record<string, unknown>): Promise<'done' | 'skipped'> {
  return deps.db.transaction(async (trx) => {
    const instance = await lockInstanceForStep(trx, job.instanceId);
    const current = await getJob(trx, job.id, true);
    if (!instance || !current || current.status !== 'pending') return 'skipped';
    await markJobDone(trx, job.id, result);
    const history = [{ kind: 'job.completed', elementId: job.elementId, executionId: job.executionId, detail: { action: job.action, attempts: current.attempts } }];
    if (instance.status !== 'running') {
      await appendHistory(trx, instance.id, history);
      return 'done';
    }
    const now = deps.clock.now();
    const workflow = await compiledVersion(trx, instance.definitionVersionId);
    const variables = { ...instance.variables, ...result, ...instance.facts };
    // planned before anything is written: a step that fails leaves nothing behind but the incident
    let plan: StepPlan;
    try {
      const step = await engineStep(workflow, instance.state, variables, { kind: 'signal', elementId: job.elementId, executionId: job.executionId }, now);
      plan = planStep(headOf(instance), workflow, step, { now, variables, accountId: null, signalled: job.elementId, previousPosition: instance.position, history });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      await markInstanceFailed(trx, instance.id);
      await insertIncident(trx, { instanceId: instance.id, jobId: null, elementId: job.elementId, message: error.detail ?? error.message });
      await appendHistory(trx, instance.id, [...history, { kind: 'instance.failed', detail: { message: error.detail ?? error.message } }]);
      return 'done';
    }
    await writeStepPlan(trx, plan);
    return 'done';
  });
}

/** The last try failed (or the failure is permanent): the job stops and an incident tells the administrators. */
export async function jobIncident(deps: AppDeps, job: JobRecord, message: string): Promise<void> {
  await deps.db.transaction(async (trx) => {
    const current = await getJob(trx, job.id, true);
    if (!current || current.status !== 'pending') return;
    await markJobIncident(trx, job.id, message);
    await insertIncident(trx, { instanceId: job.instanceId, jobId: job.id, elementId: job.elementId, message });
    await appendHistory(trx, job.instanceId, [{ kind: 'job.incident', elementId: job.elementId, detail: { action: job.action, attempts: current.attempts, message } }]);
  });
}
