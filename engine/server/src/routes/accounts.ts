import { AppError, type AssignmentInput, DEFAULT_PAGE_SIZE, type ErrorIssue, assignmentIssues, decodeCursor, encodeCursor, isUuid, localDate } from '@cordee/core';
import {
  type AccountSummary,
  type Tx,
  accountColumns,
  findAccountSummary,
  insertAccount,
  listAccounts,
  lockAccountById,
  organisationReferences,
  recordAudit,
  replaceAssignments,
  revokeAccountSessions,
  revokeOtherSessions,
  updateAccount,
} from '@cordee/db';
import type { AccountCreateRequest } from '@cordee/metadata/generated/api/account-create-request';
import type { AccountList } from '@cordee/metadata/generated/api/account-list';
import type { AccountListQuery } from '@cordee/metadata/generated/api/account-list-query';
import type { AccountPasswordRequest } from '@cordee/metadata/generated/api/account-password-request';
import type { AccountPasswordReset } from '@cordee/metadata/generated/api/account-password-reset';
import type { AccountProfilesRequest } from '@cordee/metadata/generated/api/account-profiles-request';
import type { AccountView } from '@cordee/metadata/generated/api/account-view';
import type { AppDeps } from '../deps';
import { assertCanOn, requireUser, listFilter } from '../http/authorize';
import { type RequestContext, auditEvent } from '../http/context';
import { route, type RouteSpec } from '../http/route';
import { initialPassword } from '../auth/initial-password';
import { hashPassword, passwordPolicyProblem, verifyPassword } from '../auth/passwords';

const TAGS = ['Comptes'];

/** The administrators' view of an account: a lock that has run out is no lock. */
function accountView(a: AccountSummary, now: Date): AccountView {
  return {
    ...a,
    lockedUntil: a.lockedUntil && a.lockedUntil.getTime() > now.getTime() ? a.lockedUntil.toISOString() : null,
    createdAt: a.createdAt.toISOString(),
    passwordChangedAt: a.passwordChangedAt.toISOString(),
  };
}

/** What an audit event records of assignments: references only. */
const assignmentsDetail = (list: readonly AssignmentInput[]) =>
  list.map((a) => ({ profile: a.profile, establishmentId: a.establishmentId ?? null, unitId: a.unitId ?? null, validFrom: a.validFrom ?? null, validTo: a.validTo ?? null }));

/** Problems of assignments against the profile catalogue and the organisation, each at its field. */
async function checkAssignments(deps: AppDeps, trx: Tx, assignments: readonly AssignmentInput[]): Promise<ErrorIssue[]> {
  const profiles = await deps.profiles();
  const refs = await organisationReferences(
    trx,
    [...new Set(assignments.map((a) => a.establishmentId).filter((id): id is string => !!id))],
    [...new Set(assignments.map((a) => a.unitId).filter((id): id is string => !!id))],
  );
  return assignmentIssues(assignments, { profileKinds: new Map([...profiles].map(([key, p]) => [key, p.kind])), ...refs }, localDate(deps.clock.now()));
}

/** The account of a URL, row-locked, that the caller may change; an administrator never changes their own habilitations or status here. */
async function lockTarget(ctx: RequestContext, trx: Tx, id: string, selfRefusal?: string): Promise<AccountSummary> {
  const user = requireUser(ctx);
  const account = isUuid(id) ? await lockAccountById(trx, id) : null;
  if (!account) throw new AppError('NOT_FOUND');
  assertCanOn(ctx, 'update', 'Account', { id: account.id, status: account.status });
  if (selfRefusal && account.id === user.accountId) throw new AppError('FORBIDDEN', { detail: selfRefusal });
  return (await findAccountSummary(trx, account.id))!;
}

export function accountRoutes(deps: AppDeps): RouteSpec[] {
  const now = () => deps.clock.now();
  const view = async (trx: Tx, id: string) => accountView((await findAccountSummary(trx, id))!, now());

  return [
    route<unknown, AccountListQuery>({
      method: 'get',
      path: '/api/accounts',
      summary: 'Comptes utilisateurs (filtres : établissement, profil, état, recherche)',
      tags: TAGS,
      access: { action: 'read', subject: 'Account' },
      query: 'api/account-list-query',
      response: 'api/account-list',
      handler: async ({ ctx, query }): Promise<AccountList> => {
        let after: [string, string] | undefined;
        if (query.cursor) {
          const [key, id] = decodeCursor(query.cursor, 2);
          if (typeof key !== 'string' || typeof id !== 'string' || !isUuid(id)) {
            throw new AppError('VALIDATION_FAILED', { issues: [{ path: '/cursor', message: 'Le curseur de pagination est invalide.' }] });
          }
          after = [key, id];
        }
        const page = await listAccounts(deps.db, {
          filter: listFilter(ctx, 'read', 'Account', accountColumns),
          limit: query.limit ?? DEFAULT_PAGE_SIZE,
          ...(query.q ? { q: query.q } : {}),
          ...(query.establishment ? { establishmentId: query.establishment } : {}),
          ...(query.profile ? { profile: query.profile } : {}),
          ...(query.status ? { status: query.status } : {}),
          ...(after ? { after } : {}),
        });
        return { items: page.items.map((a) => accountView(a, now())), nextCursor: page.nextAfter ? encodeCursor(page.nextAfter) : null };
      },
    }),
    route({
      method: 'get',
      path: '/api/accounts/:id',
      summary: 'Un compte utilisateur et ses profils',
      tags: TAGS,
      access: { action: 'read', subject: 'Account' },
      response: 'api/account-view',
      handler: async ({ ctx, params }) => {
        const account = await findAccountSummary(deps.db, params.id!);
        if (!account) throw new AppError('NOT_FOUND');
        assertCanOn(ctx, 'read', 'Account', { id: account.id, status: account.status });
        return accountView(account, now());
      },
    }),
    route<AccountCreateRequest>({
      method: 'post',
      path: '/api/accounts',
      summary: 'Créer un compte utilisateur avec ses profils',
      tags: TAGS,
      access: { action: 'create', subject: 'Account' },
      body: 'api/account-create-request',
      response: 'api/account-view',
      successStatus: 201,
      handler: async ({ ctx, body }) => {
        const issues: ErrorIssue[] = [];
        const displayName = body.displayName.trim();
        if (displayName === '') issues.push({ path: '/displayName', message: 'Le nom affiché ne peut pas être vide.' });
        const weak = passwordPolicyProblem(body.password);
        if (weak) issues.push({ path: '/password', message: weak });
        const passwordHash = weak ? null : await hashPassword(body.password);
        return deps.db.transaction(async (trx) => {
          issues.push(...(await checkAssignments(deps, trx, body.profiles)));
          if (issues.length > 0 || !passwordHash) throw new AppError('VALIDATION_FAILED', { issues });
          // the administrator chose this password: the person replaces it at their first login
          const id = await insertAccount(trx, { login: body.login, displayName, email: body.email ?? null, passwordHash, passwordChangeRequired: true });
          await replaceAssignments(trx, id, body.profiles);
          await recordAudit(
            trx,
            auditEvent(ctx, { action: 'account.create', targetType: 'account', targetId: id, detail: { login: body.login, profiles: assignmentsDetail(body.profiles) } }),
          );
          return view(trx, id);
        });
      },
    }),
    route<AccountProfilesRequest>({
      method: 'put',
      path: '/api/accounts/:id/profiles',
      summary: 'Remplacer les profils (habilitations) d’un compte',
      tags: TAGS,
      access: { action: 'update', subject: 'Account' },
      body: 'api/account-profiles-request',
      response: 'api/account-view',
      handler: async ({ ctx, body, params }) =>
        deps.db.transaction(async (trx) => {
          const account = await lockTarget(ctx, trx, params.id!, 'Vous ne pouvez pas modifier vos propres habilitations : un autre administrateur doit le faire.');
          const issues = await checkAssignments(deps, trx, body.profiles);
          if (issues.length > 0) throw new AppError('VALIDATION_FAILED', { issues });
          await replaceAssignments(trx, account.id, body.profiles);
          await recordAudit(
            trx,
            auditEvent(ctx, {
              action: 'account.profiles.replace',
              targetType: 'account',
              targetId: account.id,
              detail: { before: assignmentsDetail(account.profiles), after: assignmentsDetail(body.profiles) },
            }),
          );
          return view(trx, account.id);
        }),
    }),
    route({
      method: 'post',
      path: '/api/accounts/:id/unlock',
      summary: 'Déverrouiller un compte verrouillé après des échecs de connexion',
      tags: TAGS,
      access: { action: 'update', subject: 'Account' },
      response: 'api/account-view',
      handler: async ({ ctx, params }) =>
        deps.db.transaction(async (trx) => {
          const account = await lockTarget(ctx, trx, params.id!);
          await updateAccount(trx, account.id, { failed_attempts: 0, locked_until: null });
          await recordAudit(
            trx,
            auditEvent(ctx, { action: 'account.unlock', targetType: 'account', targetId: account.id, detail: { lockedUntil: account.lockedUntil?.toISOString() ?? null } }),
          );
          return view(trx, account.id);
        }),
    }),
    route({
      method: 'post',
      path: '/api/accounts/:id/disable',
      summary: 'Désactiver un compte : ses sessions prennent fin immédiatement',
      tags: TAGS,
      access: { action: 'update', subject: 'Account' },
      response: 'api/account-view',
      handler: async ({ ctx, params }) =>
        deps.db.transaction(async (trx) => {
          const account = await lockTarget(ctx, trx, params.id!, 'Vous ne pouvez pas désactiver votre propre compte.');
          await updateAccount(trx, account.id, { status: 'disabled' });
          await revokeAccountSessions(trx, account.id);
          await recordAudit(trx, auditEvent(ctx, { action: 'account.disable', targetType: 'account', targetId: account.id, detail: { previousStatus: account.status } }));
          return view(trx, account.id);
        }),
    }),
    route({
      method: 'post',
      path: '/api/accounts/:id/enable',
      summary: 'Réactiver un compte désactivé',
      tags: TAGS,
      access: { action: 'update', subject: 'Account' },
      response: 'api/account-view',
      handler: async ({ ctx, params }) =>
        deps.db.transaction(async (trx) => {
          const account = await lockTarget(ctx, trx, params.id!, 'Vous ne pouvez pas modifier l’état de votre propre compte.');
          await updateAccount(trx, account.id, { status: 'active' });
          await recordAudit(trx, auditEvent(ctx, { action: 'account.enable', targetType: 'account', targetId: account.id, detail: { previousStatus: account.status } }));
          return view(trx, account.id);
        }),
    }),
    route({
      method: 'post',
      path: '/api/accounts/:id/password-reset',
      summary: 'Réinitialiser le mot de passe d’un compte : un mot de passe initial est affiché une seule fois, à changer à la prochaine connexion ; les sessions du compte prennent fin',
      tags: TAGS,
      access: { action: 'update', subject: 'Account' },
      response: 'api/account-password-reset',
      handler: async ({ ctx, params }): Promise<AccountPasswordReset> => {
        const password = initialPassword();
        const passwordHash = await hashPassword(password);
        return deps.db.transaction(async (trx) => {
          const account = await lockTarget(ctx, trx, params.id!, 'Vous ne pouvez pas réinitialiser votre propre mot de passe : changez-le depuis votre compte.');
          await updateAccount(trx, account.id, { password_hash: passwordHash, password_change_required: true, password_changed_at: now(), failed_attempts: 0, locked_until: null });
          await revokeAccountSessions(trx, account.id);
          await recordAudit(
            trx,
            auditEvent(ctx, { action: 'account.password.reset', targetType: 'account', targetId: account.id, detail: { login: account.login, lockedUntil: account.lockedUntil?.toISOString() ?? null } }),
          );
          return { account: await view(trx, account.id), initialPassword: password };
        });
      },
    }),
    route<AccountPasswordRequest>({
      method: 'post',
      path: '/api/me/password',
      summary: 'Changer son mot de passe : les autres sessions prennent fin',
      tags: ['Session'],
      access: 'authenticated',
      beforePasswordChange: true,
      body: 'api/account-password-request',
      successStatus: 204,
      handler: async ({ ctx, body }) => {
        const user = requireUser(ctx);
        const weak = passwordPolicyProblem(body.newPassword) ?? (body.newPassword === body.currentPassword ? 'Le nouveau mot de passe doit être différent de l’actuel.' : null);
        if (weak) throw new AppError('VALIDATION_FAILED', { issues: [{ path: '/newPassword', message: weak }] });
        const newHash = await hashPassword(body.newPassword);
        // A wrong current password counts as a failed login (a stolen session cannot guess it at
        // leisure); the counters and the audit commit although the request fails.
        const failure = await deps.db.transaction(async (trx): Promise<AppError | null> => {
          const account = await lockAccountById(trx, user.accountId);
          if (!account) return new AppError('UNAUTHENTICATED');
          if (!(await verifyPassword(account.password_hash, body.currentPassword))) {
            const failures = account.failed_attempts + 1;
            const audit = (detail: Record<string, unknown>) =>
              recordAudit(trx, auditEvent(ctx, { action: 'account.password.change', targetType: 'account', targetId: account.id, outcome: 'denied', detail }));
            if (failures >= deps.config.loginMaxFailures) {
              const until = new Date(now().getTime() + deps.config.lockoutMinutes * 60_000);
              await updateAccount(trx, account.id, { failed_attempts: 0, locked_until: until });
              await revokeAccountSessions(trx, account.id);
              await audit({ reason: 'ACCOUNT_LOCKED', failures });
              await recordAudit(trx, auditEvent(ctx, { action: 'auth.account.locked', targetType: 'account', targetId: account.id, detail: { until: until.toISOString() } }));
              return new AppError('ACCOUNT_LOCKED', { detail: `Compte verrouillé jusqu’à ${until.toISOString()}.` });
            }
            await updateAccount(trx, account.id, { failed_attempts: failures });
            await audit({ reason: 'INVALID_CURRENT_PASSWORD', failures });
            return new AppError('VALIDATION_FAILED', { issues: [{ path: '/currentPassword', message: 'Le mot de passe actuel est incorrect.' }] });
          }
          await updateAccount(trx, account.id, { password_hash: newHash, failed_attempts: 0, password_changed_at: now(), password_change_required: false });
          await revokeOtherSessions(trx, account.id, user.sessionId);
          await recordAudit(
            trx,
            auditEvent(ctx, { action: 'account.password.change', targetType: 'account', targetId: account.id, detail: { initialPasswordReplaced: account.password_change_required } }),
          );
          return null;
        });
        if (failure) throw failure;
      },
    }),
  ];
}
