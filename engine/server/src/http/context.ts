import type { Logger } from 'pino';
import type { AppAbility, AuditEvent, ProfileAssignment } from '@cordee/core';
import type { Db, Tx } from '@cordee/db';

export interface AuthenticatedUser {
  accountId: string;
  login: string;
  displayName: string;
  sessionId: string;
  isDemo: boolean;
  /** The account's password was handed over by someone else: nothing but choosing one's own until then. */
  passwordChangeRequired: boolean;
  currentEstablishmentId: string | null;
  assignments: ProfileAssignment[];
  ownDossierIds: string[];
  ability: AppAbility;
}

export interface RequestContext {
  requestId: string;
  ip: string | null;
  log: Logger;
  user: AuthenticatedUser | null;
  /** A session cookie was sent but the session had expired (idle or absolute limit). */
  sessionExpired: boolean;
}

/** The audit fields a handler gives; who, from where and under which request come from the context. */
export type AuditInput = Pick<AuditEvent, 'action'> & Partial<Omit<AuditEvent, 'action' | 'requestId' | 'ip'>>;

/** Profiles the user acts under: those held in the current establishment (or all, when none is current). */
export function actingProfiles(user: AuthenticatedUser | null): string | null {
  if (!user) return null;
  const current = user.assignments.filter((a) => a.establishmentId === null || a.establishmentId === user.currentEstablishmentId);
  const keys = [...new Set((current.length > 0 ? current : user.assignments).map((a) => a.profileKey))].sort();
  return keys.length > 0 ? keys.join(',') : null;
}

export function auditEvent(ctx: RequestContext, input: AuditInput): AuditEvent {
  return {
    action: input.action,
    targetType: input.targetType ?? null,
    targetId: input.targetId ?? null,
    dossierId: input.dossierId ?? null,
    actorAccountId: input.actorAccountId ?? ctx.user?.accountId ?? null,
    actorProfile: input.actorProfile ?? actingProfiles(ctx.user),
    establishmentId: input.establishmentId ?? ctx.user?.currentEstablishmentId ?? null,
    requestId: ctx.requestId,
    purpose: input.purpose ?? null,
    ip: ctx.ip,
    outcome: input.outcome ?? 'success',
    detail: input.detail ?? null,
  };
}

export type { Db, Tx };
