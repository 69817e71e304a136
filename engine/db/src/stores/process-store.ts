import { isUuid } from '@cordee/core';
import type { Db, Tx } from '../connection';
import { type AccessFilter, type FieldColumns, applyAccessFilter } from '../permissions/rules-to-sql';
import { MAX_PREPARED_ROWS, prepared } from '../prepared';

/**
 * Process instances and their history. The CASL subject `ProcessInstance` sees the instance `p`
 * joined to its dossier `d` (the unit is the dossier's current one, as for submissions).
 */
export const processColumns: FieldColumns = {
  id: 'p.id',
  dossierId: 'p.dossier_id',
  establishmentId: 'p.establishment_id',
  unitId: 'd.unit_id',
  workflowKey: 'p.workflow_key',
  status: 'p.status',
};

export type ProcessStatus = 'running' | 'completed' | 'cancelled' | 'failed';

export interface ProcessInstanceRecord {
  id: string;
  workflowKey: string;
  definitionVersionId: string;
  version: string;
  title: string | null;
  dossierId: string;
  establishmentId: string;
  unitId: string | null;
  status: ProcessStatus;
  position: string[];
  dueAt: Date | null;
  lockVersion: number;
  variables: Record<string, unknown>;
  engineVersion: string;
  startedBy: string | null;
  startedAt: Date;
  updatedAt: Date;
  endedAt: Date | null;
  cancelReason: string | null;
}

const instanceSelect = [
  'p.id',
  'p.workflow_key as workflowKey',
  'p.definition_version_id as definitionVersionId',
  'v.version',
  'p.dossier_id as dossierId',
  'p.establishment_id as establishmentId',
  'd.unit_id as unitId',
  'p.status',
  'p.position',
  'p.due_at as dueAt',
  'p.lock_version as lockVersion',
  'p.variables',
  'p.engine_version as engineVersion',
  'p.started_by as startedBy',
  'p.started_at as startedAt',
  'p.updated_at as updatedAt',
  'p.ended_at as endedAt',
  'p.cancel_reason as cancelReason',
];

const base = (db: Db | Tx) => db('process_instance as p').join('dossier as d', 'd.id', 'p.dossier_id').join('artefact_version as v', 'v.id', 'p.definition_version_id');

/** A date of the dossier's current placement: the one in force today, else the next planned one, else the last one. */
const placementDate = (column: 'start_date' | 'end_date') => `(select to_char(pl.${column}, 'YYYY-MM-DD') from placement pl where pl.dossier_id = d.id
     order by (pl.start_date <= current_date and (pl.end_date is null or pl.end_date >= current_date)) desc,
              (pl.start_date > current_date) desc, pl.start_date desc limit 1)`;

/**
 * The dossier's dates a workflow may count from, as FEEL sees them, for the dossier `d`:
 * `birthDate`, `dossierStatus`, `admissionDate` (the start of the current placement) and
 * `placementEndDate` (its end: the term the decision set for the measure while it runs, the exit
 * once it has ended; null when no term is fixed).
 */
const FACTS_SQL = `json_build_object('birthDate', to_char(d.birth_date, 'YYYY-MM-DD'), 'dossierStatus', d.status,
  'admissionDate', ${placementDate('start_date')}, 'placementEndDate', ${placementDate('end_date')})`;

export interface InstanceForStep extends ProcessInstanceRecord {
  /** The engine state as JSON text (handed to the engine as it is). */
  state: string;
  /** The dossier's dates, read with the instance. */
  facts: Record<string, unknown>;
}

/** One instance; `forUpdate` locks its row (every change of an instance holds that lock). */
export async function getInstance(db: Db | Tx, id: string, options: { forUpdate?: boolean } = {}): Promise<ProcessInstanceRecord | null> {
  if (!isUuid(id)) return null;
  const q = base(db).where('p.id', id).first([...instanceSelect, db.raw(`v.content->>'title' as title`)]);
  if (options.forUpdate) q.forUpdate('p');
  return ((await q) as ProcessInstanceRecord | undefined) ?? null;
}

/** The instance locked for a step, with its engine state and its dossier's dates. */
export async function lockInstanceForStep(trx: Tx, id: string): Promise<InstanceForStep | null> {
  return instanceForStep(trx, id, true);
}

/** The same without a lock: for a step written optimistically, guarded by the lock version read here. */
export async function readInstanceForStep(db: Db | Tx, id: string): Promise<InstanceForStep | null> {
  return instanceForStep(db, id, false);
}

async function instanceForStep(db: Db | Tx, id: string, lock: boolean): Promise<InstanceForStep | null> {
  if (!isUuid(id)) return null;
  const q = base(db)
    .where('p.id', id)
    .first([...instanceSelect, db.raw(`v.content->>'title' as title`), db.raw('p.state::text as state'), db.raw(`${FACTS_SQL} as facts`)]);
  const row = await prepared(lock ? q.forUpdate('p') : q, lock ? 'instance_for_step' : 'instance_for_step_read');
  return (row as InstanceForStep | undefined) ?? null;
}

export interface NewInstance {
  id: string;
  workflowKey: string;
  definitionVersionId: string;
  dossierId: string;
  establishmentId: string;
  status: ProcessStatus;
  position: string[];
  dueAt: Date | null;
  variables: Record<string, unknown>;
  /** JSON text. */
  state: string;
  engineVersion: string;
  startedBy: string | null;
}

export async function insertInstance(trx: Tx, input: NewInstance): Promise<void> {
  await trx('process_instance').insert({
    id: input.id,
    workflow_key: input.workflowKey,
    definition_version_id: input.definitionVersionId,
    dossier_id: input.dossierId,
    establishment_id: input.establishmentId,
    status: input.status,
    position: input.position,
    due_at: input.dueAt,
    variables: JSON.stringify(input.variables),
    state: input.state,
    engine_version: input.engineVersion,
    started_by: input.startedBy,
    ended_at: input.status === 'completed' ? trx.fn.now() : null,
  });
}

export interface InstanceChange {
  status: ProcessStatus;
  position: string[];
  dueAt: Date | null;
  variables: Record<string, unknown>;
  /** JSON text. */
  state: string;
  engineVersion: string;
  definitionVersionId?: string;
  cancelReason?: string;
}

/** Saves a step, guarded by the lock version read with the row lock: a stale writer changes nothing and gets false. */
export async function saveInstance(trx: Tx, id: string, lockVersion: number, change: InstanceChange): Promise<boolean> {
  const ended = change.status === 'completed' || change.status === 'cancelled';
  const q = trx('process_instance')
    .where({ id, lock_version: lockVersion })
    .update({
      status: change.status,
      position: change.position,
      due_at: change.dueAt,
      variables: JSON.stringify(change.variables),
      state: change.state,
      engine_version: change.engineVersion,
      lock_version: lockVersion + 1,
      updated_at: trx.fn.now(),
      ended_at: ended ? trx.fn.now() : null,
      ...(change.definitionVersionId ? { definition_version_id: change.definitionVersionId } : {}),
      ...(change.cancelReason !== undefined ? { cancel_reason: change.cancelReason } : {}),
    });
  // the common step (no migration, no cancellation) is prepared, one statement per shape
  const count = change.definitionVersionId || change.cancelReason !== undefined ? await q : await prepared(q, ended ? 'save_instance_ended' : 'save_instance');
  return count === 1;
}

/** Marks an instance failed (an engine error found by the scheduler); it leaves the scheduler's queue until retried. */
export async function markInstanceFailed(trx: Tx, id: string): Promise<void> {
  await trx('process_instance').where({ id }).update({ status: 'failed', due_at: null, lock_version: trx.raw('lock_version + 1'), updated_at: trx.fn.now() });
}

/**
 * Running instances whose next timer has fallen due, with their state and dossier dates, locked
 * for this transaction and skipped by any other scheduler holding them: several servers never
 * resume the same instance twice. The rows are locked first on the due index alone, then read:
 * locking and reading at once would compute the state and the dossier dates of every row another
 * scheduler holds, only to skip it — a cost that grows with the backlog and the schedulers.
 */
export async function lockDueInstances(trx: Tx, now: Date, limit: number): Promise<InstanceForStep[]> {
  const ids: string[] = await prepared(
    trx('process_instance').where('status', 'running').whereNotNull('due_at').where('due_at', '<=', now).orderBy('due_at').limit(limit).forUpdate().skipLocked().pluck('id'),
    'lock_due_instances',
  );
  if (ids.length === 0) return [];
  return prepared(
    base(trx)
      .whereRaw('p.id = any(?::uuid[])', [ids])
      .orderBy('p.due_at')
      .select([...instanceSelect, trx.raw(`v.content->>'title' as title`), trx.raw('p.state::text as state'), trx.raw(`${FACTS_SQL} as facts`)]),
    'due_instances',
  );
}

export interface InstanceListQuery {
  access: AccessFilter;
  establishmentId?: string;
  dossierId?: string;
  workflowKey?: string;
  status?: ProcessStatus;
  after?: [string, string];
  limit: number;
}

/** One page of instances, newest first, with where each one stands; `limit + 1` rows tell whether a next page exists. */
export async function listInstances(db: Db | Tx, query: InstanceListQuery): Promise<Array<ProcessInstanceRecord & { cursorAt: string; openIncidents: number }>> {
  const qb = base(db).select([
    ...instanceSelect,
    db.raw(`v.content->>'title' as title`),
    db.raw(`p.started_at::text as "cursorAt"`),
    db.raw(`(select count(*)::int from workflow_incident i where i.instance_id = p.id and i.resolved_at is null) as "openIncidents"`),
  ]);
  if (!applyAccessFilter(qb, query.access)) return [];
  if (query.establishmentId) qb.where('p.establishment_id', query.establishmentId);
  if (query.dossierId) qb.where('p.dossier_id', query.dossierId);
  if (query.workflowKey) qb.where('p.workflow_key', query.workflowKey);
  if (query.status) qb.where('p.status', query.status);
  if (query.after) qb.whereRaw('(p.started_at, p.id) < (?::timestamptz, ?::uuid)', query.after);
  return qb.orderBy([{ column: 'p.started_at', order: 'desc' }, { column: 'p.id', order: 'desc' }]).limit(query.limit + 1);
}

export interface HistoryEntry {
  kind: string;
  elementId?: string | null;
  executionId?: string | null;
  elementName?: string | null;
  accountId?: string | null;
  detail?: Record<string, unknown>;
}

export interface HistoryRecord extends Required<Omit<HistoryEntry, 'detail'>> {
  id: string;
  detail: Record<string, unknown>;
  accountName: string | null;
  at: Date;
}

export async function appendHistory(trx: Tx, instanceId: string, entries: HistoryEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const q = trx('process_history').insert(
    entries.map((e) => ({
      instance_id: instanceId,
      kind: e.kind,
      element_id: e.elementId ?? null,
      execution_id: e.executionId ?? null,
      element_name: e.elementName ?? null,
      account_id: e.accountId ?? null,
      detail: JSON.stringify(e.detail ?? {}),
    })),
  );
  await (entries.length <= MAX_PREPARED_ROWS ? prepared(q, `append_history_${entries.length}`) : q);
}

/** The steps of an instance, oldest first, with who did them. */
export async function listHistory(db: Db | Tx, instanceId: string): Promise<HistoryRecord[]> {
  return db('process_history as h')
    .leftJoin('account as a', 'a.id', 'h.account_id')
    .where('h.instance_id', instanceId)
    .orderBy('h.id')
    .select('h.id', 'h.kind', 'h.element_id as elementId', 'h.execution_id as executionId', 'h.element_name as elementName', 'h.account_id as accountId', 'a.display_name as accountName', 'h.detail', 'h.at');
}


/** The dossier's dates a workflow may count from (see FACTS_SQL), before any instance exists. */
export async function dossierFacts(db: Db | Tx, dossierId: string): Promise<Record<string, unknown>> {
  const row = await db('dossier as d').where('d.id', dossierId).first(db.raw(`${FACTS_SQL} as facts`));
  return ((row as { facts?: Record<string, unknown> } | undefined)?.facts as Record<string, unknown>) ?? {};
}
