import { randomUUID } from 'node:crypto';
import { AppError, type AuditEvent, type CompiledWorkflow, DeadlineError, type StepResult, localDate, resolveDeadline } from '@cordee/core';
import {
  type HistoryEntry,
  type InstanceChange,
  type NewUserTask,
  type ProcessInstanceRecord,
  type StepHistoryEntry,
  type StepWrite,
  type Tx,
  accountsWithProfiles,
  cancelOpenTasks,
  cancelPendingJobs,
  enqueueJobs,
  insertInstance,
  insertNotifications,
  writeStep,
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

export const headOf = (instance: ProcessInstanceRecord): InstanceHead => ({
  id: instance.id,
  workflowKey: instance.workflowKey,
  dossierId: instance.dossierId,
  establishmentId: instance.establishmentId,
  definitionVersionId: instance.definitionVersionId,
  lockVersion: instance.lockVersion,
});

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
  /** The user task this step completes, closed in the step's statement (never among the tasks the step closes as no longer waited in). */
  completedTask?: NonNullable<StepWrite['completedTask']> & { executionId: string };
  /** The audit event of the step, written in the step's statement. */
  audit?: AuditEvent;
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
  return writeStepPlan(trx, planStep(head, workflow, step, options));
}

/** What a step will write, computed without IO: the part of a step that can still be refused (a due date that cannot be computed). */
export interface StepPlan {
  head: InstanceHead;
  workflow: CompiledWorkflow;
  options: PersistOptions;
  change: InstanceChange;
  live: StepResult['waiting'];
  rows: Array<NewUserTask & { id: string }>;
  history: StepHistoryEntry[];
  alerts: Array<{ kind: 'escalation' | 'reminder'; elementId: string; name: string | null; profiles: string[] }>;
  /** Whether tasks the engine no longer waits in may be left open (a timer interrupted one). */
  mayHaveClosed: boolean;
}

/**
 * The step's writes, without IO: throws the AppError of a due date that cannot be computed before
 * anything is written, so that a system step can open an incident without a savepoint.
 */
export function planStep(head: InstanceHead, workflow: CompiledWorkflow, step: StepResult, options: PersistOptions): StepPlan {
  const status = options.cancelReason !== undefined ? 'cancelled' : step.status;
  const change: InstanceChange = {
    status,
    position: status === 'running' ? step.position : [],
    dueAt: status === 'running' ? step.dueAt : null,
    variables: options.variables,
    state: step.state,
    engineVersion: step.engineVersion,
    ...(options.definitionVersionId ? { definitionVersionId: options.definitionVersionId } : {}),
    ...(options.cancelReason !== undefined ? { cancelReason: options.cancelReason } : {}),
  };
  const history: StepHistoryEntry[] = [...(options.history ?? [])];
  const alerts: StepPlan['alerts'] = [];
  for (const event of step.events) {
    const base = { elementId: event.elementId, executionId: event.executionId, elementName: event.element?.name ?? null };
    if (event.kind === 'activity.end') history.push({ ...base, kind: 'activity.completed', accountId: event.elementId === options.signalled ? options.accountId : null, detail: { type: event.element?.type ?? null } });
    else if (event.kind === 'timer.fired') history.push({ ...base, kind: 'timer.fired' });
    else alerts.push({ kind: event.kind, elementId: event.elementId, name: event.element?.name ?? null, profiles: event.element?.notifyProfiles.length ? event.element.notifyProfiles : DEFAULT_ESCALATION_PROFILES });
  }
  const live = status === 'running' ? step.waiting : [];
  const userTasks = live.filter((w) => w.kind === 'user');
  const rows = userTasks.map((w) => ({
    id: randomUUID(),
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
  // written by the step's statement, with their history entries, unless the engine already waited in them
  for (const row of rows) history.push({ kind: 'task.created', elementId: row.elementId, executionId: row.executionId, elementName: row.name, detail: { taskId: row.id }, createdTaskId: row.id });
  const stillWaiting = new Set(userTasks.map((w) => w.elementId));
  const mayHaveClosed =
    head.lockVersion !== null && (options.previousPosition === undefined || options.previousPosition.some((id) => id !== options.signalled && workflow.elements.get(id)?.type === 'bpmn:UserTask' && !stillWaiting.has(id)));
  return { head, workflow, options, change, live, rows, history, alerts, mayHaveClosed };
}

/** Writes a planned step: the rarer writes first (tasks closed, outbox jobs, notifications), then the step's one statement. */
export async function writeStepPlan(trx: Tx, plan: StepPlan): Promise<PersistedStep> {
  const { head, workflow, options, change, live, rows, alerts } = plan;
  const history = [...plan.history];
  if (head.lockVersion === null) {
    await insertInstance(trx, { id: head.id, workflowKey: head.workflowKey, definitionVersionId: head.definitionVersionId, dossierId: head.dossierId, establishmentId: head.establishmentId, startedBy: head.startedBy ?? null, ...change });
  }
  if (plan.mayHaveClosed) {
    const keep = [...rows.map((r) => r.executionId), ...(options.completedTask ? [options.completedTask.executionId] : [])];
    for (const cancelled of await cancelOpenTasks(trx, head.id, keep)) {
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
  if (head.lockVersion !== null && hasServiceTasks(workflow)) {
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
  const written = await writeStep(trx, stepWriteOf(plan, history));
  if (!written.written) throw new AppError('CONFLICT', { detail: 'L’instance de processus a avancé entre-temps : rechargez-la.' });
  if (options.completedTask && !written.taskCompleted) throw new AppError('TASK_NOT_OPEN');
  return { newTasks: createdTasks(plan, written.createdTaskIds), newJobIds: jobs.map((j) => j.id) };
}

/** The step's one statement, with the history entries of the writes made before it. */
function stepWriteOf(plan: StepPlan, history: StepHistoryEntry[]): StepWrite {
  const { head, change, options } = plan;
  const completed = options.completedTask;
  return {
    instanceId: head.id,
    change: head.lockVersion === null ? null : { ...change, lockVersion: head.lockVersion },
    completedTask: completed ? { id: completed.id, accountId: completed.accountId, submissionId: completed.submissionId, output: completed.output, assigneeId: completed.assigneeId } : null,
    tasks: plan.rows,
    history: change.status === 'completed' ? [...history, { kind: 'instance.completed' }] : history,
    audit: options.audit ?? null,
  };
}

/**
 * The step's one statement when it is all the step writes (no task closed by a timer, no outbox
 * job, no notification, an existing instance): what a step written without a transaction needs.
 */
export function singleStatementStep(plan: StepPlan): StepWrite | null {
  const rare = plan.head.lockVersion === null || plan.mayHaveClosed || plan.alerts.length > 0 || hasServiceTasks(plan.workflow);
  return rare ? null : stepWriteOf(plan, plan.history);
}

/** A workflow with service tasks may have outbox jobs to cancel at each step. */
const hasServiceTasks = (workflow: CompiledWorkflow): boolean => [...workflow.elements.values()].some((e) => e.type === 'bpmn:ServiceTask');

/** The tasks the statement created, as the caller reports them. */
export const createdTasks = (plan: StepPlan, ids: readonly string[]): PersistedStep['newTasks'] =>
  plan.rows.filter((r) => ids.includes(r.id)).map((r) => ({ id: r.id, name: r.name, dueAt: r.dueAt }));

function dueDateOf(spec: string | null, now: Date, variables: Record<string, unknown>, elementId: string): Date | null {
  if (!spec) return null;
  try {
    return resolveDeadline(spec, now, variables);
  } catch (error) {
    if (error instanceof DeadlineError) throw new AppError('VALIDATION_FAILED', { detail: `Échéance de l’étape ${elementId} : ${error.message}` });
    throw error;
  }
}
