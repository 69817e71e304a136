import { type AssignmentInput, isUuid } from '@cordee/core';
import type { Db, Tx } from '../connection';
import { type AccessFilter, type FieldColumns, applyAccessFilter } from '../permissions/rules-to-sql';
import { uniqueAt } from '../pg-errors';

export interface AccountRow {
  id: string;
  login: string;
  display_name: string;
  email: string | null;
  password_hash: string;
  status: 'active' | 'disabled';
  failed_attempts: number;
  locked_until: Date | null;
  totp_secret: string | null;
  totp_enabled: boolean;
  totp_last_step: string | null;
  is_demo: boolean;
  password_changed_at: Date;
  /** The password was handed over by someone else: the account may only choose its own until it has. */
  password_change_required: boolean;
}

/** The account of a login, row-locked for the rest of the transaction (concurrent failures count once each). */
export async function lockAccountByLogin(trx: Tx, login: string): Promise<AccountRow | null> {
  const row = await trx('account').whereRaw('lower(login) = lower(?)', [login]).forUpdate().first();
  return (row as AccountRow | undefined) ?? null;
}

export async function lockAccountById(trx: Tx, id: string): Promise<AccountRow | null> {
  const row = await trx('account').where({ id }).forUpdate().first();
  return (row as AccountRow | undefined) ?? null;
}

export async function getAccount(db: Db | Tx, id: string): Promise<AccountRow | null> {
  const row = await db('account').where({ id }).first();
  return (row as AccountRow | undefined) ?? null;
}

export async function updateAccount(trx: Db | Tx, id: string, changes: Partial<Omit<AccountRow, 'id'>>): Promise<void> {
  await trx('account').where({ id }).update(changes);
}

export async function insertAccount(
  trx: Db | Tx,
  input: { login: string; displayName: string; email?: string | null; passwordHash: string; isDemo?: boolean; passwordChangeRequired?: boolean },
): Promise<string> {
  const [row] = await uniqueAt(
    () =>
      trx('account')
        .insert({
          login: input.login,
          display_name: input.displayName,
          email: input.email ?? null,
          password_hash: input.passwordHash,
          is_demo: input.isDemo ?? false,
          password_change_required: input.passwordChangeRequired ?? false,
        })
        .returning('id'),
    'account_login_idx',
    '/login',
    'Cet identifiant est déjà utilisé (majuscules et minuscules ne sont pas distinguées).',
  );
  return row.id as string;
}

export async function insertAssignment(
  trx: Db | Tx,
  input: { accountId: string; profileKey: string; organismeId?: string | null; establishmentId?: string | null; unitId?: string | null; validFrom?: string; validTo?: string | null },
): Promise<string> {
  const [row] = await trx('account_profile')
    .insert({
      account_id: input.accountId,
      profile_key: input.profileKey,
      organisme_id: input.organismeId ?? null,
      establishment_id: input.establishmentId ?? null,
      unit_id: input.unitId ?? null,
      ...(input.validFrom ? { valid_from: input.validFrom } : {}),
      valid_to: input.validTo ?? null,
    })
    .returning('id');
  return row.id as string;
}

export async function recordLoginAttempt(trx: Db | Tx, input: { login: string; ip: string | null; succeeded: boolean }): Promise<void> {
  await trx('login_attempt').insert({ login: input.login.slice(0, 200), ip: input.ip, succeeded: input.succeeded });
}

/** Failed attempts from one address since a moment: the per-address throttle. */
export async function recentFailuresFromIp(db: Db | Tx, ip: string | null, since: Date): Promise<number> {
  if (ip === null) return 0;
  const [row] = await db('login_attempt').where({ ip, succeeded: false }).where('at', '>', since).count<{ count: string }[]>('* as count');
  return Number(row?.count ?? 0);
}

/** The fields of the subject `Account` that permission rules may test, and their columns (alias `a`). */
export const accountColumns: FieldColumns = { id: 'a.id', status: 'a.status' };

export interface AccountAssignmentView {
  id: string;
  profile: string;
  label: string;
  establishmentId: string | null;
  unitId: string | null;
  validFrom: string;
  validTo: string | null;
}

/** An account as administrators see it: no password hash, no second-factor secret (never selected). */
export interface AccountSummary {
  id: string;
  login: string;
  displayName: string;
  email: string | null;
  status: 'active' | 'disabled';
  lockedUntil: Date | null;
  secondFactor: boolean;
  createdAt: Date;
  passwordChangedAt: Date;
  passwordChangeRequired: boolean;
  profiles: AccountAssignmentView[];
}

const SUMMARY = [
  'a.id',
  'a.login',
  'a.display_name as displayName',
  'a.email',
  'a.status',
  'a.locked_until as lockedUntil',
  'a.totp_enabled as secondFactor',
  'a.created_at as createdAt',
  'a.password_changed_at as passwordChangedAt',
  'a.password_change_required as passwordChangeRequired',
];

async function withAssignments(db: Db | Tx, accounts: Array<Omit<AccountSummary, 'profiles'>>): Promise<AccountSummary[]> {
  if (accounts.length === 0) return [];
  const rows: Array<AccountAssignmentView & { accountId: string }> = await db('account_profile as ap')
    .join('profile as p', 'p.key', 'ap.profile_key')
    .whereIn(
      'ap.account_id',
      accounts.map((a) => a.id),
    )
    .select('ap.id', 'ap.account_id as accountId', 'ap.profile_key as profile', 'p.label', 'ap.establishment_id as establishmentId', 'ap.unit_id as unitId', 'ap.valid_from as validFrom', 'ap.valid_to as validTo')
    .orderBy(['ap.valid_from', 'ap.profile_key', 'ap.id']);
  const byAccount = new Map<string, AccountAssignmentView[]>();
  for (const { accountId, ...view } of rows) byAccount.set(accountId, [...(byAccount.get(accountId) ?? []), view]);
  return accounts.map((a) => ({ ...a, profiles: byAccount.get(a.id) ?? [] }));
}

export async function findAccountSummary(db: Db | Tx, id: string): Promise<AccountSummary | null> {
  if (!isUuid(id)) return null;
  const row = await db('account as a').where('a.id', id).first(SUMMARY);
  if (!row) return null;
  const [summary] = await withAssignments(db, [row]);
  return summary ?? null;
}

export interface AccountListOptions {
  /** The caller's rules on `Account`, pushed into SQL. */
  filter: AccessFilter;
  q?: string;
  /** Accounts holding a profile in this establishment (and of `profile` when both are given). */
  establishmentId?: string;
  profile?: string;
  status?: 'active' | 'disabled';
  /** Keyset: (lower(login), id) of the last account of the previous page. */
  after?: [string, string];
  limit: number;
}

/** One page of accounts ordered by login, filtered in SQL; `nextAfter` is the keyset of the next page, null on the last. */
export async function listAccounts(db: Db | Tx, o: AccountListOptions): Promise<{ items: AccountSummary[]; nextAfter: [string, string] | null }> {
  const query = db('account as a').select([...SUMMARY, db.raw('lower(a.login) as "sortKey"')]);
  if (!applyAccessFilter(query, o.filter)) return { items: [], nextAfter: null };
  if (o.establishmentId !== undefined || o.profile !== undefined) {
    query.whereExists((sub) => {
      sub.select(db.raw('1')).from('account_profile as ap').whereRaw('ap.account_id = a.id');
      if (o.establishmentId !== undefined) sub.where('ap.establishment_id', o.establishmentId);
      if (o.profile !== undefined) sub.where('ap.profile_key', o.profile);
    });
  }
  if (o.status) query.where('a.status', o.status);
  if (o.q) {
    const pattern = `%${o.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query.where((q) => q.whereILike('a.login', pattern).orWhereILike('a.display_name', pattern).orWhereILike('a.email', pattern));
  }
  if (o.after) query.whereRaw('(lower(a.login), a.id) > (?, ?)', o.after);
  const rows: Array<Omit<AccountSummary, 'profiles'> & { sortKey: string }> = await query.orderByRaw('lower(a.login), a.id').limit(o.limit + 1);
  const page = rows.slice(0, o.limit);
  const last = page[page.length - 1];
  const nextAfter: [string, string] | null = rows.length > o.limit && last ? [last.sortKey, last.id] : null;
  return { items: await withAssignments(db, page.map(({ sortKey: _sortKey, ...rest }) => rest)), nextAfter };
}

/** Replaces every profile assignment of an account (the caller has checked them and holds the account row lock). */
export async function replaceAssignments(trx: Db | Tx, accountId: string, assignments: readonly AssignmentInput[]): Promise<void> {
  await trx('account_profile').where({ account_id: accountId }).delete();
  for (const a of assignments) {
    await insertAssignment(trx, {
      accountId,
      profileKey: a.profile,
      establishmentId: a.establishmentId ?? null,
      unitId: a.unitId ?? null,
      ...(a.validFrom ? { validFrom: a.validFrom } : {}),
      validTo: a.validTo ?? null,
    });
  }
}

/** Ends every session of an account but one (after a password change, the session that made it stays). */
export async function revokeOtherSessions(trx: Db | Tx, accountId: string, keepSessionId: string): Promise<void> {
  await trx('session').where({ account_id: accountId }).whereNot({ id: keepSessionId }).whereNull('revoked_at').update({ revoked_at: trx.fn.now() });
}
