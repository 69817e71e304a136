import type { ProfileAssignment, UserContext } from '@cordee/core';
import type { Db, Tx } from '../connection';
import { prepared } from '../prepared';

/**
 * The columns of an account's context (`account`: the SQL expression of its id), for one select:
 *  - assignments: profiles held on that day (with the organisme of their establishment);
 *  - care team: memberships covering the day, on dossiers one of whose placements covers it too,
 *    so ending the membership or the placement removes the dossier at the next request;
 *  - referent: among those, the memberships as referent or co-referent of the child;
 *  - break-glass: grants running at that instant.
 * Named bindings `:day` and `:now`.
 */
export function contextColumns(account: string): string {
  return `coalesce((select json_agg(json_build_object(
                   'profileKey', ap.profile_key, 'organismeId', coalesce(ap.organisme_id, e.organisme_id),
                   'establishmentId', ap.establishment_id, 'unitId', ap.unit_id) order by ap.establishment_id, ap.profile_key)
                 from account_profile ap left join establishment e on e.id = ap.establishment_id
                where ap.account_id = ${account} and ap.valid_from <= :day and (ap.valid_to is null or ap.valid_to >= :day)), '[]') as assignments,
       array(select l.dossier_id from account_dossier_link l where l.account_id = ${account}) as own,
       array(select distinct m.dossier_id from care_team_member m
              where m.account_id = ${account} and m.start_date <= :day and (m.end_date is null or m.end_date >= :day)
                and exists (select 1 from placement p where p.dossier_id = m.dossier_id
                              and p.start_date <= :day and (p.end_date is null or p.end_date >= :day))) as care_team,
       array(select distinct m.dossier_id from care_team_member m
              where m.account_id = ${account} and m.role in ('referent', 'co_referent') and m.start_date <= :day and (m.end_date is null or m.end_date >= :day)
                and exists (select 1 from placement p where p.dossier_id = m.dossier_id
                              and p.start_date <= :day and (p.end_date is null or p.end_date >= :day))) as referent,
       array(select distinct g.dossier_id from break_glass_access g
              where g.account_id = ${account} and g.started_at <= :now and g.expires_at > :now) as break_glass`;
}

export interface ContextRow {
  assignments: ProfileAssignment[];
  own: string[];
  care_team: string[];
  referent: string[];
  break_glass: string[];
}

export const contextOf = (accountId: string, row: ContextRow): UserContext => ({
  accountId,
  assignments: row.assignments,
  ownDossierIds: row.own,
  careTeamDossierIds: row.care_team,
  referentDossierIds: row.referent,
  breakGlassDossierIds: row.break_glass,
});

const contextStatement = `select ${contextColumns(':account')}`;

/**
 * Everything an account's rules refer to, on a day and at an instant: its current profile
 * assignments and the relations resolved into id lists. Each request builds it anew, so a change
 * (a membership ended, a grant expired) applies at the next request.
 */
export async function loadUserContext(db: Db | Tx, accountId: string, day: string, now: Date): Promise<UserContext> {
  const { rows } = await prepared(db.raw(contextStatement, { account: accountId, day, now }), 'user_context');
  return contextOf(accountId, rows[0] as ContextRow);
}
