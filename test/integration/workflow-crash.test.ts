/**
 * Crash safety of workflows, as a test: the real server (`npm start`'s entry point) in a child
 * process runs many instances of a multi-step process with user tasks, a timer and an external
 * call, while it is killed with SIGKILL at random moments and restarted. Every instance must end
 * with each step done exactly once: no lost step, no duplicated step, one submission per task, one
 * job per service task, and no duplicated external effect beyond what the idempotency key absorbs.
 */
import { randomBytes } from 'node:crypto';
import { linearProcess } from '@cordee/core/src/workflow/testing/bpmn-builder';
import { type Db, createDb, insertDossier, insertPlacement } from '@cordee/db';
import { type DemoService, startDemoService } from '../helpers/demo-service';
import { createOrganisation, createUser } from '../helpers/fixtures';
import { TEMPLATE_DATABASE, freePort, withDatabase } from '../helpers/global-setup';
import { HttpClient } from '../helpers/http-client';
import { type ProductProcess, spawnProduct } from '../helpers/product-process';
import { decisionAnswers } from '../helpers/workflow-world';

const INSTANCES = 40;
const KILLS = 4;
const PATH_ELEMENTS = ['debut', 'tache_1', 'tache_2', 'delai', 'transmission', 'tache_3', 'tache_4', 'fin'];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Product = ProductProcess;

describe('workflows survive SIGKILL of the server', () => {
  let adminUrl: string;
  let database: string;
  let db: Db;
  let service: DemoService;
  let env: Record<string, string>;
  let baseUrl: string;
  let running: Product | null = null;

  const start = (): Product => spawnProduct(env);

  const waitHealthy = async (product: Product): Promise<void> => {
    const until = Date.now() + 60_000;
    let exitCode: number | null | undefined;
    void product.exited.then((code) => (exitCode = code));
    while (Date.now() < until) {
      if (exitCode !== undefined) throw new Error(`the server exited (${exitCode}):\n${product.output()}`);
      try {
        if ((await fetch(`${baseUrl}/api/health`)).status === 200) return;
      } catch {
        // not listening yet
      }
      await sleep(100);
    }
    throw new Error(`not healthy in time:\n${product.output()}`);
  };

  const kill = async (product: Product): Promise<void> => {
    process.kill(-product.child.pid!, 'SIGKILL');
    await product.exited;
  };

  beforeAll(async () => {
    adminUrl = process.env.CORDEE_TEST_ADMIN_URL!;
    database = `cordee_crash_${randomBytes(5).toString('hex')}`;
    const admin = createDb(adminUrl, { poolMax: 1 });
    await admin.raw(`create database ${database} template ${TEMPLATE_DATABASE}`);
    await admin.destroy();
    db = createDb(withDatabase(adminUrl, database), { poolMax: 4 });
    service = await startDemoService();
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    env = {
      DATABASE_URL: withDatabase(adminUrl, database),
      PORT: String(port),
      CORDEE_DEMO_DATA: 'false',
      CORDEE_ADMIN_PASSWORD: 'Admin-Crash-Test-2026!',
      CORDEE_LOG_LEVEL: 'warn',
      CORDEE_PLUGIN_DEMO_URL: service.url,
      CORDEE_PLUGIN_DEMO_TIMEOUT_MS: '1000',
      CORDEE_PLUGIN_DEMO_MAX_ATTEMPTS: '100',
    };
  });

  afterAll(async () => {
    if (running && running.child.exitCode === null && running.child.pid) process.kill(-running.child.pid, 'SIGKILL');
    await db?.destroy();
    await service?.close();
    const admin = createDb(adminUrl, { poolMax: 1 });
    await admin.raw(`drop database if exists ${database} with (force)`);
    await admin.destroy();
  });

  it('finishes every instance with every step exactly once across random SIGKILLs and restarts', async () => {
    const startedAt = Date.now();
    running = start();
    await waitHealthy(running);
    const firstStartMs = Date.now() - startedAt;
    const restartMs: number[] = [];

    // the world: one establishment, a chef de service who drives, a quality manager who publishes
    const org = await createOrganisation(db, 'Association Crash', 1);
    const est = org.establishments[0]!;
    const chef = await createUser(db, 'crash.chef', [{ profile: 'chef_service', establishmentId: est.id }]);
    const qualite = await createUser(db, 'crash.qualite', [{ profile: 'responsable_qualite' }]);
    const publisher = new HttpClient(baseUrl);
    expect((await publisher.login(qualite.login, qualite.password)).status).toBe(200);
    const xml = linearProcess({ processId: 'parcours', tasks: 4, form: 'decision-admission', candidates: ['chef_service'], timer: 'PT1S', action: 'demo.accuse-reception' });
    expect((await publisher.put('/api/metadata/workflows/parcours/draft', { title: 'Parcours', bpmnXml: xml })).status).toBe(200);
    expect((await publisher.post('/api/metadata/workflows/parcours/publish')).status).toBe(201);
    const client = new HttpClient(baseUrl);
    expect((await client.login(chef.login, chef.password)).status).toBe(200);
    const instanceIds: string[] = [];
    for (let i = 0; i < INSTANCES; i++) {
      const { id: dossier } = await insertDossier(db, { identity: { birthName: `CRASH${i}`, firstNames: 'Alex', birthDate: '2011-02-03', birthPlaceCode: '75056', sex: 'M' }, establishmentId: est.id, unitId: est.unitIds[0]!, status: 'admitted' });
      await insertPlacement(db, { dossierId: dossier, establishmentId: est.id, unitId: est.unitIds[0]!, startDate: '2026-01-05', legalBasis: 'accueil_provisoire' });
      const response = await client.post('/api/processes', { workflow: 'parcours', dossier });
      expect(response.status).toBe(201);
      instanceIds.push(response.body.id);
    }

    // the driver completes whatever task is open, again and again; requests cut by a kill are simply retried
    const outcomes = { completed: 0, conflicts: 0, networkErrors: 0 };
    const finished = new Set<string>();
    let driving = true;
    const driveOne = async (id: string) => {
      try {
        const instance = await client.get(`/api/processes/${id}`);
        if (instance.status !== 200) return;
        if (instance.body.status === 'completed') {
          finished.add(id);
          return;
        }
        for (const task of instance.body.tasks.filter((t: any) => t.status === 'open')) {
          const done = await client.post(`/api/tasks/${task.id}/complete`, { data: decisionAnswers() });
          if (done.status === 200) outcomes.completed++;
          else if (done.status === 409) outcomes.conflicts++;
          else throw new Error(`unexpected ${done.status}: ${done.text}`);
        }
      } catch (error) {
        // fetch failed (the server is down or was killed mid-request); the TypeError comes from another realm than jest's
        if ((error as Error).message !== 'fetch failed') throw error;
        outcomes.networkErrors++;
        await sleep(200);
      }
    };
    const driver = (async () => {
      while (driving && finished.size < INSTANCES) {
        const pending = instanceIds.filter((id) => !finished.has(id));
        for (let i = 0; i < pending.length; i += 8) await Promise.all(pending.slice(i, i + 8).map(driveOne));
        await sleep(50);
      }
    })();

    // kill the server at random moments while the driver, the scheduler and the job worker work;
    // every other kill waits for an external call in flight, so that some calls are cut before their result is recorded
    service.delay(300);
    for (let k = 0; k < KILLS; k++) {
      await sleep(300 + Math.floor(Math.random() * 1200));
      for (let waited = 0; k % 2 === 1 && service.inFlight() === 0 && waited < 4000; waited += 20) await sleep(20);
      await kill(running);
      await sleep(Math.floor(Math.random() * 500));
      const restartAt = Date.now();
      running = start();
      await waitHealthy(running);
      restartMs.push(Date.now() - restartAt);
    }
    const deadline = Date.now() + 60_000;
    while (finished.size < INSTANCES && Date.now() < deadline) await sleep(200);
    driving = false;
    await driver;
    console.log(
      `crash test: ${INSTANCES} instances, ${KILLS} SIGKILLs, ${outcomes.completed} completions, ${outcomes.conflicts} answered 409 after a retry, ${outcomes.networkErrors} requests cut; first start ${firstStartMs} ms, restarts ${restartMs.join('/')} ms, total ${Date.now() - startedAt} ms`,
    );
    expect(finished.size).toBe(INSTANCES);

    // every step exactly once
    const rows = await db('process_instance').whereIn('id', instanceIds).select('id', 'status');
    expect(rows.every((r: { status: string }) => r.status === 'completed')).toBe(true);
    const steps = (await db('process_history').whereIn('instance_id', instanceIds).where('kind', 'activity.completed').groupBy('instance_id', 'element_id').select('instance_id', 'element_id').count('* as n')) as Array<{ element_id: string; n: string }>;
    expect(steps).toHaveLength(INSTANCES * PATH_ELEMENTS.length);
    expect(steps.every((s) => Number(s.n) === 1)).toBe(true);
    expect(new Set(steps.map((s) => s.element_id))).toEqual(new Set(PATH_ELEMENTS));
    const timers = await db('process_history').whereIn('instance_id', instanceIds).where('kind', 'timer.fired').count('* as n').first();
    expect(Number(timers!.n)).toBe(INSTANCES);
    // one task row and one submission per user task: no completion was lost or made twice
    const tasks = await db('user_task').whereIn('instance_id', instanceIds).groupBy('status').select('status').count('* as n');
    expect(tasks).toEqual([{ status: 'completed', n: String(INSTANCES * 4) }]);
    const withSubmission = await db('user_task as t').join('submission as s', 's.id', 't.submission_id').whereIn('t.instance_id', instanceIds).count('* as n').first();
    expect(Number(withSubmission!.n)).toBe(INSTANCES * 4);
    const submissions = await db('submission').whereIn('dossier_id', db('process_instance').whereIn('id', instanceIds).select('dossier_id')).count('* as n').first();
    expect(Number(submissions!.n)).toBe(INSTANCES * 4);
    // one job per service task, done; one receipt per idempotency key at the external service
    const jobs = await db('workflow_job').whereIn('instance_id', instanceIds).select('idempotency_key', 'status', 'result', 'attempts');
    expect(jobs).toHaveLength(INSTANCES);
    expect(jobs.every((j: { status: string }) => j.status === 'done')).toBe(true);
    for (const job of jobs as Array<{ idempotency_key: string; result: { accuseReception: string } }>) {
      expect(service.receipts.get(job.idempotency_key)).toBe(job.result.accuseReception);
    }
    const keys = new Set(jobs.map((j: { idempotency_key: string }) => j.idempotency_key));
    expect(new Set(service.calls)).toEqual(keys);
    expect(service.receipts.size).toBe(INSTANCES);
    const repeated = service.calls.length - keys.size;
    console.log(`crash test: ${service.calls.length} external calls for ${keys.size} service tasks (${repeated} repeated after a kill, absorbed by the idempotency key)`);
  }, 170_000);
});
