import { AppError, localDate } from '@cordee/core';
import { activeAssignments, getAccount } from '@cordee/db';
import type { Me } from '@cordee/metadata/generated/api/me';
import type { AppDeps } from '../deps';
import type { AuthenticatedUser } from '../http/context';

/** The `GET /api/me` body; assignments from the session's user when at hand, else from the database. */
export async function describeMe(deps: AppDeps, accountId: string, currentEstablishmentId: string | null, user?: AuthenticatedUser): Promise<Me> {
  const account = await getAccount(deps.db, accountId);
  if (!account) throw new AppError('UNAUTHENTICATED');
  const assignments = user?.assignments ?? (await activeAssignments(deps.db, accountId, localDate(deps.clock.now())));
  const profiles = await deps.profiles();
  const establishmentIds = [...new Set(assignments.map((a) => a.establishmentId).filter((id): id is string => id !== null))];
  const establishments: Array<{ id: string; name: string }> =
    establishmentIds.length === 0 ? [] : await deps.db('establishment').whereIn('id', establishmentIds).select('id', 'name').orderBy('name');
  return {
    id: account.id,
    login: account.login,
    displayName: account.display_name,
    demoMode: deps.demoMode,
    secondFactor: account.totp_enabled,
    passwordChangeRequired: account.password_change_required,
    currentEstablishmentId,
    profiles: assignments.map((a) => ({ profile: a.profileKey, label: profiles.get(a.profileKey)?.label ?? a.profileKey, kind: profiles.get(a.profileKey)?.kind ?? 'staff', establishmentId: a.establishmentId, unitId: a.unitId })),
    establishments,
  };
}
