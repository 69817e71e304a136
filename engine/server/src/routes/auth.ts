import { AppError } from '@cordee/core';
import { lockAccountById, recordAudit, revokeSession, setSessionEstablishment, updateAccount } from '@cordee/db';
import type { LoginRequest } from '@cordee/metadata/generated/api/login-request';
import type { SwitchEstablishmentRequest } from '@cordee/metadata/generated/api/switch-establishment-request';
import type { TotpCodeRequest } from '@cordee/metadata/generated/api/totp-code-request';
import type { AppDeps } from '../deps';
import { auditEvent, type AuthenticatedUser } from '../http/context';
import { route, type RouteSpec } from '../http/route';
import { login } from '../auth/login';
import { SESSION_COOKIE } from '../auth/session-token';
import { matchTotpStep, newTotpSecret, totpUri } from '../auth/totp';
import { describeMe } from '../auth/me';

const signedIn = (user: AuthenticatedUser | null): AuthenticatedUser => {
  if (!user) throw new AppError('UNAUTHENTICATED');
  return user;
};

export function authRoutes(deps: AppDeps): RouteSpec[] {
  const cookieOptions = { httpOnly: true, sameSite: 'strict' as const, secure: deps.config.cookieSecure, path: '/' };
  return [
    route<LoginRequest>({
      method: 'post',
      path: '/api/auth/login',
      summary: 'Connexion par identifiant et mot de passe (et code TOTP si activé)',
      tags: ['Session'],
      access: 'public',
      body: 'api/login-request',
      response: 'api/me',
      handler: async ({ ctx, body, res }) => {
        const session = await login(deps, ctx, body);
        res.cookie(SESSION_COOKIE, session.token, { ...cookieOptions, expires: session.expiresAt });
        return describeMe(deps, session.accountId, session.currentEstablishmentId);
      },
    }),
    route({
      method: 'post',
      path: '/api/auth/logout',
      summary: 'Fin de la session',
      tags: ['Session'],
      access: 'authenticated',
      beforePasswordChange: true,
      successStatus: 204,
      handler: async ({ ctx, res }) => {
        const user = signedIn(ctx.user);
        await deps.db.transaction(async (trx) => {
          await revokeSession(trx, user.sessionId);
          await recordAudit(trx, auditEvent(ctx, { action: 'auth.logout', targetType: 'session', targetId: user.sessionId }));
        });
        res.clearCookie(SESSION_COOKIE, cookieOptions);
      },
    }),
    route({
      method: 'get',
      path: '/api/me',
      summary: 'L’utilisateur connecté, ses profils, ses établissements et l’établissement courant',
      tags: ['Session'],
      access: 'authenticated',
      beforePasswordChange: true,
      response: 'api/me',
      handler: async ({ ctx }) => {
        const user = signedIn(ctx.user);
        return describeMe(deps, user.accountId, user.currentEstablishmentId, user);
      },
    }),
    route<SwitchEstablishmentRequest>({
      method: 'put',
      path: '/api/me/establishment',
      summary: 'Changer d’établissement courant',
      tags: ['Session'],
      access: 'authenticated',
      body: 'api/switch-establishment-request',
      response: 'api/me',
      handler: async ({ ctx, body }) => {
        const user = signedIn(ctx.user);
        if (!user.assignments.some((a) => a.establishmentId === body.establishmentId)) throw new AppError('ESTABLISHMENT_NOT_ALLOWED');
        await deps.db.transaction(async (trx) => {
          await setSessionEstablishment(trx, user.sessionId, body.establishmentId);
          await recordAudit(trx, auditEvent(ctx, { action: 'auth.establishment.switch', targetType: 'establishment', targetId: body.establishmentId, establishmentId: body.establishmentId }));
        });
        return describeMe(deps, user.accountId, body.establishmentId, user);
      },
    }),
    route({
      method: 'post',
      path: '/api/me/totp/setup',
      summary: 'Préparer le second facteur TOTP : renvoie le secret et l’URI otpauth à scanner',
      tags: ['Session'],
      access: 'authenticated',
      handler: async ({ ctx }) => {
        const user = signedIn(ctx.user);
        const secret = newTotpSecret();
        await deps.db.transaction(async (trx) => {
          const account = await lockAccountById(trx, user.accountId);
          if (account?.totp_enabled) throw new AppError('ALREADY_EXISTS', { detail: 'Le second facteur est déjà activé.' });
          await updateAccount(trx, user.accountId, { totp_secret: secret, totp_enabled: false, totp_last_step: null });
          await recordAudit(trx, auditEvent(ctx, { action: 'auth.totp.setup', targetType: 'account', targetId: user.accountId }));
        });
        return { secret, otpauthUri: totpUri(user.login, secret) };
      },
    }),
    route<TotpCodeRequest>({
      method: 'post',
      path: '/api/me/totp/enable',
      summary: 'Activer le second facteur en donnant un code valide',
      tags: ['Session'],
      access: 'authenticated',
      body: 'api/totp-code-request',
      successStatus: 204,
      handler: async ({ ctx, body }) => {
        const user = signedIn(ctx.user);
        await deps.db.transaction(async (trx) => {
          const account = await lockAccountById(trx, user.accountId);
          if (!account?.totp_secret) throw new AppError('CONFLICT', { detail: 'Préparez d’abord le second facteur.' });
          const step = matchTotpStep(body.code, account.totp_secret, deps.clock.now());
          if (step === null) throw new AppError('TOTP_INVALID');
          await updateAccount(trx, user.accountId, { totp_enabled: true, totp_last_step: String(step) });
          await recordAudit(trx, auditEvent(ctx, { action: 'auth.totp.enable', targetType: 'account', targetId: user.accountId }));
        });
      },
    }),
    route<TotpCodeRequest>({
      method: 'post',
      path: '/api/me/totp/disable',
      summary: 'Désactiver le second facteur en donnant un code valide',
      tags: ['Session'],
      access: 'authenticated',
      body: 'api/totp-code-request',
      successStatus: 204,
      handler: async ({ ctx, body }) => {
        const user = signedIn(ctx.user);
        await deps.db.transaction(async (trx) => {
          const account = await lockAccountById(trx, user.accountId);
          if (!account?.totp_enabled || !account.totp_secret) throw new AppError('CONFLICT', { detail: 'Le second facteur n’est pas activé.' });
          const step = matchTotpStep(body.code, account.totp_secret, deps.clock.now());
          if (step === null || (account.totp_last_step !== null && step <= Number(account.totp_last_step))) throw new AppError('TOTP_INVALID');
          await updateAccount(trx, user.accountId, { totp_enabled: false, totp_secret: null, totp_last_step: null });
          await recordAudit(trx, auditEvent(ctx, { action: 'auth.totp.disable', targetType: 'account', targetId: user.accountId }));
        });
      },
    }),
  ];
}

