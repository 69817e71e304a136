/**
 * Initial passwords are changed at first login: a portal account opened by the director, a staff
 * account created or reset by an administrator, may call nothing but `GET /api/me`, the password
 * change and logout until it has chosen its own password; the bootstrap administrator and the
 * demo accounts are not concerned.
 */
import pino from 'pino';
import { localDate } from '@cordee/core';
import { DEMO_PASSWORD, documentedLogins, generateDemoData, loadDemoData } from '@cordee/seeds';
import { hashPassword } from '@cordee/server/src/auth/passwords';
import { allRoutes } from '@cordee/server/src/routes';
import { ensureAdminAccount } from '@cordee/server/src/startup/reference-data';
import type { HttpClient, HttpResponse } from '../helpers/http-client';
import { type TestServer, startTestServer } from '../helpers/test-server';
import { type WorkflowWorld, workflowWorld } from '../helpers/workflow-world';

const CHOSEN = 'Mon-propre-mot-de-passe-7';
const INITIAL_PASSWORD = /^[A-Za-z2-9]{4}(-[A-Za-z2-9]{4}){3}$/;

let server: TestServer;
let world: WorkflowWorld;
let dossier: string;

beforeAll(async () => {
  server = await startTestServer();
  world = await workflowWorld(server, 'first');
  dossier = await world.dossier('2026-01-05');
});
afterAll(() => server?.close());

/** The refusal every gated call answers while the password change is pending. */
function expectChangeRequired(res: HttpResponse<any>, what: string): void {
  expect({ what, status: res.status, code: res.body?.code }).toEqual({ what, status: 403, code: 'PASSWORD_CHANGE_REQUIRED' });
  expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
  expect(res.body.title).toBe('Choisissez d’abord votre propre mot de passe : le mot de passe initial qui vous a été remis doit être changé.');
}

async function openPortalAccount(login: string, role: 'usager' | 'tap' = 'usager'): Promise<{ accountId: string; password: string }> {
  const res = await (await world.as('dirA')).post(`/api/dossiers/${dossier}/portal-accounts`, { role, login, displayName: `Portail ${login}` });
  expect(res.status).toBe(201);
  expect(res.body.initialPassword).toMatch(INITIAL_PASSWORD);
  return { accountId: res.body.account.accountId, password: res.body.initialPassword };
}

async function signIn(login: string, password: string): Promise<{ client: HttpClient; body: any }> {
  const client = server.client();
  const res = await client.login(login, password);
  expect(res.status).toBe(200);
  return { client, body: res.body };
}

const auditOf = async (accountId: string, action: string) => {
  await server.sealAudit();
  return server.db('audit_log').where({ action }).whereRaw('(target_id = ? or actor_account_id = ?)', [accountId, accountId]).orderBy('seq').select('outcome', 'actor_account_id', 'detail');
};

describe('a portal account opened with an initial password', () => {
  it('must choose its own password before anything else, with the rules explained in French, then reads its dossier', async () => {
    const { accountId, password } = await openPortalAccount('jeune.premiere');
    const { client, body: loggedIn } = await signIn('jeune.premiere', password);
    expect(loggedIn).toMatchObject({ login: 'jeune.premiere', passwordChangeRequired: true });
    const elsewhere = (await signIn('jeune.premiere', password)).client;

    const me = await client.get('/api/me');
    expect(me.status).toBe(200);
    expect(me.body.passwordChangeRequired).toBe(true);
    expectChangeRequired(await client.get(`/api/dossiers/${dossier}`), 'own dossier');
    expectChangeRequired(await client.get('/api/dossiers'), 'dossier list');
    expectChangeRequired(await client.put('/api/me/establishment', { establishmentId: world.estA }), 'switch establishment');
    expect((await client.get('/api/health')).status).toBe(200);

    // a new password outside the policy, or the initial one again, is refused at its field; the state stays
    const weak = await client.post('/api/me/password', { currentPassword: password, newPassword: 'court' });
    expect(weak.status).toBe(422);
    expect(weak.body.issues).toEqual([{ path: '/newPassword', message: 'Le mot de passe doit comporter au moins 12 caractères.' }]);
    const oneKind = await client.post('/api/me/password', { currentPassword: password, newPassword: 'toutenminusculeslongues' });
    expect(oneKind.status).toBe(422);
    expect(oneKind.body.issues[0].message).toBe('Le mot de passe doit mêler au moins trois types de caractères parmi minuscules, majuscules, chiffres et symboles.');
    const same = await client.post('/api/me/password', { currentPassword: password, newPassword: password });
    expect(same.status).toBe(422);
    expect(same.body.issues[0].message).toBe('Le nouveau mot de passe doit être différent de l’actuel.');
    const wrong = await client.post('/api/me/password', { currentPassword: 'pas-le-mot-remis', newPassword: CHOSEN });
    expect(wrong.status).toBe(422);
    expect(wrong.body.issues).toEqual([{ path: '/currentPassword', message: 'Le mot de passe actuel est incorrect.' }]);
    expect(await server.db('account').where({ id: accountId }).first('password_change_required')).toEqual({ password_change_required: true });
    expectChangeRequired(await client.get(`/api/dossiers/${dossier}`), 'after refused changes');

    expect((await client.post('/api/me/password', { currentPassword: password, newPassword: CHOSEN })).status).toBe(204);
    expect((await client.get('/api/me')).body.passwordChangeRequired).toBe(false);
    const own = await client.get(`/api/dossiers/${dossier}`);
    expect(own.status).toBe(200);
    expect(own.body.id).toBe(dossier);
    // the session opened with the handed-over password elsewhere ends; that password no longer opens one
    expect((await elsewhere.get('/api/me')).status).toBe(401);
    expect((await server.client().login('jeune.premiere', password)).status).toBe(401);
    expect((await signIn('jeune.premiere', CHOSEN)).body.passwordChangeRequired).toBe(false);

    const logins = await auditOf(accountId, 'auth.login');
    expect(logins.filter((l) => l.outcome === 'success').map((l) => l.detail.passwordChangeRequired)).toEqual([true, true, false]);
    const refusals = await auditOf(accountId, 'auth.password_change_required');
    expect(refusals.map((r) => [r.outcome, r.actor_account_id, r.detail])).toEqual([
      ['denied', accountId, { method: 'GET', path: '/api/dossiers/:id' }],
      ['denied', accountId, { method: 'GET', path: '/api/dossiers' }],
      ['denied', accountId, { method: 'PUT', path: '/api/me/establishment' }],
      ['denied', accountId, { method: 'GET', path: '/api/dossiers/:id' }],
    ]);
    const changes = await auditOf(accountId, 'account.password.change');
    expect(changes.map((c) => [c.outcome, c.detail.initialPasswordReplaced ?? c.detail.reason])).toEqual([
      ['denied', 'INVALID_CURRENT_PASSWORD'],
      ['success', true],
    ]);
    const everything = JSON.stringify(await server.db('audit_log').whereRaw('target_id = ? or actor_account_id = ?', [accountId, accountId]).select('detail'));
    expect(everything).not.toContain(password);
    expect(everything).not.toContain(CHOSEN);
  });

  it('answers every route but who am I, the password change and logout with the same refusal, whatever the profile’s rules', async () => {
    const { password } = await openPortalAccount('mere.routes', 'tap');
    const { client } = await signIn('mere.routes', password);
    const routes = allRoutes(server.deps).filter((r) => r.access !== 'public');
    expect(routes.filter((r) => r.beforePasswordChange).map((r) => `${r.method.toUpperCase()} ${r.path}`).sort()).toEqual(['GET /api/me', 'POST /api/auth/logout', 'POST /api/me/password']);
    const gated = routes.filter((r) => !r.beforePasswordChange);
    expect(gated.length).toBeGreaterThan(50);
    for (const r of gated) {
      const path = r.path.replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000');
      const res = await client.request(r.method.toUpperCase(), path, r.method === 'get' || r.method === 'delete' ? undefined : {});
      expectChangeRequired(res, `${r.method.toUpperCase()} ${r.path}`);
    }
    // nothing was written by the refused calls but their audit
    expect(await server.db('account').where({ login: 'mere.routes' }).first('password_change_required')).toEqual({ password_change_required: true });
    expect((await client.post('/api/auth/logout')).status).toBe(204);
    expect((await client.get('/api/me')).status).toBe(401);
  });

  it('tells the dossier page which portal account actions the user may take', async () => {
    const actions = async (user: 'dirA' | 'secA' | 'educA1') => (await (await world.as(user)).get(`/api/dossiers/${dossier}/synthesis`)).body.actions.portalAccounts;
    expect(await actions('dirA')).toEqual({ list: true, open: true, revoke: true });
    expect(await actions('secA')).toEqual({ list: true, open: false, revoke: false });
    expect(await actions('educA1')).toEqual({ list: false, open: false, revoke: false });
  });
});

describe('staff accounts given a password by an administrator', () => {
  it('are created with the change required, and a reset requires it again, ends the sessions and clears a lock', async () => {
    const admin = await world.as('admin');
    const created = await admin.post('/api/accounts', {
      login: 'educ.nouvelle',
      displayName: 'Éducatrice nouvelle',
      password: 'Choisi-par-l-admin-1',
      profiles: [{ profile: 'educateur_specialise', establishmentId: world.estA, unitId: world.unitA1 }],
    });
    expect(created.status).toBe(201);
    expect(created.body.passwordChangeRequired).toBe(true);
    const accountId: string = created.body.id;
    const first = await signIn('educ.nouvelle', 'Choisi-par-l-admin-1');
    expect(first.body.passwordChangeRequired).toBe(true);
    expectChangeRequired(await first.client.get('/api/dossiers'), 'staff list');
    expect((await first.client.post('/api/me/password', { currentPassword: 'Choisi-par-l-admin-1', newPassword: CHOSEN })).status).toBe(204);
    expect((await first.client.get('/api/dossiers')).status).toBe(200);
    expect((await admin.get(`/api/accounts/${accountId}`)).body.passwordChangeRequired).toBe(false);

    // forgotten password, and locked out by the attempts: the administrator resets it
    await server.db('account').where({ id: accountId }).update({ locked_until: new Date(Date.now() + 3_600_000), failed_attempts: 2 });
    const reset = await admin.post(`/api/accounts/${accountId}/password-reset`);
    expect(reset.status).toBe(200);
    expect(reset.body.initialPassword).toMatch(INITIAL_PASSWORD);
    expect(reset.body.account).toMatchObject({ id: accountId, passwordChangeRequired: true, lockedUntil: null });
    expect((await first.client.get('/api/me')).status).toBe(401);
    expect((await server.client().login('educ.nouvelle', CHOSEN)).status).toBe(401);
    const again = await signIn('educ.nouvelle', reset.body.initialPassword);
    expect(again.body.passwordChangeRequired).toBe(true);
    expectChangeRequired(await again.client.get('/api/dossiers'), 'after reset');
    expect((await again.client.post('/api/me/password', { currentPassword: reset.body.initialPassword, newPassword: `${CHOSEN}-bis` })).status).toBe(204);
    expect((await again.client.get('/api/dossiers')).status).toBe(200);

    const audited = await auditOf(accountId, 'account.password.reset');
    expect(audited).toHaveLength(1);
    expect(audited[0]).toMatchObject({ outcome: 'success', actor_account_id: world.users.admin.id, detail: { login: 'educ.nouvelle' } });
    expect(audited[0]!.detail.lockedUntil).not.toBeNull();
    expect(JSON.stringify(audited)).not.toContain(reset.body.initialPassword);
  });

  it('refuses a reset of one’s own account, by a profile that may not change accounts, and of an unknown account, writing nothing', async () => {
    const admin = await world.as('admin');
    const own = await admin.post(`/api/accounts/${world.users.admin.id}/password-reset`);
    expect(own.status).toBe(403);
    expect(own.body.detail).toMatch(/votre propre mot de passe/);
    const target = world.users.educA1.id;
    const byDirector = await (await world.as('dirA')).post(`/api/accounts/${target}/password-reset`);
    expect(byDirector.status).toBe(403);
    expect((await admin.post('/api/accounts/00000000-0000-4000-8000-000000000000/password-reset')).status).toBe(404);
    expect((await server.client().post(`/api/accounts/${target}/password-reset`)).status).toBe(401);
    for (const id of [world.users.admin.id, target]) {
      expect(await server.db('account').where({ id }).first('password_change_required')).toEqual({ password_change_required: false });
    }
    await server.sealAudit();
    expect(await server.db('audit_log').where({ action: 'account.password.reset' }).whereIn('target_id', [world.users.admin.id, target]).select('seq')).toEqual([]);
    expect((await (await world.as('educA1')).get('/api/dossiers')).status).toBe(200);
  });
});

describe('accounts whose password is not handed over', () => {
  it('the bootstrap administrator and the documented demo accounts are not asked to change it', async () => {
    const logger = pino({ level: 'silent' });
    expect((await ensureAdminAccount(server.db, logger, 'Mot-de-passe-operateur-1')).created).toBe(true);
    const admin = await signIn('admin', 'Mot-de-passe-operateur-1');
    expect(admin.body.passwordChangeRequired).toBe(false);
    expect((await admin.client.get('/api/accounts')).status).toBe(200);

    await server.db.transaction(async (trx) => loadDemoData(trx, generateDemoData({ today: localDate(new Date()) }), await hashPassword(DEMO_PASSWORD)));
    for (const login of Object.values(documentedLogins)) {
      const demo = await signIn(login, DEMO_PASSWORD);
      expect({ login, required: demo.body.passwordChangeRequired }).toEqual({ login, required: false });
      const list = await demo.client.get('/api/dossiers');
      expect({ login, code: list.body.code }).not.toEqual({ login, code: 'PASSWORD_CHANGE_REQUIRED' });
    }
  });
});
