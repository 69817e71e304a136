import { validateAgainst } from '@cordee/server/src/http/schema-validation';
import { type DossierWorld, createDossier, dossierWorld, identity } from '../helpers/dossier-world';
import { createOrganisation, createUser } from '../helpers/fixtures';
import { type TestServer, startTestServer } from '../helpers/test-server';

describe('dossiers: create, read, update, identity status', () => {
  let server: TestServer;
  let w: DossierWorld;
  beforeAll(async () => {
    server = await startTestServer();
    w = await dossierWorld(server, 'dos');
  });
  afterAll(() => server.close());

  const auditRows = async (where: Record<string, unknown>) => {
    await server.sealAudit();
    return server.db('audit_log').where(where).orderBy('seq');
  };

  it('creates a dossier (201, contract-valid), reads it back, and audits both with actor, profile, establishment and request id', async () => {
    const sec = await w.as('secA');
    const created = await sec.post('/api/dossiers', {
      identity: identity({ usedFirstName: 'Élo', birthPlaceCode: '2a004' }),
      establishmentId: w.estA,
      unitId: w.unitA1,
      status: 'admitted',
      placement: { startDate: '2024-09-01', legalBasis: 'assistance_educative', decisionReference: 'TE Paris 24/118' },
    });
    expect(created.status).toBe(201);
    expect(() => validateAgainst('api/dossier', created.body)).not.toThrow();
    const d = created.body;
    expect(d.number).toMatch(/^D\d{4}-\d{6}$/);
    expect(d.identity).toMatchObject({ birthName: 'DUPONT', firstNames: 'Éloïse Marie', usedFirstName: 'Élo', birthPlaceCode: '2A004', sex: 'F' });
    expect(d.identityStatus).toBe('provisoire');
    expect(d.ins).toEqual({ matricule: null, oid: null, retrievedAt: null });
    expect(d).toMatchObject({ status: 'admitted', establishmentId: w.estA, unitId: w.unitA1, lockVersion: 0, careTeam: [] });
    expect(d.placements).toHaveLength(1);
    expect(d.currentPlacement).toMatchObject({ establishmentId: w.estA, unitId: w.unitA1, legalBasis: 'assistance_educative', startDate: '2024-09-01', endDate: null });
    expect(d.currentPlacement.legalBasisLabel).toMatch(/art\. 375/);

    const read = await sec.get(`/api/dossiers/${d.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(d);
    const readForAdmin = await sec.get(`/api/dossiers/${d.id}?purpose=administration`);
    expect(readForAdmin.status).toBe(200);

    const [create] = await auditRows({ dossier_id: d.id, action: 'dossier.create' });
    expect(create).toMatchObject({ actor_account_id: w.users.secA.id, actor_profile: 'secretariat', establishment_id: w.estA, request_id: created.headers.get('x-request-id'), outcome: 'success' });
    expect(JSON.stringify(create.detail)).not.toMatch(/DUPONT|Éloïse/);
    const reads = await auditRows({ dossier_id: d.id, action: 'dossier.read' });
    expect(reads.map((r: any) => [r.purpose, r.request_id, r.actor_account_id, r.establishment_id])).toEqual([
      ['care', read.headers.get('x-request-id'), w.users.secA.id, w.estA],
      ['administration', readForAdmin.headers.get('x-request-id'), w.users.secA.id, w.estA],
    ]);
  });

  describe('bad input is refused with the right status, code and field paths, and nothing is written', () => {
    const base = () => ({ identity: identity(), establishmentId: w.estA, status: 'applicant' });
    const paths = (body: any) => (body.issues ?? []).map((i: { path: string }) => i.path).sort();
    let countBefore: number;
    beforeAll(async () => {
      countBefore = Number((await server.db('dossier').count('* as n'))[0]!.n);
    });
    afterAll(async () => {
      expect(Number((await server.db('dossier').count('* as n'))[0]!.n)).toBe(countBefore);
    });

    it.each([
      ['an unknown field', (b: any) => ({ ...b, nickname: 'x' }), ['/nickname']],
      ['an unknown identity field', (b: any) => ({ ...b, identity: { ...b.identity, eyes: 'blue' } }), ['/identity/eyes']],
      ['a missing field', (b: any) => ({ ...b, identity: { ...b.identity, birthName: undefined } }), ['/identity/birthName']],
      ['a missing establishment', (b: any) => ({ ...b, establishmentId: undefined }), ['/establishmentId']],
      ['a date that does not exist', (b: any) => ({ ...b, identity: identity({ birthDate: '2023-02-30' }) }), ['/identity/birthDate']],
      ['a birth date in the future', (b: any) => ({ ...b, identity: identity({ birthDate: `${new Date().getFullYear() + 1}-01-01` }) }), ['/identity/birthDate']],
      ['a bad COG code', (b: any) => ({ ...b, identity: identity({ birthPlaceCode: '7A056' }) }), ['/identity/birthPlaceCode']],
      ['a bad sex', (b: any) => ({ ...b, identity: identity({ sex: 'X' }) }), ['/identity/sex']],
      ['a status not allowed at creation', (b: any) => ({ ...b, status: 'archived' }), ['/status']],
      ['a placement ending before it starts', (b: any) => ({ ...b, placement: { startDate: '2024-05-02', endDate: '2024-05-01', legalBasis: 'tutelle' } }), ['/placement/endDate']],
      ['an unknown legal basis', (b: any) => ({ ...b, placement: { startDate: '2024-05-02', legalBasis: 'garde_a_vue' } }), ['/placement/legalBasis']],
      ['a unit of another establishment', (b: any) => ({ ...b, unitId: w.unitB1 }), ['/unitId']],
    ])('%s -> 422 VALIDATION_FAILED', async (_label, mutate, expectedPaths) => {
      const response = await (await w.as('secA')).post('/api/dossiers', mutate(base()));
      expect(response.status).toBe(422);
      expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(paths(response.body)).toEqual(expectedPaths);
      for (const issue of response.body.issues) expect(issue.message).toEqual(expect.any(String));
    });

    it('malformed JSON -> 400 MALFORMED_JSON', async () => {
      const response = await (await w.as('secA')).request('POST', '/api/dossiers', '{"identity": {"birthName": "DUP', { 'content-type': 'application/json' });
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('MALFORMED_JSON');
    });

    it('an oversized body -> 413 PAYLOAD_TOO_LARGE', async () => {
      const small = await startTestServer({ config: { bodyLimitBytes: 1024 } });
      try {
        const org = await createOrganisation(small.db, 'Petite association', 1);
        const user = await createUser(small.db, 'sec.small', [{ profile: 'secretariat', establishmentId: org.establishments[0]!.id }]);
        const client = small.client();
        expect((await client.login(user.login, user.password)).status).toBe(200);
        const response = await client.post('/api/dossiers', { ...base(), establishmentId: org.establishments[0]!.id, identity: identity({ firstNames: 'A'.repeat(4000) }) });
        expect(response.status).toBe(413);
        expect(response.body.code).toBe('PAYLOAD_TOO_LARGE');
        expect(await small.db('dossier').count('* as n')).toEqual([{ n: '0' }]);
      } finally {
        await small.close();
      }
    });
  });

  it('401 without a session, 403 for an educateur creating, 404 for a secretary creating in another establishment', async () => {
    const anonymous = await server.client().post('/api/dossiers', { identity: identity(), establishmentId: w.estA, status: 'applicant' });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.code).toBe('UNAUTHENTICATED');
    expect((await server.client().get('/api/dossiers')).status).toBe(401);

    const educ = await (await w.as('educA1')).post('/api/dossiers', { identity: identity(), establishmentId: w.estA, unitId: w.unitA1, status: 'applicant' });
    expect(educ.status).toBe(403);
    expect(educ.body.code).toBe('FORBIDDEN');

    const elsewhere = await (await w.as('secA')).post('/api/dossiers', { identity: identity(), establishmentId: w.estB, status: 'applicant' });
    expect(elsewhere.status).toBe(404);
  });

  it('answers 404 for another establishment’s dossier (no existence leak), a malformed id and an unknown id; the refused read is traced', async () => {
    const d = await createDossier(await w.as('secB'), { identity: identity({ birthName: 'SECRET' }), establishmentId: w.estB, status: 'applicant' });
    const sec = await w.as('secA');
    const idor = await sec.get(`/api/dossiers/${d.id}`);
    const unknown = await sec.get('/api/dossiers/00000000-0000-4000-8000-000000000000');
    const malformed = await sec.get('/api/dossiers/not-a-uuid');
    for (const r of [idor, unknown, malformed]) {
      expect(r.status).toBe(404);
      expect(r.body.code).toBe('NOT_FOUND');
    }
    expect(idor.body.title).toBe(unknown.body.title);
    const patch = await sec.patch(`/api/dossiers/${d.id}`, { lockVersion: 0, status: 'waiting' });
    expect(patch.status).toBe(404);
    const educOtherUnit = await createDossier(await w.as('secA'), { identity: identity(), establishmentId: w.estA, unitId: w.unitA2, status: 'admitted' });
    expect((await (await w.as('educA1')).get(`/api/dossiers/${educOtherUnit.id}`)).status).toBe(404);
    expect((await (await w.as('educA2')).get(`/api/dossiers/${educOtherUnit.id}`)).status).toBe(200);

    const denied = await auditRows({ dossier_id: d.id, action: 'dossier.read' });
    expect(denied).toHaveLength(1);
    expect(denied[0]).toMatchObject({ outcome: 'denied', actor_account_id: w.users.secA.id });
    expect((await server.db('dossier').where({ id: d.id }).first()).status).toBe('applicant');
  });

  it('lets a young person read their own dossier only (ownDossierIds)', async () => {
    const mine = await createDossier(await w.as('secA'), { identity: identity({ firstNames: 'Noah' }), establishmentId: w.estA, unitId: w.unitA1, status: 'admitted' });
    const other = await createDossier(await w.as('secA'), { identity: identity({ firstNames: 'Lina' }), establishmentId: w.estA, unitId: w.unitA1, status: 'admitted' });
    const young = await createUser(server.db, 'dos.noah', [{ profile: 'usager' }]);
    await server.db('account_dossier_link').insert({ account_id: young.id, dossier_id: mine.id, relation: 'usager' });
    const client = server.client();
    await client.login(young.login, young.password);
    const own = await client.get(`/api/dossiers/${mine.id}`);
    expect(own.status).toBe(200);
    expect(own.body.identity.firstNames).toBe('Noah');
    expect(own.body.careTeam).toEqual([]); // the usager profile does not grant the care team
    expect((await client.get(`/api/dossiers/${other.id}`)).status).toBe(404);
    const list = await client.get('/api/dossiers');
    expect(list.body.items.map((i: { id: string }) => i.id)).toEqual([mine.id]);
    expect((await client.patch(`/api/dossiers/${mine.id}`, { lockVersion: 0, status: 'waiting' })).status).toBe(403);
  });

  it('updates identity with optimistic locking: of concurrent PATCHes of the same version exactly one wins, the others get 409', async () => {
    const d = await createDossier(await w.as('secA'), { identity: identity({ birthName: 'MARTIN' }), establishmentId: w.estA, status: 'applicant' });
    const editors = [await w.as('secA'), await w.as('chefA')];
    const names = ['MARTINE', 'MARTINEZ', 'MARTINEAU', 'MARTINET', 'MARTINON', 'MARTINAUD'];
    const results = await Promise.all(names.map((birthName, i) => editors[i % 2]!.patch(`/api/dossiers/${d.id}`, { lockVersion: 0, identity: identity({ birthName }) })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409, 409]);
    const winner = results.find((r) => r.status === 200)!;
    for (const loser of results.filter((r) => r.status === 409)) expect(loser.body.code).toBe('CONFLICT');
    expect(winner.body.lockVersion).toBe(1);
    const row = await server.db('dossier').where({ id: d.id }).first();
    expect(row.birth_name).toBe(winner.body.identity.birthName);
    expect(row.lock_version).toBe(1);
    // stale version
    const stale = await (await w.as('secA')).patch(`/api/dossiers/${d.id}`, { lockVersion: 0, status: 'waiting' });
    expect(stale.status).toBe(409);
    // search tokens follow the new name
    const found = await (await w.as('secA')).get(`/api/dossiers?q=${encodeURIComponent(winner.body.identity.birthName.toLowerCase())}`);
    expect(found.body.items.map((i: { id: string }) => i.id)).toContain(d.id);
    const missing = await (await w.as('secA')).patch(`/api/dossiers/${d.id}`, { status: 'waiting' });
    expect(missing.status).toBe(422);
    expect(missing.body.issues.map((i: { path: string }) => i.path)).toEqual(['/lockVersion']);
    const updates = await auditRows({ dossier_id: d.id, action: 'dossier.update' });
    expect(updates).toHaveLength(1);
    expect(updates[0].detail).toMatchObject({ changedFields: ['birthName'] });
  });

  it('moves the identity status only as the evidence allows, records each change, and downgrades a validated identity whose strict traits change', async () => {
    const sec = await w.as('secA');
    const d = await createDossier(sec, { identity: identity({ birthDate: '2010-06-15' }), establishmentId: w.estA, status: 'admitted' });
    const url = `/api/dossiers/${d.id}/identity-status`;

    const noDocument = await sec.post(url, { status: 'validee', reason: 'Pièce vue' });
    expect(noDocument.status).toBe(422);
    expect(noDocument.body.code).toBe('INVALID_IDENTITY_TRANSITION');
    expect(noDocument.body.detail).toMatch(/pièce d’identité/);
    const noIns = await sec.post(url, { status: 'qualifiee', reason: 'Pièce vue', documentType: 'passeport' });
    expect(noIns.status).toBe(422);
    expect(noIns.body.detail).toMatch(/INS/);
    const badDocument = await sec.post(url, { status: 'validee', reason: 'x', documentType: 'permis_conduire' });
    expect(badDocument.status).toBe(422);
    expect(badDocument.body.issues[0].path).toBe('/documentType');
    const missingReason = await sec.post(url, { status: 'validee', documentType: 'passeport' });
    expect(missingReason.body.issues.map((i: { path: string }) => i.path)).toEqual(['/reason']);
    expect((await server.db('identity_status_change').where({ dossier_id: d.id })).length).toBe(0);

    const validated = await sec.post(url, { status: 'validee', reason: 'Livret de famille présenté par la mère', documentType: 'livret_famille' });
    expect(validated.status).toBe(200);
    expect(validated.body).toMatchObject({ identityStatus: 'validee', identityDocumentType: 'livret_famille', identityStatusLabel: 'Identité validée' });
    expect(validated.body.identityCheckedAt).not.toBeNull();
    const again = await sec.post(url, { status: 'validee', reason: 'x', documentType: 'passeport' });
    expect(again.body.code).toBe('INVALID_IDENTITY_TRANSITION');

    // complementary trait: stays validated; strict trait: back to provisoire
    const used = await sec.patch(`/api/dossiers/${d.id}`, { lockVersion: validated.body.lockVersion, identity: { ...validated.body.identity, usedName: 'LEROY' } });
    expect(used.body.identityStatus).toBe('validee');
    const strict = await sec.patch(`/api/dossiers/${d.id}`, { lockVersion: used.body.lockVersion, identity: { ...used.body.identity, birthDate: '2010-06-16' } });
    expect(strict.status).toBe(200);
    expect(strict.body).toMatchObject({ identityStatus: 'provisoire', identityDocumentType: null, identityCheckedAt: null });

    const changes = await server.db('identity_status_change').where({ dossier_id: d.id }).orderBy('changed_at');
    expect(changes.map((c: any) => [c.from_status, c.to_status, c.document_type, c.changed_by])).toEqual([
      ['provisoire', 'validee', 'livret_famille', w.users.secA.id],
      ['validee', 'provisoire', null, w.users.secA.id],
    ]);
    expect(changes[1].reason).toMatch(/birthDate/);
    const events = await auditRows({ dossier_id: d.id, action: 'dossier.identity_status.change' });
    expect(events).toHaveLength(1);
    expect(events[0].detail).toEqual({ from: 'provisoire', to: 'validee', documentType: 'livret_famille' });
    const updates = await auditRows({ dossier_id: d.id, action: 'dossier.update' });
    expect(updates.map((u: any) => u.detail.identityStatus)).toEqual([null, { from: 'validee', to: 'provisoire' }]);

    // an adult cannot be validated with a birth certificate; a downgrade for doubt is always allowed
    const adult = await createDossier(sec, { identity: identity({ birthDate: '2004-01-01' }), establishmentId: w.estA, status: 'admitted' });
    const certificate = await sec.post(`/api/dossiers/${adult.id}/identity-status`, { status: 'validee', reason: 'x', documentType: 'acte_naissance' });
    expect(certificate.status).toBe(422);
    expect(certificate.body.issues[0].path).toBe('/documentType');
    await sec.post(`/api/dossiers/${adult.id}/identity-status`, { status: 'validee', reason: 'CNI', documentType: 'carte_identite' });
    const doubt = await sec.post(`/api/dossiers/${adult.id}/identity-status`, { status: 'provisoire', reason: 'Doute sur la pièce' });
    expect(doubt.status).toBe(200);
    expect(doubt.body.identityStatus).toBe('provisoire');
    // an educateur may read but not change the status
    expect((await (await w.as('educA1')).post(`/api/dossiers/${adult.id}/identity-status`, { status: 'validee', reason: 'x', documentType: 'passeport' })).status).toBe(403);
  });
});
