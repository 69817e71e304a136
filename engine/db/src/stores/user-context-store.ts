import type { UserContext } from '@cordee/core';
import type { Db, Tx } from '../connection';
import { activeAssignments, ownDossierIds } from './session-store';

/**
 * Dossiers the account follows as a care team member on that day: the membership covers the day
 * and so does one of the dossier's placements. Ending the membership or the placement removes the
 * dossier from the list at the next request.
 */
export async function careTeamDossierIds(db: Db | Tx, accountId: string, day: string): Promise<string[]> {
  const rows: Array<{ dossier_id: string }> = await db('care_team_member as m')
    .distinct('m.dossier_id')
    .where('m.account_id', accountId)
    .where('m.start_date', '<=', day)
    .where((q) => q.whereNull('m.end_date').orWhere('m.end_date', '>=', day))
    .whereExists((p) =>
      p
        .select(db.raw('1'))
        .from('placement as p')
        .whereRaw('p.dossier_id = m.dossier_id')
        .where('p.start_date', '<=', day)
        .where((q) => q.whereNull('p.end_date').orWhere('p.end_date', '>=', day)),
    );
  return rows.map((r) => r.dossier_id);
}

/** Dossiers the account holds a break-glass grant on at that instant. */
export async function breakGlassDossierIds(db: Db | Tx, accountId: string, now: Date): Promise<string[]> {
  const rows: Array<{ dossier_id: string }> = await db('break_glass_access')
    .distinct('dossier_id')
    .where('account_id', accountId)
    .where('started_at', '<=', now)
    .where('expires_at', '>', now);
  return rows.map((r) => r.dossier_id);
}

/**
 * Everything an account's rules refer to, on a day and at an instant: its current profile
 * assignments and the relations resolved into id lists. Each request builds it anew, so a change
 * (a membership ended, a grant expired) applies at the next request.
 */
export async function loadUserContext(db: Db | Tx, accountId: string, day: string, now: Date): Promise<UserContext> {
  const [assignments, own, careTeam, breakGlass] = await Promise.all([
    activeAssignments(db, accountId, day),
    ownDossierIds(db, accountId),
    careTeamDossierIds(db, accountId, day),
    breakGlassDossierIds(db, accountId, now),
  ]);
  return { accountId, assignments, ownDossierIds: own, careTeamDossierIds: careTeam, breakGlassDossierIds: breakGlass };
}
