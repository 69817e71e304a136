import { isUuid } from '@cordee/core';
import type { Db, Tx } from '../connection';

/** A membership of a child's care team (insert it with `insertCareTeamMember`), with the member's display name. */
export interface CareTeamRecord {
  id: string;
  dossierId: string;
  accountId: string;
  displayName: string;
  role: string;
  startDate: string;
  endDate: string | null;
}

const columns = [
  'm.id',
  'm.dossier_id as dossierId',
  'm.account_id as accountId',
  'a.display_name as displayName',
  'm.role',
  'm.start_date as startDate',
  'm.end_date as endDate',
];

/** The care team of a dossier, current and past memberships, by start date then name. */
export async function listCareTeam(db: Db | Tx, dossierId: string): Promise<CareTeamRecord[]> {
  return (await db('care_team_member as m')
    .join('account as a', 'a.id', 'm.account_id')
    .where('m.dossier_id', dossierId)
    .orderBy([{ column: 'm.start_date', order: 'desc' }, 'a.display_name', 'm.id'])
    .select(columns)) as CareTeamRecord[];
}

export async function getCareTeamMember(db: Db | Tx, id: string): Promise<CareTeamRecord | null> {
  if (!isUuid(id)) return null;
  return ((await db('care_team_member as m').join('account as a', 'a.id', 'm.account_id').where('m.id', id).first(columns)) as CareTeamRecord | undefined) ?? null;
}

export async function setCareTeamEnd(trx: Tx, id: string, endDate: string | null): Promise<void> {
  await trx('care_team_member').where({ id }).update({ end_date: endDate });
}

/** Whether the account already holds this role in the dossier's team on some day of the period. */
export async function hasOverlappingMembership(
  db: Db | Tx,
  m: { dossierId: string; accountId: string; role: string; startDate: string; endDate: string | null; exceptId?: string },
): Promise<boolean> {
  const qb = db('care_team_member')
    .where({ dossier_id: m.dossierId, account_id: m.accountId, role: m.role })
    .whereRaw(`daterange(start_date, end_date, '[]') && daterange(?::date, ?::date, '[]')`, [m.startDate, m.endDate]);
  if (m.exceptId) qb.whereNot('id', m.exceptId);
  return (await qb.first('id')) !== undefined;
}

/** An active account holding a staff profile in the establishment on that day: who may join a care team there. */
export async function isStaffOfEstablishment(db: Db | Tx, accountId: string, establishmentId: string, day: string): Promise<boolean> {
  const row = await db('account_profile as ap')
    .join('account as a', 'a.id', 'ap.account_id')
    .join('profile as p', 'p.key', 'ap.profile_key')
    .where({ 'ap.account_id': accountId, 'ap.establishment_id': establishmentId, 'a.status': 'active', 'p.kind': 'staff' })
    .where('ap.valid_from', '<=', day)
    .where((q) => q.whereNull('ap.valid_to').orWhere('ap.valid_to', '>=', day))
    .first('ap.id');
  return row !== undefined;
}
