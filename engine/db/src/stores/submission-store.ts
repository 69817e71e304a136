import { randomUUID } from 'node:crypto';
import { type AnswerChange, type CarriedAnswer, type GridResult, isUuid } from '@cordee/core';
import type { Db, Tx } from '../connection';
import { type AccessFilter, type FieldColumns, applyAccessFilter } from '../permissions/rules-to-sql';

/**
 * The fields of a submission that permission rules may test (the CASL subject `Submission`), and
 * their columns: the submission `s` joined to its dossier `d`. The unit is the dossier's current
 * one (who follows the child now); the establishment is the one the record was captured in; the
 * author (`createdBy`) bounds the fields only their author may see (a psychologist's notes); the
 * audience (the answer its form marks `x-cordee-audience`, kept by migration 0018's trigger)
 * restricts who reads a record at all (a transmission for the referent and the encadrement).
 */
export const submissionColumns: FieldColumns = {
  id: 's.id',
  dossierId: 's.dossier_id',
  establishmentId: 's.establishment_id',
  unitId: 'd.unit_id',
  formKind: 's.form_kind',
  formKey: 's.form_key',
  status: 's.status',
  createdBy: 's.created_by',
  audience: 's.audience',
};

export type SubmissionStatus = 'draft' | 'final';
export type FormKind = 'form' | 'grid';

export interface SubmissionRecord {
  id: string;
  dossierId: string;
  establishmentId: string;
  unitId: string | null;
  formKind: FormKind;
  formKey: string;
  status: SubmissionStatus;
  currentRevision: number;
  lockVersion: number;
  createdBy: string | null;
  /**
   * The value of its form's audience field at the current revision, if the form has one: set by the
   * database when a revision is stored, so absent from a record built from a write's own answers.
   */
  audience?: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface RevisionRecord {
  submissionId: string;
  revision: number;
  status: SubmissionStatus;
  data: Record<string, unknown>;
  computed: Record<string, unknown>;
  gridResult: GridResult | null;
  carried: CarriedAnswer[];
  formVersionId: string;
  effectiveHash: string;
  diff: AnswerChange[];
  createdBy: string | null;
  createdAt: Date;
}

/** The columns of a submission row as `SubmissionRecord` (aliases `s` submission, `d` dossier). */
export const submissionSelect = [
  's.id',
  's.dossier_id as dossierId',
  's.establishment_id as establishmentId',
  'd.unit_id as unitId',
  's.form_kind as formKind',
  's.form_key as formKey',
  's.status',
  's.current_revision as currentRevision',
  's.lock_version as lockVersion',
  's.created_by as createdBy',
  's.audience',
  's.created_at as createdAt',
  's.updated_at as updatedAt',
];

const revisionSelect = [
  'r.submission_id as submissionId',
  'r.revision',
  'r.status',
  'r.data',
  'r.computed',
  'r.grid_result as gridResult',
  'r.carried',
  'r.form_version_id as formVersionId',
  'r.effective_hash as effectiveHash',
  'r.diff',
  'r.created_by as createdBy',
  'r.created_at as createdAt',
];

const trimHash = (row: RevisionRecord): RevisionRecord => ({ ...row, effectiveHash: row.effectiveHash.trim() });

/** One submission with its dossier's current unit; `forUpdate` locks the submission row until the end of the transaction. */
export async function getSubmission(db: Db | Tx, id: string, forUpdate = false): Promise<SubmissionRecord | null> {
  if (!isUuid(id)) return null;
  const q = db('submission as s').join('dossier as d', 'd.id', 's.dossier_id').where('s.id', id).first(submissionSelect);
  if (forUpdate) q.forUpdate('s');
  return ((await q) as SubmissionRecord | undefined) ?? null;
}

export async function getRevision(db: Db | Tx, submissionId: string, revision: number): Promise<RevisionRecord | null> {
  const row = (await db('submission_revision as r').where({ 'r.submission_id': submissionId, 'r.revision': revision }).first(revisionSelect)) as RevisionRecord | undefined;
  return row ? trimHash(row) : null;
}

export interface RevisionSummary extends Omit<RevisionRecord, 'data' | 'computed' | 'gridResult'> {
  version: string;
}

const summaryOmits = new Set(['r.data', 'r.computed', 'r.grid_result as gridResult']);

/** Every revision of a submission, oldest first, with the version it was captured with (answers left out: the diffs tell the story). */
export async function listRevisions(db: Db | Tx, submissionId: string): Promise<RevisionSummary[]> {
  const rows = (await db('submission_revision as r')
    .join('artefact_version as v', 'v.id', 'r.form_version_id')
    .where('r.submission_id', submissionId)
    .orderBy('r.revision')
    .select([...revisionSelect.filter((c) => !summaryOmits.has(c)), 'v.version'])) as RevisionSummary[];
  return rows.map((r) => ({ ...r, effectiveHash: r.effectiveHash.trim() }));
}

export interface NewSubmission {
  dossierId: string;
  establishmentId: string;
  formKind: FormKind;
  formKey: string;
  status: SubmissionStatus;
  createdBy: string | null;
}

/** Rows per insert statement when many records are stored at once (well under PostgreSQL's 65,535 parameters). */
const INSERT_CHUNK = 500;

/** Inserts the head of a new submission (its first revision follows); `unitId` is the dossier's current unit. */
export async function insertSubmission(trx: Tx, input: NewSubmission & { unitId: string | null }): Promise<SubmissionRecord> {
  const [row] = await insertSubmissions(trx, [input]);
  return row!;
}

/** Inserts the heads of many new submissions, returned in the order given (ids chosen here, so rows are matched whatever the order PostgreSQL returns them in). */
export async function insertSubmissions(trx: Tx, inputs: ReadonlyArray<NewSubmission & { unitId: string | null }>): Promise<SubmissionRecord[]> {
  const records: SubmissionRecord[] = [];
  for (let i = 0; i < inputs.length; i += INSERT_CHUNK) {
    const chunk = inputs.slice(i, i + INSERT_CHUNK);
    const ids = chunk.map(() => randomUUID());
    const rows = (await trx('submission')
      .insert(
        chunk.map((input, j) => ({
          id: ids[j],
          dossier_id: input.dossierId,
          establishment_id: input.establishmentId,
          form_kind: input.formKind,
          form_key: input.formKey,
          status: input.status,
          created_by: input.createdBy,
        })),
      )
      .returning(submissionSelect.filter((c) => !c.startsWith('d.')).map((c) => c.replace(/^s\./, '')))) as Array<Omit<SubmissionRecord, 'unitId'>>;
    const byId = new Map(rows.map((r) => [r.id, r]));
    chunk.forEach((input, j) => records.push({ ...byId.get(ids[j]!)!, unitId: input.unitId }));
  }
  return records;
}

export type NewRevision = Omit<RevisionRecord, 'createdAt'>;

export async function insertRevision(trx: Tx, input: NewRevision): Promise<RevisionRecord> {
  const [row] = await insertRevisions(trx, [input]);
  return row!;
}

/** Inserts many revisions, returned in the order given with the time each was stored. */
export async function insertRevisions(trx: Tx, inputs: readonly NewRevision[]): Promise<RevisionRecord[]> {
  const records: RevisionRecord[] = [];
  for (let i = 0; i < inputs.length; i += INSERT_CHUNK) {
    const chunk = inputs.slice(i, i + INSERT_CHUNK);
    const rows = (await trx('submission_revision')
      .insert(
        chunk.map((input) => ({
          submission_id: input.submissionId,
          revision: input.revision,
          status: input.status,
          data: JSON.stringify(input.data),
          computed: JSON.stringify(input.computed),
          grid_result: input.gridResult === null ? null : JSON.stringify(input.gridResult),
          carried: JSON.stringify(input.carried),
          form_version_id: input.formVersionId,
          effective_hash: input.effectiveHash,
          diff: JSON.stringify(input.diff),
          created_by: input.createdBy,
        })),
      )
      .returning(['submission_id', 'revision', 'created_at'])) as Array<{ submission_id: string; revision: number; created_at: Date }>;
    const createdAt = new Map(rows.map((r) => [`${r.submission_id}/${r.revision}`, r.created_at]));
    for (const input of chunk) records.push({ ...input, createdAt: createdAt.get(`${input.submissionId}/${input.revision}`)! });
  }
  return records;
}

/** Points the submission at its new revision and bumps its lock version (the revisions themselves never change). */
export async function advanceSubmission(trx: Tx, submission: SubmissionRecord, revision: number, status: SubmissionStatus): Promise<SubmissionRecord> {
  const [row] = await trx('submission')
    .where({ id: submission.id })
    .update({ current_revision: revision, status, lock_version: trx.raw('lock_version + 1'), updated_at: trx.fn.now() })
    .returning(['lock_version', 'updated_at']);
  return { ...submission, currentRevision: revision, status, lockVersion: row.lock_version as number, updatedAt: row.updated_at as Date };
}

export interface SubmissionListItem extends SubmissionRecord {
  version: string;
  title: string | null;
  /** The effective form of its current revision: field permissions decide whether anything of it is readable. */
  effectiveHash: string;
  /** created_at as PostgreSQL writes it (microseconds kept): the keyset of the next page. */
  cursorAt: string;
}

export interface SubmissionListQuery {
  /** What the caller may read (from their rules): lists never filter after loading. */
  access: AccessFilter;
  dossierId: string;
  formKey?: string;
  status?: SubmissionStatus;
  /** Keyset position: (created_at, id) of the last row of the previous page. */
  after?: [string, string];
  limit: number;
}

/** One page of a dossier's submissions, newest first; `limit + 1` rows are read to know whether a next page exists. */
export async function listSubmissions(db: Db | Tx, query: SubmissionListQuery): Promise<SubmissionListItem[]> {
  const qb = db('submission as s')
    .join('dossier as d', 'd.id', 's.dossier_id')
    .join('submission_revision as r', (j) => j.on('r.submission_id', 's.id').andOn('r.revision', 's.current_revision'))
    .join('artefact_version as v', 'v.id', 'r.form_version_id')
    .select([...submissionSelect, 'v.version', db.raw(`v.content->>'title' as title`), db.raw(`trim(r.effective_hash) as "effectiveHash"`), db.raw(`s.created_at::text as "cursorAt"`)])
    .where('s.dossier_id', query.dossierId);
  if (!applyAccessFilter(qb, query.access)) return [];
  if (query.formKey) qb.where('s.form_key', query.formKey);
  if (query.status) qb.where('s.status', query.status);
  if (query.after) qb.whereRaw('(s.created_at, s.id) < (?::timestamptz, ?::uuid)', query.after);
  return (await qb.orderBy([{ column: 's.created_at', order: 'desc' }, { column: 's.id', order: 'desc' }]).limit(query.limit + 1)) as SubmissionListItem[];
}

export interface PreviousGrid {
  submissionId: string;
  capturedAt: Date;
  version: string;
  gridResult: GridResult;
}

/**
 * The latest final grid of the same key for the same dossier created before a given submission, among
 * those the caller may read: what a child's evolution is measured against.
 */
export async function previousFinalGrid(db: Db | Tx, query: { access: AccessFilter; dossierId: string; formKey: string; beforeSubmissionId: string }): Promise<PreviousGrid | null> {
  const qb = db('submission as s')
    .join('dossier as d', 'd.id', 's.dossier_id')
    .join('submission_revision as r', (j) => j.on('r.submission_id', 's.id').andOn('r.revision', 's.current_revision'))
    .join('artefact_version as v', 'v.id', 'r.form_version_id')
    .where({ 's.dossier_id': query.dossierId, 's.form_kind': 'grid', 's.form_key': query.formKey, 's.status': 'final' })
    .whereRaw('(s.created_at, s.id) < (select created_at, id from submission where id = ?)', [query.beforeSubmissionId])
    .whereNotNull('r.grid_result')
    .first('s.id as submissionId', 's.created_at as capturedAt', 'v.version', 'r.grid_result as gridResult');
  if (!applyAccessFilter(qb, query.access)) return null;
  return ((await qb.orderBy([{ column: 's.created_at', order: 'desc' }, { column: 's.id', order: 'desc' }])) as PreviousGrid | undefined) ?? null;
}
