import { type AuditEvent, normaliseAuditEvent } from '@cordee/core';
import type { Knex } from 'knex';
import type { Db, Tx } from '../connection';
import { prepared } from '../prepared';
import type { EffectiveRow } from './artefact-store';
import type { NewRevision, NewSubmission, RevisionRecord, SubmissionRecord } from './submission-store';
import type { FormTriggerRecord } from './workflow-trigger-store';

export interface FirstRevisionWritten {
  submission: SubmissionRecord;
  revision: RevisionRecord;
  /** The workflows a final submission starts (none for a draft). */
  triggers: FormTriggerRecord[];
}

export interface FirstRevisionWrite {
  /** The head of the new submission, its id chosen by the caller (the audit event names it). */
  submission: NewSubmission & { id: string; unitId: string | null };
  revision: Omit<NewRevision, 'submissionId' | 'revision'>;
  /** The effective artefact the revision was validated with, when it may not be stored yet (stored once per hash). */
  effective: EffectiveRow | null;
  /** The audit event of the creation: committed with it or not at all. */
  audit: AuditEvent;
}

/** What a statement returns about the first revision it wrote (`FIRST_REVISION_COLUMNS`: JSON, so instants as text). */
export interface FirstRevisionRow {
  currentRevision: number;
  lockVersion: number;
  createdAt: string | Date;
  updatedAt: string | Date;
  revisionCreatedAt: string | Date;
}

/**
 * The CTEs that write a first revision (`sub_head`, `sub_revision`, `sub_audit`, and the effective
 * artefact when given), each only when the CTE named `guard` says `ok` and a submission is given:
 * one text for every statement that stores a record, whatever else it writes.
 */
export function firstRevisionCtes(guard: string, input: FirstRevisionWrite | null): { sql: string; bindings: Knex.RawBinding[] } {
  const s = input?.submission;
  const r = input?.revision;
  const e = input?.effective ?? null;
  const sql = `sub_go as (
    select (select ok from ${guard}) and ?::boolean as ok
  ), sub_effective as (
    insert into effective_artefact (hash, kind, key, base_version_id, layers, content, conflicts)
    select ?, ?, ?, ?::uuid, ?::jsonb, ?::jsonb, ?::jsonb from sub_go where ?::boolean and sub_go.ok
    on conflict (hash) do nothing
  ), sub_head as (
    insert into submission (id, dossier_id, establishment_id, form_kind, form_key, status, created_by)
    select ?::uuid, ?::uuid, ?::uuid, ?, ?, ?, ?::uuid from sub_go where sub_go.ok
    returning current_revision, lock_version, created_at, updated_at
  ), sub_revision as (
    insert into submission_revision (submission_id, revision, status, data, computed, grid_result, carried, form_version_id, effective_hash, diff, created_by)
    select ?::uuid, 1, ?, ?::jsonb, ?::jsonb, ?::jsonb, ?::jsonb, ?::uuid, ?, ?::jsonb, ?::uuid from sub_go where sub_go.ok
    returning created_at
  ), sub_audit as (
    insert into audit_pending (event) select ?::jsonb from sub_go where sub_go.ok
  )`;
  const bindings = [
    input !== null,
    e?.hash ?? null,
    e?.kind ?? null,
    e?.key ?? null,
    e?.base_version_id ?? null,
    e ? JSON.stringify(e.layers) : null,
    e ? JSON.stringify(e.content) : null,
    e ? JSON.stringify(e.conflicts) : null,
    e !== null,
    s?.id ?? null,
    s?.dossierId ?? null,
    s?.establishmentId ?? null,
    s?.formKind ?? null,
    s?.formKey ?? null,
    s?.status ?? null,
    s?.createdBy ?? null,
    s?.id ?? null,
    r?.status ?? null,
    r ? JSON.stringify(r.data) : null,
    r ? JSON.stringify(r.computed) : null,
    r?.gridResult ? JSON.stringify(r.gridResult) : null,
    r ? JSON.stringify(r.carried) : null,
    r?.formVersionId ?? null,
    r?.effectiveHash ?? null,
    r ? JSON.stringify(r.diff) : null,
    r?.createdBy ?? null,
    input ? JSON.stringify(normaliseAuditEvent(input.audit)) : null,
  ];
  return { sql, bindings };
}

/** The columns the final select reads from the first-revision CTEs (none written: nulls). */
export const FIRST_REVISION_COLUMNS = `(select row_to_json(x) from (
    select h.current_revision as "currentRevision", h.lock_version as "lockVersion", h.created_at as "createdAt", h.updated_at as "updatedAt", r.created_at as "revisionCreatedAt"
      from sub_head h, sub_revision r) x) as "firstRevision"`;

/** Whether the form has no published workflow that its final submission starts (the guard of a write that starts nothing). */
export const STARTS_NOTHING = `not (?::boolean and exists (select 1 from workflow_form_trigger where form_key = ?))`;

/** The record as stored, from the caller's input and the statement's row. */
export function firstRevisionRecord(input: FirstRevisionWrite, row: FirstRevisionRow): { submission: SubmissionRecord; revision: RevisionRecord } {
  const { submission: s, revision: r } = input;
  return {
    submission: {
      id: s.id,
      dossierId: s.dossierId,
      establishmentId: s.establishmentId,
      unitId: s.unitId,
      formKind: s.formKind,
      formKey: s.formKey,
      status: s.status,
      currentRevision: row.currentRevision,
      lockVersion: row.lockVersion,
      createdBy: s.createdBy,
      createdAt: new Date(row.createdAt),
      updatedAt: new Date(row.updatedAt),
    },
    revision: { ...r, submissionId: s.id, revision: 1, createdAt: new Date(row.revisionCreatedAt) },
  };
}

/**
 * A new submission, its first revision, the effective artefact it was validated with (when given)
 * and its audit event, in ONE statement: a statement is atomic, so the record and its trace commit
 * together (or not at all) without a transaction of their own. Inside the caller's transaction it
 * is one more statement of it, and also reads the workflows a final submission starts.
 * With `alone` (no transaction around it), a final submission whose form starts a process is not
 * written: the result is null and the caller stores it in a transaction with those processes.
 */
export async function insertFirstRevision(db: Db | Tx, input: FirstRevisionWrite, options: { alone?: boolean } = {}): Promise<FirstRevisionWritten | null> {
  const final = input.submission.status === 'final';
  const ctes = firstRevisionCtes('go', input);
  const sql = `with go as (select ${STARTS_NOTHING} as ok), ${ctes.sql}
    select ${FIRST_REVISION_COLUMNS},
           (select coalesce(json_agg(json_build_object('workflowKey', t.workflow_key, 'versionId', t.version_id, 'startEventId', t.start_event_id) order by t.workflow_key), '[]')
              from workflow_form_trigger t where ?::boolean and t.form_key = ?) as triggers`;
  const bindings = [options.alone === true && final, input.submission.formKey, ...ctes.bindings, final, input.submission.formKey];
  const { rows } = await prepared(db.raw(sql, bindings), 'first_revision');
  const row = rows[0] as { firstRevision: FirstRevisionRow | null; triggers: FormTriggerRecord[] };
  if (!row.firstRevision) return null;
  return { ...firstRevisionRecord(input, row.firstRevision), triggers: row.triggers };
}
