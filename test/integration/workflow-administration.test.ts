/**
 * Workflow administration over HTTP: publication refused by the lint, instances pinned to their
 * version, the list of instances with their position, cancellation with a reason, migration to a
 * newer version accepted when the elements match and refused with an explanation otherwise.
 */
import { buildBpmn, linearProcess } from '@cordee/core/src/workflow/testing/bpmn-builder';
import { startEngineThreads, stopEngineThreads } from '@cordee/server/src/workflow/engine-threads';
import { startTestServer, type TestServer } from '../helpers/test-server';
import { type WorkflowWorld, decisionAnswers, publishAdmission, workflowWorld } from '../helpers/workflow-world';

let server: TestServer;
let world: WorkflowWorld;

const v1 = linearProcess({ processId: 'suivi', tasks: 3, form: 'decision-admission', candidates: ['chef_service'] });

beforeAll(async () => {
  // engine steps in worker threads, as the server runs them
  expect(startEngineThreads(2)).toBe(2);
  server = await startTestServer();
  await publishAdmission(server);
  world = await workflowWorld(server, 'wa');
  expect((await world.publishWorkflow('suivi', v1)).body.version).toBe('1.0.0');
}, 120_000);

afterAll(async () => {
  await server?.close();
  await stopEngineThreads();
});

async function startAtTask2(): Promise<any> {
  const chef = await world.as('chefA');
  const instance = (await chef.post('/api/processes', { workflow: 'suivi', dossier: await world.dossier() })).body;
  const done = await chef.post(`/api/tasks/${instance.tasks[0].id}/complete`, { data: decisionAnswers() });
  expect(done.body.instance.position).toEqual(['tache_2']);
  return (await chef.get(`/api/processes/${instance.id}`)).body;
}

describe('publishing a workflow', () => {
  it('refuses a diagram that fails the lint, naming each element, and publishes nothing', async () => {
    const broken = buildBpmn({
      processId: 'casse',
      name: 'Cassé',
      nodes: [
        { kind: 'start', id: 'debut', name: 'Début' },
        { kind: 'user', id: 'etude', name: 'Étude', form: 'formulaire-inconnu', candidates: ['astronaute'] },
        { kind: 'service', id: 'envoi', name: 'Envoi', action: 'insi.verifier' },
        { kind: 'end', id: 'fin', name: 'Fin' },
      ],
      flows: [
        { from: 'debut', to: 'etude' },
        { from: 'etude', to: 'envoi' },
        { from: 'envoi', to: 'fin' },
      ],
    }).replace(/<bpmndi:BPMNShape id="fin_di"[^]*?<\/bpmndi:BPMNShape>/, '');
    const refused = await world.publishWorkflow('casse', broken);
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('METADATA_INVALID');
    expect(refused.body.issues).toEqual(
      expect.arrayContaining([
        { path: '/bpmnXml/etude', message: expect.stringContaining('« formulaire-inconnu » n’est pas publié') },
        { path: '/bpmnXml/etude', message: expect.stringContaining('« astronaute » n’existe pas') },
        { path: '/bpmnXml/envoi', message: expect.stringContaining('« insi.verifier » n’est fournie par aucun plugin') },
        { path: '/bpmnXml/fin', message: expect.stringContaining('bpmnlint no-bpmndi') },
      ]),
    );
    expect(await server.db('artefact_version').where({ kind: 'workflow', key: 'casse' })).toEqual([]);
    // what is not BPMN at all is refused by the contract or the parser
    const client = await world.as('qualite');
    expect((await client.put('/api/metadata/workflows/casse/draft', { title: 'Cassé', bpmnXml: 'pas du XML' })).status).toBe(422);
  });
});

describe('administering instances', () => {
  it('lists instances with where they stand, filtered by what each one may see', async () => {
    const instance = await startAtTask2();
    const admin = await world.as('admin');
    const listed = (await admin.get('/api/processes?workflow=suivi&status=running')).body.items;
    expect(listed).toContainEqual(expect.objectContaining({ id: instance.id, position: ['tache_2'], version: '1.0.0', status: 'running', openIncidents: 0 }));
    const mine = (await (await world.as('chefA')).get(`/api/processes?dossier=${instance.dossierId}`)).body.items;
    expect(mine.map((i: any) => i.id)).toEqual([instance.id]);
    expect((await (await world.as('chefB')).get('/api/processes?workflow=suivi')).body.items).toEqual([]);
    const second = await startAtTask2();
    const page = await admin.get('/api/processes?limit=1');
    expect(page.body.items.map((i: any) => i.id)).toEqual([second.id]);
    const next = await admin.get(`/api/processes?limit=1&cursor=${page.body.nextCursor}`);
    expect(next.body.items.map((i: any) => i.id)).toEqual([instance.id]);
    expect((await admin.get('/api/processes?cursor=abc')).status).toBe(422);
  });

  it('cancels an instance with a reason: tasks closed, history kept, nothing more to complete', async () => {
    const instance = await startAtTask2();
    const chef = await world.as('chefA');
    expect((await chef.post(`/api/processes/${instance.id}/cancel`, { reason: 'x' })).status).toBe(422);
    expect((await (await world.as('educA1')).post(`/api/processes/${instance.id}/cancel`, { reason: 'Demande retirée par l’ASE.' })).status).toBe(403);
    const cancelled = await chef.post(`/api/processes/${instance.id}/cancel`, { reason: 'Demande retirée par l’ASE.' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelReason: 'Demande retirée par l’ASE.', position: [], dueAt: null });
    expect(cancelled.body.tasks.map((t: any) => t.status)).toEqual(['completed', 'cancelled']);
    expect(cancelled.body.history.at(-1)).toMatchObject({ kind: 'instance.cancelled', account: { id: world.users.chefA.id }, detail: { reason: 'Demande retirée par l’ASE.' } });
    expect((await chef.post(`/api/processes/${instance.id}/cancel`, { reason: 'Encore une fois.' })).body.code).toBe('PROCESS_NOT_RUNNING');
    expect((await chef.post(`/api/tasks/${cancelled.body.tasks[1].id}/complete`, { data: decisionAnswers() })).body.code).toBe('TASK_NOT_OPEN');
  });

  it('keeps a running instance on its version, moves it to a newer one whose elements match, and refuses one that drops its step', async () => {
    const instance = await startAtTask2();
    const admin = await world.as('admin');
    expect((await world.publishWorkflow('suivi', v1.replace('name="Tâche 2"', 'name="Tâche deux"').replace('name="Tâche 3"', 'name="Tâche trois"'))).body.version).toBe('1.0.1');
    // published versions do not move running instances
    expect((await (await world.as('chefA')).get(`/api/processes/${instance.id}`)).body.version).toBe('1.0.0');
    expect((await (await world.as('chefA')).post(`/api/processes/${instance.id}/migrate`, {})).status).toBe(403);
    const moved = await admin.post(`/api/processes/${instance.id}/migrate`, {});
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ version: '1.0.1', position: ['tache_2'], status: 'running' });
    expect(moved.body.tasks.find((t: any) => t.status === 'open')).toMatchObject({ elementId: 'tache_2', name: 'Tâche deux' });
    expect(moved.body.history.at(-1)).toMatchObject({ kind: 'instance.migrated', detail: { from: '1.0.0', to: '1.0.1' } });
    expect((await admin.post(`/api/processes/${instance.id}/migrate`, { version: '1.0.1' })).status).toBe(422);

    expect((await world.publishWorkflow('suivi', linearProcess({ processId: 'suivi', tasks: 1, form: 'decision-admission', candidates: ['chef_service'] }))).body.version).toBe('1.0.2');
    const refused = await admin.post(`/api/processes/${instance.id}/migrate`, {});
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('PROCESS_MIGRATION_REFUSED');
    expect(refused.body.detail).toContain('1.0.1 à la version 1.0.2');
    expect(refused.body.issues.map((i: any) => i.message)).toEqual(expect.arrayContaining([expect.stringMatching(/« tache_2 » .*n’existe pas dans la version cible/)]));
    const unchanged = (await admin.get(`/api/processes/${instance.id}`)).body;
    expect(unchanged).toMatchObject({ version: '1.0.1', position: ['tache_2'], lockVersion: moved.body.lockVersion });
    // the moved instance runs on to its end on the new version
    const chef = await world.as('chefA');
    const task2 = unchanged.tasks.find((t: any) => t.status === 'open');
    const next = await chef.post(`/api/tasks/${task2.id}/complete`, { data: decisionAnswers() });
    expect(next.body.nextTasks.map((t: any) => t.name)).toEqual(['Tâche trois']);
  });
});
