/** The explain report: what an account may do on a dossier, and the profile rule that decides each answer. */
import { localDate } from '@cordee/core';
import { validateAgainst } from '@cordee/server/src/http/schema-validation';
import { type DossierWorld, createDossier, dossierWorld, identity } from '../helpers/dossier-world';
import { type TestUser, createUser } from '../helpers/fixtures';
import type { HttpClient } from '../helpers/http-client';
import { qualityManager } from '../helpers/metadata';
import { type TestServer, startTestServer } from '../helpers/test-server';

const shift = (days: number) => localDate(new Date(Date.now() + days * 86_400_000));

describe('GET /api/admin/explain', () => {
  let server: TestServer;
  let w: DossierWorld;
  let u: Record<'admin' | 'dpo' | 'restricted' | 'ideA', TestUser>;
  let inA1: any;
  let inB: any;
  let applicant: any;
  const clients = new Map<string, HttpClient>();

  beforeAll(async () => {
    server = await startTestServer();
    w = await dossierWorld(server, 'exp');
    // a profile of the kind an establishment could define: its unit, except applications not yet admitted
    await (await qualityManager(server, 'exp.qualite')).publish('profiles', 'educateur_restreint', {
      label: 'Éducateur (candidatures exclues)',
      kind: 'staff',
      rules: [
        { action: 'read', subject: 'Dossier', fields: ['identity'], conditions: { unitId: { $ctx: 'unitId' } } },
        { action: 'read', subject: 'Dossier', conditions: { establishmentId: { $ctx: 'establishmentId' }, unitId: { $ctx: 'unitId' } } },
        { action: 'read', subject: 'Dossier', conditions: { status: 'applicant' }, inverted: true, reason: 'Les candidatures sont réservées à la direction et au chef de service.' },
      ],
    });
    u = {
      admin: await createUser(server.db, 'exp.admin', [{ profile: 'administrateur' }]),
      dpo: await createUser(server.db, 'exp.dpo', [{ profile: 'dpo' }]),
      restricted: await createUser(server.db, 'exp.restricted', [{ profile: 'educateur_restreint', establishmentId: w.estA, unitId: w.unitA1 }]),
      ideA: await createUser(server.db, 'exp.ide.a', [{ profile: 'infirmier', establishmentId: w.estA }]),
    };
    const placement = { startDate: shift(-50), legalBasis: 'assistance_educative' };
    inA1 = await createDossier(await w.as('chefA'), { identity: identity({ birthName: 'UNITEA' }), establishmentId: w.estA, unitId: w.unitA1, status: 'admitted', placement });
    inB = await createDossier(await w.as('chefB'), { identity: identity({ birthName: 'ETABB' }), establishmentId: w.estB, unitId: w.unitB1, status: 'admitted', placement });
    applicant = await createDossier(await w.as('chefA'), { identity: identity({ birthName: 'CANDIDAT' }), establishmentId: w.estA, unitId: w.unitA1, status: 'applicant' });
  });
  afterAll(() => server.close());

  const as = async (name: keyof typeof u | keyof DossierWorld['users']): Promise<HttpClient> => {
    if (name in w.users) return w.as(name as keyof DossierWorld['users']);
    let client = clients.get(name);
    if (!client) {
      client = server.client();
      const user = u[name as keyof typeof u];
      expect((await client.login(user.login, user.password)).status).toBe(200);
      clients.set(name, client);
    }
    return client;
  };
  const explain = async (account: string, dossier: string, who: keyof typeof u = 'admin') => {
    const response = await (await as(who)).get(`/api/admin/explain?account=${account}&dossier=${dossier}`);
    expect(response.status).toBe(200);
    expect(() => validateAgainst('api/explain-report', response.body)).not.toThrow();
    return response.body;
  };
  const decision = (report: any, subject: string, action: string) => report.decisions.find((d: any) => d.subject === subject && d.action === action);

  it('explains an éducateur of unit A1 on a dossier of that unit: read granted by the rule with the unit, nothing else', async () => {
    const report = await explain(w.users.educA1.id, inA1.id);
    expect(report).toMatchObject({ accountId: w.users.educA1.id, dossierId: inA1.id, assignments: [{ profileKey: 'educateur_specialise', establishmentId: w.estA, unitId: w.unitA1 }] });
    expect(report.relations).toEqual({ ownDossier: false, careTeam: false, breakGlass: false });
    expect(decision(report, 'Dossier', 'read')).toEqual({
      subject: 'Dossier',
      action: 'read',
      allowed: true,
      decidedBy: {
        profileKey: 'educateur_specialise',
        establishmentId: w.estA,
        unitId: w.unitA1,
        ruleIndex: 1,
        action: 'read',
        subject: ['Dossier', 'Placement', 'CareTeamMember'],
        conditions: { establishmentId: w.estA, unitId: w.unitA1 },
        fields: null,
        inverted: false,
        reason: null,
      },
    });
    for (const action of ['create', 'update', 'delete', 'break_glass']) expect(decision(report, 'Dossier', action)).toMatchObject({ allowed: false, decidedBy: null });
    expect(decision(report, 'Placement', 'read')).toMatchObject({ allowed: true, decidedBy: { ruleIndex: 1 } });
    expect(decision(report, 'AccessLog', 'read')).toMatchObject({ allowed: false, decidedBy: null });
    expect(report.fieldRules).toEqual([]);
  });

  it('explains the same éducateur on a dossier of establishment B: denied, no rule applies', async () => {
    const report = await explain(w.users.educA1.id, inB.id, 'dpo');
    expect(report.decisions.every((d: any) => d.allowed === false && d.decidedBy === null)).toBe(true);
  });

  it('shows an inverted rule as the deciding rule, with its reason, and lists the field-level rules', async () => {
    const report = await explain(u.restricted.id, applicant.id);
    expect(decision(report, 'Dossier', 'read')).toMatchObject({
      allowed: false,
      decidedBy: { profileKey: 'educateur_restreint', ruleIndex: 2, inverted: true, conditions: { status: 'applicant' }, reason: 'Les candidatures sont réservées à la direction et au chef de service.' },
    });
    expect(report.fieldRules).toEqual([
      { subject: 'Dossier', matches: true, rule: expect.objectContaining({ profileKey: 'educateur_restreint', ruleIndex: 0, fields: ['identity'], conditions: { unitId: w.unitA1 } }) },
    ]);
    // and the explanation is what the account really gets
    const client = await as('restricted');
    expect((await client.get(`/api/dossiers/${applicant.id}`)).status).toBe(404);
    expect((await client.get(`/api/dossiers/${inA1.id}`)).status).toBe(200);
  });

  it('explains access through the care team and through break-glass with the rule and the relation that give it', async () => {
    const before = await explain(u.ideA.id, inA1.id);
    expect(decision(before, 'Dossier', 'read')).toMatchObject({ allowed: false, decidedBy: null });
    expect(decision(before, 'Dossier', 'break_glass')).toMatchObject({ allowed: true, decidedBy: { profileKey: 'infirmier', ruleIndex: 3, conditions: { establishmentId: w.estA } } });

    const member = await (await w.as('chefA')).post(`/api/dossiers/${inA1.id}/care-team`, { accountId: u.ideA.id, role: 'infirmier', startDate: shift(-1) });
    expect(member.status).toBe(201);
    const asMember = await explain(u.ideA.id, inA1.id);
    expect(asMember.relations).toEqual({ ownDossier: false, careTeam: true, breakGlass: false });
    expect(decision(asMember, 'Dossier', 'read')).toMatchObject({ allowed: true, decidedBy: { profileKey: 'infirmier', ruleIndex: 1, conditions: { establishmentId: w.estA, id: { $in: [inA1.id] } } } });
    await (await w.as('chefA')).patch(`/api/care-team/${member.body.id}`, { endDate: shift(-1) });

    const opened = await (await as('ideA')).post(`/api/dossiers/${inA1.id}/break-glass`, { reason: 'Malaise en soirée, besoin de la fiche sanitaire' });
    expect(opened.status).toBe(201);
    const underBreakGlass = await explain(u.ideA.id, inA1.id);
    expect(underBreakGlass.relations).toEqual({ ownDossier: false, careTeam: false, breakGlass: true });
    expect(decision(underBreakGlass, 'Dossier', 'read')).toMatchObject({ allowed: true, decidedBy: { ruleIndex: 4, reason: 'break_glass', conditions: { id: { $in: [inA1.id] } } } });
  });

  it('is for administrators and the DPO only, audited, and 404 for unknown ids', async () => {
    for (const who of ['chefA', 'educA1'] as const) {
      expect((await (await as(who)).get(`/api/admin/explain?account=${w.users.educA1.id}&dossier=${inA1.id}`)).status).toBe(403);
    }
    expect((await server.client().get(`/api/admin/explain?account=${w.users.educA1.id}&dossier=${inA1.id}`)).status).toBe(401);
    const admin = await as('admin');
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await admin.get(`/api/admin/explain?account=${unknown}&dossier=${inA1.id}`)).status).toBe(404);
    expect((await admin.get(`/api/admin/explain?account=${w.users.educA1.id}&dossier=${unknown}`)).status).toBe(404);
    const bad = await admin.get(`/api/admin/explain?account=nope`);
    expect(bad.status).toBe(422);
    expect(bad.body.issues.map((i: { path: string }) => i.path).sort()).toEqual(['/account', '/dossier']);

    await server.sealAudit();
    const events = await server.db('audit_log').where({ action: 'habilitation.explain', actor_account_id: u.admin.id, target_id: w.users.educA1.id, dossier_id: inA1.id });
    expect(events.length).toBeGreaterThanOrEqual(1);
    expect(events[0].detail.allowed).toEqual(expect.arrayContaining(['Dossier:read', 'Placement:read', 'CareTeamMember:read']));
  });
});
