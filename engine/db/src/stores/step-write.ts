import { type AuditEvent, normaliseAuditEvent } from '@cordee/core';
import type { Knex } from 'knex';
import type { Db, Tx } from '../connection';
import { prepared } from '../prepared';
import type { HistoryEntry, InstanceChange } from './process-store';
import type { RevisionRecord, SubmissionRecord } from './submission-store';
import { FIRST_REVISION_COLUMNS, type FirstRevisionRow, type FirstRevisionWrite, STARTS_NOTHING, firstRevisionCtes, firstRevisionRecord } from './submission-write';
import type { NewUserTask } from './user-task-store';

/** A history entry that records the creation of a task: written only when that task is (it may exist already). */
export type StepHistoryEntry = HistoryEntry & { createdTaskId?: string };

export interface StepWrite {
  instanceId: string;
  /** The instance's change, guarded by the lock version read under the row lock; null: the row was inserted by this step. */
  change: (InstanceChange & { lockVersion: number }) | null;
  /** The user task the step completes (a completion by a user), closed with who did it. */
  completedTask: {
    id: string;
    accountId: string | null;
    submissionId: string | null;
    output: Record<string, unknown>;
    /** Written without a transaction: the holder the task had when it was read (a task claimed or reassigned since is not completed). */
    assigneeId?: string | null;
  } | null;
  /** The tasks the engine waits in, ids chosen by the caller; one already projected (same execution) is left as it is. */
  tasks: Array<NewUserTask & { id: string }>;
  history: StepHistoryEntry[];
  /** The audit event of the step, committed with it. */
  audit: AuditEvent | null;
  /** The record of the completed task's form, stored with the step. */
  submission?: FirstRevisionWrite | null;
}

export interface StepWritten {
  written: boolean;
  taskCompleted: boolean;
  createdTaskIds: string[];
  record: { submission: SubmissionRecord; revision: RevisionRecord } | null;
}

/**
 * `pre`: the form's triggers allow a write without a transaction (checked only when asked);
 * `saved`: the instance, guarded by its lock version; `go`: everything else is written only if the
 * instance was (or is new). A statement that finds the instance moved on writes nothing at all.
 */
const STEP_SQL = (submission: string) => `with pre as (
    select ${STARTS_NOTHING} as ok
  ), saved as (
    update process_instance
       set status = ?, position = array(select jsonb_array_elements_text(?::jsonb)), due_at = ?::timestamptz, variables = ?::jsonb, state = ?::jsonb, engine_version = ?,
           lock_version = lock_version + 1, updated_at = now(),
           ended_at = case when ?::boolean then now() end,
           definition_version_id = coalesce(?::uuid, definition_version_id), cancel_reason = coalesce(?, cancel_reason)
     where ?::boolean and (select ok from pre) and id = ?::uuid and lock_version = ?::int
       and (not ?::boolean or exists (select 1 from user_task t where t.id = ?::uuid and t.status = 'open' and (not ?::boolean or t.assignee_id is not distinct from ?::uuid)))
    returning id
  ), go as (
    select (select ok from pre) and (not ?::boolean or exists (select 1 from saved)) as ok
  ), ${submission}, completed as (
    update user_task set status = 'completed', completed_at = now(), completed_by = ?::uuid, submission_id = ?::uuid, output = ?::jsonb,
           assignee_id = coalesce(assignee_id, ?::uuid)
     where id = ?::uuid and status = 'open' and (select ok from go)
    returning id
  ), created as (
    insert into user_task (id, instance_id, element_id, execution_id, name, dossier_id, establishment_id, form_kind, form_key, candidate_profiles, status, due_at)
    select t.id, ?::uuid, t.element_id, t.execution_id, t.name, t.dossier_id, t.establishment_id, t.form_kind, t.form_key, t.candidate_profiles, 'open', t.due_at
      from jsonb_to_recordset(?::jsonb) as t(id uuid, element_id text, execution_id text, name text, dossier_id uuid, establishment_id uuid,
                                             form_kind text, form_key text, candidate_profiles text[], due_at timestamptz)
     where (select ok from go)
    on conflict (instance_id, execution_id) do nothing
    returning id
  ), history as (
    insert into process_history (instance_id, kind, element_id, execution_id, element_name, account_id, detail)
    select ?::uuid, h.kind, h.element_id, h.execution_id, h.element_name, h.account_id, coalesce(h.detail, '{}')
      from rows from (jsonb_to_recordset(?::jsonb) as (kind text, element_id text, execution_id text, element_name text, account_id uuid, detail jsonb, created_task uuid))
           with ordinality as h(kind, element_id, execution_id, element_name, account_id, detail, created_task, n)
     where (select ok from go) and (h.created_task is null or h.created_task in (select id from created))
     order by h.n
  ), audit as (
    insert into audit_pending (event) select ?::jsonb where ?::boolean and (select ok from go)
  )
  select (select ok from go) as ok, (select count(*) from completed)::int as completed,
         coalesce((select array_agg(id) from created), '{}') as created, ${FIRST_REVISION_COLUMNS}`;

/**
 * The common write of an engine step in ONE statement: the task it completes (with the record of
 * its form, when given), the instance (guarded by its lock version), the tasks it now waits in, its
 * history and its audit event. Rarer writes (tasks closed by a timer, outbox jobs, notifications)
 * are made before it by the caller, in its transaction. `alone`: no transaction around it (an
 * optimistic completion): then a record whose form starts a process is not written either.
 * Returns written: false when the instance moved on since it was read (nothing was written), the
 * ids of the tasks actually created, and the record as stored.
 */
export async function writeStep(trx: Db | Tx, step: StepWrite, options: { alone?: boolean } = {}): Promise<StepWritten> {
  const { change, completedTask: done } = step;
  const ended = change ? change.status === 'completed' || change.status === 'cancelled' : false;
  const submission = firstRevisionCtes('go', step.submission ?? null);
  const bindings: Knex.RawBinding[] = [
    options.alone === true && step.submission?.submission.status === 'final',
    step.submission?.submission.formKey ?? null,
    change?.status ?? 'running',
    JSON.stringify(change?.position ?? []),
    change?.dueAt ?? null,
    JSON.stringify(change?.variables ?? {}),
    change?.state ?? '{}',
    change?.engineVersion ?? '',
    ended,
    change?.definitionVersionId ?? null,
    change?.cancelReason ?? null,
    change !== null,
    step.instanceId,
    change?.lockVersion ?? 0,
    done !== null,
    done?.id ?? null,
    done?.assigneeId !== undefined,
    done?.assigneeId ?? null,
    change !== null,
    ...submission.bindings,
    done?.accountId ?? null,
    done?.submissionId ?? null,
    JSON.stringify(done?.output ?? {}),
    done?.accountId ?? null,
    done?.id ?? null,
    step.instanceId,
    JSON.stringify(
      step.tasks.map((t) => ({
        id: t.id,
        element_id: t.elementId,
        execution_id: t.executionId,
        name: t.name,
        dossier_id: t.dossierId,
        establishment_id: t.establishmentId,
        form_kind: t.formKind,
        form_key: t.formKey,
        candidate_profiles: t.candidateProfiles,
        due_at: t.dueAt?.toISOString() ?? null,
      })),
    ),
    step.instanceId,
    JSON.stringify(
      step.history.map((e) => ({
        kind: e.kind,
        element_id: e.elementId ?? null,
        execution_id: e.executionId ?? null,
        element_name: e.elementName ?? null,
        account_id: e.accountId ?? null,
        detail: e.detail ?? {},
        created_task: e.createdTaskId ?? null,
      })),
    ),
    step.audit ? JSON.stringify(normaliseAuditEvent(step.audit)) : null,
    step.audit !== null,
  ];
  const { rows } = await prepared(trx.raw(STEP_SQL(submission.sql), bindings), 'write_step');
  const row = rows[0] as { ok: boolean; completed: number; created: string[]; firstRevision: FirstRevisionRow | null };
  return {
    written: row.ok,
    taskCompleted: row.completed === 1,
    createdTaskIds: row.created,
    record: step.submission && row.firstRevision ? firstRevisionRecord(step.submission, row.firstRevision) : null,
  };
}
