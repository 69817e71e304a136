import type { GridResult } from '@cordee/core';
import type { Knex } from 'knex';
import type { Db, Tx } from '../connection';
import { type AccessFilter, applyAccessFilter } from '../permissions/rules-to-sql';
import { currentReaderCount, readByAccount } from './submission-read-store';
import { type SubmissionRecord, submissionSelect } from './submission-store';

/** A revision of a submission, as the dossier's timeline shows it (times truncated to the millisecond). */
export interface RevisionEvent {
  submissionId: string;
  revision: number;
  status: 'draft' | 'final';
  formKind: 'form' | 'grid';
  formKey: string;
  title: string | null;
  authorName: string | null;
  at: Date;
}

/**
 * The newest revisions of the submissions of a dossier that the caller may read (rules pushed into
 * SQL), at or before `atOrBefore` when given, newest first.
 */
export async function listRevisionEvents(db: Db | Tx, query: { access: AccessFilter; dossierId: string; atOrBefore?: Date; limit: number }): Promise<RevisionEvent[]> {
  const qb = db('submission as s')
    .join('dossier as d', 'd.id', 's.dossier_id')
    .join('submission_revision as r', 'r.submission_id', 's.id')
    .join('artefact_version as v', 'v.id', 'r.form_version_id')
    .leftJoin('account as a', 'a.id', 'r.created_by')
    .where('s.dossier_id', query.dossierId)
    .select(
      's.id as submissionId',
      'r.revision',
      'r.status',
      's.form_kind as formKind',
      's.form_key as formKey',
      db.raw(`v.content->>'title' as title`),
      'a.display_name as authorName',
      db.raw(`date_trunc('milliseconds', r.created_at) as at`),
    );
  if (!applyAccessFilter(qb, query.access)) return [];
  if (query.atOrBefore) qb.whereRaw(`date_trunc('milliseconds', r.created_at) <= ?`, [query.atOrBefore]);
  return (await qb.orderBy([{ column: 'r.created_at', order: 'desc' }, { column: 's.id', order: 'desc' }, { column: 'r.revision', order: 'desc' }]).limit(query.limit)) as RevisionEvent[];
}

export interface IdentityStatusEvent {
  id: string;
  fromStatus: string;
  toStatus: string;
  changedByName: string | null;
  at: Date;
}

/** The identity status changes of a dossier (identitovigilance), newest first. */
export async function listIdentityStatusEvents(db: Db | Tx, dossierId: string): Promise<IdentityStatusEvent[]> {
  return (await db('identity_status_change as c')
    .leftJoin('account as a', 'a.id', 'c.changed_by')
    .where('c.dossier_id', dossierId)
    .select('c.id', 'c.from_status as fromStatus', 'c.to_status as toStatus', 'a.display_name as changedByName', db.raw(`date_trunc('milliseconds', c.changed_at) as at`))
    .orderBy([{ column: 'c.changed_at', order: 'desc' }, { column: 'c.id', order: 'desc' }])) as IdentityStatusEvent[];
}

export interface LatestFinalGrid {
  submissionId: string;
  formKey: string;
  title: string | null;
  version: string;
  capturedAt: Date;
  gridResult: GridResult;
}

/** For each grid of a dossier, its latest final submission that the caller may read (rules pushed into SQL). */
export async function latestFinalGrids(db: Db | Tx, query: { access: AccessFilter; dossierId: string }): Promise<LatestFinalGrid[]> {
  const qb = db('submission as s')
    .join('dossier as d', 'd.id', 's.dossier_id')
    .join('submission_revision as r', (j) => j.on('r.submission_id', 's.id').andOn('r.revision', 's.current_revision'))
    .join('artefact_version as v', 'v.id', 'r.form_version_id')
    .where({ 's.dossier_id': query.dossierId, 's.form_kind': 'grid', 's.status': 'final' })
    .whereNotNull('r.grid_result')
    .distinctOn('s.form_key')
    .select('s.id as submissionId', 's.form_key as formKey', db.raw(`v.content->>'title' as title`), 'v.version', 's.created_at as capturedAt', 'r.grid_result as gridResult');
  if (!applyAccessFilter(qb, query.access)) return [];
  return (await qb.orderBy([{ column: 's.form_key' }, { column: 's.created_at', order: 'desc' }, { column: 's.id', order: 'desc' }])) as LatestFinalGrid[];
}

/** How many submissions of each form of a dossier the caller may read, and when the last one was made (`r`: their current revision). */
export async function submissionCountsByForm(
  db: Db | Tx,
  query: { access: AccessFilter; dossierId: string },
): Promise<Array<{ formKey: string; formKind: 'form' | 'grid'; count: number; lastAt: Date }>> {
  const qb = db('submission as s')
    .join('dossier as d', 'd.id', 's.dossier_id')
    .join('submission_revision as r', (j) => j.on('r.submission_id', 's.id').andOn('r.revision', 's.current_revision'))
    .where('s.dossier_id', query.dossierId)
    .groupBy('s.form_key', 's.form_kind')
    .select('s.form_key as formKey', 's.form_kind as formKind', db.raw('count(*)::int as count'), db.raw('max(s.updated_at) as "lastAt"'));
  if (!applyAccessFilter(qb, query.access)) return [];
  return (await qb.orderBy('s.form_key')) as Array<{ formKey: string; formKind: 'form' | 'grid'; count: number; lastAt: Date }>;
}

/** A submission of a form across the dossiers of a unit or establishment, at its latest revision. */
export interface FeedItem extends SubmissionRecord {
  dossierBirthName: string;
  dossierUsedName: string | null;
  dossierFirstNames: string;
  dossierUsedFirstName: string | null;
  authorName: string | null;
  data: Record<string, unknown>;
  effectiveHash: string;
  /** The reader read the current revision (or wrote it). */
  readByMe: boolean;
  /** How many accounts read the current revision. */
  readerCount: number;
}

/**
 * The submissions of one form across dossiers at their current revision (`r`), with the child's
 * name, the author and whether `readerId` read it, among those the caller may read (rules pushed
 * into SQL); null when none may be.
 */
export function formFeedQuery(db: Db | Tx, access: AccessFilter, formKey: string, readerId: string): Knex.QueryBuilder | null {
  const qb = db('submission as s')
    .join('dossier as d', 'd.id', 's.dossier_id')
    .join('submission_revision as r', (j) => j.on('r.submission_id', 's.id').andOn('r.revision', 's.current_revision'))
    .leftJoin('account as a', 'a.id', 's.created_by')
    .where('s.form_key', formKey)
    .select(
      ...submissionSelect,
      'd.birth_name as dossierBirthName',
      'd.used_name as dossierUsedName',
      'd.first_names as dossierFirstNames',
      'd.used_first_name as dossierUsedFirstName',
      'a.display_name as authorName',
      'r.data',
      'r.effective_hash as effectiveHash',
      db.raw(`? as "readByMe"`, [readByAccount(db, readerId)]),
      db.raw(`? as "readerCount"`, [currentReaderCount(db)]),
    );
  return applyAccessFilter(qb, access) ? qb : null;
}

/**
 * The latest submissions of one form across dossiers (a unit's transmissions, a week of presences),
 * newest first, among those the caller may read (rules pushed into SQL), only those `readerId` has
 * not read with `unreadOnly`; `limit + 1` rows.
 */
export async function listFormFeed(
  db: Db | Tx,
  query: {
    access: AccessFilter;
    formKey: string;
    readerId: string;
    unreadOnly?: boolean;
    unitId?: string;
    establishmentId?: string;
    createdFrom?: string;
    createdTo?: string;
    after?: [string, string];
    limit: number;
  },
): Promise<Array<FeedItem & { cursorAt: string }>> {
  const qb = formFeedQuery(db, query.access, query.formKey, query.readerId)?.select(db.raw(`s.created_at::text as "cursorAt"`));
  if (!qb) return [];
  if (query.unreadOnly) qb.whereRaw(`not ?`, [readByAccount(db, query.readerId)]);
  if (query.unitId) qb.where('d.unit_id', query.unitId);
  if (query.establishmentId) qb.where('s.establishment_id', query.establishmentId);
  if (query.createdFrom) qb.where('s.created_at', '>=', query.createdFrom);
  if (query.createdTo) qb.whereRaw(`s.created_at < (?::date + 1)`, [query.createdTo]);
  if (query.after) qb.whereRaw('(s.created_at, s.id) < (?::timestamptz, ?::uuid)', query.after);
  const rows = (await qb.orderBy([{ column: 's.created_at', order: 'desc' }, { column: 's.id', order: 'desc' }]).limit(query.limit + 1)) as Array<FeedItem & { cursorAt: string }>;
  return rows.map((r) => ({ ...r, effectiveHash: r.effectiveHash.trim() }));
}
