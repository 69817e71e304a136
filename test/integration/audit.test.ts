import { execFile } from 'node:child_process';
import { join } from 'node:path';
import type { AuditEvent } from '@cordee/core';
import { type Db, insertDossier, insertPlacement, recordAudit, verifyAuditChain } from '@cordee/db';
import { createOrganisation, createUser, type TestOrganisation } from '../helpers/fixtures';
import { withDatabase } from '../helpers/global-setup';
import { type TestServer, startTestServer } from '../helpers/test-server';

const ROOT = join(__dirname, '..', '..');

function event(overrides: Partial<AuditEvent> = {}): AuditEvent {
  return {
    action: 'test.event',
    targetType: null,
    targetId: null,
    dossierId: null,
    actorAccountId: null,
    actorProfile: null,
    establishmentId: null,
    requestId: null,
    purpose: null,
    ip: null,
    outcome: 'success',
    detail: null,
    ...overrides,
  };
}

async function recordEvents(db: Db, count: number): Promise<void> {
  for (let i = 1; i <= count; i++) await recordAudit(db, event({ action: 'test.event', targetId: `t-${i}`, detail: { i, nested: { b: 2, a: [1, 'x'] } } }));
}

/** Runs SQL with every trigger off, as someone tampering with the database would. */
async function tamper(db: Db, sql: string, bindings: unknown[] = []): Promise<void> {
  await db.transaction(async (trx) => {
    await trx.raw('set local session_replication_role = replica');
    await trx.raw(sql, bindings as never[]);
  });
}

async function databaseUrl(db: Db): Promise<string> {
  const name = (await db.raw('select current_database() as name')).rows[0].name as string;
  return withDatabase(process.env.CORDEE_TEST_ADMIN_URL!, name);
}

function runVerifyCli(url: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [require.resolve('tsx/cli'), join(ROOT, 'engine', 'server', 'src', 'cli', 'verify-audit.ts')],
      { cwd: ROOT, env: { ...process.env, DATABASE_URL: url, CORDEE_LOG_LEVEL: 'silent' }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? -1) : 0, stdout, stderr }),
    );
  });
}

const identity = (birthName: string) => ({ birthName, firstNames: 'Camille', birthDate: '2011-05-06', birthPlaceCode: '75056', sex: 'F' as const });

describe('audit trail', () => {
  let server: TestServer;
  let org: TestOrganisation;
  beforeAll(async () => {
    server = await startTestServer();
    org = await createOrganisation(server.db, 'Association Audit');
  });
  afterAll(() => server.close());

  it('records who, profile, establishment, action, target, time and the request id of the response', async () => {
    const e1 = org.establishments[0]!;
    const user = await createUser(server.db, 'audit.edu', [{ profile: 'educateur_specialise', establishmentId: e1.id, unitId: e1.unitIds[0]! }]);
    const before = Date.now();
    const client = server.client();
    const res = await client.request('POST', '/api/auth/login', { login: user.login, password: user.password }, { 'x-request-id': 'audit-test-request-0001' });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('audit-test-request-0001');
    await server.sealAudit();
    const row = await server.db('audit_log').where({ request_id: 'audit-test-request-0001' }).first();
    expect(row).toMatchObject({
      action: 'auth.login',
      outcome: 'success',
      actor_account_id: user.id,
      actor_profile: 'educateur_specialise',
      establishment_id: e1.id,
      target_type: 'session',
      ip: expect.stringMatching(/127\.0\.0\.1/),
    });
    expect(row.target_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(row.occurred_at.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(row.occurred_at.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    expect(row.hash).toMatch(/^[0-9a-f]{64}$/);

    // without an incoming id, the generated one is both in the response and in the trail
    const failed = await server.client().login(user.login, 'not-the-password');
    expect(failed.status).toBe(401);
    const generated = failed.headers.get('x-request-id')!;
    expect(generated).toMatch(/^[0-9a-f-]{36}$/);
    await server.sealAudit();
    const denied = await server.db('audit_log').where({ request_id: generated }).first();
    expect(denied).toMatchObject({ action: 'auth.login', outcome: 'denied', actor_account_id: user.id, target_id: user.id });
    expect(denied.detail).toEqual({ reason: 'INVALID_CREDENTIALS', failures: 1 });
  });

  it('leaves no audit row when the write it traces rolls back, and refuses an event the trail could not hold', async () => {
    const e1 = org.establishments[0]!;
    const { id: dossierId } = await insertDossier(server.db, { identity: identity('ROLLBACK'), establishmentId: e1.id });
    await insertPlacement(server.db, { dossierId, establishmentId: e1.id, startDate: '2024-01-01', endDate: null, legalBasis: 'ase_judiciaire' });
    const pendingBefore = await server.db('audit_pending').count<{ count: string }[]>('* as count');
    await expect(
      server.db.transaction(async (trx) => {
        await recordAudit(trx, event({ action: 'placement.create', dossierId, targetType: 'placement' }));
        // overlaps the open placement: the exclusion constraint refuses it
        await insertPlacement(trx, { dossierId, establishmentId: e1.id, startDate: '2024-06-01', endDate: null, legalBasis: 'ase_judiciaire' });
      }),
    ).rejects.toMatchObject({ code: '23P01' });
    await expect(
      server.db.transaction(async (trx) => {
        await trx('dossier').where({ id: dossierId }).update({ status: 'admitted' });
        await recordAudit(trx, event({ action: 'dossier.update', dossierId: 'not-a-uuid' }));
      }),
    ).rejects.toThrow(/dossierId must be a UUID/);
    expect(await server.db('audit_pending').count<{ count: string }[]>('* as count')).toEqual(pendingBefore);
    expect((await server.db('dossier').where({ id: dossierId }).first()).status).toBe('applicant');
    await server.sealAudit();
    expect(await server.db('audit_log').where({ dossier_id: dossierId })).toHaveLength(0);
  });

  it('hashes the UUIDs as the database stores them, so an upper-case id does not look tampered', async () => {
    const e1 = org.establishments[0]!;
    const { id: dossierId } = await insertDossier(server.db, { identity: identity('CASSE'), establishmentId: e1.id });
    await recordAudit(server.db, event({ action: 'dossier.read', dossierId: dossierId.toUpperCase() }));
    await server.sealAudit();
    expect(await server.db('audit_log').where({ dossier_id: dossierId, action: 'dossier.read' })).toHaveLength(1);
    expect(await verifyAuditChain(server.db)).toMatchObject({ ok: true, problems: [] });
  });

  it('creates the month partition of an event of another month, protected like the others', async () => {
    await server.db('audit_pending').insert({ occurred_at: '2019-03-04T10:00:00.123456Z', event: JSON.stringify(event({ action: 'test.old_month' })) });
    await server.sealAudit();
    const row = (await server.db.raw("select tableoid::regclass::text as partition, occurred_at from audit_log where action = 'test.old_month'")).rows[0];
    expect(row.partition).toBe('audit_log_y2019m03');
    expect(row.occurred_at.toISOString()).toBe('2019-03-04T10:00:00.123Z');
    await expect(server.db.raw('truncate audit_log_y2019m03')).rejects.toMatchObject({ code: '42501' });
    expect(await verifyAuditChain(server.db)).toMatchObject({ ok: true });
  });

  describe('GET /api/audit', () => {
    let dossierId: string;
    let eduId: string;
    beforeAll(async () => {
      const e1 = org.establishments[0]!;
      ({ id: dossierId } = await insertDossier(server.db, { identity: identity('LISTE'), establishmentId: e1.id }));
      eduId = (await createUser(server.db, 'list.edu', [{ profile: 'educateur_specialise', establishmentId: e1.id }])).id;
      for (let i = 0; i < 3; i++) await recordAudit(server.db, event({ action: 'dossier.read', dossierId, actorAccountId: eduId, actorProfile: 'educateur_specialise', establishmentId: e1.id }));
      await createUser(server.db, 'audit.admin', [{ profile: 'administrateur' }]);
      await createUser(server.db, 'audit.dpo', [{ profile: 'dpo' }]);
    });

    it('is open to the administrator and the DPO, newest first, with the current (just sealed) events', async () => {
      for (const login of ['audit.admin', 'audit.dpo']) {
        const client = server.client();
        expect((await client.login(login, 'Mot-de-passe-test-42')).status).toBe(200);
        const res = await client.get('/api/audit?limit=200');
        expect(res.status).toBe(200);
        const items = res.body.items as Array<{ occurredAt: string; seq: string; action: string; actorAccountId: string }>;
        // its own login (still pending when the request came) and its own reading are there
        expect(items[0]).toMatchObject({ action: 'audit.read' });
        expect(items.some((i) => i.action === 'auth.login' && i.actorAccountId === items[0]!.actorAccountId)).toBe(true);
        const keys = items.map((i) => [Date.parse(i.occurredAt), Number(i.seq)] as const);
        for (let k = 1; k < keys.length; k++) {
          expect(keys[k]![0] < keys[k - 1]![0] || (keys[k]![0] === keys[k - 1]![0] && keys[k]![1] < keys[k - 1]![1])).toBe(true);
        }
      }
      const audited = await server.db('audit_log').where({ action: 'audit.read' }).select('actor_profile');
      expect(audited.map((r: { actor_profile: string }) => r.actor_profile).sort()).toEqual(['administrateur', 'dpo']);
    });

    it('filters by dossier, account, action family and period, and pages with a cursor', async () => {
      const client = server.client();
      await client.login('audit.dpo', 'Mot-de-passe-test-42');
      const byDossier = await client.get(`/api/audit?dossier=${dossierId}`);
      expect(byDossier.status).toBe(200);
      expect(byDossier.body.items).toHaveLength(3);
      expect(byDossier.body.items.every((i: { dossierId: string; actorName: string; establishmentName: string }) => i.dossierId === dossierId && i.actorName === 'Test list.edu' && i.establishmentName === org.establishments[0]!.name)).toBe(true);
      expect(byDossier.body.nextCursor).toBeNull();

      const byAccount = await client.get(`/api/audit?account=${eduId}`);
      expect(byAccount.body.items.map((i: { action: string }) => i.action)).toEqual(['dossier.read', 'dossier.read', 'dossier.read']);

      const family = await client.get('/api/audit?action=auth&limit=200');
      expect(family.body.items.length).toBeGreaterThan(0);
      expect(family.body.items.every((i: { action: string }) => i.action === 'auth' || i.action.startsWith('auth.'))).toBe(true);
      const prefixOnly = await client.get('/api/audit?action=auth.log');
      expect(prefixOnly.body.items).toEqual([]);

      const old = await client.get('/api/audit?from=2019-03-01T00:00:00Z&to=2019-04-01T00:00:00Z');
      expect(old.body.items.map((i: { action: string }) => i.action)).toEqual(['test.old_month']);

      const first = await client.get(`/api/audit?dossier=${dossierId}&limit=2`);
      expect(first.body.items).toHaveLength(2);
      expect(typeof first.body.nextCursor).toBe('string');
      const second = await client.get(`/api/audit?dossier=${dossierId}&limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`);
      expect(second.body.items).toHaveLength(1);
      expect(second.body.nextCursor).toBeNull();
      const seqs = [...first.body.items, ...second.body.items].map((i: { seq: string }) => i.seq);
      expect(new Set(seqs).size).toBe(3);
    });

    it('refuses bad filters and cursors naming the field', async () => {
      const client = server.client();
      await client.login('audit.admin', 'Mot-de-passe-test-42');
      const badUuid = await client.get('/api/audit?dossier=123');
      expect(badUuid.status).toBe(422);
      expect(badUuid.body.issues[0].path).toBe('/dossier');
      expect((await client.get('/api/audit?limit=0')).status).toBe(422);
      expect((await client.get('/api/audit?from=hier')).status).toBe(422);
      expect((await client.get('/api/audit?action=drop%20table')).status).toBe(422);
      const unknown = await client.get('/api/audit?sort=asc');
      expect(unknown.status).toBe(422);
      const cursor = await client.get(`/api/audit?cursor=${Buffer.from(JSON.stringify(['pas une date', '1'])).toString('base64url')}`);
      expect(cursor.status).toBe(422);
      expect(cursor.body.issues[0].path).toBe('/cursor');
      expect((await client.get('/api/audit?cursor=%%%')).status).toBe(422);
    });

    it('is refused to the educator (403) and to anonymous callers (401)', async () => {
      const client = server.client();
      await client.login('list.edu', 'Mot-de-passe-test-42');
      const res = await client.get('/api/audit');
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('FORBIDDEN');
      expect((await server.client().get('/api/audit')).status).toBe(401);
    });
  });

  describe('GET /api/dossiers/:id/access-log', () => {
    let dossierId: string;
    let otherDossierId: string;
    beforeAll(async () => {
      const e1 = org.establishments[0]!;
      ({ id: dossierId } = await insertDossier(server.db, { identity: identity('ACCES'), establishmentId: e1.id, unitId: e1.unitIds[0]! }));
      ({ id: otherDossierId } = await insertDossier(server.db, { identity: identity('AUTRE'), establishmentId: e1.id }));
      const edu = await createUser(server.db, 'access.edu', [{ profile: 'educateur_specialise', establishmentId: e1.id, unitId: e1.unitIds[0]! }]);
      await recordAudit(server.db, event({ action: 'dossier.read', dossierId, actorAccountId: edu.id, actorProfile: 'educateur_specialise', establishmentId: e1.id, purpose: 'accompagnement' }));
      await recordAudit(server.db, event({ action: 'dossier.read', dossierId: otherDossierId, actorAccountId: edu.id, actorProfile: 'educateur_specialise', establishmentId: e1.id }));
      await createUser(server.db, 'access.dir1', [{ profile: 'directeur', establishmentId: e1.id }]);
      await createUser(server.db, 'access.dir2', [{ profile: 'directeur', establishmentId: org.establishments[1]!.id }]);
      const usager = await createUser(server.db, 'access.usager', [{ profile: 'usager' }]);
      await server.db('account_dossier_link').insert({ account_id: usager.id, dossier_id: dossierId, relation: 'usager' });
      const parent = await createUser(server.db, 'access.parent', [{ profile: 'tap' }]);
      await server.db('account_dossier_link').insert({ account_id: parent.id, dossier_id: otherDossierId, relation: 'legal_representative' });
    });

    it('shows the directeur of the establishment who accessed the dossier, and only this dossier', async () => {
      const client = server.client();
      await client.login('access.dir1', 'Mot-de-passe-test-42');
      const res = await client.get(`/api/dossiers/${dossierId}/access-log`);
      expect(res.status).toBe(200);
      expect(res.body.nextCursor).toBeNull();
      expect(res.body.items).toEqual([
        { occurredAt: expect.any(String), action: 'access_log.read', outcome: 'success', actorName: 'Test access.dir1', actorProfile: 'directeur', establishmentId: org.establishments[0]!.id, establishmentName: org.establishments[0]!.name, purpose: null },
        { occurredAt: expect.any(String), action: 'dossier.read', outcome: 'success', actorName: 'Test access.edu', actorProfile: 'educateur_specialise', establishmentId: org.establishments[0]!.id, establishmentName: org.establishments[0]!.name, purpose: 'accompagnement' },
      ]);
      const page = await client.get(`/api/dossiers/${dossierId}/access-log?limit=1`);
      expect(page.body.items).toHaveLength(1);
      const next = await client.get(`/api/dossiers/${dossierId}/access-log?limit=1&cursor=${encodeURIComponent(page.body.nextCursor)}`);
      expect(next.body.items).toHaveLength(1);
      expect(next.body.items[0].occurredAt <= page.body.items[0].occurredAt).toBe(true);
      await server.sealAudit();
      const reads = await server.db('audit_log').where({ action: 'access_log.read', dossier_id: dossierId });
      expect(reads.length).toBeGreaterThanOrEqual(3);
      expect(reads[0]).toMatchObject({ target_type: 'dossier', target_id: dossierId, actor_profile: 'directeur' });
    });

    it('gives the usager the log of their own dossier, without staff names when the establishment says so', async () => {
      const client = server.client();
      expect((await client.login('access.usager', 'Mot-de-passe-test-42')).status).toBe(200);
      const shown = await client.get(`/api/dossiers/${dossierId}/access-log`);
      expect(shown.status).toBe(200);
      const eduRead = (body: { items: Array<{ action: string; actorName: string | null; actorProfile: string }> }) => body.items.find((i) => i.action === 'dossier.read')!;
      expect(eduRead(shown.body)).toMatchObject({ actorName: 'Test access.edu', actorProfile: 'educateur_specialise' });

      await server.db('establishment').where({ id: org.establishments[0]!.id }).update({ access_log_shows_staff_names: false });
      try {
        const hidden = await client.get(`/api/dossiers/${dossierId}/access-log?limit=200`);
        expect(hidden.status).toBe(200);
        expect(eduRead(hidden.body)).toMatchObject({ actorName: null, actorProfile: 'educateur_specialise', purpose: 'accompagnement' });
        const staffItems = hidden.body.items.filter((i: { actorProfile: string }) => i.actorProfile !== 'usager');
        expect(staffItems.length).toBeGreaterThanOrEqual(2);
        expect(staffItems.every((i: { actorName: string | null }) => i.actorName === null)).toBe(true);
        // their own reading keeps their name
        expect(hidden.body.items[0]).toMatchObject({ action: 'access_log.read', actorName: 'Test access.usager', actorProfile: 'usager' });
        // the directeur still sees the names
        const dir = server.client();
        await dir.login('access.dir1', 'Mot-de-passe-test-42');
        expect(eduRead((await dir.get(`/api/dossiers/${dossierId}/access-log`)).body).actorName).toBe('Test access.edu');
      } finally {
        await server.db('establishment').where({ id: org.establishments[0]!.id }).update({ access_log_shows_staff_names: true });
      }
    });

    it('answers 404 for another dossier, another establishment, an unknown id, and staff without the right', async () => {
      const usager = server.client();
      await usager.login('access.usager', 'Mot-de-passe-test-42');
      expect((await usager.get(`/api/dossiers/${otherDossierId}/access-log`)).status).toBe(404);
      const parent = server.client();
      await parent.login('access.parent', 'Mot-de-passe-test-42');
      expect((await parent.get(`/api/dossiers/${otherDossierId}/access-log`)).status).toBe(200);
      expect((await parent.get(`/api/dossiers/${dossierId}/access-log`)).status).toBe(404);
      const dir2 = server.client();
      await dir2.login('access.dir2', 'Mot-de-passe-test-42');
      const foreign = await dir2.get(`/api/dossiers/${dossierId}/access-log`);
      expect(foreign.status).toBe(404);
      expect(foreign.body.code).toBe('NOT_FOUND');
      expect((await dir2.get('/api/dossiers/00000000-0000-4000-8000-000000000000/access-log')).status).toBe(404);
      expect((await dir2.get('/api/dossiers/pas-un-uuid/access-log')).status).toBe(404);
      const edu = server.client();
      await edu.login('access.edu', 'Mot-de-passe-test-42');
      expect((await edu.get(`/api/dossiers/${dossierId}/access-log`)).status).toBe(404);
      expect((await server.client().get(`/api/dossiers/${dossierId}/access-log`)).status).toBe(401);
      // refused reads reveal nothing and leave no access-log trace on the dossier
      await server.sealAudit();
      const reads = await server.db('audit_log').where({ action: 'access_log.read' }).whereIn('actor_profile', ['directeur', 'educateur_specialise']).where({ establishment_id: org.establishments[1]!.id });
      expect(reads).toHaveLength(0);
    });

    it('is open to the DPO for any dossier', async () => {
      await createUser(server.db, 'access.dpo', [{ profile: 'dpo' }]);
      const client = server.client();
      await client.login('access.dpo', 'Mot-de-passe-test-42');
      const res = await client.get(`/api/dossiers/${otherDossierId}/access-log`);
      expect(res.status).toBe(200);
      expect(res.body.items.some((i: { action: string; actorProfile: string }) => i.action === 'dossier.read')).toBe(true);
    });
  });
});

describe('audit chain under load', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ config: { loginMaxFailures: 100 } });
  });
  afterAll(() => server.close());

  it('stays intact with 200 events from parallel logins and failed logins sealed by concurrent sealers', async () => {
    const org = await createOrganisation(server.db, 'Association Charge', 1);
    const users = await Promise.all(Array.from({ length: 10 }, (_, i) => createUser(server.db, `load.${i}`, [{ profile: 'educateur_specialise', establishmentId: org.establishments[0]!.id }])));
    const requests = Array.from({ length: 200 }, (_, i) => {
      const user = users[i % users.length]!;
      return server.client().login(user.login, i % 2 === 0 ? user.password : `wrong-${i}`);
    });
    const sealers = Array.from({ length: 8 }, (_, i) => new Promise((resolve) => setTimeout(resolve, i * 40)).then(() => server.sealAudit()));
    const responses = await Promise.all(requests);
    await Promise.all(sealers);
    expect(responses.filter((r) => r.status === 200).length).toBeGreaterThan(0);
    const result = await verifyAuditChain(server.db);
    expect(result).toEqual({ ok: true, rowsChecked: expect.any(Number), problems: [] });
    const logins = await server.db('audit_log').where({ action: 'auth.login' }).select('seq', 'request_id');
    expect(logins).toHaveLength(200);
    expect(new Set(logins.map((r: { request_id: string }) => r.request_id)).size).toBe(200);
    const seqs = (await server.db('audit_log').orderBy('seq').pluck('seq')).map(Number);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    expect(result.rowsChecked).toBe(seqs.length);
    const head = await server.db('audit_chain_head').first();
    expect(Number(head.seq)).toBe(seqs.length);
  }, 60_000);
});

describe('tamper detection', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServer();
    await recordEvents(server.db, 10);
    await server.sealAudit();
    expect(await verifyAuditChain(server.db)).toEqual({ ok: true, rowsChecked: 10, problems: [] });
  });
  afterEach(() => server.close());

  it('refuses UPDATE, DELETE and TRUNCATE of the trail, and moving the head back', async () => {
    await expect(server.db('audit_log').where({ seq: 3 }).update({ action: 'forged' })).rejects.toMatchObject({ code: '42501' });
    await expect(server.db('audit_log').where({ seq: 3 }).delete()).rejects.toMatchObject({ code: '42501' });
    await expect(server.db.raw('truncate audit_log')).rejects.toMatchObject({ code: '42501' });
    const partition = (await server.db.raw('select tableoid::regclass::text as name from audit_log limit 1')).rows[0].name as string;
    await expect(server.db.raw(`truncate ${partition}`)).rejects.toMatchObject({ code: '42501' });
    await expect(server.db.raw(`delete from ${partition}`)).rejects.toMatchObject({ code: '42501' });
    await expect(server.db('audit_chain_head').update({ seq: 5 })).rejects.toMatchObject({ code: '42501' });
    await expect(server.db('audit_chain_head').delete()).rejects.toMatchObject({ code: '42501' });
    await expect(server.db.raw('truncate audit_chain_head')).rejects.toMatchObject({ code: '42501' });
    expect(await verifyAuditChain(server.db)).toEqual({ ok: true, rowsChecked: 10, problems: [] });
  });

  it('names the seq of an altered row', async () => {
    await tamper(server.db, "update audit_log set detail = '{\"i\": 99}' where seq = 4");
    const result = await verifyAuditChain(server.db);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([{ seq: '4', problem: 'altered', detail: expect.any(String) }]);
  });

  it('detects a deleted middle row', async () => {
    await tamper(server.db, 'delete from audit_log where seq = 6');
    const result = await verifyAuditChain(server.db);
    expect(result.rowsChecked).toBe(9);
    expect(result.problems.map((p) => [p.seq, p.problem])).toEqual([
      ['7', 'missing_rows'],
      ['7', 'broken_link'],
    ]);
  });

  it('detects the last rows deleted through the head', async () => {
    await tamper(server.db, 'delete from audit_log where seq > 8');
    const result = await verifyAuditChain(server.db);
    expect(result.problems).toEqual([{ seq: '10', problem: 'head_mismatch', detail: 'the chain ends at seq 8 but the recorded head is seq 10' }]);
  });

  it('detects a forged row inserted with an existing seq', async () => {
    const original = await server.db('audit_log').where({ seq: 5 }).first();
    await server.db('audit_log').insert({ ...original, occurred_at: new Date(original.occurred_at.getTime() + 1), action: 'forged' });
    const result = await verifyAuditChain(server.db);
    expect(result.problems.map((p) => [p.seq, p.problem])).toEqual([['5', 'unexpected_row']]);
  });

  it('detects a chain emptied behind its head', async () => {
    await tamper(server.db, 'delete from audit_log');
    const result = await verifyAuditChain(server.db);
    expect(result.rowsChecked).toBe(0);
    expect(result.problems).toEqual([{ seq: '10', problem: 'head_mismatch', detail: 'the chain ends at seq 0 but the recorded head is seq 10' }]);
  });

  it('the verify CLI exits 0 when intact, 1 naming the seq when tampered', async () => {
    const url = await databaseUrl(server.db);
    const intact = await runVerifyCli(url);
    expect(intact.stderr).toBe('');
    expect(intact.code).toBe(0);
    expect(intact.stdout).toMatch(/Lignes vérifiées \/ Rows checked: 10/);
    expect(intact.stdout).toMatch(/OK/);
    await tamper(server.db, "update audit_log set actor_profile = 'directeur' where seq = 7");
    const tampered = await runVerifyCli(url);
    expect(tampered.code).toBe(1);
    expect(tampered.stdout).toMatch(/seq 7 — altered/);
    expect(tampered.stdout).toMatch(/ALTÉRÉ \/ TAMPERED/);
  }, 60_000);

  it('the verify CLI exits 2 when it cannot check', async () => {
    const url = new URL(await databaseUrl(server.db));
    url.pathname = '/cordee_no_such_database';
    const result = await runVerifyCli(url.toString());
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Vérification impossible/);
  }, 60_000);
});
