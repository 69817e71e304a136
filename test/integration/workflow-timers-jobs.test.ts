/**
 * Durable timers and external tasks over HTTP: timers and deadlines that fell due while no server
 * ran are resumed by the scheduler at start, boundary timers escalate to the chef de service,
 * service tasks go through the outbox with retries and backoff under one idempotency key, and a
 * job that keeps failing becomes an incident that an administrator retries.
 */
import { buildBpmn, linearProcess } from '@cordee/core/src/workflow/testing/bpmn-builder';
import { type DemoService, startDemoService } from '../helpers/demo-service';
import { startTestServer, type TestServer } from '../helpers/test-server';
import { type WorkflowWorld, decisionAnswers, publishAdmission, workflowWorld } from '../helpers/workflow-world';

let server: TestServer;
let world: WorkflowWorld;
let service: DemoService;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  service = await startDemoService();
  // the demonstration plugin reads its settings when the plugin registry is first built (at the first publication)
  process.env.CORDEE_PLUGIN_DEMO_URL = service.url;
  process.env.CORDEE_PLUGIN_DEMO_MAX_ATTEMPTS = '3';
  process.env.CORDEE_PLUGIN_DEMO_TIMEOUT_MS = '2000';
  server = await startTestServer();
  await publishAdmission(server);
  world = await workflowWorld(server, 'wt');
  const waiting = buildBpmn({
    processId: 'attente',
    name: 'Attente',
    nodes: [
      { kind: 'start', id: 'debut', name: 'Début' },
      { kind: 'user', id: 'avant', name: 'Avant le délai', form: 'decision-admission', candidates: ['chef_service'] },
      { kind: 'timer', id: 'delai', name: 'Délai de deux secondes', duration: 'PT2S' },
      { kind: 'user', id: 'apres', name: 'Après le délai', form: 'decision-admission', candidates: ['chef_service'] },
      { kind: 'end', id: 'fin', name: 'Fin' },
    ],
    flows: [
      { from: 'debut', to: 'avant' },
      { from: 'avant', to: 'delai' },
      { from: 'delai', to: 'apres' },
      { from: 'apres', to: 'fin' },
    ],
  });
  const reminder = buildBpmn({
    processId: 'relance',
    name: 'Relance',
    nodes: [
      { kind: 'start', id: 'debut', name: 'Début' },
      { kind: 'user', id: 'etude', name: 'Étudier la demande', form: 'decision-admission', candidates: ['chef_service'], due: 'PT1S' },
      { kind: 'boundary', id: 'rappel', name: 'Rappel au chef de service', attachedTo: 'etude', duration: 'PT1S' },
      { kind: 'end', id: 'fin', name: 'Fin' },
      { kind: 'end', id: 'rappel_fait', name: 'Rappel fait' },
    ],
    flows: [
      { from: 'debut', to: 'etude' },
      { from: 'etude', to: 'fin' },
      { from: 'rappel', to: 'rappel_fait' },
    ],
  });
  const transmission = buildBpmn({
    processId: 'transmission',
    name: 'Transmission',
    nodes: [
      { kind: 'start', id: 'debut', name: 'Début' },
      { kind: 'service', id: 'envoi', name: 'Envoyer l’accusé de réception', action: 'demo.accuse-reception' },
      { kind: 'user', id: 'suite', name: 'Donner suite', form: 'decision-admission', candidates: ['chef_service'] },
      { kind: 'end', id: 'fin', name: 'Fin' },
    ],
    flows: [
      { from: 'debut', to: 'envoi' },
      { from: 'envoi', to: 'suite' },
      { from: 'suite', to: 'fin' },
    ],
  });
  for (const [key, xml] of [['attente', waiting], ['relance', reminder], ['transmission', transmission]] as const) expect((await world.publishWorkflow(key, xml)).status).toBe(201);
}, 120_000);

afterAll(async () => {
  await world?.stopWorkers();
  await server?.close();
  await service?.close();
  delete process.env.CORDEE_PLUGIN_DEMO_URL;
});

async function start(workflow: string) {
  const response = await (await world.as('chefA')).post('/api/processes', { workflow, dossier: await world.dossier() });
  expect(response.status).toBe(201);
  return response.body;
}

const instanceOf = async (id: string) => (await (await world.as('chefA')).get(`/api/processes/${id}`)).body;

describe('durable timers', () => {
  it('resumes what fell due while no server ran: an intermediate timer, a boundary escalation, an overdue task', async () => {
    const chef = await world.as('chefA');
    const waiting = await start('attente');
    const first = await chef.post(`/api/tasks/${waiting.tasks[0].id}/complete`, { data: decisionAnswers() });
    expect(first.body.instance.position).toEqual(['delai']);
    const atTimer = await instanceOf(waiting.id);
    const dueIn = Date.parse(atTimer.dueAt) - Date.now();
    expect(dueIn).toBeGreaterThan(1000);
    expect(dueIn).toBeLessThanOrEqual(2100);
    const reminder = await start('relance');
    const reminderTask = reminder.tasks[0];
    expect(Date.parse(reminderTask.dueAt) - Date.now()).toBeLessThanOrEqual(1100);

    // downtime: no scheduler anywhere while the timers fall due, and nothing moves in memory
    await sleep(2300);
    expect((await instanceOf(waiting.id)).position).toEqual(['delai']);
    expect((await instanceOf(reminder.id)).history.map((h: any) => h.kind)).not.toContain('escalation.notified');

    // restart: the scheduler's first round resumes them
    const { scheduler } = world.workers();
    await scheduler.runOnce();
    const resumed = await instanceOf(waiting.id);
    expect(resumed.position).toEqual(['apres']);
    expect(resumed.history.map((h: any) => `${h.kind}:${h.elementId ?? ''}`)).toEqual(expect.arrayContaining(['timer.fired:delai', 'activity.completed:delai', 'task.created:apres']));
    expect(resumed.tasks.filter((t: any) => t.status === 'open').map((t: any) => t.elementId)).toEqual(['apres']);

    const escalated = await instanceOf(reminder.id);
    expect(escalated.history.map((h: any) => `${h.kind}:${h.elementId ?? ''}`)).toEqual(expect.arrayContaining(['timer.fired:rappel', 'escalation.notified:rappel', 'task.overdue:etude']));
    // non-interrupting: the task is still there, late
    const late = escalated.tasks.find((t: any) => t.id === reminderTask.id);
    expect(late).toMatchObject({ status: 'open', overdue: true });
    const notifications = (await chef.get('/api/notifications')).body.items.filter((n: any) => n.payload.instanceId === reminder.id);
    expect(notifications.map((n: any) => n.kind).sort()).toEqual(['workflow.escalation', 'workflow.task_overdue']);
    // the chef de service of the other establishment is not told
    expect((await (await world.as('chefB')).get('/api/notifications')).body.items.filter((n: any) => n.payload.instanceId === reminder.id)).toEqual([]);
    // a second round finds nothing more to do and notifies nobody twice
    await scheduler.runOnce();
    expect((await chef.get('/api/notifications')).body.items.filter((n: any) => n.payload.instanceId === reminder.id)).toHaveLength(2);
  }, 30_000);
});

async function runJobsUntil(done: () => Promise<boolean>, rounds = 50): Promise<void> {
  const { jobs } = world.workers();
  for (let i = 0; i < rounds; i++) {
    await jobs.runOnce();
    if (await done()) return;
    await sleep(60);
  }
  throw new Error('the jobs did not get there');
}

describe('external tasks', () => {
  const jobOf = async (instanceId: string) => server.db('workflow_job').where({ instance_id: instanceId }).first();

  it('retries a failing call with backoff under one idempotency key, then signals the instance', async () => {
    service.failNext(2);
    const instance = await start('transmission');
    expect(instance.position).toEqual(['envoi']);
    const queued = await jobOf(instance.id);
    expect(queued).toMatchObject({ status: 'pending', attempts: 0, action: 'demo.accuse-reception', idempotency_key: `${instance.id}:${queued.execution_id}` });
    await runJobsUntil(async () => (await jobOf(instance.id)).status === 'done');
    const job = await jobOf(instance.id);
    expect(job).toMatchObject({ status: 'done', attempts: 3, result: { accuseReception: expect.stringMatching(/^R-/) } });
    expect(service.calls.filter((k) => k === job.idempotency_key)).toHaveLength(3);
    const after = await instanceOf(instance.id);
    expect(after.position).toEqual(['suite']);
    const kinds = after.history.map((h: any) => h.kind);
    expect(kinds.filter((k: string) => k === 'job.retry_scheduled')).toHaveLength(2);
    expect(kinds.filter((k: string) => k === 'job.completed')).toHaveLength(1);
    const retries = after.history.filter((h: any) => h.kind === 'job.retry_scheduled');
    expect(retries.map((h: any) => h.detail.attempt)).toEqual([1, 2]);
    expect(after.openIncidents).toBe(0);
  });

  it('turns a job that fails at its last try into an incident that administrators see and retry', async () => {
    service.failAlways(true);
    const instance = await start('transmission');
    await runJobsUntil(async () => (await jobOf(instance.id)).status === 'incident');
    expect((await jobOf(instance.id)).attempts).toBe(3);
    const admin = await world.as('admin');
    const incidents = (await admin.get('/api/workflow-incidents')).body.items.filter((i: any) => i.instanceId === instance.id);
    expect(incidents).toEqual([expect.objectContaining({ workflow: 'transmission', elementId: 'envoi', action: 'demo.accuse-reception', attempts: 3, resolvedAt: null, message: expect.stringContaining('Échec après 3 tentatives') })]);
    expect((await instanceOf(instance.id)).openIncidents).toBe(1);
    // a chef de service sees the instance but does not administer incidents
    expect((await (await world.as('chefA')).get('/api/workflow-incidents')).status).toBe(403);
    expect((await (await world.as('chefA')).post(`/api/workflow-incidents/${incidents[0].id}/retry`)).status).toBe(403);

    service.failAlways(false);
    expect((await admin.post(`/api/workflow-incidents/${incidents[0].id}/retry`)).status).toBe(204);
    expect((await admin.post(`/api/workflow-incidents/${incidents[0].id}/retry`)).body.code).toBe('INCIDENT_NOT_OPEN');
    await runJobsUntil(async () => (await jobOf(instance.id)).status === 'done');
    const after = await instanceOf(instance.id);
    expect(after.position).toEqual(['suite']);
    expect(after.openIncidents).toBe(0);
    expect(after.incidents[0]).toMatchObject({ resolution: 'retried', resolvedAt: expect.any(String) });
    expect(after.history.map((h: any) => h.kind)).toEqual(expect.arrayContaining(['job.incident', 'incident.retried', 'job.completed']));
  });
});
