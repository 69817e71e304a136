import { subject as asSubject } from '@casl/ability';
import { AppError } from '@cordee/core';
import { type AccessFilter, type FieldColumns, accessFilter } from '@cordee/db';
import type { AuthenticatedUser, RequestContext } from './context';

/** The signed-in user, or 401. Routes with access other than `public` always have one. */
export function requireUser(ctx: RequestContext): AuthenticatedUser {
  if (!ctx.user) throw new AppError(ctx.sessionExpired ? 'SESSION_EXPIRED' : 'UNAUTHENTICATED');
  return ctx.user;
}

/** In-memory check of one record (plain object with the subject's condition fields). */
export function canOn(ctx: RequestContext, action: string, subjectType: string, record: Record<string, unknown>, field?: string): boolean {
  const user = requireUser(ctx);
  return user.ability.can(action, asSubject(subjectType, { ...record }), field);
}

/**
 * Record-level check before (and, for writes, after) a change. A record the user may not even
 * read answers 404, so ids of other establishments reveal nothing; one they may read but not
 * change answers 403.
 */
export function assertCanOn(ctx: RequestContext, action: string, subjectType: string, record: Record<string, unknown>): void {
  if (canOn(ctx, action, subjectType, record)) return;
  if (action !== 'read' && canOn(ctx, 'read', subjectType, record)) throw new AppError('FORBIDDEN');
  throw new AppError('NOT_FOUND');
}

/** The SQL filter of the rows this user may see for an action: lists, searches, counts and exports use it. */
export function listFilter(ctx: RequestContext, action: string, subjectType: string, columns: FieldColumns): AccessFilter {
  return accessFilter(requireUser(ctx).ability, action, subjectType, columns);
}
