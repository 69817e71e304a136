import { randomUUID } from 'node:crypto';
import { isUuid } from '@cordee/core';
import type { Db, Tx } from '../connection';
import { type AccessFilter, applyAccessFilter } from '../permissions/rules-to-sql';

/** The child a message is about, as its readers see it. */
export interface MessageDossier {
  id: string;
  number: string;
  birthName: string;
  usedName: string | null;
  firstNames: string;
  usedFirstName: string | null;
}

export interface MessageRecipientRecord {
  accountId: string;
  displayName: string;
  readAt: Date | null;
}

export interface MessageRecord {
  id: string;
  senderAccountId: string;
  senderName: string;
  subject: string;
  body: string;
  dossierId: string | null;
  replyToId: string | null;
  threadId: string;
  createdAt: Date;
  recipients: MessageRecipientRecord[];
}

export interface NewMessage {
  senderAccountId: string;
  subject: string;
  body: string;
  dossierId: string | null;
  /** The message answered, and the first message of its thread. */
  replyTo: { id: string; threadId: string } | null;
  recipientIds: readonly string[];
}

/** Writes a message and one row per recipient (in the caller's transaction, with its audit). */
export async function insertMessage(trx: Tx, m: NewMessage): Promise<string> {
  const id = randomUUID();
  const [row] = await trx('message')
    .insert({
      id,
      sender_account_id: m.senderAccountId,
      subject: m.subject,
      body: m.body,
      dossier_id: m.dossierId,
      reply_to_id: m.replyTo?.id ?? null,
      thread_id: m.replyTo?.threadId ?? id,
    })
    .returning('created_at');
  await trx('message_recipient').insert(m.recipientIds.map((accountId) => ({ message_id: id, account_id: accountId, created_at: row.created_at })));
  return id;
}

export async function getMessage(db: Db | Tx, id: string): Promise<MessageRecord | null> {
  if (!isUuid(id)) return null;
  const message = (await db('message as m')
    .join('account as s', 's.id', 'm.sender_account_id')
    .where('m.id', id)
    .first(
      'm.id',
      'm.sender_account_id as senderAccountId',
      's.display_name as senderName',
      'm.subject',
      'm.body',
      'm.dossier_id as dossierId',
      'm.reply_to_id as replyToId',
      'm.thread_id as threadId',
      'm.created_at as createdAt',
    )) as Omit<MessageRecord, 'recipients'> | undefined;
  if (!message) return null;
  const recipients = (await db('message_recipient as r')
    .join('account as a', 'a.id', 'r.account_id')
    .where('r.message_id', id)
    .orderBy(['a.display_name', 'r.account_id'])
    .select('r.account_id as accountId', 'a.display_name as displayName', 'r.read_at as readAt')) as MessageRecipientRecord[];
  return { ...message, recipients };
}

/** The dossier traits shown with a message (to readers already allowed to read the dossier). */
export async function getMessageDossier(db: Db | Tx, dossierId: string): Promise<MessageDossier | null> {
  return (
    ((await db('dossier')
      .where({ id: dossierId })
      .first('id', 'number', 'birth_name as birthName', 'used_name as usedName', 'first_names as firstNames', 'used_first_name as usedFirstName')) as MessageDossier | undefined) ??
    null
  );
}

/** Marks the message read by this recipient the first time only; returns when they first read it (null: not a recipient). */
export async function markMessageRead(db: Db | Tx, messageId: string, accountId: string, at: Date): Promise<Date | null> {
  const [updated] = await db('message_recipient').where({ message_id: messageId, account_id: accountId }).whereNull('read_at').update({ read_at: at }).returning('read_at');
  if (updated) return updated.read_at as Date;
  const row = await db('message_recipient').where({ message_id: messageId, account_id: accountId }).first('read_at');
  return (row?.read_at as Date | null | undefined) ?? null;
}

export interface MessageListItem {
  id: string;
  senderAccountId: string;
  senderName: string;
  subject: string;
  dossier: MessageDossier | null;
  replyToId: string | null;
  createdAt: Date;
  /** Inbox: when the caller read it. */
  readAt: Date | null;
  /** Sent box: the recipients' names. */
  recipientNames: string[];
  /** The caller may still read the message's dossier (always true without a dossier). */
  accessible: boolean;
}

export interface MessageListQuery {
  accountId: string;
  box: 'inbox' | 'sent';
  unreadOnly: boolean;
  dossierId?: string;
  /** The dossiers the caller may read: a message about another child is listed, closed. */
  dossierAccess: AccessFilter;
  after?: [string, string];
  limit: number;
}

/** `exists (readable dossier of m)`: the message's dossier passes the caller's read filter. */
function accessibleColumn(db: Db | Tx, access: AccessFilter) {
  if (access.kind === 'everything') return db.raw('true as accessible');
  if (access.kind === 'nothing') return db.raw('(m.dossier_id is null) as accessible');
  const readable = db('dossier as d').whereRaw('d.id = m.dossier_id').select(db.raw('1'));
  applyAccessFilter(readable, access);
  return db.raw('(m.dossier_id is null or exists (?)) as accessible', [readable]);
}

/**
 * One page of the caller's inbox or sent box, newest first, filtered in SQL: their recipient rows,
 * or the messages they sent. Messages about a child whose dossier they may no longer read stay
 * listed, marked inaccessible (the route shows neither their subject nor the child).
 */
export async function listMessages(db: Db | Tx, q: MessageListQuery): Promise<{ items: MessageListItem[]; nextAfter: [string, string] | null }> {
  const inbox = q.box === 'inbox';
  const qb = inbox
    ? db('message_recipient as r').join('message as m', 'm.id', 'r.message_id').where('r.account_id', q.accountId)
    : db('message as m').where('m.sender_account_id', q.accountId);
  const at = inbox ? 'r.created_at' : 'm.created_at';
  const id = inbox ? 'r.message_id' : 'm.id';
  if (inbox && q.unreadOnly) qb.whereNull('r.read_at');
  if (q.dossierId) qb.where('m.dossier_id', q.dossierId);
  if (q.after) qb.whereRaw(`(${at}, ${id}) < (?::timestamptz, ?::uuid)`, q.after);
  qb.join('account as s', 's.id', 'm.sender_account_id')
    .leftJoin('dossier as d', 'd.id', 'm.dossier_id')
    .select(
      'm.id',
      'm.sender_account_id as senderAccountId',
      's.display_name as senderName',
      'm.subject',
      'm.reply_to_id as replyToId',
      'm.created_at as createdAt',
      db.raw(`${at}::text as "sortKey"`),
      inbox ? 'r.read_at as readAt' : db.raw('null::timestamptz as "readAt"'),
      db.raw(
        inbox
          ? `'{}'::text[] as "recipientNames"`
          : `array(select a.display_name from message_recipient x join account a on a.id = x.account_id where x.message_id = m.id order by a.display_name) as "recipientNames"`,
      ),
      accessibleColumn(db, q.dossierAccess),
      'd.id as dossierId',
      'd.number as dossierNumber',
      'd.birth_name as birthName',
      'd.used_name as usedName',
      'd.first_names as firstNames',
      'd.used_first_name as usedFirstName',
    )
    .orderBy([{ column: at, order: 'desc' }, { column: id, order: 'desc' }])
    .limit(q.limit + 1);
  const rows = (await qb) as Array<Omit<MessageListItem, 'dossier'> & MessageDossierColumns & { sortKey: string }>;
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(({ sortKey: _sortKey, dossierId, dossierNumber, birthName, usedName, firstNames, usedFirstName, ...item }) => ({
      ...item,
      dossier: dossierId ? { id: dossierId, number: dossierNumber!, birthName: birthName!, usedName, firstNames: firstNames!, usedFirstName } : null,
    })),
    nextAfter: rows.length > q.limit && last ? [last.sortKey, last.id] : null,
  };
}

interface MessageDossierColumns {
  dossierId: string | null;
  dossierNumber: string | null;
  birthName: string | null;
  usedName: string | null;
  firstNames: string | null;
  usedFirstName: string | null;
}

/** Unread messages of the caller's inbox that they may open (the navigation's counter). */
export async function countUnreadMessages(db: Db | Tx, accountId: string, dossierAccess: AccessFilter): Promise<number> {
  const qb = db('message_recipient as r').join('message as m', 'm.id', 'r.message_id').where('r.account_id', accountId).whereNull('r.read_at');
  if (dossierAccess.kind !== 'everything') {
    qb.where((w) => {
      w.whereNull('m.dossier_id');
      if (dossierAccess.kind === 'some') w.orWhereExists((e) => applyAccessFilter(e.from('dossier as d').whereRaw('d.id = m.dossier_id').select(db.raw('1')), dossierAccess));
    });
  }
  const [row] = await qb.count<Array<{ count: string }>>('* as count');
  return Number(row?.count ?? 0);
}
