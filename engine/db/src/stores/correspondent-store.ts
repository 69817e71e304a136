import type { Knex } from 'knex';
import type { Db, Tx } from '../connection';

/** Someone a message may be addressed to. */
export interface Correspondent {
  accountId: string;
  displayName: string;
  /** The labels of their profiles (professionals), or their roles in the care team (keys). */
  detail: string[];
}

/** Where a professional's colleagues are: the establishments of their assignments, and the organismes of their organisme-wide ones. */
export interface StaffScope {
  establishmentIds: string[];
  organismeIds: string[];
}

/** Which correspondents: those whose name contains every folded word typed, or exactly the accounts listed. */
interface Narrowing {
  words?: string[];
  onlyIds?: readonly string[];
  limit?: number;
}

/** Lower case without the accents of French names, in SQL (what `foldText` does in memory for the words typed). */
const FOLDED_NAME = `translate(lower(a.display_name), 'àâäáãåçéèêëíìîïñóòôöõúùûüýÿ', 'aaaaaaceeeeiiiinooooouuuuyy')`;

function narrow(qb: Knex.QueryBuilder, n: Narrowing): Knex.QueryBuilder {
  for (const word of n.words ?? []) qb.whereRaw(`${FOLDED_NAME} like ?`, [`%${word.replace(/[\\%_]/g, '\\$&')}%`]);
  if (n.onlyIds) qb.whereIn('a.id', n.onlyIds);
  if (n.limit !== undefined) qb.limit(n.limit);
  return qb;
}

/** Active professionals (a staff or administration profile held that day) of the scope, by name. */
export async function listColleagues(db: Db | Tx, o: Narrowing & { scope: StaffScope; day: string; excludeAccountId: string }): Promise<Correspondent[]> {
  if (o.scope.establishmentIds.length === 0 && o.scope.organismeIds.length === 0) return [];
  const qb = db('account as a')
    .join('account_profile as ap', 'ap.account_id', 'a.id')
    .join('profile as p', 'p.key', 'ap.profile_key')
    .where('a.status', 'active')
    .whereNot('a.id', o.excludeAccountId)
    .whereIn('p.kind', ['staff', 'administration'])
    .where('ap.valid_from', '<=', o.day)
    .where((w) => w.whereNull('ap.valid_to').orWhere('ap.valid_to', '>=', o.day))
    .where((w) => {
      w.whereIn('ap.establishment_id', o.scope.establishmentIds);
      if (o.scope.organismeIds.length > 0) w.orWhere((x) => x.whereNull('ap.establishment_id').whereIn('ap.organisme_id', o.scope.organismeIds));
    })
    .groupBy('a.id', 'a.display_name')
    .orderBy(['a.display_name', 'a.id'])
    .select('a.id as accountId', 'a.display_name as displayName', db.raw('array_agg(distinct p.label order by p.label) as detail'));
  return (await narrow(qb, o)) as Correspondent[];
}

/** The active portal accounts of a dossier (the young person first, then the legal representatives), with their relation. */
export async function dossierPortalAccounts(db: Db | Tx, o: Narrowing & { dossierId: string }): Promise<Array<Correspondent & { relation: 'usager' | 'legal_representative' }>> {
  const qb = db('account_dossier_link as l')
    .join('account as a', 'a.id', 'l.account_id')
    .where({ 'l.dossier_id': o.dossierId, 'a.status': 'active' })
    .orderByRaw(`l.relation = 'usager' desc, a.display_name, a.id`)
    .select('a.id as accountId', 'a.display_name as displayName', 'l.relation', db.raw('array[]::text[] as detail'));
  return (await narrow(qb, o)) as Array<Correspondent & { relation: 'usager' | 'legal_representative' }>;
}

/** The active accounts in the care team of the dossiers that day, with their roles. */
export async function currentCareTeamMembers(db: Db | Tx, o: Narrowing & { dossierIds: readonly string[]; day: string }): Promise<Correspondent[]> {
  if (o.dossierIds.length === 0) return [];
  const qb = db('care_team_member as m')
    .join('account as a', 'a.id', 'm.account_id')
    .whereIn('m.dossier_id', o.dossierIds)
    .where('a.status', 'active')
    .where('m.start_date', '<=', o.day)
    .where((w) => w.whereNull('m.end_date').orWhere('m.end_date', '>=', o.day))
    .groupBy('a.id', 'a.display_name')
    .orderBy(['a.display_name', 'a.id'])
    .select('a.id as accountId', 'a.display_name as displayName', db.raw('array_agg(distinct m.role order by m.role) as detail'));
  return (await narrow(qb, o)) as Correspondent[];
}
