import { AppError } from '@cordee/core';
import { recordAudit } from '@cordee/db';
import type { AppDeps } from '../deps';
import { type RequestContext, auditEvent } from '../http/context';
import type { RouteSpec } from '../http/route';

/**
 * An account signed in with a password someone else handed over (a portal account just opened, a
 * staff account created or reset by an administrator) does nothing else until it has chosen its
 * own: every route but the public ones and those marked `beforePasswordChange` answers 403
 * PASSWORD_CHANGE_REQUIRED, and the refusal is audited like any denied access. Called by the
 * router for every signed-in call of a non-public route, before the rules are looked at.
 */
export async function assertPasswordChosen(deps: AppDeps, spec: RouteSpec, ctx: RequestContext): Promise<void> {
  if (spec.beforePasswordChange || !ctx.user?.passwordChangeRequired) return;
  await recordAudit(
    deps.db,
    auditEvent(ctx, {
      action: 'auth.password_change_required',
      targetType: 'account',
      targetId: ctx.user.accountId,
      outcome: 'denied',
      detail: { method: spec.method.toUpperCase(), path: spec.path },
    }),
  );
  throw new AppError('PASSWORD_CHANGE_REQUIRED');
}
