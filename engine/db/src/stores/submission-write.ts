import { type AuditEvent, normaliseAuditEvent } from '@cordee/core';
import type { Db, Tx } from '../connection';
import { prepared } from '../prepared';
import type { EffectiveRow } from './artefact-store';
import type { NewRevision, NewSubmission, RevisionRecord, SubmissionRecord } from './submission-store';

export interface FirstRevisionWrite {
  /** The head of the new submission, its id chosen by the caller (the audit event names it). */
  submission: NewSubmission & { id: string; unitId: string | null };
  revision: Omit<NewRevision, 'submissionId' | 'revision'>;
  /** The effective artefact the revision was validated with, when it may not be stored yet (stored once per hash). */
  effective: EffectiveRow | null;
  /** The audit event of the creation: committed with it or not at all. */
  audit: AuditEvent;
}

const head = `head as (
    insert into submission (id, dossier_id, establishment_id, form_kind, form_key, status, created_by)
    values (?, ?, ?, ?, ?, ?, ?)
    returning current_revision, lock_version, created_at, updated_at
  ), revision as (
    insert into submission_revision (submission_id, revision, status, data, computed, grid_result, carried, form_version_id, effective_hash, diff, created_by)
    values (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    returning created_at
  ), audit as (
    insert into audit_pending (event) values (?)
  )
  select head.current_revision as "currentRevision", head.lock_version as "lockVersion", head.created_at as "createdAt", head.updated_at as "updatedAt",
         revision.created_at as "revisionCreatedAt"
    from head, revision`;

const withEffective = `with effective as (
    insert into effective_artefact (hash, kind, key, base_version_id, layers, content, conflicts)
    values (?, ?, ?, ?, ?, ?, ?)
    on conflict (hash) do nothing
  ), ${head}`;

/**
 * A new submission, its first revision, the effective artefact it was validated with (when given)
 * and its audit event, in ONE statement: a statement is atomic, so the record and its trace commit
 * together (or not at all) without a transaction of their own, in one round trip instead of six.
 * Inside the caller's transaction it is simply one more statement of it.
 */
export async function insertFirstRevision(db: Db | Tx, input: FirstRevisionWrite): Promise<{ submission: SubmissionRecord; revision: RevisionRecord }> {
  const { submission: s, revision: r, effective: e } = input;
  const bindings = [
    s.id,
    s.dossierId,
    s.establishmentId,
    s.formKind,
    s.formKey,
    s.status,
    s.createdBy,
    s.id,
    r.status,
    JSON.stringify(r.data),
    JSON.stringify(r.computed),
    r.gridResult === null ? null : JSON.stringify(r.gridResult),
    JSON.stringify(r.carried),
    r.formVersionId,
    r.effectiveHash,
    JSON.stringify(r.diff),
    r.createdBy,
    JSON.stringify(normaliseAuditEvent(input.audit)),
  ];
  const query = e
    ? prepared(db.raw(withEffective, [e.hash, e.kind, e.key, e.base_version_id, JSON.stringify(e.layers), JSON.stringify(e.content), JSON.stringify(e.conflicts), ...bindings]), 'first_revision_effective')
    : prepared(db.raw(`with ${head}`, bindings), 'first_revision');
  const { rows } = await query;
  const row = rows[0] as { currentRevision: number; lockVersion: number; createdAt: Date; updatedAt: Date; revisionCreatedAt: Date };
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
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    },
    revision: { ...r, submissionId: s.id, revision: 1, createdAt: row.revisionCreatedAt },
  };
}
