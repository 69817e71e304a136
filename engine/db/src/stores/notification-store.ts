import { isUuid } from '@cordee/core';
import type { Db, Tx } from '../connection';

export interface NotificationRecord {
  id: string;
  kind: string;
  payload: Record<string, unknown>;
  createdAt: Date;
  readAt: Date | null;
}

const columns = ['n.id', 'n.kind', 'n.payload', 'n.created_at as createdAt', 'n.read_at as readAt'];

/** The same notification to several accounts (in the caller's transaction, with the event it announces). */
export async function insertNotifications(trx: Db | Tx, accountIds: readonly string[], kind: string, payload: Record<string, unknown>): Promise<void> {
  if (accountIds.length === 0) return;
  await trx('notification').insert(accountIds.map((accountId) => ({ account_id: accountId, kind, payload: JSON.stringify(payload) })));
}

/** One page of an account's notifications, newest first; `nextAfter` is the keyset of the next page. */
export async function listNotifications(
  db: Db | Tx,
  accountId: string,
  o: { unreadOnly: boolean; after?: [string, string]; limit: number },
): Promise<{ items: NotificationRecord[]; nextAfter: [string, string] | null }> {
  const qb = db('notification as n').where('n.account_id', accountId).select([...columns, db.raw('n.created_at::text as "sortKey"')]);
  if (o.unreadOnly) qb.whereNull('n.read_at');
  if (o.after) qb.whereRaw('(n.created_at, n.id) < (?::timestamptz, ?::uuid)', o.after);
  const rows = (await qb.orderBy([{ column: 'n.created_at', order: 'desc' }, { column: 'n.id', order: 'desc' }]).limit(o.limit + 1)) as Array<NotificationRecord & { sortKey: string }>;
  const page = rows.slice(0, o.limit);
  const last = page[page.length - 1];
  return { items: page.map(({ sortKey: _sortKey, ...item }) => item), nextAfter: rows.length > o.limit && last ? [last.sortKey, last.id] : null };
}

/** Marks one of the account's notifications read (the first time only); null when it is not theirs or does not exist. */
export async function markNotificationRead(db: Db | Tx, accountId: string, id: string, at: Date): Promise<NotificationRecord | null> {
  if (!isUuid(id)) return null;
  await db('notification').where({ id, account_id: accountId }).whereNull('read_at').update({ read_at: at });
  return ((await db('notification as n').where({ 'n.id': id, 'n.account_id': accountId }).first(columns)) as NotificationRecord | undefined) ?? null;
}
