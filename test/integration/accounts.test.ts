import { insertDossier } from '@cordee/db';
import { TEST_PASSWORD, type TestOrganisation, type TestUser, createOrganisation, createUser } from '../helpers/fixtures';
import type { HttpClient } from '../helpers/http-client';
import { type TestServer, startTestServer } from '../helpers/test-server';

const STRONG = 'Nouveau-mot-de-passe-2025';

describe('account administration over HTTP', () => {
  let server: TestServer;
  let org: TestOrganisation;
  let adminUser: TestUser;
  let admin: HttpClient;
  let chef: HttpClient;

  const signIn = async (login: string, password = TEST_PASSWORD): Promise<HttpClient> => {
    const client = server.client();
    const res = await client.login(login, password);
    expect(res.status).toBe(200);
    return client;
  };
  const accountCount = async (login: string) => Number((await server.db('account').whereRaw('lower(login) = lower(?)', [login]).count<{ count: string }[]>('* as count'))[0]!.count);
  const E = (i: number) => org.establishments[i]!;

  beforeAll(async () => {
    server = await startTestServer({ config: { loginMaxFailures: 3, lockoutMinutes: 15 } });
    org = await createOrganisation(server.db, 'Association Comptes', 2);
    adminUser = await createUser(server.db, 'acc.admin', [{ profile: 'administrateur' }]);
    admin = await signIn(adminUser.login);
    await createUser(server.db, 'acc.cse', [{ profile: 'chef_service', establishmentId: E(0).id }]);
    chef = await signIn('acc.cse');
  });
  afterAll(() => server.close());

  describe('creation', () => {
    it('creates an account with its profiles, which can then log in; no secret in the answer', async () => {
      const res = await admin.post('/api/accounts', {
        login: 'Marie.Durand',
        displayName: 'Marie Durand',
        email: 'marie.durand@example.org',
        password: STRONG,
        profiles: [
          { profile: 'educateur_specialise', establishmentId: E(0).id, unitId: E(0).unitIds[0] },
          { profile: 'educateur_specialise', establishmentId: E(1).id, validFrom: '2020-01-01', validTo: '2099-12-31' },
        ],
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ login: 'Marie.Durand', displayName: 'Marie Durand', email: 'marie.durand@example.org', status: 'active', lockedUntil: null, secondFactor: false });
      expect(res.body.profiles).toHaveLength(2);
      expect(res.body.profiles[0]).toMatchObject({ profile: 'educateur_specialise', label: 'Éducateur spécialisé' });
      expect(Object.keys(res.body).sort()).toEqual(['createdAt', 'displayName', 'email', 'id', 'lockedUntil', 'login', 'passwordChangeRequired', 'passwordChangedAt', 'profiles', 'secondFactor', 'status'].sort());
      expect(res.text).not.toMatch(/argon2|password_hash|passwordHash|totp_secret/i);

      const client = await signIn('marie.durand', STRONG);
      const me = await client.get('/api/me');
      expect(me.body.establishments.map((e: { id: string }) => e.id).sort()).toEqual([E(0).id, E(1).id].sort());

      await server.sealAudit();
      const [row] = await server.db('audit_log').where({ action: 'account.create', target_id: res.body.id });
      expect(row.actor_account_id).toBe(adminUser.id);
      expect(row.detail.login).toBe('Marie.Durand');
      expect(JSON.stringify(row.detail)).not.toContain(STRONG);
    });

    it('refuses a weak password with a French message at its field, writing nothing', async () => {
      const res = await admin.post('/api/accounts', { login: 'weak.pass', displayName: 'Faible', password: 'court', profiles: [] });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.issues).toEqual([{ path: '/password', message: 'Le mot de passe doit comporter au moins 12 caractères.' }]);
      const oneKind = await admin.post('/api/accounts', { login: 'weak.pass', displayName: 'Faible', password: 'toutenminusculeslongues', profiles: [] });
      expect(oneKind.status).toBe(422);
      expect(oneKind.body.issues[0].message).toMatch(/trois types de caractères/);
      expect(await accountCount('weak.pass')).toBe(0);
    });

    it('refuses a login already used, whatever the case (409)', async () => {
      await createUser(server.db, 'Jean.Martin', []);
      const res = await admin.post('/api/accounts', { login: 'JEAN.MARTIN', displayName: 'Autre Jean', password: STRONG, profiles: [] });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('ALREADY_EXISTS');
      expect(res.body.issues[0].path).toBe('/login');
      expect(await accountCount('jean.martin')).toBe(1);
    });

    it('creates one account out of concurrent requests for the same login', async () => {
      const results = await Promise.all(
        ['race.login', 'RACE.login', 'Race.Login'].map((login) => admin.post('/api/accounts', { login, displayName: 'Course', password: STRONG, profiles: [] })),
      );
      expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
      expect(await accountCount('race.login')).toBe(1);
    });

    it('refuses an unknown profile at its field', async () => {
      const res = await admin.post('/api/accounts', { login: 'unknown.profile', displayName: 'X', password: STRONG, profiles: [{ profile: 'sorcier', establishmentId: E(0).id }] });
      expect(res.status).toBe(422);
      expect(res.body.issues).toEqual([{ path: '/profiles/0/profile', message: 'Profil inconnu : « sorcier ».' }]);
      expect(await accountCount('unknown.profile')).toBe(0);
    });

    it('writes nothing when one assignment of several is invalid (unit of another establishment)', async () => {
      const profilesBefore = Number((await server.db('account_profile').count<{ count: string }[]>('* as count'))[0]!.count);
      const res = await admin.post('/api/accounts', {
        login: 'half.written',
        displayName: 'À moitié',
        password: STRONG,
        profiles: [
          { profile: 'moniteur_educateur', establishmentId: E(0).id, unitId: E(0).unitIds[0] },
          { profile: 'moniteur_educateur', establishmentId: E(0).id, unitId: E(1).unitIds[0] },
        ],
      });
      expect(res.status).toBe(422);
      expect(res.body.issues).toEqual([{ path: '/profiles/1/unitId', message: 'Cette unité n’appartient pas à l’établissement indiqué.' }]);
      expect(await accountCount('half.written')).toBe(0);
      expect(Number((await server.db('account_profile').count<{ count: string }[]>('* as count'))[0]!.count)).toBe(profilesBefore);
    });

    it('reports every problem at once: staff profile without establishment, end before start, unknown field', async () => {
      const res = await admin.post('/api/accounts', {
        login: 'many.problems',
        displayName: 'Plusieurs',
        password: 'faible',
        profiles: [{ profile: 'infirmier' }, { profile: 'infirmier', establishmentId: E(1).id, validFrom: '2025-02-01', validTo: '2025-01-01' }],
      });
      expect(res.status).toBe(422);
      expect(res.body.issues.map((i: { path: string }) => i.path)).toEqual(['/password', '/profiles/0/establishmentId', '/profiles/1/validTo']);
      const unknownField = await admin.post('/api/accounts', { login: 'x.y', displayName: 'X', password: STRONG, profiles: [], role: 'root' });
      expect(unknownField.status).toBe(422);
      expect(unknownField.body.issues[0].path).toBe('/role');
    });

    it('forbids account administration to staff and to anonymous callers', async () => {
      const res = await chef.post('/api/accounts', { login: 'by.chef', displayName: 'X', password: STRONG, profiles: [] });
      expect(res.status).toBe(403);
      expect(await accountCount('by.chef')).toBe(0);
      const target = await createUser(server.db, 'chef.target', []);
      expect((await chef.post(`/api/accounts/${target.id}/disable`)).status).toBe(403);
      expect((await chef.put(`/api/accounts/${target.id}/profiles`, { profiles: [{ profile: 'administrateur' }] })).status).toBe(403);
      expect((await server.client().get('/api/accounts')).status).toBe(401);
      const usager = await signIn((await createUser(server.db, 'acc.usager', [{ profile: 'usager' }])).login);
      expect((await usager.get('/api/accounts')).status).toBe(403);
    });
  });

  describe('reading', () => {
    it('pages through accounts by login and filters them in SQL', async () => {
      await createUser(server.db, 'list.a', [{ profile: 'infirmier', establishmentId: E(1).id }]);
      await createUser(server.db, 'list.b', [{ profile: 'psychologue', establishmentId: E(1).id }]);
      await createUser(server.db, 'list.c', [{ profile: 'infirmier', establishmentId: E(0).id }]);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { status: number; body: { items: Array<{ login: string }>; nextCursor: string | null } } = await admin.get(`/api/accounts?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        expect(page.status).toBe(200);
        expect(page.body.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.body.items.map((a) => a.login));
        cursor = page.body.nextCursor;
      } while (cursor);
      const total = Number((await server.db('account').count<{ count: string }[]>('* as count'))[0]!.count);
      expect(seen).toHaveLength(total);
      expect([...seen].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1))).toEqual(seen);

      const inE1 = await admin.get(`/api/accounts?establishment=${E(1).id}`);
      expect(inE1.body.items.map((a: { login: string }) => a.login)).toEqual(expect.arrayContaining(['list.a', 'list.b']));
      expect(inE1.body.items.map((a: { login: string }) => a.login)).not.toContain('list.c');
      const nursesInE1 = await admin.get(`/api/accounts?establishment=${E(1).id}&profile=infirmier`);
      expect(nursesInE1.body.items.map((a: { login: string }) => a.login)).toEqual(['list.a']);
      const search = await admin.get('/api/accounts?q=LIST.');
      expect(search.body.items.map((a: { login: string }) => a.login)).toEqual(['list.a', 'list.b', 'list.c']);
      const wildcard = await admin.get('/api/accounts?q=%25');
      expect(wildcard.body.items).toEqual([]);
      const badCursor = await admin.get('/api/accounts?cursor=garbage');
      expect(badCursor.status).toBe(422);
      expect(badCursor.body.issues[0].path).toBe('/cursor');
    });

    it('never shows a password hash or a TOTP secret', async () => {
      const user = await createUser(server.db, 'secret.keeper', [{ profile: 'infirmier', establishmentId: E(0).id }]);
      await server.db('account').where({ id: user.id }).update({ totp_secret: 'JBSWY3DPEHPK3PXPSECRET', totp_enabled: true });
      const { password_hash: hash } = await server.db('account').where({ id: user.id }).first('password_hash');
      const one = await admin.get(`/api/accounts/${user.id}`);
      expect(one.status).toBe(200);
      expect(one.body.secondFactor).toBe(true);
      const list = await admin.get('/api/accounts?q=secret.keeper');
      for (const text of [one.text, list.text]) {
        expect(text).not.toContain(hash);
        expect(text).not.toContain('JBSWY3DPEHPK3PXPSECRET');
        expect(text).not.toMatch(/password_hash|passwordHash|totp_secret|totpSecret/);
      }
    });

    it('answers 404 for an unknown or malformed account id', async () => {
      expect((await admin.get('/api/accounts/00000000-0000-4000-8000-000000000000')).status).toBe(404);
      expect((await admin.get('/api/accounts/nope')).status).toBe(404);
      expect((await admin.post('/api/accounts/nope/unlock')).status).toBe(404);
    });
  });

  describe('changes', () => {
    it('replaces the profiles of an account, audits before and after, and keeps them on a bad request', async () => {
      const user = await createUser(server.db, 'move.me', [{ profile: 'educateur_specialise', establishmentId: E(0).id }]);
      const res = await admin.put(`/api/accounts/${user.id}/profiles`, { profiles: [{ profile: 'chef_service', establishmentId: E(1).id }] });
      expect(res.status).toBe(200);
      expect(res.body.profiles.map((p: { profile: string; establishmentId: string }) => [p.profile, p.establishmentId])).toEqual([['chef_service', E(1).id]]);
      const client = await signIn('move.me');
      const tree = await client.get('/api/establishments');
      expect(tree.body.items[0].establishments.map((e: { id: string }) => e.id)).toEqual([E(1).id]);

      const bad = await admin.put(`/api/accounts/${user.id}/profiles`, { profiles: [{ profile: 'infirmier', establishmentId: E(0).id }, { profile: 'nope', establishmentId: E(0).id }] });
      expect(bad.status).toBe(422);
      expect(bad.body.issues[0].path).toBe('/profiles/1/profile');
      const rows = await server.db('account_profile').where({ account_id: user.id });
      expect(rows.map((r: { profile_key: string }) => r.profile_key)).toEqual(['chef_service']);

      await server.sealAudit();
      const audit = await server.db('audit_log').where({ action: 'account.profiles.replace', target_id: user.id });
      expect(audit).toHaveLength(1);
      expect(audit[0].detail.before).toEqual([expect.objectContaining({ profile: 'educateur_specialise', establishmentId: E(0).id })]);
      expect(audit[0].detail.after).toEqual([expect.objectContaining({ profile: 'chef_service', establishmentId: E(1).id })]);
    });

    it('does not let an administrator give themselves habilitations (no way into dossiers) nor disable themselves', async () => {
      const own = await admin.put(`/api/accounts/${adminUser.id}/profiles`, {
        profiles: [{ profile: 'administrateur' }, { profile: 'chef_service', establishmentId: E(0).id }],
      });
      expect(own.status).toBe(403);
      expect(own.body.detail).toMatch(/propres habilitations/);
      expect((await admin.post(`/api/accounts/${adminUser.id}/disable`)).status).toBe(403);
      const rows = await server.db('account_profile').where({ account_id: adminUser.id });
      expect(rows.map((r: { profile_key: string }) => r.profile_key)).toEqual(['administrateur']);

      const dossier = await insertDossier(server.db, {
        identity: { birthName: 'SECRET', firstNames: 'Enfant', birthDate: '2012-04-01', birthPlaceCode: '75056', sex: 'F' },
        establishmentId: E(0).id,
      });
      const read = await admin.get(`/api/dossiers/${dossier.id}`);
      expect([403, 404]).toContain(read.status);
      expect(read.text).not.toContain('SECRET');
      const accounts = await admin.get('/api/accounts');
      expect(accounts.text).not.toContain('SECRET');
    });

    it('disabling an account ends its open sessions at once; enabling lets it back in', async () => {
      const user = await createUser(server.db, 'to.disable', [{ profile: 'infirmier', establishmentId: E(0).id }]);
      const client = await signIn(user.login);
      expect((await client.get('/api/me')).status).toBe(200);
      const res = await admin.post(`/api/accounts/${user.id}/disable`);
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('disabled');
      expect((await client.get('/api/me')).status).toBe(401);
      expect((await client.get('/api/establishments')).status).toBe(401);
      const open = await server.db('session').where({ account_id: user.id }).whereNull('revoked_at');
      expect(open).toHaveLength(0);
      const again = await server.client().login(user.login, user.password);
      expect(again.status).toBe(403);
      expect(again.body.code).toBe('ACCOUNT_DISABLED');

      const enabled = await admin.post(`/api/accounts/${user.id}/enable`);
      expect(enabled.body.status).toBe('active');
      expect((await server.client().login(user.login, user.password)).status).toBe(200);
      await server.sealAudit();
      const actions = (await server.db('audit_log').where({ target_id: user.id }).whereIn('action', ['account.disable', 'account.enable']).orderBy('seq')).map((r: { action: string }) => r.action);
      expect(actions).toEqual(['account.disable', 'account.enable']);
    });

    it('unlocking lets a locked account log in again', async () => {
      const user = await createUser(server.db, 'to.unlock', []);
      for (let i = 0; i < 3; i++) await server.client().login(user.login, 'mauvais-mot-de-passe');
      expect((await server.client().login(user.login, user.password)).status).toBe(423);
      const before = await admin.get(`/api/accounts/${user.id}`);
      expect(before.body.lockedUntil).not.toBeNull();
      const res = await admin.post(`/api/accounts/${user.id}/unlock`);
      expect(res.status).toBe(200);
      expect(res.body.lockedUntil).toBeNull();
      expect((await server.client().login(user.login, user.password)).status).toBe(200);
      await server.sealAudit();
      const [row] = await server.db('audit_log').where({ action: 'account.unlock', target_id: user.id });
      expect(row.detail.lockedUntil).toEqual(before.body.lockedUntil);
    });
  });

  describe('POST /api/me/password', () => {
    it('changes the password and ends the other sessions, not this one', async () => {
      const user = await createUser(server.db, 'pw.change', [{ profile: 'infirmier', establishmentId: E(0).id }]);
      const here = await signIn(user.login);
      const elsewhere = await signIn(user.login);
      const res = await here.post('/api/me/password', { currentPassword: TEST_PASSWORD, newPassword: STRONG });
      expect(res.status).toBe(204);
      expect((await here.get('/api/me')).status).toBe(200);
      expect((await elsewhere.get('/api/me')).status).toBe(401);
      expect((await server.client().login(user.login, TEST_PASSWORD)).status).toBe(401);
      expect((await server.client().login(user.login, STRONG)).status).toBe(200);
      await server.sealAudit();
      const rows = await server.db('audit_log').where({ action: 'account.password.change', target_id: user.id, outcome: 'success' });
      expect(rows).toHaveLength(1);
      expect(JSON.stringify(rows[0])).not.toContain(STRONG);
    });

    it('refuses a weak or unchanged new password at its field, and a wrong current password', async () => {
      const user = await createUser(server.db, 'pw.weak', []);
      const client = await signIn(user.login);
      const weak = await client.post('/api/me/password', { currentPassword: TEST_PASSWORD, newPassword: 'abc' });
      expect(weak.status).toBe(422);
      expect(weak.body.issues).toEqual([{ path: '/newPassword', message: 'Le mot de passe doit comporter au moins 12 caractères.' }]);
      const same = await client.post('/api/me/password', { currentPassword: TEST_PASSWORD, newPassword: TEST_PASSWORD });
      expect(same.status).toBe(422);
      expect(same.body.issues[0].message).toMatch(/différent/);
      const wrong = await client.post('/api/me/password', { currentPassword: 'pas-le-bon-mot', newPassword: STRONG });
      expect(wrong.status).toBe(422);
      expect(wrong.body.issues).toEqual([{ path: '/currentPassword', message: 'Le mot de passe actuel est incorrect.' }]);
      expect((await server.client().login(user.login, TEST_PASSWORD)).status).toBe(200);
      expect((await server.client().post('/api/me/password', { currentPassword: TEST_PASSWORD, newPassword: STRONG })).status).toBe(401);
    });

    it('locks the account and ends its sessions after repeated wrong current passwords', async () => {
      const user = await createUser(server.db, 'pw.guess', []);
      const client = await signIn(user.login);
      expect((await client.post('/api/me/password', { currentPassword: 'essai-1', newPassword: STRONG })).status).toBe(422);
      expect((await client.post('/api/me/password', { currentPassword: 'essai-2', newPassword: STRONG })).status).toBe(422);
      const third = await client.post('/api/me/password', { currentPassword: 'essai-3', newPassword: STRONG });
      expect(third.status).toBe(423);
      expect(third.body.code).toBe('ACCOUNT_LOCKED');
      expect((await client.get('/api/me')).status).toBe(401);
      expect((await server.client().login(user.login, TEST_PASSWORD)).status).toBe(423);
      await server.sealAudit();
      const denied = await server.db('audit_log').where({ action: 'account.password.change', target_id: user.id, outcome: 'denied' });
      expect(denied).toHaveLength(3);
    });
  });
});
