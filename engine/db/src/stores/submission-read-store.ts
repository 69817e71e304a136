import type { Knex } from 'knex';
import type { Db, Tx } from '../connection';

/** One reader's receipt of a submission: the revision they read last, and when. */
export interface SubmissionReadReceipt {
  revision: number;
  readAt: Date;
}

/**
 * Records that an account read a submission at `revision` (idempotent: a receipt for that revision
 * or a later one is kept as it is, with its first reading time); returns the receipt stored.
 */
export async function markSubmissionRead(trx: Tx, input: { submissionId: string; accountId: string; revision: number; at: Date }): Promise<SubmissionReadReceipt> {
  await trx.raw(
    `insert into submission_read (submission_id, account_id, revision, read_at) values (?, ?, ?, ?)
     on conflict (submission_id, account_id) do update set revision = excluded.revision, read_at = excluded.read_at
     where submission_read.revision < excluded.revision`,
    [input.submissionId, input.accountId, input.revision, input.at],
  );
  return (await trx('submission_read').where({ submission_id: input.submissionId, account_id: input.accountId }).first('revision', 'read_at as readAt')) as SubmissionReadReceipt;
}

export interface SubmissionReader extends SubmissionReadReceipt {
  accountId: string;
  displayName: string;
}

/** Who read a submission, first readers first. */
export async function listSubmissionReaders(db: Db | Tx, submissionId: string): Promise<SubmissionReader[]> {
  return (await db('submission_read as sr')
    .join('account as a', 'a.id', 'sr.account_id')
    .where('sr.submission_id', submissionId)
    .orderBy([{ column: 'sr.read_at' }, { column: 'a.display_name' }])
    .select('sr.account_id as accountId', 'a.display_name as displayName', 'sr.revision', 'sr.read_at as readAt')) as SubmissionReader[];
}

/**
 * SQL condition, over a submission `s` at its current revision `r`: the account has read that
 * revision (a receipt for it or a later one), or wrote it.
 */
export function readByAccount(db: Db | Tx, accountId: string): Knex.Raw {
  return db.raw(`(r.created_by = ? or exists (select 1 from submission_read sr where sr.submission_id = s.id and sr.account_id = ? and sr.revision >= s.current_revision))`, [accountId, accountId]);
}

/** SQL expression, over a submission `s`: how many accounts read its current revision. */
export function currentReaderCount(db: Db | Tx): Knex.Raw {
  return db.raw(`(select count(*)::int from submission_read sr where sr.submission_id = s.id and sr.revision >= s.current_revision)`);
}
