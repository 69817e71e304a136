import { AppError, isUuid } from '@cordee/core';
import type { Knex } from 'knex';
import type { Db, Tx } from '../connection';
import { type AccessFilter, type FieldColumns, applyAccessFilter } from '../permissions/rules-to-sql';

/** The fields of a break-glass grant that permission rules on the subject `BreakGlass` may test (alias `g`). */
export const breakGlassColumns: FieldColumns = {
  id: 'g.id',
  accountId: 'g.account_id',
  dossierId: 'g.dossier_id',
  establishmentId: 'g.establishment_id',
};

export type BreakGlassOutcome = 'justified' | 'unjustified';

/** A break-glass grant, with the names an examiner needs. */
export interface BreakGlassRecord {
  id: string;
  accountId: string;
  accountName: string;
  dossierId: string;
  dossierNumber: string;
  establishmentId: string;
  reason: string;
  startedAt: Date;
  expiresAt: Date;
  reviewedAt: Date | null;
  reviewedBy: string | null;
  reviewerName: string | null;
  reviewOutcome: BreakGlassOutcome | null;
  reviewComment: string | null;
}

function baseQuery(db: Db | Tx): Knex.QueryBuilder {
  return db('break_glass_access as g')
    .join('account as a', 'a.id', 'g.account_id')
    .join('dossier as d', 'd.id', 'g.dossier_id')
    .leftJoin('account as r', 'r.id', 'g.reviewed_by')
    .select(
      'g.id',
      'g.account_id as accountId',
      'a.display_name as accountName',
      'g.dossier_id as dossierId',
      'd.number as dossierNumber',
      'g.establishment_id as establishmentId',
      'g.reason',
      'g.started_at as startedAt',
      'g.expires_at as expiresAt',
      'g.reviewed_at as reviewedAt',
      'g.reviewed_by as reviewedBy',
      'r.display_name as reviewerName',
      'g.review_outcome as reviewOutcome',
      'g.review_comment as reviewComment',
    );
}

export interface NewBreakGlass {
  accountId: string;
  dossierId: string;
  establishmentId: string;
  reason: string;
  startedAt: Date;
  expiresAt: Date;
}

/** Opens a grant; a grant of the same account on the same dossier still running refuses it (409). */
export async function insertBreakGlass(trx: Db | Tx, input: NewBreakGlass): Promise<string> {
  try {
    const [row] = await trx('break_glass_access')
      .insert({
        account_id: input.accountId,
        dossier_id: input.dossierId,
        establishment_id: input.establishmentId,
        reason: input.reason,
        started_at: input.startedAt,
        expires_at: input.expiresAt,
      })
      .returning('id');
    return row.id as string;
  } catch (error) {
    if ((error as { constraint?: string }).constraint === 'break_glass_access_no_overlap') {
      throw new AppError('ALREADY_EXISTS', { detail: 'Un accès exceptionnel à ce dossier vous est déjà ouvert.', cause: error });
    }
    throw error;
  }
}

export async function getBreakGlass(db: Db | Tx, id: string): Promise<BreakGlassRecord | null> {
  if (!isUuid(id)) return null;
  return ((await baseQuery(db).where('g.id', id).first()) as BreakGlassRecord | undefined) ?? null;
}

/** The grant, row-locked until the end of the transaction (two examiners cannot both record a review). */
export async function lockBreakGlass(trx: Tx, id: string): Promise<BreakGlassRecord | null> {
  if (!isUuid(id)) return null;
  await trx('break_glass_access').where({ id }).forUpdate().first('id');
  return getBreakGlass(trx, id);
}

/** The grant through which the account reads the dossier at that instant, if any. */
export async function activeBreakGlassId(db: Db | Tx, accountId: string, dossierId: string, now: Date): Promise<string | null> {
  const row = await db('break_glass_access')
    .where({ account_id: accountId, dossier_id: dossierId })
    .where('started_at', '<=', now)
    .where('expires_at', '>', now)
    .first('id');
  return (row?.id as string | undefined) ?? null;
}

export async function recordBreakGlassReview(
  trx: Tx,
  id: string,
  review: { reviewedBy: string; outcome: BreakGlassOutcome; comment: string; at: Date },
): Promise<void> {
  await trx('break_glass_access')
    .where({ id })
    .update({ reviewed_at: review.at, reviewed_by: review.reviewedBy, review_outcome: review.outcome, review_comment: review.comment });
}

export interface BreakGlassListOptions {
  /** The caller's rules on `BreakGlass`, pushed into SQL. */
  access: AccessFilter;
  status: 'pending' | 'reviewed' | 'all';
  /** Keyset: (started_at as text, id) of the last grant of the previous page. */
  after?: [string, string];
  limit: number;
}

/** One page of grants, the most recent first, filtered in SQL; `nextAfter` is the keyset of the next page. */
export async function listBreakGlass(db: Db | Tx, o: BreakGlassListOptions): Promise<{ items: BreakGlassRecord[]; nextAfter: [string, string] | null }> {
  const qb = baseQuery(db).select(db.raw('g.started_at::text as "sortKey"'));
  if (!applyAccessFilter(qb, o.access)) return { items: [], nextAfter: null };
  if (o.status === 'pending') qb.whereNull('g.reviewed_at');
  if (o.status === 'reviewed') qb.whereNotNull('g.reviewed_at');
  if (o.after) qb.whereRaw('(g.started_at, g.id) < (?::timestamptz, ?::uuid)', o.after);
  const rows = (await qb.orderBy([{ column: 'g.started_at', order: 'desc' }, { column: 'g.id', order: 'desc' }]).limit(o.limit + 1)) as Array<BreakGlassRecord & { sortKey: string }>;
  const page = rows.slice(0, o.limit);
  const last = page[page.length - 1];
  return { items: page.map(({ sortKey: _sortKey, ...item }) => item), nextAfter: rows.length > o.limit && last ? [last.sortKey, last.id] : null };
}

/**
 * Who is alerted when a dossier is opened by break-glass: the active chefs de service of the
 * establishment and the data protection officers of its organisme (or of every organisme), on
 * that day — never the holder of the grant.
 */
export async function breakGlassAlertRecipients(db: Db | Tx, establishmentId: string, day: string, exceptAccountId: string): Promise<string[]> {
  const rows: Array<{ id: string }> = await db('account_profile as ap')
    .join('account as a', 'a.id', 'ap.account_id')
    .leftJoin('establishment as own', 'own.id', 'ap.establishment_id')
    .distinct('a.id')
    .where('a.status', 'active')
    .whereNot('a.id', exceptAccountId)
    .where('ap.valid_from', '<=', day)
    .where((q) => q.whereNull('ap.valid_to').orWhere('ap.valid_to', '>=', day))
    .where((q) =>
      q
        .where((chef) => chef.where('ap.profile_key', 'chef_service').where('ap.establishment_id', establishmentId))
        .orWhere((dpo) =>
          dpo.where('ap.profile_key', 'dpo').where((scope) =>
            scope
              .whereRaw('coalesce(ap.organisme_id, own.organisme_id) is null')
              .orWhereRaw('coalesce(ap.organisme_id, own.organisme_id) = (select organisme_id from establishment where id = ?)', [establishmentId]),
          ),
        ),
    )
    .orderBy('a.id');
  return rows.map((r) => r.id);
}
