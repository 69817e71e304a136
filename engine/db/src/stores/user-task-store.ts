import { isUuid } from '@cordee/core';
import type { Db, Tx } from '../connection';
import type { DossierStatus } from './dossier-store';
import { type AccessFilter, type FieldColumns, applyAccessFilter } from '../permissions/rules-to-sql';
import { prepared } from '../prepared';

/**
 * User tasks: the projection of the engine's waiting user tasks that the inbox reads. The CASL
 * subject `UserTask` sees the task `t` joined to its dossier `d`.
 */
export const userTaskColumns: FieldColumns = {
  id: 't.id',
  instanceId: 't.instance_id',
  dossierId: 't.dossier_id',
  establishmentId: 't.establishment_id',
  unitId: 'd.unit_id',
  assigneeId: 't.assignee_id',
  status: 't.status',
  formKey: 't.form_key',
};

export type UserTaskStatus = 'open' | 'completed' | 'cancelled';

export interface UserTaskRecord {
  id: string;
  instanceId: string;
  workflowKey: string;
  elementId: string;
  executionId: string;
  name: string;
  dossierId: string;
  establishmentId: string;
  /** The dossier's current unit, establishment and status (where it is followed now). */
  unitId: string | null;
  dossierEstablishmentId: string;
  dossierStatus: DossierStatus;
  formKind: 'form' | 'grid' | null;
  formKey: string | null;
  candidateProfiles: string[];
  status: UserTaskStatus;
  assigneeId: string | null;
  assigneeName: string | null;
  delegatedBy: string | null;
  dueAt: Date | null;
  submissionId: string | null;
  createdAt: Date;
  completedAt: Date | null;
  completedBy: string | null;
}

const taskSelect = [
  't.id',
  't.instance_id as instanceId',
  'p.workflow_key as workflowKey',
  't.element_id as elementId',
  't.execution_id as executionId',
  't.name',
  't.dossier_id as dossierId',
  't.establishment_id as establishmentId',
  'd.unit_id as unitId',
  'd.establishment_id as dossierEstablishmentId',
  'd.status as dossierStatus',
  't.form_kind as formKind',
  't.form_key as formKey',
  't.candidate_profiles as candidateProfiles',
  't.status',
  't.assignee_id as assigneeId',
  'a.display_name as assigneeName',
  't.delegated_by as delegatedBy',
  't.due_at as dueAt',
  't.submission_id as submissionId',
  't.created_at as createdAt',
  't.completed_at as completedAt',
  't.completed_by as completedBy',
];

const base = (db: Db | Tx) =>
  db('user_task as t').join('process_instance as p', 'p.id', 't.instance_id').join('dossier as d', 'd.id', 't.dossier_id').leftJoin('account as a', 'a.id', 't.assignee_id');

export async function getUserTask(db: Db | Tx, id: string, forUpdate = false): Promise<UserTaskRecord | null> {
  if (!isUuid(id)) return null;
  const q = base(db).where('t.id', id).first(taskSelect);
  if (forUpdate) q.forUpdate('t');
  return ((await prepared(q, forUpdate ? 'user_task_for_update' : 'user_task')) as UserTaskRecord | undefined) ?? null;
}

export async function tasksOfInstance(db: Db | Tx, instanceId: string): Promise<UserTaskRecord[]> {
  return base(db).where('t.instance_id', instanceId).orderBy([{ column: 't.created_at' }, { column: 't.id' }]).select(taskSelect);
}

export interface NewUserTask {
  instanceId: string;
  elementId: string;
  executionId: string;
  name: string;
  dossierId: string;
  establishmentId: string;
  formKind: 'form' | 'grid' | null;
  formKey: string | null;
  candidateProfiles: string[];
  dueAt: Date | null;
}

/** Closes the open tasks of an instance the engine no longer waits in (interrupted by a timer, instance cancelled). */
export async function cancelOpenTasks(trx: Tx, instanceId: string, keepExecutionIds: string[]): Promise<Array<{ id: string; elementId: string; executionId: string; name: string }>> {
  const q = trx('user_task').where({ instance_id: instanceId, status: 'open' });
  if (keepExecutionIds.length > 0) q.whereNotIn('execution_id', keepExecutionIds);
  return q.update({ status: 'cancelled' }).returning(['id', 'element_id as elementId', 'execution_id as executionId', 'name']);
}

export async function assignUserTask(trx: Tx, id: string, assigneeId: string | null, delegatedBy: string | null = null): Promise<void> {
  await trx('user_task').where({ id }).update({ assignee_id: assigneeId, delegated_by: delegatedBy });
}

/** Open tasks follow their instance to a new version: name, form (and whether it is a form or a grid) and candidates come from it. */
export async function retargetOpenTasks(trx: Tx, instanceId: string, byElement: Map<string, { name: string; formKey: string | null; candidateProfiles: string[] }>): Promise<void> {
  for (const [elementId, t] of byElement) {
    await trx('user_task')
      .where({ instance_id: instanceId, element_id: elementId, status: 'open' })
      .update({
        name: t.name,
        form_key: t.formKey,
        form_kind: trx.raw(`(select kind from artefact where key = ? and kind in ('form', 'grid') order by kind = 'form' desc limit 1)`, [t.formKey]),
        candidate_profiles: t.candidateProfiles,
      });
  }
}

export interface InboxQuery {
  /** Tasks the caller may read (their rules): the inbox never filters after loading. */
  access: AccessFilter;
  scope: 'mine' | 'candidate' | 'team';
  accountId: string;
  /** `profileKey@establishmentId` of each profile the caller holds: the candidate scope matches tasks on them. */
  candidateKeys: string[];
  /** Dossiers whose care team the caller belongs to today. */
  careTeamDossierIds: string[];
  status: UserTaskStatus;
  overdueOnly: boolean;
  now: Date;
  after?: [string, string, string];
  limit: number;
}

/** One page of the inbox: soonest due first (no due date last), then oldest created; the cursor is (due, created, id) of the last row. */
export async function listInbox(db: Db | Tx, query: InboxQuery): Promise<Array<UserTaskRecord & { cursor: [string, string, string] }>> {
  const due = `coalesce(t.due_at, 'infinity'::timestamptz)`;
  const qb = base(db).select([...taskSelect, db.raw(`${due}::text as "cursorDue"`), db.raw(`t.created_at::text as "cursorCreated"`)]);
  if (!applyAccessFilter(qb, query.access)) return [];
  qb.where('t.status', query.status);
  if (query.scope === 'mine') qb.where('t.assignee_id', query.accountId);
  if (query.scope === 'candidate') {
    if (query.candidateKeys.length === 0) return [];
    qb.whereNull('t.assignee_id').whereRaw(`exists (select 1 from unnest(t.candidate_profiles) c where c || '@' || t.establishment_id::text = any(?::text[]))`, [query.candidateKeys]);
  }
  if (query.scope === 'team') {
    if (query.careTeamDossierIds.length === 0) return [];
    qb.whereIn('t.dossier_id', query.careTeamDossierIds);
  }
  if (query.overdueOnly) qb.where('t.due_at', '<', query.now);
  if (query.after) qb.whereRaw(`(${due}, t.created_at, t.id) > (?::timestamptz, ?::timestamptz, ?::uuid)`, query.after);
  const rows = (await qb.orderByRaw(`${due}, t.created_at, t.id`).limit(query.limit + 1)) as Array<UserTaskRecord & { cursorDue: string; cursorCreated: string }>;
  return rows.map(({ cursorDue, cursorCreated, ...row }) => ({ ...row, cursor: [cursorDue, cursorCreated, row.id] }));
}

/** Open tasks past their due date not yet announced, locked for this transaction (skipped by another scheduler). */
export async function lockOverdueTasks(
  trx: Tx,
  now: Date,
  limit: number,
): Promise<Array<{ id: string; name: string; instanceId: string; elementId: string; executionId: string; dossierId: string; establishmentId: string; assigneeId: string | null; dueAt: Date }>> {
  return trx('user_task')
    .where('status', 'open')
    .whereNull('overdue_notified_at')
    .where('due_at', '<=', now)
    .orderBy('due_at')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .select('id', 'name', 'instance_id as instanceId', 'element_id as elementId', 'execution_id as executionId', 'dossier_id as dossierId', 'establishment_id as establishmentId', 'assignee_id as assigneeId', 'due_at as dueAt');
}

export async function markOverdueNotified(trx: Tx, ids: string[], now: Date): Promise<void> {
  if (ids.length > 0) await trx('user_task').whereIn('id', ids).update({ overdue_notified_at: now });
}

/** Accounts holding, today, one of some profiles in an establishment: who is told of an escalation, who may take a task. */
export async function accountsWithProfiles(db: Db | Tx, establishmentId: string, profileKeys: string[], today: string): Promise<string[]> {
  if (profileKeys.length === 0) return [];
  const rows = await db('account_profile as ap')
    .join('account as a', 'a.id', 'ap.account_id')
    .where('ap.establishment_id', establishmentId)
    .whereIn('ap.profile_key', profileKeys)
    .where('ap.valid_from', '<=', today)
    .where((q) => q.whereNull('ap.valid_to').orWhere('ap.valid_to', '>=', today))
    .where('a.status', 'active')
    .distinct('ap.account_id');
  return rows.map((r: { account_id: string }) => r.account_id);
}
