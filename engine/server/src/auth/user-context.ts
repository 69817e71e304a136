import { type UserContext, localDate } from '@cordee/core';
import { loadUserContext } from '@cordee/db';
import type { AppDeps } from '../deps';

/**
 * What the rules of an account refer to right now (profiles held today, care team, break-glass
 * grants): built for the signed-in user at each request, and for any account by the explain report.
 */
export function userContextFor(deps: AppDeps, accountId: string): Promise<UserContext> {
  const now = deps.clock.now();
  return loadUserContext(deps.db, accountId, localDate(now), now);
}
