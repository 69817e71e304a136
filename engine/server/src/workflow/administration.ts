import { AppError, migrationProblems, parseWorkflow, targetOf, validationError } from '@cordee/core';
import {
  appendHistory,
  cancelOpenTasks,
  cancelPendingJobs,
  getIncident,
  lockInstanceForStep,
  getVersion,
  recordAudit,
  requeueJob,
  resolveIncidents,
  retargetOpenTasks,
  saveInstance,
  type InstanceForStep,
  type Tx,
} from '@cordee/db';
import type { AppDeps } from '../deps';
import { assertCanOn, canOn } from '../http/authorize';
import { type RequestContext, auditEvent } from '../http/context';
import { compiledVersion, latestWorkflowVersion } from './definitions';
import { engineStep } from './engine-step';
import { headOf, persistStep } from './persist-step';
import { processSubject } from './subjects';

/** The instance locked for a change by an administrator, or 404 when the caller may not see it. */
async function lockInstance(trx: Tx, ctx: RequestContext, id: string, action: string) {
  const instance = await lockInstanceForStep(trx, id);
  if (!instance) throw new AppError('NOT_FOUND');
  assertCanOn(ctx, action, 'ProcessInstance', processSubject(instance));
  return instance;
}

/** Cancels a running (or failed) instance with a reason: its open tasks and pending jobs are closed, its incidents resolved. */
export async function cancelInstance(deps: AppDeps, ctx: RequestContext, id: string, reason: string): Promise<void> {
  await deps.db.transaction(async (trx) => {
    const instance = await lockInstance(trx, ctx, id, 'cancel');
    if (instance.status !== 'running' && instance.status !== 'failed') throw new AppError('PROCESS_NOT_RUNNING');
    await cancelLockedInstance(trx, ctx, instance, reason);
  });
}

/** Cancels an instance locked by the caller's transaction (no permission check: the caller decided), with the reason in its history and the audit. */
export async function cancelLockedInstance(trx: Tx, ctx: RequestContext, instance: InstanceForStep, reason: string, detail: Record<string, unknown> = {}): Promise<void> {
  const saved = await saveInstance(trx, instance.id, instance.lockVersion, {
    status: 'cancelled',
    position: [],
    dueAt: null,
    variables: instance.variables,
    state: instance.state,
    engineVersion: instance.engineVersion,
    cancelReason: reason,
  });
  if (!saved) throw new AppError('CONFLICT');
  const cancelled = await cancelOpenTasks(trx, instance.id, []);
  await cancelPendingJobs(trx, instance.id, []);
  await resolveIncidents(trx, { instanceId: instance.id }, ctx.user?.accountId ?? null, 'cancelled');
  await appendHistory(trx, instance.id, [
    ...cancelled.map((t) => ({ kind: 'task.cancelled', elementId: t.elementId, executionId: t.executionId, elementName: t.name, detail: { taskId: t.id } })),
    { kind: 'instance.cancelled', accountId: ctx.user?.accountId ?? null, detail: { reason, ...detail } },
  ]);
  await recordAudit(trx, auditEvent(ctx, { action: 'process.cancel', targetType: 'process_instance', targetId: instance.id, dossierId: instance.dossierId, establishmentId: instance.establishmentId, detail: { reason, workflow: instance.workflowKey, ...detail } }));
}

/**
 * Moves an instance to another published version of its workflow (the latest by default) when
 * every element its state refers to still exists there with the same type; otherwise 422 with one
 * explanation per element. The instance is then resumed on the new version (its open tasks take
 * their form and candidates from it).
 */
export async function migrateInstance(deps: AppDeps, ctx: RequestContext, id: string, version?: string): Promise<void> {
  await deps.db.transaction(async (trx) => {
    const instance = await lockInstance(trx, ctx, id, 'migrate');
    if (instance.status !== 'running') throw new AppError('PROCESS_NOT_RUNNING');
    const target = version ? await getVersion(trx, 'workflow', instance.workflowKey, version) : await latestWorkflowVersion(trx, instance.workflowKey);
    if (!target) throw validationError([{ path: '/version', message: `La version ${version} de ce processus n’existe pas.` }]);
    if (target.id === instance.definitionVersionId) throw validationError([{ path: '/version', message: `L’instance est déjà sur la version ${target.version}.` }]);
    const problems = migrationProblems(instance.state, targetOf(await parseWorkflow(String(target.content.bpmnXml))));
    if (problems.length > 0) {
      throw new AppError('PROCESS_MIGRATION_REFUSED', { detail: `Passage de la version ${instance.version} à la version ${target.version} impossible.`, issues: problems.map((message) => ({ path: '/version', message })) });
    }
    const workflow = await compiledVersion(trx, target.id);
    const now = deps.clock.now();
    const variables = { ...instance.variables, ...instance.facts };
    const step = await engineStep(workflow, instance.state, variables, { kind: 'resume' }, now);
    await retargetOpenTasks(
      trx,
      instance.id,
      new Map(
        step.waiting
          .filter((w) => w.kind === 'user')
          .map((w) => [w.elementId, { name: w.element.name ?? w.elementId, formKey: w.element.formRef, candidateProfiles: w.element.candidateProfiles }]),
      ),
    );
    await persistStep(trx, headOf(instance), workflow, step, {
      now,
      variables,
      accountId: ctx.user?.accountId ?? null,
      definitionVersionId: target.id,
      history: [{ kind: 'instance.migrated', accountId: ctx.user?.accountId ?? null, detail: { from: instance.version, to: target.version } }],
    });
    await recordAudit(trx, auditEvent(ctx, { action: 'process.migrate', targetType: 'process_instance', targetId: instance.id, dossierId: instance.dossierId, establishmentId: instance.establishmentId, detail: { from: instance.version, to: target.version } }));
  });
}

/** Retries what an incident stopped: the job runs again with its tries counted from zero, or a failed instance is resumed by the scheduler. */
export async function retryIncident(deps: AppDeps, ctx: RequestContext, incidentId: string): Promise<void> {
  await deps.db.transaction(async (trx) => {
    const peek = await getIncident(trx, incidentId);
    if (!peek || !canOn(ctx, 'read', 'ProcessInstance', { id: peek.instanceId, dossierId: peek.dossierId, establishmentId: peek.establishmentId, workflowKey: peek.workflowKey })) throw new AppError('NOT_FOUND');
    const instance = await lockInstance(trx, ctx, peek.instanceId, 'retry');
    const incident = await getIncident(trx, incidentId, true);
    if (!incident || incident.resolvedAt) throw new AppError('INCIDENT_NOT_OPEN');
    if (instance.status !== 'running' && instance.status !== 'failed') throw new AppError('PROCESS_NOT_RUNNING');
    if (incident.jobId) await requeueJob(trx, incident.jobId);
    else await trx('process_instance').where({ id: instance.id }).update({ status: 'running', due_at: deps.clock.now(), lock_version: trx.raw('lock_version + 1'), updated_at: trx.fn.now() });
    await resolveIncidents(trx, { id: incident.id }, ctx.user?.accountId ?? null, 'retried');
    await appendHistory(trx, instance.id, [{ kind: 'incident.retried', elementId: incident.elementId, accountId: ctx.user?.accountId ?? null, detail: { incidentId: incident.id, jobId: incident.jobId } }]);
    await recordAudit(trx, auditEvent(ctx, { action: 'process.incident.retry', targetType: 'workflow_incident', targetId: incident.id, dossierId: instance.dossierId, establishmentId: instance.establishmentId, detail: { instanceId: instance.id, jobId: incident.jobId } }));
  });
}
