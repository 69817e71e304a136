import { AppError, localDate } from '@cordee/core';
import {
  type AccountRow,
  activeAssignments,
  createSession,
  lockAccountByLogin,
  recentFailuresFromIp,
  recordAudit,
  recordLoginAttempt,
  updateAccount,
} from '@cordee/db';
import type { AppDeps } from '../deps';
import { type RequestContext, auditEvent } from '../http/context';
import { burnPasswordCheck, verifyPassword } from './passwords';
import { newSessionToken } from './session-token';
import { matchTotpStep } from './totp';

/** Failed attempts from one address within the window before it is throttled, whatever the login. */
export const IP_FAILURES_LIMIT = 30;
const IP_WINDOW_MS = 15 * 60_000;

export interface LoginResult {
  token: string;
  expiresAt: Date;
  accountId: string;
  currentEstablishmentId: string | null;
}

type Outcome = { ok: true; result: LoginResult } | { ok: false; error: AppError };

/**
 * Password (argon2id), then TOTP when enabled. Every failure is counted on the account (row lock,
 * so concurrent attempts count each) and by address; the account locks after the configured
 * number of failures. Failures commit their counters and audit even though the request fails.
 */
export async function login(deps: AppDeps, ctx: RequestContext, input: { login: string; password: string; totp?: string }): Promise<LoginResult> {
  const { config, clock } = deps;
  const outcome = await deps.db.transaction(async (trx): Promise<Outcome> => {
    const now = clock.now();
    const fail = async (error: AppError, account: AccountRow | null, detail: Record<string, unknown>): Promise<Outcome> => {
      await recordLoginAttempt(trx, { login: input.login, ip: ctx.ip, succeeded: false });
      await recordAudit(
        trx,
        auditEvent(ctx, { action: 'auth.login', targetType: 'account', targetId: account?.id ?? null, actorAccountId: account?.id ?? null, outcome: 'denied', detail: { reason: error.code, ...detail } }),
      );
      return { ok: false, error };
    };

    if ((await recentFailuresFromIp(trx, ctx.ip, new Date(now.getTime() - IP_WINDOW_MS))) >= IP_FAILURES_LIMIT) {
      return fail(new AppError('TOO_MANY_ATTEMPTS'), null, {});
    }
    const account = await lockAccountByLogin(trx, input.login);
    if (!account) {
      await burnPasswordCheck(input.password);
      return fail(new AppError('INVALID_CREDENTIALS'), null, { login: input.login.slice(0, 200) });
    }
    if (account.locked_until && account.locked_until.getTime() > now.getTime()) {
      return fail(new AppError('ACCOUNT_LOCKED', { detail: `Compte verrouillé jusqu’à ${account.locked_until.toISOString()}.` }), account, {});
    }
    const countFailure = async (error: AppError): Promise<Outcome> => {
      const failures = account.failed_attempts + 1;
      if (failures >= config.loginMaxFailures) {
        const until = new Date(now.getTime() + config.lockoutMinutes * 60_000);
        await updateAccount(trx, account.id, { failed_attempts: 0, locked_until: until });
        await recordAudit(trx, auditEvent(ctx, { action: 'auth.account.locked', targetType: 'account', targetId: account.id, actorAccountId: account.id, detail: { until: until.toISOString() } }));
        return fail(new AppError('ACCOUNT_LOCKED', { detail: `Compte verrouillé jusqu’à ${until.toISOString()}.` }), account, { failures });
      }
      await updateAccount(trx, account.id, { failed_attempts: failures });
      return fail(error, account, { failures });
    };

    if (!(await verifyPassword(account.password_hash, input.password))) return countFailure(new AppError('INVALID_CREDENTIALS'));
    if (account.status !== 'active') return fail(new AppError('ACCOUNT_DISABLED'), account, {});
    if (account.totp_enabled && account.totp_secret) {
      if (!input.totp) return { ok: false, error: new AppError('TOTP_REQUIRED') };
      const step = matchTotpStep(input.totp, account.totp_secret, now);
      if (step === null || (account.totp_last_step !== null && step <= Number(account.totp_last_step))) {
        return countFailure(new AppError('TOTP_INVALID'));
      }
      await updateAccount(trx, account.id, { totp_last_step: String(step) });
    }

    await updateAccount(trx, account.id, { failed_attempts: 0, locked_until: null });
    await recordLoginAttempt(trx, { login: input.login, ip: ctx.ip, succeeded: true });
    const assignments = await activeAssignments(trx, account.id, localDate(now));
    const firstEstablishment = assignments.find((a) => a.establishmentId !== null)?.establishmentId ?? null;
    const { token, hash } = newSessionToken();
    const expiresAt = new Date(now.getTime() + config.sessionMaxHours * 3_600_000);
    const sessionId = await createSession(trx, {
      tokenHash: hash,
      accountId: account.id,
      currentEstablishmentId: firstEstablishment,
      expiresAt,
      ip: ctx.ip,
      userAgent: null,
    });
    await recordAudit(
      trx,
      auditEvent(ctx, {
        action: 'auth.login',
        targetType: 'session',
        targetId: sessionId,
        actorAccountId: account.id,
        establishmentId: firstEstablishment,
        actorProfile: [...new Set(assignments.map((a) => a.profileKey))].sort().join(',') || null,
        detail: { accountId: account.id, secondFactor: account.totp_enabled, passwordChangeRequired: account.password_change_required },
      }),
    );
    return { ok: true, result: { token, expiresAt, accountId: account.id, currentEstablishmentId: firstEstablishment } };
  });
  if (!outcome.ok) throw outcome.error;
  return outcome.result;
}
