import { withFinessKey } from '@cordee/core';
import { type TestOrganisation, type TestUser, createOrganisation, createUser } from '../helpers/fixtures';
import type { HttpClient } from '../helpers/http-client';
import { type TestServer, startTestServer } from '../helpers/test-server';

let seq = 0;
/** A valid FINESS not used by the fixtures (département 33). */
const freshFiness = (department = '33') => withFinessKey(`${department}${String(700000 + ++seq).slice(-6)}`);

describe('organisation: organismes, establishments and units over HTTP', () => {
  let server: TestServer;
  let orgA: TestOrganisation;
  let orgB: TestOrganisation;
  let admin: HttpClient;
  let chefA: HttpClient;
  let chefUser: TestUser;

  const signIn = async (user: TestUser): Promise<HttpClient> => {
    const client = server.client();
    expect((await client.login(user.login, user.password)).status).toBe(200);
    return client;
  };

  beforeAll(async () => {
    server = await startTestServer();
    orgA = await createOrganisation(server.db, 'Association Alpha', 2);
    orgB = await createOrganisation(server.db, 'Association Beta', 1);
    admin = await signIn(await createUser(server.db, 'org.admin', [{ profile: 'administrateur' }]));
    chefUser = await createUser(server.db, 'org.cse', [{ profile: 'chef_service', establishmentId: orgA.establishments[0]!.id }]);
    chefA = await signIn(chefUser);
  });
  afterAll(() => server.close());

  describe('GET /api/establishments', () => {
    it('refuses an anonymous caller', async () => {
      const res = await server.client().get('/api/establishments');
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('UNAUTHENTICATED');
    });

    it('shows a chef de service only the establishment of their profile, with its organisme and units', async () => {
      const res = await chefA.get('/api/establishments');
      expect(res.status).toBe(200);
      expect(res.body.nextCursor).toBeNull();
      expect(res.body.items).toHaveLength(1);
      const [organisme] = res.body.items;
      expect(organisme.id).toBe(orgA.organismeId);
      expect(organisme.establishments.map((e: { id: string }) => e.id)).toEqual([orgA.establishments[0]!.id]);
      const [establishment] = organisme.establishments;
      expect(establishment.type).toBe('mecs');
      expect(establishment.typeLabel).toBe('Maison d’enfants à caractère social (MECS)');
      expect(establishment.units.map((u: { id: string }) => u.id).sort()).toEqual([...orgA.establishments[0]!.unitIds].sort());
    });

    it('shows the administrator every organisme and establishment', async () => {
      const res = await admin.get('/api/establishments');
      expect(res.status).toBe(200);
      const byId = new Map(res.body.items.map((o: { id: string }) => [o.id, o]));
      expect((byId.get(orgA.organismeId) as { establishments: unknown[] }).establishments).toHaveLength(2);
      expect((byId.get(orgB.organismeId) as { establishments: unknown[] }).establishments).toHaveLength(1);
    });

    it('shows a usager no establishment', async () => {
      const usager = await signIn(await createUser(server.db, 'org.jeune', [{ profile: 'usager' }]));
      const res = await usager.get('/api/establishments');
      expect(res.status).toBe(200);
      expect(res.body.items).toEqual([]);
    });

    it('follows the profiles of a staff member holding two establishments in two organismes', async () => {
      const both = await signIn(
        await createUser(server.db, 'org.psy', [
          { profile: 'psychologue', establishmentId: orgA.establishments[1]!.id },
          { profile: 'psychologue', establishmentId: orgB.establishments[0]!.id },
        ]),
      );
      const res = await both.get('/api/establishments');
      const seen = res.body.items.flatMap((o: { establishments: Array<{ id: string }> }) => o.establishments.map((e) => e.id)).sort();
      expect(seen).toEqual([orgA.establishments[1]!.id, orgB.establishments[0]!.id].sort());
    });
  });

  describe('writes', () => {
    it('creates an organisme, then an establishment and a unit, audited in the same transaction', async () => {
      const finessJuridique = freshFiness();
      const organisme = await admin.post('/api/organismes', { finessJuridique, name: '  Fondation Gamma  ' });
      expect(organisme.status).toBe(201);
      expect(organisme.body).toEqual({ id: expect.any(String), finessJuridique, name: 'Fondation Gamma' });

      // an organisme without establishments is listed for the administrator
      const tree = await admin.get('/api/establishments');
      expect(tree.body.items.find((o: { id: string }) => o.id === organisme.body.id)).toMatchObject({ establishments: [] });

      const finessGeographique = freshFiness();
      const establishment = await admin.post('/api/establishments', {
        organismeId: organisme.body.id,
        finessGeographique,
        name: 'Pouponnière Gamma',
        type: 'pouponniere',
        capacity: 18,
      });
      expect(establishment.status).toBe(201);
      expect(establishment.body).toMatchObject({ organismeId: organisme.body.id, finessGeographique, type: 'pouponniere', capacity: 18, units: [] });

      const unit = await admin.post(`/api/establishments/${establishment.body.id}/units`, { name: 'Nurserie', capacity: 6 });
      expect(unit.status).toBe(201);
      expect(unit.body).toEqual({ id: expect.any(String), establishmentId: establishment.body.id, name: 'Nurserie', capacity: 6 });

      await server.sealAudit();
      const rows = await server.db('audit_log').whereIn('target_id', [organisme.body.id, establishment.body.id, unit.body.id]).orderBy('seq');
      expect(rows.map((r: { action: string }) => r.action)).toEqual(['organisation.organisme.create', 'organisation.establishment.create', 'organisation.unit.create']);
      expect(rows[1].establishment_id).toBe(establishment.body.id);
      expect(rows[1].detail).toMatchObject({ finessGeographique, type: 'pouponniere' });
    });

    it('accepts a Corsican FINESS in lower case and stores it in upper case', async () => {
      const corsican = withFinessKey('2A900001');
      const res = await admin.post('/api/organismes', { finessJuridique: corsican.toLowerCase(), name: 'Association Corse' });
      expect(res.status).toBe(201);
      expect(res.body.finessJuridique).toBe(corsican);
    });

    it.each([
      ['a wrong key', '750712185', /clé de contrôle du FINESS géographique/],
      ['a wrong length', '75071218', /FINESS géographique doit comporter 9 caractères/],
      ['letters', '75O712184', /FINESS géographique ne contient que des chiffres/],
    ])('refuses a FINESS géographique with %s (422 naming the field), writing nothing', async (_label, finess, message) => {
      const before = await server.db('establishment').count<{ count: string }[]>('* as count');
      const res = await admin.post('/api/establishments', { organismeId: orgA.organismeId, finessGeographique: finess, name: 'X', type: 'mecs' });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('INVALID_FINESS');
      expect(res.body.issues).toEqual([{ path: '/finessGeographique', message: expect.stringMatching(message) }]);
      const after = await server.db('establishment').count<{ count: string }[]>('* as count');
      expect(after[0]!.count).toBe(before[0]!.count);
    });

    it('refuses an invalid FINESS juridique at its field', async () => {
      const res = await admin.post('/api/organismes', { finessJuridique: '130786040', name: 'X' });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('INVALID_FINESS');
      expect(res.body.issues[0]).toEqual({ path: '/finessJuridique', message: 'La clé de contrôle du FINESS juridique est incorrecte.' });
    });

    it('answers 409 for a FINESS already used, by an organisme or an establishment', async () => {
      const used = await server.db('establishment').where({ id: orgA.establishments[0]!.id }).first('finess_geographique');
      const res = await admin.post('/api/establishments', { organismeId: orgA.organismeId, finessGeographique: used.finess_geographique, name: 'Doublon', type: 'mecs' });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('ALREADY_EXISTS');
      expect(res.body.issues[0].path).toBe('/finessGeographique');
      const organisme = await server.db('organisme').where({ id: orgA.organismeId }).first('finess_juridique');
      const dup = await admin.post('/api/organismes', { finessJuridique: organisme.finess_juridique, name: 'Doublon' });
      expect(dup.status).toBe(409);
      expect(dup.body.issues[0].path).toBe('/finessJuridique');
    });

    it('creates only one of three concurrent establishments with the same FINESS', async () => {
      const finessGeographique = freshFiness();
      const results = await Promise.all(
        [1, 2, 3].map((i) => admin.post('/api/establishments', { organismeId: orgB.organismeId, finessGeographique, name: `Course ${i}`, type: 'foyer_enfance' })),
      );
      expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
      expect(await server.db('establishment').where({ finess_geographique: finessGeographique })).toHaveLength(1);
      await server.sealAudit();
      const created = results.find((r) => r.status === 201)!;
      expect(await server.db('audit_log').where({ action: 'organisation.establishment.create', target_id: created.body.id })).toHaveLength(1);
    });

    it('validates the rest of the body at its field', async () => {
      const unknownOrganisme = await admin.post('/api/establishments', {
        organismeId: '00000000-0000-4000-8000-000000000000',
        finessGeographique: freshFiness(),
        name: 'X',
        type: 'mecs',
      });
      expect(unknownOrganisme.status).toBe(422);
      expect(unknownOrganisme.body.issues).toEqual([{ path: '/organismeId', message: 'Cet organisme gestionnaire est introuvable.' }]);
      const badType = await admin.post('/api/establishments', { organismeId: orgA.organismeId, finessGeographique: freshFiness(), name: 'X', type: 'hopital' });
      expect(badType.status).toBe(422);
      expect(badType.body.issues[0].path).toBe('/type');
      const blank = await admin.post('/api/organismes', { finessJuridique: freshFiness(), name: '   ' });
      expect(blank.status).toBe(422);
      expect(blank.body.issues).toEqual([{ path: '/name', message: 'Le nom ne peut pas être vide.' }]);
      const negative = await admin.post(`/api/establishments/${orgA.establishments[0]!.id}/units`, { name: 'Y', capacity: -1 });
      expect(negative.status).toBe(422);
      expect(negative.body.issues[0].path).toBe('/capacity');
    });

    it('forbids a chef de service to create or change organisation, and writes nothing', async () => {
      const count = async () => Number((await server.db('establishment').count<{ count: string }[]>('* as count'))[0]!.count);
      const before = await count();
      const create = await chefA.post('/api/establishments', { organismeId: orgA.organismeId, finessGeographique: freshFiness(), name: 'Interdit', type: 'mecs' });
      expect(create.status).toBe(403);
      expect(create.body.code).toBe('FORBIDDEN');
      expect(await count()).toBe(before);
      expect((await chefA.post('/api/organismes', { finessJuridique: freshFiness(), name: 'Interdit' })).status).toBe(403);
      expect((await chefA.patch(`/api/establishments/${orgA.establishments[0]!.id}`, { name: 'Renommé' })).status).toBe(403);
      expect((await chefA.post(`/api/establishments/${orgA.establishments[0]!.id}/units`, { name: 'Interdite' })).status).toBe(403);
      expect((await chefA.patch(`/api/units/${orgA.establishments[0]!.unitIds[0]}`, { name: 'Interdite' })).status).toBe(403);
      const unchanged = await server.db('establishment').where({ id: orgA.establishments[0]!.id }).first('name');
      expect(unchanged.name).toBe('Association Alpha — MECS 1');
      expect((await server.client().post('/api/organismes', { finessJuridique: freshFiness(), name: 'Anonyme' })).status).toBe(401);
    });

    it('updates an establishment and audits what changed', async () => {
      const id = orgB.establishments[0]!.id;
      const res = await admin.patch(`/api/establishments/${id}`, { name: 'Foyer Beta', capacity: 24, type: 'foyer_enfance' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id, name: 'Foyer Beta', capacity: 24, type: 'foyer_enfance', typeLabel: 'Foyer de l’enfance' });
      expect(res.body.units).toHaveLength(2);
      await server.sealAudit();
      const [row] = await server.db('audit_log').where({ action: 'organisation.establishment.update', target_id: id });
      expect(row.detail.after).toEqual({ name: 'Foyer Beta', capacity: 24, type: 'foyer_enfance' });
      expect(row.detail.before).toEqual({ name: 'Association Beta — MECS 1', capacity: 30, type: 'mecs' });
    });

    it('refuses a FINESS update to a used or invalid number, leaving the row unchanged', async () => {
      const id = orgA.establishments[1]!.id;
      const before = await server.db('establishment').where({ id }).first();
      const other = await server.db('establishment').where({ id: orgA.establishments[0]!.id }).first('finess_geographique');
      const dup = await admin.patch(`/api/establishments/${id}`, { finessGeographique: other.finess_geographique, name: 'Changement perdu' });
      expect(dup.status).toBe(409);
      const invalid = await admin.patch(`/api/establishments/${id}`, { finessGeographique: '123', name: 'Changement perdu' });
      expect(invalid.status).toBe(422);
      expect(invalid.body.issues[0].path).toBe('/finessGeographique');
      const empty = await admin.patch(`/api/establishments/${id}`, {});
      expect(empty.status).toBe(422);
      expect(await server.db('establishment').where({ id }).first()).toEqual(before);
    });

    it('answers 404 for an establishment or unit that does not exist', async () => {
      expect((await admin.patch('/api/establishments/00000000-0000-4000-8000-000000000000', { name: 'X' })).status).toBe(404);
      expect((await admin.patch('/api/establishments/not-a-uuid', { name: 'X' })).status).toBe(404);
      expect((await admin.post('/api/establishments/00000000-0000-4000-8000-000000000000/units', { name: 'X' })).status).toBe(404);
      expect((await admin.patch('/api/units/00000000-0000-4000-8000-000000000000', { name: 'X' })).status).toBe(404);
    });

    it('updates a unit and refuses a name already used in the establishment', async () => {
      const [first, second] = orgA.establishments[1]!.unitIds as [string, string];
      const renamed = await admin.patch(`/api/units/${first}`, { name: 'Groupe des moyens', capacity: 9 });
      expect(renamed.status).toBe(200);
      expect(renamed.body).toMatchObject({ id: first, name: 'Groupe des moyens', capacity: 9 });
      const clash = await admin.patch(`/api/units/${second}`, { name: 'Groupe des moyens' });
      expect(clash.status).toBe(409);
      expect(clash.body.issues[0].path).toBe('/name');
      const dupCreate = await admin.post(`/api/establishments/${orgA.establishments[1]!.id}/units`, { name: 'Groupe des moyens' });
      expect(dupCreate.status).toBe(409);
      await server.sealAudit();
      const rows = await server.db('audit_log').where({ action: 'organisation.unit.update', target_id: first });
      expect(rows).toHaveLength(1);
      expect(rows[0].detail).toEqual({ before: { name: 'Groupe des petits', capacity: 10 }, after: { name: 'Groupe des moyens', capacity: 9 } });
    });

    it('lists the new paths in the OpenAPI document', async () => {
      const doc = await server.client().get('/api/openapi.json');
      expect(doc.body.paths['/api/establishments'].get['x-cordee-permission']).toBeUndefined();
      expect(doc.body.paths['/api/establishments'].post['x-cordee-permission']).toEqual({ action: 'create', subject: 'Establishment' });
      expect(doc.body.paths['/api/units/{id}'].patch).toBeDefined();
      expect(doc.body.components.schemas.EstablishmentTree).toBeDefined();
    });
  });
});
