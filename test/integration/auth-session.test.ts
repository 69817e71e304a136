import { currentTotp } from '@cordee/server/src/auth/totp';
import { createOrganisation, createUser } from '../helpers/fixtures';
import { type TestServer, startTestServer } from '../helpers/test-server';

describe('accounts and sessions over HTTP', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ config: { loginMaxFailures: 3, lockoutMinutes: 15 } });
  });
  afterAll(() => server.close());

  it('logs in, answers /api/me with profiles and establishments, and logs out', async () => {
    const org = await createOrganisation(server.db);
    const user = await createUser(server.db, 'cse.login', [
      { profile: 'chef_service', establishmentId: org.establishments[0]!.id },
      { profile: 'chef_service', establishmentId: org.establishments[1]!.id },
    ]);
    const client = server.client();
    const login = await client.login(user.login, user.password);
    expect(login.status).toBe(200);
    const cookie = login.headers.getSetCookie().join(';');
    expect(cookie).toMatch(/cordee_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const me = await client.get('/api/me');
    expect(me.status).toBe(200);
    expect(me.body.login).toBe('cse.login');
    expect(me.body.establishments).toHaveLength(2);
    expect(me.body.currentEstablishmentId).toBe(me.body.profiles[0].establishmentId);

    const other = org.establishments.find((e) => e.id !== me.body.currentEstablishmentId)!;
    const switched = await client.put('/api/me/establishment', { establishmentId: other.id });
    expect(switched.status).toBe(200);
    expect((await client.get('/api/me')).body.currentEstablishmentId).toBe(other.id);
    const foreign = await client.put('/api/me/establishment', { establishmentId: '00000000-0000-4000-8000-000000000000' });
    expect(foreign.status).toBe(403);
    expect(foreign.body.code).toBe('ESTABLISHMENT_NOT_ALLOWED');

    expect((await client.post('/api/auth/logout')).status).toBe(204);
    const after = await client.get('/api/me');
    expect(after.status).toBe(401);
    expect(after.headers.get('content-type')).toMatch(/application\/problem\+json/);
  });

  it('refuses a wrong password with the same error as an unknown login', async () => {
    await createUser(server.db, 'known.user', []);
    const wrong = await server.client().login('known.user', 'not-the-password');
    const unknown = await server.client().login('nobody.here', 'not-the-password');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.code).toBe('INVALID_CREDENTIALS');
    expect(unknown.body.code).toBe('INVALID_CREDENTIALS');
  });

  it('locks the account after the configured number of failures, even with the right password, and audits it', async () => {
    const user = await createUser(server.db, 'lock.me', []);
    const client = server.client();
    expect((await client.login(user.login, 'bad-1')).body.code).toBe('INVALID_CREDENTIALS');
    expect((await client.login(user.login, 'bad-2')).body.code).toBe('INVALID_CREDENTIALS');
    const third = await client.login(user.login, 'bad-3');
    expect(third.status).toBe(423);
    expect(third.body.code).toBe('ACCOUNT_LOCKED');
    const right = await client.login(user.login, user.password);
    expect(right.status).toBe(423);
    await server.sealAudit();
    const locked = await server.db('audit_log').where({ action: 'auth.account.locked', target_id: user.id });
    expect(locked).toHaveLength(1);
    // the lock expires
    await server.db('account').where({ id: user.id }).update({ locked_until: new Date(Date.now() - 1000) });
    expect((await client.login(user.login, user.password)).status).toBe(200);
  });

  it('counts concurrent failures one by one (row lock)', async () => {
    const user = await createUser(server.db, 'race.me', []);
    const results = await Promise.all(Array.from({ length: 6 }, () => server.client().login(user.login, 'wrong')));
    const codes = results.map((r) => r.body.code).sort();
    expect(codes.filter((c) => c === 'ACCOUNT_LOCKED').length).toBeGreaterThanOrEqual(1);
    const row = await server.db('account').where({ id: user.id }).first();
    expect(row.locked_until).not.toBeNull();
  });

  it('requires and checks a TOTP code once the second factor is enabled, and refuses a replayed code', async () => {
    const user = await createUser(server.db, 'totp.user', []);
    const client = server.client();
    await client.login(user.login, user.password);
    const setup = await client.post('/api/me/totp/setup');
    expect(setup.status).toBe(200);
    expect(setup.body.otpauthUri).toMatch(/^otpauth:\/\/totp\//);
    expect((await client.post('/api/me/totp/enable', { code: '000000' })).status).toBe(401);
    expect((await client.post('/api/me/totp/enable', { code: currentTotp(setup.body.secret) })).status).toBe(204);

    const fresh = server.client();
    const missing = await fresh.login(user.login, user.password);
    expect(missing.status).toBe(401);
    expect(missing.body.code).toBe('TOTP_REQUIRED');
    const code = currentTotp(setup.body.secret);
    const replay = await fresh.login(user.login, user.password, code);
    expect(replay.body.code).toBe('TOTP_INVALID'); // same step as the enabling code
    await server.db('account').where({ id: user.id }).update({ totp_last_step: 0 });
    expect((await fresh.login(user.login, user.password, code)).status).toBe(200);
    expect((await server.client().login(user.login, user.password, code)).body.code).toBe('TOTP_INVALID');
  });

  it('expires an idle session and says so', async () => {
    const user = await createUser(server.db, 'idle.user', []);
    const client = server.client();
    await client.login(user.login, user.password);
    await server.db('session').where({ account_id: user.id }).update({ last_seen_at: new Date(Date.now() - 31 * 60_000) });
    const me = await client.get('/api/me');
    expect(me.status).toBe(401);
    expect(me.body.code).toBe('SESSION_EXPIRED');
  });

  it('refuses a disabled account after checking the password', async () => {
    const user = await createUser(server.db, 'disabled.user', []);
    await server.db('account').where({ id: user.id }).update({ status: 'disabled' });
    const res = await server.client().login(user.login, user.password);
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('ACCOUNT_DISABLED');
  });
});
