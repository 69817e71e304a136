/**
 * The pack loaded on a database that already holds a version of a pack workflow: when the
 * workflow's content changed, the loader publishes a new version (the same draft -> publish path
 * as a quality manager); instances running on the older version stay on it, new ones start on
 * the new one, and an administrator may move an old instance since the admission workflow keeps
 * the ids of its steps.
 */
import { packArtefacts } from '@cordee/seeds';
import type { HttpClient } from '../helpers/http-client';
import { example, openTask, packWorkflowDriver } from '../helpers/pack-workflow-driver';
import { type TestServer, startTestServer } from '../helpers/test-server';
import { type WorkflowWorld, workflowWorld } from '../helpers/workflow-world';

let server: TestServer;
let world: WorkflowWorld;

beforeAll(async () => {
  server = await startTestServer();
  expect(await server.loadPack()).toContain('workflow/admission@1.0.0');
  world = await workflowWorld(server, 'up');
}, 120_000);

afterAll(async () => {
  await world?.stopWorkers();
  await server?.close();
});

describe('loading the pack again when the admission workflow changed', () => {
  it('publishes a new version, keeps running instances on theirs, and lets an administrator move them', async () => {
    const pack = packArtefacts().find((a) => a.kind === 'workflow' && a.key === 'admission')!.definition;
    // the database holds an earlier admission workflow than the pack's, with an instance running on it
    const earlier = await world.publishWorkflow('admission', String(pack.bpmnXml), 'Admission (version de l’établissement)');
    expect(earlier.body.version).toBe('1.0.1');
    const driver = packWorkflowDriver(server, world);
    const chef: HttpClient = await world.as('chefA');
    const running = await driver.start(chef, 'admission', await world.dossier());
    expect(running.version).toBe('1.0.1');

    expect(await server.loadPack()).toEqual(['workflow/admission@1.0.2']);
    expect(await server.loadPack()).toEqual([]);
    const versions = (await (await world.as('qualite')).get('/api/metadata/workflows/admission')).body;
    expect(versions.versions.map((v: any) => v.version)).toEqual(expect.arrayContaining(['1.0.0', '1.0.1', '1.0.2']));
    expect(versions.latest.content.title).toBe(pack.title);

    // the running instance stays on its version and goes on with it
    const decided = await chef.post(`/api/tasks/${openTask(running, 'decision').id}/complete`, { data: example('decision-admission') });
    expect(decided.status).toBe(200);
    expect((await driver.instanceOf(running.id)).version).toBe('1.0.1');
    // a new request starts on the pack's version
    expect((await driver.start(chef, 'admission', await world.dossier())).version).toBe('1.0.2');

    const admin = await world.as('admin');
    const moved = await admin.post(`/api/processes/${running.id}/migrate`, {});
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ version: '1.0.2', position: ['informer_demandeur'] });
  });
});
