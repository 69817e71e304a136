import type { ProfileAssignment, UserContext } from '@cordee/core';
import type { Db, Tx } from '../connection';
import { prepared } from '../prepared';
import { type ContextRow, contextColumns, contextOf } from './user-context-store';

export interface SessionWithAccount {
  sessionId: string;
  accountId: string;
  login: string;
  displayName: string;
  isDemo: boolean;
  passwordChangeRequired: boolean;
  status: 'active' | 'disabled';
  currentEstablishmentId: string | null;
  lastSeenAt: Date;
  expiresAt: Date;
}

export async function createSession(
  trx: Db | Tx,
  input: { tokenHash: Buffer; accountId: string; currentEstablishmentId: string | null; expiresAt: Date; ip: string | null; userAgent: string | null },
): Promise<string> {
  const [row] = await trx('session')
    .insert({
      token_hash: input.tokenHash,
      account_id: input.accountId,
      current_establishment_id: input.currentEstablishmentId,
      expires_at: input.expiresAt,
      ip: input.ip,
      user_agent: input.userAgent?.slice(0, 500) ?? null,
    })
    .returning('id');
  return row.id as string;
}

const sessionStatement = `select s.id as "sessionId", a.id as "accountId", a.login, a.display_name as "displayName", a.is_demo as "isDemo", a.password_change_required as "passwordChangeRequired", a.status,
       s.current_establishment_id as "currentEstablishmentId", s.last_seen_at as "lastSeenAt", s.expires_at as "expiresAt",
       ${contextColumns('a.id')}
  from session s join account a on a.id = s.account_id
 where s.token_hash = :token and s.revoked_at is null`;

/**
 * The session of a token if it is neither revoked nor past its absolute expiry (idle expiry is the
 * caller's rule), with its account's context on `day` at `now` (see contextColumns): one statement,
 * as every authenticated request runs it.
 */
export async function findSessionWithContext(db: Db, tokenHash: Buffer, day: string, now: Date): Promise<(SessionWithAccount & { context: UserContext }) | null> {
  const { rows } = await prepared(db.raw(sessionStatement, { token: tokenHash, day, now }), 'session_context');
  const row = rows[0] as (SessionWithAccount & ContextRow) | undefined;
  if (!row) return null;
  const { assignments, own, care_team, referent, break_glass, ...session } = row;
  return { ...session, context: contextOf(row.accountId, { assignments, own, care_team, referent, break_glass }) };
}

export async function touchSession(db: Db, sessionId: string, now: Date): Promise<void> {
  await db('session').where({ id: sessionId }).update({ last_seen_at: now });
}

export async function revokeSession(trx: Db | Tx, sessionId: string): Promise<void> {
  await trx('session').where({ id: sessionId }).update({ revoked_at: trx.fn.now() });
}

export async function revokeAccountSessions(trx: Db | Tx, accountId: string): Promise<void> {
  await trx('session').where({ account_id: accountId }).whereNull('revoked_at').update({ revoked_at: trx.fn.now() });
}

export async function setSessionEstablishment(trx: Db | Tx, sessionId: string, establishmentId: string): Promise<void> {
  await trx('session').where({ id: sessionId }).update({ current_establishment_id: establishmentId });
}

/** Profiles an account holds today, with the organisme of each establishment. */
export async function activeAssignments(db: Db | Tx, accountId: string, today: string): Promise<ProfileAssignment[]> {
  const rows = await db('account_profile as ap')
    .leftJoin('establishment as e', 'e.id', 'ap.establishment_id')
    .where('ap.account_id', accountId)
    .where('ap.valid_from', '<=', today)
    .where((q) => q.whereNull('ap.valid_to').orWhere('ap.valid_to', '>=', today))
    .select('ap.profile_key as profileKey', db.raw('coalesce(ap.organisme_id, e.organisme_id) as "organismeId"'), 'ap.establishment_id as establishmentId', 'ap.unit_id as unitId')
    .orderBy(['ap.establishment_id', 'ap.profile_key']);
  return rows as ProfileAssignment[];
}
