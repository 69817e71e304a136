import { isUuid } from '@cordee/core';
import type { Db, Tx } from '../connection';
import { type AccessFilter, applyAccessFilter } from '../permissions/rules-to-sql';

/**
 * The outbox of external tasks: a job is written in the transaction of the step that reached the
 * service task, claimed by a worker under a lease, and done, retried later, or turned into an
 * incident. The idempotency key (instance + execution of the service task) is unique: a step
 * replayed after a crash cannot enqueue the same call twice.
 */
export type JobStatus = 'pending' | 'done' | 'incident' | 'cancelled';

export interface JobRecord {
  id: string;
  instanceId: string;
  elementId: string;
  executionId: string;
  action: string;
  idempotencyKey: string;
  input: Record<string, unknown>;
  status: JobStatus;
  attempts: number;
  maxAttempts: number;
  nextRunAt: Date;
  leaseUntil: Date | null;
  lastError: string | null;
  result: Record<string, unknown> | null;
}

const jobSelect = [
  'id',
  'instance_id as instanceId',
  'element_id as elementId',
  'execution_id as executionId',
  'action',
  'idempotency_key as idempotencyKey',
  'input',
  'status',
  'attempts',
  'max_attempts as maxAttempts',
  'next_run_at as nextRunAt',
  'lease_until as leaseUntil',
  'last_error as lastError',
  'result',
];

export interface NewJob {
  instanceId: string;
  elementId: string;
  executionId: string;
  action: string;
  input: Record<string, unknown>;
  maxAttempts: number;
}

export const idempotencyKeyOf = (instanceId: string, executionId: string) => `${instanceId}:${executionId}`;

/** Enqueues the jobs of a step; one already enqueued (same idempotency key) is left as it is. Returns the new ones. */
export async function enqueueJobs(trx: Tx, jobs: NewJob[]): Promise<Array<{ id: string; executionId: string }>> {
  if (jobs.length === 0) return [];
  return trx('workflow_job')
    .insert(
      jobs.map((j) => ({
        instance_id: j.instanceId,
        element_id: j.elementId,
        execution_id: j.executionId,
        action: j.action,
        idempotency_key: idempotencyKeyOf(j.instanceId, j.executionId),
        input: JSON.stringify(j.input),
        status: 'pending',
        max_attempts: j.maxAttempts,
      })),
    )
    .onConflict('idempotency_key')
    .ignore()
    .returning(['id', 'execution_id as executionId']);
}

export async function getJob(db: Db | Tx, id: string, forUpdate = false): Promise<JobRecord | null> {
  if (!isUuid(id)) return null;
  const q = db('workflow_job').where({ id }).first(jobSelect);
  if (forUpdate) q.forUpdate();
  return ((await q) as JobRecord | undefined) ?? null;
}

/**
 * Claims up to `limit` due jobs for `leaseMs`: each try counts as soon as it is claimed, so a try
 * cut short by a crash is counted too. A job whose lease ran out (its worker died) is due again.
 */
export async function claimDueJobs(db: Db, now: Date, leaseMs: number, limit: number): Promise<JobRecord[]> {
  return db.transaction(async (trx): Promise<JobRecord[]> => {
    const ids = await trx('workflow_job')
      .where('status', 'pending')
      .where('next_run_at', '<=', now)
      .where((q) => q.whereNull('lease_until').orWhere('lease_until', '<', now))
      .orderBy('next_run_at')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .select('id');
    if (ids.length === 0) return [];
    return trx('workflow_job')
      .whereIn(
        'id',
        ids.map((r: { id: string }) => r.id),
      )
      .update({ lease_until: new Date(now.getTime() + leaseMs), attempts: trx.raw('attempts + 1'), updated_at: trx.fn.now() })
      .returning(jobSelect);
  });
}

export async function markJobDone(trx: Tx, id: string, result: Record<string, unknown>): Promise<void> {
  await trx('workflow_job').where({ id }).update({ status: 'done', result: JSON.stringify(result), lease_until: null, last_error: null, updated_at: trx.fn.now() });
}

/** A failed try: due again at `nextRunAt` (exponential backoff decided by the worker). */
export async function rescheduleJob(db: Db | Tx, id: string, error: string, nextRunAt: Date): Promise<void> {
  await db('workflow_job').where({ id, status: 'pending' }).update({ last_error: error, next_run_at: nextRunAt, lease_until: null, updated_at: db.fn.now() });
}

export async function markJobIncident(trx: Tx, id: string, error: string): Promise<void> {
  await trx('workflow_job').where({ id }).update({ status: 'incident', last_error: error, lease_until: null, updated_at: trx.fn.now() });
}

/** Jobs of service tasks the engine no longer waits in (the instance was cancelled or moved on). */
export async function cancelPendingJobs(trx: Tx, instanceId: string, keepExecutionIds: string[]): Promise<void> {
  const q = trx('workflow_job').where({ instance_id: instanceId }).whereIn('status', ['pending', 'incident']);
  if (keepExecutionIds.length > 0) q.whereNotIn('execution_id', keepExecutionIds);
  await q.update({ status: 'cancelled', lease_until: null, updated_at: trx.fn.now() });
}

/** An administrator retries a job: as new, with its tries counted again from zero. */
export async function requeueJob(trx: Tx, id: string): Promise<void> {
  await trx('workflow_job').where({ id, status: 'incident' }).update({ status: 'pending', attempts: 0, next_run_at: trx.fn.now(), lease_until: null, updated_at: trx.fn.now() });
}

export interface IncidentRecord {
  id: string;
  instanceId: string;
  jobId: string | null;
  elementId: string | null;
  message: string;
  createdAt: Date;
  resolvedAt: Date | null;
  resolution: string | null;
  workflowKey: string;
  dossierId: string;
  establishmentId: string;
  action: string | null;
  attempts: number | null;
}

const incidentSelect = [
  'i.id',
  'i.instance_id as instanceId',
  'i.job_id as jobId',
  'i.element_id as elementId',
  'i.message',
  'i.created_at as createdAt',
  'i.resolved_at as resolvedAt',
  'i.resolution',
  'p.workflow_key as workflowKey',
  'p.dossier_id as dossierId',
  'p.establishment_id as establishmentId',
  'j.action',
  'j.attempts',
];

const incidentBase = (db: Db | Tx) => db('workflow_incident as i').join('process_instance as p', 'p.id', 'i.instance_id').join('dossier as d', 'd.id', 'p.dossier_id').leftJoin('workflow_job as j', 'j.id', 'i.job_id');

export async function insertIncident(trx: Tx, input: { instanceId: string; jobId: string | null; elementId: string | null; message: string }): Promise<string> {
  const [row] = await trx('workflow_incident').insert({ instance_id: input.instanceId, job_id: input.jobId, element_id: input.elementId, message: input.message }).returning('id');
  return (row as { id: string }).id;
}

export async function getIncident(db: Db | Tx, id: string, forUpdate = false): Promise<IncidentRecord | null> {
  if (!isUuid(id)) return null;
  const q = incidentBase(db).where('i.id', id).first(incidentSelect);
  if (forUpdate) q.forUpdate('i');
  return ((await q) as IncidentRecord | undefined) ?? null;
}

/** Incidents of the instances the caller may see (`access` is the ProcessInstance filter over `p` and `d`), newest first. */
export async function listIncidents(db: Db | Tx, query: { access: AccessFilter; openOnly: boolean; instanceId?: string; limit: number }): Promise<IncidentRecord[]> {
  const qb = incidentBase(db).select(incidentSelect);
  if (!applyAccessFilter(qb, query.access)) return [];
  if (query.openOnly) qb.whereNull('i.resolved_at');
  if (query.instanceId) qb.where('i.instance_id', query.instanceId);
  return qb.orderBy([{ column: 'i.created_at', order: 'desc' }, { column: 'i.id', order: 'desc' }]).limit(query.limit);
}

export async function resolveIncidents(trx: Tx, where: { id?: string; instanceId?: string }, accountId: string | null, resolution: 'retried' | 'cancelled'): Promise<void> {
  const q = trx('workflow_incident').whereNull('resolved_at');
  if (where.id) q.where({ id: where.id });
  if (where.instanceId) q.where({ instance_id: where.instanceId });
  await q.update({ resolved_at: trx.fn.now(), resolved_by: accountId, resolution });
}
