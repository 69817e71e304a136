import { localDate } from '@cordee/core';
import { findSessionWithContext, touchSession } from '@cordee/db';
import type { AppDeps } from '../deps';
import type { AuthenticatedUser } from '../http/context';
import { abilityOf } from '../permissions/abilities';
import { hashSessionToken } from './session-token';

export type SessionLookup = { user: AuthenticatedUser } | { user: null; expired: boolean };

const TOUCH_EVERY_MS = 60_000;

/** Resolves a session token into the signed-in user, with their rules built for this request. */
export async function authenticateToken(deps: AppDeps, token: string | null): Promise<SessionLookup> {
  if (!token) return { user: null, expired: false };
  const now = deps.clock.now();
  const session = await findSessionWithContext(deps.db, hashSessionToken(token), localDate(now), now);
  if (!session) return { user: null, expired: false };
  const idleLimit = session.lastSeenAt.getTime() + deps.config.sessionIdleMinutes * 60_000;
  if (session.status !== 'active' || now.getTime() > session.expiresAt.getTime() || now.getTime() > idleLimit) {
    return { user: null, expired: true };
  }
  if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) await touchSession(deps.db, session.sessionId, now);
  const { context } = session;
  const { assignments } = context;
  // a profile withdrawn since login must not leave the session in an establishment the user no longer belongs to
  const establishmentIds = assignments.map((a) => a.establishmentId);
  const currentEstablishmentId =
    session.currentEstablishmentId && establishmentIds.includes(session.currentEstablishmentId)
      ? session.currentEstablishmentId
      : (assignments.find((a) => a.establishmentId !== null)?.establishmentId ?? null);
  return {
    user: {
      accountId: session.accountId,
      login: session.login,
      displayName: session.displayName,
      sessionId: session.sessionId,
      isDemo: session.isDemo,
      passwordChangeRequired: session.passwordChangeRequired,
      currentEstablishmentId,
      assignments,
      ownDossierIds: context.ownDossierIds,
      ability: await abilityOf(deps, context),
    },
  };
}
