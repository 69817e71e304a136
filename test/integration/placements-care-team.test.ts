import { localDate } from '@cordee/core';
import { validateAgainst } from '@cordee/server/src/http/schema-validation';
import { type DossierWorld, createDossier, dossierWorld, identity } from '../helpers/dossier-world';
import { createUser } from '../helpers/fixtures';
import { type TestServer, startTestServer } from '../helpers/test-server';

const shift = (days: number) => localDate(new Date(Date.now() + days * 86_400_000));

describe('placements and care team', () => {
  let server: TestServer;
  let w: DossierWorld;
  beforeAll(async () => {
    server = await startTestServer();
    w = await dossierWorld(server, 'plc');
  });
  afterAll(() => server.close());

  const newDossier = async (over: Record<string, unknown> = {}) =>
    createDossier(await w.as('secA'), { identity: identity(), establishmentId: w.estA, unitId: w.unitA1, status: 'admitted', ...over });

  it('adds a placement, ends it, and the dossier follows the placement covering today', async () => {
    const d = await newDossier({ placement: { startDate: shift(-400), endDate: shift(-30), legalBasis: 'accueil_provisoire' } });
    const chef = await w.as('chefAB');
    const moved = await chef.post(`/api/dossiers/${d.id}/placements`, { establishmentId: w.estB, unitId: w.unitB1, startDate: shift(-29), legalBasis: 'assistance_educative', decisionReference: 'JE 25/77' });
    expect(moved.status).toBe(201);
    expect(() => validateAgainst('api/placement', moved.body)).not.toThrow();
    expect(moved.body).toMatchObject({ dossierId: d.id, establishmentId: w.estB, unitId: w.unitB1, endDate: null, legalBasis: 'assistance_educative' });

    const view = await chef.get(`/api/dossiers/${d.id}`);
    expect(view.body).toMatchObject({ establishmentId: w.estB, unitId: w.unitB1, lockVersion: 1 });
    expect(view.body.currentPlacement.id).toBe(moved.body.id);
    expect(view.body.placements.map((p: { legalBasis: string }) => p.legalBasis)).toEqual(['assistance_educative', 'accueil_provisoire']);
    // the dossier left establishment A: its secretary no longer sees it, B's does
    expect((await (await w.as('secA')).get(`/api/dossiers/${d.id}`)).status).toBe(404);
    expect((await (await w.as('secB')).get(`/api/dossiers/${d.id}`)).status).toBe(200);

    const ended = await (await w.as('secB')).patch(`/api/placements/${moved.body.id}`, { endDate: shift(10) });
    expect(ended.status).toBe(200);
    expect(ended.body.endDate).toBe(shift(10));
    const backwards = await (await w.as('secB')).patch(`/api/placements/${moved.body.id}`, { endDate: shift(-100) });
    expect(backwards.status).toBe(422);
    expect(backwards.body.issues.map((i: { path: string }) => i.path)).toEqual(['/endDate']);

    await server.sealAudit();
    const events = await server.db('audit_log').where({ dossier_id: d.id }).whereIn('action', ['placement.create', 'placement.update']).orderBy('seq');
    expect(events.map((e: any) => [e.action, e.actor_account_id, e.establishment_id])).toEqual([
      ['placement.create', w.users.chefAB.id, w.estB],
      ['placement.update', w.users.secB.id, w.estB],
    ]);
  });

  it('refuses an overlapping placement with 422 PLACEMENT_OVERLAP and writes nothing (no row, no audit, no dossier change)', async () => {
    const d = await newDossier({ placement: { startDate: shift(-100), legalBasis: 'assistance_educative' } });
    const before = await server.db('dossier').where({ id: d.id }).first();
    const sec = await w.as('secA');
    const overlap = await sec.post(`/api/dossiers/${d.id}/placements`, { establishmentId: w.estA, unitId: w.unitA2, startDate: shift(-10), legalBasis: 'tutelle' });
    expect(overlap.status).toBe(422);
    expect(overlap.body.code).toBe('PLACEMENT_OVERLAP');
    expect(overlap.body.issues.map((i: { path: string }) => i.path)).toEqual(['/startDate']);
    await server.sealAudit();
    expect(await server.db('placement').where({ dossier_id: d.id })).toHaveLength(1);
    expect(await server.db('audit_log').where({ dossier_id: d.id, action: 'placement.create' })).toHaveLength(0);
    const after = await server.db('dossier').where({ id: d.id }).first();
    expect([after.unit_id, after.lock_version, after.updated_at]).toEqual([before.unit_id, before.lock_version, before.updated_at]);

    // once the first ends, the next one fits
    const first = (await server.db('placement').where({ dossier_id: d.id }).first()).id;
    expect((await sec.patch(`/api/placements/${first}`, { endDate: shift(-11) })).status).toBe(200);
    const next = await sec.post(`/api/dossiers/${d.id}/placements`, { establishmentId: w.estA, unitId: w.unitA2, startDate: shift(-10), legalBasis: 'tutelle' });
    expect(next.status).toBe(201);
    expect((await sec.get(`/api/dossiers/${d.id}`)).body.unitId).toBe(w.unitA2);
    // reopening the first would overlap the second
    const reopen = await sec.patch(`/api/placements/${first}`, { endDate: null });
    expect(reopen.status).toBe(422);
    expect(reopen.body.code).toBe('PLACEMENT_OVERLAP');
  });

  it('needs update on the dossier and create in the target establishment', async () => {
    const d = await newDossier();
    const body = { establishmentId: w.estB, startDate: shift(0), legalBasis: 'assistance_educative' };
    expect((await (await w.as('secA')).post(`/api/dossiers/${d.id}/placements`, body)).status).toBe(403);
    expect((await (await w.as('educA1')).post(`/api/dossiers/${d.id}/placements`, { ...body, establishmentId: w.estA })).status).toBe(403);
    expect((await (await w.as('secB')).post(`/api/dossiers/${d.id}/placements`, body)).status).toBe(404);
    expect((await (await w.as('secA')).post(`/api/dossiers/${d.id}/placements`, { ...body, establishmentId: w.estA, unitId: w.unitB1 })).body.issues[0].path).toBe('/unitId');
    expect((await (await w.as('secA')).patch('/api/placements/not-a-uuid', { endDate: null })).status).toBe(404);
    expect(await server.db('placement').where({ dossier_id: d.id })).toHaveLength(0);
  });

  it('adds and ends care team memberships with French role labels and an active flag, audited', async () => {
    const d = await newDossier();
    const chef = await w.as('chefA');
    const added = await chef.post(`/api/dossiers/${d.id}/care-team`, { accountId: w.users.educA1.id, role: 'referent', startDate: shift(-5) });
    expect(added.status).toBe(201);
    expect(() => validateAgainst('api/care-team-member', added.body)).not.toThrow();
    expect(added.body).toMatchObject({ accountId: w.users.educA1.id, displayName: `Test ${w.users.educA1.login}`, role: 'referent', roleLabel: 'Référent éducatif', active: true, endDate: null });
    const future = await chef.post(`/api/dossiers/${d.id}/care-team`, { accountId: w.users.psyA.id, role: 'psychologue', startDate: shift(30) });
    expect(future.body.active).toBe(false);

    const duplicate = await chef.post(`/api/dossiers/${d.id}/care-team`, { accountId: w.users.educA1.id, role: 'referent', startDate: shift(0) });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.code).toBe('ALREADY_EXISTS');
    const outsider = await chef.post(`/api/dossiers/${d.id}/care-team`, { accountId: w.users.secB.id, role: 'educateur', startDate: shift(0) });
    expect(outsider.status).toBe(422);
    expect(outsider.body.issues.map((i: { path: string }) => i.path)).toEqual(['/accountId']);
    const young = await createUser(server.db, 'plc.young', [{ profile: 'usager', establishmentId: w.estA }]);
    expect((await chef.post(`/api/dossiers/${d.id}/care-team`, { accountId: young.id, role: 'educateur', startDate: shift(0) })).status).toBe(422);
    expect((await chef.post(`/api/dossiers/${d.id}/care-team`, { accountId: w.users.educA1.id, role: 'gourou', startDate: shift(0) })).body.issues[0].path).toBe('/role');

    const ended = await chef.patch(`/api/care-team/${added.body.id}`, { endDate: shift(-1) });
    expect(ended.status).toBe(200);
    expect(ended.body).toMatchObject({ endDate: shift(-1), active: false });
    const beforeStart = await chef.patch(`/api/care-team/${added.body.id}`, { endDate: shift(-6) });
    expect(beforeStart.status).toBe(422);

    const educView = await (await w.as('educA1')).get(`/api/dossiers/${d.id}`);
    expect(educView.body.careTeam.map((m: any) => [m.role, m.active])).toEqual([['psychologue', false], ['referent', false]]);

    await server.sealAudit();
    const events = await server.db('audit_log').where({ dossier_id: d.id }).whereIn('action', ['care_team.add', 'care_team.update']).orderBy('seq');
    expect(events.map((e: any) => [e.action, e.actor_account_id, e.actor_profile, e.establishment_id])).toEqual([
      ['care_team.add', w.users.chefA.id, 'chef_service', w.estA],
      ['care_team.add', w.users.chefA.id, 'chef_service', w.estA],
      ['care_team.update', w.users.chefA.id, 'chef_service', w.estA],
    ]);
  });

  it('lets only profiles with the right manage the care team', async () => {
    const d = await newDossier();
    const body = { accountId: w.users.educA1.id, role: 'educateur', startDate: shift(0) };
    // the secretary reads the care team but does not manage it (route-level: no create rule at all)
    expect((await (await w.as('secA')).post(`/api/dossiers/${d.id}/care-team`, body)).status).toBe(403);
    // an educateur cannot either
    expect((await (await w.as('educA1')).post(`/api/dossiers/${d.id}/care-team`, body)).status).toBe(403);
    // another establishment's chef does not even see the dossier
    expect((await (await w.as('chefB')).post(`/api/dossiers/${d.id}/care-team`, body)).status).toBe(404);
    const added = await (await w.as('chefA')).post(`/api/dossiers/${d.id}/care-team`, body);
    expect((await (await w.as('chefB')).patch(`/api/care-team/${added.body.id}`, { endDate: shift(1) })).status).toBe(404);
    expect((await (await w.as('educA1')).patch(`/api/care-team/${added.body.id}`, { endDate: shift(1) })).status).toBe(403);
    expect((await server.db('care_team_member').where({ id: added.body.id }).first()).end_date).toBeNull();
  });
});
