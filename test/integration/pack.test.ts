/**
 * The PDE pack at start: every form, grid, workflow and template is published at 1.0.0 through
 * the public draft -> publish path, loading it again publishes nothing, and the published forms
 * and grids serve real submissions with server-computed values.
 */
import { packArtefacts } from '@cordee/seeds';
import { packExamples } from '@cordee/seeds/src/pack-examples';
import { type DossierWorld, createDossier, dossierWorld, identity } from '../helpers/dossier-world';
import { createUser } from '../helpers/fixtures';
import type { HttpClient } from '../helpers/http-client';
import { type TestServer, startTestServer } from '../helpers/test-server';

const segment = { form: 'forms', grid: 'grids', workflow: 'workflows', template: 'templates' } as const;

describe('PDE pack loading', () => {
  let server: TestServer;
  let quality: HttpClient;
  let world: DossierWorld;
  let firstLoad: string[];
  const artefacts = packArtefacts();

  beforeAll(async () => {
    server = await startTestServer();
    firstLoad = await server.loadPack();
    const rq = await createUser(server.db, 'pack.rq', [{ profile: 'responsable_qualite' }]);
    quality = server.client();
    expect((await quality.login(rq.login, rq.password)).status).toBe(200);
    world = await dossierWorld(server, 'pack');
  });
  afterAll(() => server.close());

  it('publishes every artefact of the pack at 1.0.0, exactly as its file defines it', async () => {
    expect(artefacts.filter((a) => a.kind === 'form').length).toBeGreaterThanOrEqual(24);
    expect(artefacts.filter((a) => a.kind === 'grid').map((a) => a.key)).toEqual(expect.arrayContaining(['g1-besoins-fondamentaux', 'g2-evaluation-globale', 'g3-autonomie']));
    expect([...firstLoad].sort()).toEqual(artefacts.map((a) => `${a.kind}/${a.key}@1.0.0`).sort());
    for (const artefact of artefacts) {
      const response = await quality.get(`/api/metadata/${segment[artefact.kind]}/${artefact.key}`);
      expect(response.status).toBe(200);
      expect(response.body.versions.map((v: { version: string }) => v.version)).toEqual(['1.0.0']);
      const { migration: _m, ...definition } = artefact.definition;
      expect(response.body.latest.content).toEqual({ ...definition, key: artefact.key, version: '1.0.0' });
    }
    await server.sealAudit();
    const audited = await server.db('audit_log').where({ action: 'metadata.publish' }).whereIn('target_type', Object.keys(segment)).pluck('target_id');
    expect([...audited].sort()).toEqual(artefacts.map((a) => `${a.key}@1.0.0`).sort());
  });

  it('publishes nothing when the pack is loaded again', async () => {
    expect(await server.loadPack()).toEqual([]);
    const versions = await server.db('artefact_version').whereIn('kind', Object.keys(segment)).count({ n: '*' }).first();
    expect(Number(versions!.n)).toBe(artefacts.length);
  });

  it('serves the pack through the submissions API: contract choice rule, grid scores and alerts computed by the server', async () => {
    const chef = await world.as('chefA');
    const dossier = await createDossier(chef, { identity: identity({ birthName: 'MOREL' }), establishmentId: world.estA, unitId: world.unitA1, status: 'admitted' });
    const director = await createUser(server.db, 'pack.dir.a', [{ profile: 'directeur', establishmentId: world.estA }]);
    const directorClient = server.client();
    expect((await directorClient.login(director.login, director.password)).status).toBe(200);

    const contract = await directorClient.post(`/api/dossiers/${dossier.id}/submissions`, {
      form: 'contrat-sejour',
      status: 'final',
      data: { ...packExamples['contrat-sejour'], fondement_juridique: 'assistance_educative', type_document: 'contrat_sejour' },
    });
    expect(contract.status).toBe(201);
    expect(contract.body.form.version).toBe('1.0.0');
    expect(contract.body.data.type_document).toBe('dipc');
    expect(contract.body.computed).toMatchObject({ '/type_document': 'dipc', '/date_limite_remise': '2026-02-17', '/date_limite_signature': '2026-03-02' });

    const educator = await world.as('educA1');
    const g3 = await educator.post(`/api/dossiers/${dossier.id}/submissions`, {
      form: 'g3-autonomie',
      kind: 'grid',
      status: 'final',
      data: { ...packExamples['g3-autonomie'], date_fin_prise_en_charge: '2027-01-15', items: { ...(packExamples['g3-autonomie'] as { items: object }).items, social_vie_quotidienne: { niveau: 'a_travailler' }, reseau_relationnel: { niveau: 'a_travailler' }, educatif_scolarite_formation: { niveau: 'a_travailler' } } },
    });
    expect(g3.status).toBe(201);
    expect(g3.body.gridResult.scores.taux_acquisition).toBe(0.46);
    expect(g3.body.gridResult.alerts.map((a: { id: string }) => a.id)).toEqual(['sortie_a_risque']);

    const incomplete = await educator.post(`/api/dossiers/${dossier.id}/submissions`, {
      form: 'g2-evaluation-globale',
      kind: 'grid',
      status: 'final',
      data: { ...packExamples['g2-evaluation-globale'], conclusion: undefined },
    });
    expect(incomplete.status).toBe(422);
    expect(incomplete.body.issues.map((i: { path: string }) => i.path)).toContain('/conclusion');
  });

  it('shows the waiting list of several establishments of the organisme to whoever works in them (ADM-1)', async () => {
    const chefAB = await world.as('chefAB');
    const entries = [];
    for (const [secretary, establishmentId, unitId] of [['secA', world.estA, world.unitA1], ['secB', world.estB, world.unitB1]] as const) {
      const client = await world.as(secretary);
      const candidate = await createDossier(client, { identity: identity({ birthName: `CANDIDAT ${secretary.toUpperCase()}` }), establishmentId, unitId, status: 'admitted' });
      const { avis_technique: _avis, ...entry } = packExamples['liste-attente'] as Record<string, unknown>;
      const posted = await client.post(`/api/dossiers/${candidate.id}/submissions`, { form: 'liste-attente', status: 'final', data: { ...entry, etablissement_id: establishmentId, statut: 'en_attente_place' } });
      expect(posted.status).toBe(201);
      entries.push(posted.body.id);
    }
    const both = await chefAB.get('/api/submissions?form=liste-attente');
    expect(both.status).toBe(200);
    expect(both.body.items.map((i: { id: string }) => i.id).sort()).toEqual([...entries].sort());
    const onlyA = await (await world.as('chefA')).get('/api/submissions?form=liste-attente');
    expect(onlyA.body.items.map((i: { id: string }) => i.id)).toEqual([entries[0]]);
  });
});
