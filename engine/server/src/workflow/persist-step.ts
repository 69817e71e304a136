import { AppError, type CompiledWorkflow, DeadlineError, type StepResult, localDate, resolveDeadline } from '@cordee/core';
import {
  type HistoryEntry,
  type Tx,
  accountsWithProfiles,
  appendHistory,
  cancelOpenTasks,
  cancelPendingJobs,
  enqueueJobs,
  insertInstance,
  insertNotifications,
  insertUserTasks,
  saveInstance,
} from '@cordee/db';
import { actionRegistry } from './actions';
import { formKindOf } from './definitions';

/** Where an instance stands before the step: a new one has no lock version yet. */
export interface InstanceHead {
  id: string;
  workflowKey: string;
  dossierId: string;
  establishmentId: string;
  definitionVersionId: string;
  /** null: the instance is inserted by this step. */
  lockVersion: number | null;
  startedBy?: string | null;
}

export interface PersistOptions {
  now: Date;
  variables: Record<string, unknown>;
  /** Who made the step (the account completing a task); null for the scheduler and the worker. */
  accountId: string | null;
  /** The element the step was made on, credited to the account. */
  signalled?: string;
  /** Entries to add before those of the engine (task claimed, job done…). */
  history?: HistoryEntry[];
  /** Where the instance stood before the step: when all its user tasks still wait, none needs closing. */
  previousPosition?: string[];
  /** Overrides the status (cancellation). */
  cancelReason?: string;
  definitionVersionId?: string;
}

export interface PersistedStep {
  newTasks: Array<{ id: string; name: string; dueAt: Date | null }>;
  newJobIds: string[];
}

const DEFAULT_ESCALATION_PROFILES = ['chef_service'];

/**
 * Writes one engine step in the caller's transaction: the instance (guarded by its lock version),
 * its history, the user tasks the engine now waits in (and those it no longer waits in, closed),
 * the jobs of its external tasks (outbox), and the escalation notifications of boundary timers.
 */
export async function persistStep(trx: Tx, head: InstanceHead, workflow: CompiledWorkflow, step: StepResult, options: PersistOptions): Promise<PersistedStep> {
  const status = options.cancelReason !== undefined ? 'cancelled' : step.status;
  const change = {
    status,
    position: status === 'running' ? step.position : [],
    dueAt: status === 'running' ? step.dueAt : null,
    variables: options.variables,
    state: step.state,
    engineVersion: step.engineVersion,
    ...(options.definitionVersionId ? { definitionVersionId: options.definitionVersionId } : {}),
    ...(options.cancelReason !== undefined ? { cancelReason: options.cancelReason } : {}),
  } as const;
  if (head.lockVersion === null) {
    await insertInstance(trx, { id: head.id, workflowKey: head.workflowKey, definitionVersionId: head.definitionVersionId, dossierId: head.dossierId, establishmentId: head.establishmentId, startedBy: head.startedBy ?? null, ...change });
  } else if (!(await saveInstance(trx, head.id, head.lockVersion, change))) {
    throw new AppError('CONFLICT', { detail: 'L’instance de processus a avancé entre-temps : rechargez-la.' });
  }

  const history: HistoryEntry[] = [...(options.history ?? [])];
  const alerts: Array<{ kind: 'escalation' | 'reminder'; elementId: string; name: string | null; profiles: string[] }> = [];
  for (const event of step.events) {
    const base = { elementId: event.elementId, executionId: event.executionId, elementName: event.element?.name ?? null };
    if (event.kind === 'activity.end') history.push({ ...base, kind: 'activity.completed', accountId: event.elementId === options.signalled ? options.accountId : null, detail: { type: event.element?.type ?? null } });
    else if (event.kind === 'timer.fired') history.push({ ...base, kind: 'timer.fired' });
    else alerts.push({ kind: event.kind, elementId: event.elementId, name: event.element?.name ?? null, profiles: event.element?.notifyProfiles.length ? event.element.notifyProfiles : DEFAULT_ESCALATION_PROFILES });
  }

  const live = status === 'running' ? step.waiting : [];
  const userTasks = live.filter((w) => w.kind === 'user');
  const rows = userTasks.map((w) => ({
      instanceId: head.id,
      elementId: w.elementId,
      executionId: w.executionId,
      name: w.element.name ?? w.elementId,
      dossierId: head.dossierId,
      establishmentId: head.establishmentId,
      formKind: w.element.formRef ? formKindOf(workflow, w.element.formRef) : null,
      formKey: w.element.formRef,
      candidateProfiles: w.element.candidateProfiles,
      dueAt: dueDateOf(w.element.dueDate, options.now, options.variables, w.elementId),
  }));
  const created = await insertUserTasks(trx, rows);
  const newTasks: PersistedStep['newTasks'] = [];
  for (const task of created) {
    const row = rows.find((r) => r.executionId === task.executionId)!;
    newTasks.push({ id: task.id, name: row.name, dueAt: row.dueAt });
    history.push({ kind: 'task.created', elementId: row.elementId, executionId: row.executionId, elementName: row.name, detail: { taskId: task.id } });
  }
  const stillWaiting = new Set(userTasks.map((w) => w.elementId));
  const mayHaveClosed =
    head.lockVersion !== null && (options.previousPosition === undefined || options.previousPosition.some((id) => id !== options.signalled && workflow.elements.get(id)?.type === 'bpmn:UserTask' && !stillWaiting.has(id)));
  if (mayHaveClosed) {
    for (const cancelled of await cancelOpenTasks(trx, head.id, userTasks.map((w) => w.executionId))) {
      history.push({ kind: 'task.cancelled', elementId: cancelled.elementId, executionId: cancelled.executionId, elementName: cancelled.name, detail: { taskId: cancelled.id } });
    }
  }

  const serviceTasks = live.filter((w) => w.kind === 'service');
  const jobs = await enqueueJobs(
    trx,
    serviceTasks.map((w) => ({
      instanceId: head.id,
      elementId: w.elementId,
      executionId: w.executionId,
      action: w.element.serviceRef ?? '',
      input: { dossierId: head.dossierId, establishmentId: head.establishmentId, workflow: head.workflowKey, variables: options.variables },
      maxAttempts: actionRegistry().get(w.element.serviceRef ?? '')?.maxAttempts ?? 5,
    })),
  );
  for (const job of jobs) {
    const waiting = serviceTasks.find((w) => w.executionId === job.executionId)!;
    history.push({ kind: 'job.enqueued', elementId: waiting.elementId, executionId: waiting.executionId, elementName: waiting.element.name, detail: { action: waiting.element.serviceRef, jobId: job.id } });
  }
  if (head.lockVersion !== null && [...workflow.elements.values()].some((e) => e.type === 'bpmn:ServiceTask')) {
    await cancelPendingJobs(
      trx,
      head.id,
      serviceTasks.map((w) => w.executionId),
    );
  }

  // boundary timers escalate a deadline that passed; intermediate timers that name profiles remind them of one to come
  for (const alert of alerts) {
    const accounts = await accountsWithProfiles(trx, head.establishmentId, alert.profiles, localDate(options.now));
    const label = alert.name ?? alert.elementId;
    await insertNotifications(trx, accounts, `workflow.${alert.kind}`, {
      instanceId: head.id,
      workflow: head.workflowKey,
      dossierId: head.dossierId,
      elementId: alert.elementId,
      name: alert.name,
      message: alert.kind === 'escalation' ? `Échéance dépassée : « ${label} » (processus ${workflow.key}).` : `Rappel : « ${label} » (processus ${workflow.key}).`,
    });
    history.push({ kind: `${alert.kind}.notified`, elementId: alert.elementId, elementName: alert.name, detail: { profiles: alert.profiles, accounts: accounts.length } });
  }
  if (status === 'completed') history.push({ kind: 'instance.completed' });
  await appendHistory(trx, head.id, history);
  return { newTasks, newJobIds: jobs.map((j) => j.id) };
}

function dueDateOf(spec: string | null, now: Date, variables: Record<string, unknown>, elementId: string): Date | null {
  if (!spec) return null;
  try {
    return resolveDeadline(spec, now, variables);
  } catch (error) {
    if (error instanceof DeadlineError) throw new AppError('VALIDATION_FAILED', { detail: `Échéance de l’étape ${elementId} : ${error.message}` });
    throw error;
  }
}
