import type { Db, Tx } from '../connection';

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
  input: { login: string; displayName: string; email?: string | null; passwordHash: string; isDemo?: boolean },
): Promise<string> {
  const [row] = await trx('account')
    .insert({ login: input.login, display_name: input.displayName, email: input.email ?? null, password_hash: input.passwordHash, is_demo: input.isDemo ?? false })
    .returning('id');
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
