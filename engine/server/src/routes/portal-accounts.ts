import { AppError, type ErrorIssue, isUuid } from '@cordee/core';
import {
  type PortalAccountRecord,
  type PortalRelation,
  findDossierAccessRecord,
  insertAccount,
  insertAssignment,
  linkPortalAccount,
  listPortalAccounts,
  lockPortalLink,
  recordAudit,
  revokeAccountSessions,
  unlinkPortalAccount,
  updateAccount,
} from '@cordee/db';
import type { PortalAccount } from '@cordee/metadata/generated/api/portal-account';
import type { PortalAccountCreateRequest } from '@cordee/metadata/generated/api/portal-account-create-request';
import type { PortalAccountCreated } from '@cordee/metadata/generated/api/portal-account-created';
import type { PortalAccountList } from '@cordee/metadata/generated/api/portal-account-list';
import type { AppDeps } from '../deps';
import { initialPassword } from '../auth/initial-password';
import { hashPassword } from '../auth/passwords';
import { assertNotArchived } from '../dossiers/archived';
import { lockDossierFor } from '../dossiers/dossier-lock';
import { portalAccountSubject } from '../dossiers/portal-account-actions';
import { dossierSubject } from '../dossiers/subjects';
import { assertCanOn, requireUser } from '../http/authorize';
import { auditEvent } from '../http/context';
import { route, type RouteSpec } from '../http/route';

const TAGS = ['Portail'];

/** The role of a portal account is the key of its profile; the link to the dossier names the relation. */
const relationOf: Record<PortalAccount['role'], PortalRelation> = { usager: 'usager', tap: 'legal_representative' };
const roleOf = (relation: PortalRelation): PortalAccount['role'] => (relation === 'usager' ? 'usager' : 'tap');

const portalView = (a: PortalAccountRecord): PortalAccount => ({
  accountId: a.accountId,
  login: a.login,
  displayName: a.displayName,
  role: roleOf(a.relation),
  status: a.status,
  openedAt: a.openedAt.toISOString(),
  openedBy: a.openedBy,
  passwordChangeRequired: a.passwordChangeRequired,
});

/**
 * Portal accounts (Ségur RU-5): the establishment opens an account for the young person or a
 * legal representative, linked to the dossier, so that they read it (within their profile's
 * rules) through the portal; revoking ends the link and the account's sessions at once.
 */
export function portalAccountRoutes(deps: AppDeps): RouteSpec[] {
  return [
    route({
      method: 'get',
      path: '/api/dossiers/:id/portal-accounts',
      summary: 'Les comptes du portail reliés au dossier (l’enfant ou le jeune, ses représentants légaux)',
      tags: TAGS,
      access: { action: 'read', subject: 'PortalAccount' },
      response: 'api/portal-account-list',
      handler: async ({ ctx, params }): Promise<PortalAccountList> => {
        const dossier = await findDossierAccessRecord(deps.db, params.id!);
        if (!dossier) throw new AppError('NOT_FOUND');
        assertCanOn(ctx, 'read', 'Dossier', dossierSubject(dossier));
        assertCanOn(ctx, 'read', 'PortalAccount', portalAccountSubject(dossier));
        const items = (await listPortalAccounts(deps.db, dossier.id)).map(portalView);
        await recordAudit(
          deps.db,
          auditEvent(ctx, { action: 'portal_account.list', targetType: 'dossier', targetId: dossier.id, dossierId: dossier.id, establishmentId: dossier.establishmentId, detail: { count: items.length } }),
        );
        return { items, nextCursor: null };
      },
    }),
    route<PortalAccountCreateRequest>({
      method: 'post',
      path: '/api/dossiers/:id/portal-accounts',
      summary: 'Ouvrir un compte du portail pour l’enfant ou le jeune, ou pour un représentant légal, relié au dossier (mot de passe initial affiché une seule fois)',
      tags: TAGS,
      access: { action: 'create', subject: 'PortalAccount' },
      body: 'api/portal-account-create-request',
      response: 'api/portal-account-created',
      successStatus: 201,
      handler: async ({ ctx, params, body }): Promise<PortalAccountCreated> => {
        const user = requireUser(ctx);
        const issues: ErrorIssue[] = [];
        const displayName = body.displayName.trim();
        if (displayName === '') issues.push({ path: '/displayName', message: 'Le nom affiché ne peut pas être vide.' });
        const profile = (await deps.profiles()).get(body.role);
        if (profile?.kind !== 'usager') issues.push({ path: '/role', message: `Le profil de portail « ${body.role} » n’est pas installé.` });
        if (issues.length > 0) throw new AppError('VALIDATION_FAILED', { issues });
        const password = initialPassword();
        const passwordHash = await hashPassword(password);
        return deps.db.transaction(async (trx) => {
          const dossier = await lockDossierFor(trx, ctx, params.id!, 'read');
          assertCanOn(ctx, 'create', 'PortalAccount', portalAccountSubject(dossier));
          assertNotArchived(dossier);
          const accountId = await insertAccount(trx, { login: body.login, displayName, email: body.email ?? null, passwordHash, passwordChangeRequired: true });
          await insertAssignment(trx, { accountId, profileKey: body.role, establishmentId: dossier.establishmentId });
          await linkPortalAccount(trx, { accountId, dossierId: dossier.id, relation: relationOf[body.role], createdBy: user.accountId });
          await recordAudit(
            trx,
            auditEvent(ctx, {
              action: 'portal_account.create',
              targetType: 'account',
              targetId: accountId,
              dossierId: dossier.id,
              establishmentId: dossier.establishmentId,
              detail: { login: body.login, role: body.role },
            }),
          );
          const account = (await listPortalAccounts(trx, dossier.id)).find((a) => a.accountId === accountId)!;
          return { account: portalView(account), initialPassword: password };
        });
      },
    }),
    route({
      method: 'delete',
      path: '/api/dossiers/:id/portal-accounts/:accountId',
      summary: 'Retirer l’accès d’un compte du portail au dossier : ses sessions prennent fin, le compte est désactivé s’il n’ouvre plus sur aucun dossier',
      tags: TAGS,
      access: { action: 'revoke', subject: 'PortalAccount' },
      successStatus: 204,
      handler: async ({ ctx, params }) => {
        await deps.db.transaction(async (trx) => {
          const dossier = await lockDossierFor(trx, ctx, params.id!, 'read');
          assertCanOn(ctx, 'revoke', 'PortalAccount', portalAccountSubject(dossier));
          const link = isUuid(params.accountId!) ? await lockPortalLink(trx, params.accountId!, dossier.id) : null;
          if (!link) throw new AppError('NOT_FOUND', { detail: 'Ce compte n’est pas relié à ce dossier.' });
          const remaining = await unlinkPortalAccount(trx, params.accountId!, dossier.id);
          if (remaining === 0) await updateAccount(trx, params.accountId!, { status: 'disabled' });
          await revokeAccountSessions(trx, params.accountId!);
          await recordAudit(
            trx,
            auditEvent(ctx, {
              action: 'portal_account.revoke',
              targetType: 'account',
              targetId: params.accountId!,
              dossierId: dossier.id,
              establishmentId: dossier.establishmentId,
              detail: { login: link.login, role: roleOf(link.relation), accountDisabled: remaining === 0 },
            }),
          );
        });
        return undefined;
      },
    }),
  ];
}
