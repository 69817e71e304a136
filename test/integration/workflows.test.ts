/**
 * Workflows over HTTP: the pack's admission process from the request to the signature of the contract, the inbox and its
 * permissions (candidate profiles, other establishments), one transaction per completion with the
 * submission stored, 409 on a second completion (also concurrent), and claim/unclaim/reassign/delegate.
 */
import { localDate } from '@cordee/core';
import { HttpClient } from '../helpers/http-client';
import { example } from '../helpers/pack-workflow-driver';
import { startTestServer, type TestServer } from '../helpers/test-server';
import { type WorkflowWorld, decisionAnswers, publishAdmission, remiseAnswers, workflowWorld } from '../helpers/workflow-world';

let server: TestServer;
let world: WorkflowWorld;

beforeAll(async () => {
  server = await startTestServer();
  expect(await publishAdmission(server)).toEqual([
    'form/agenda-evenement@1.0.0',
    'form/autorisation-soins@1.0.0',
    'form/bilan-sante@1.0.0',
    'form/contacts-urgence@1.0.0',
    'form/contrat-sejour@1.0.0',
    'form/decision-admission@1.0.0',
    'form/fiche-sanitaire@1.0.0',
    'form/inventaire-effets@1.0.0',
    'form/ppe@1.0.0',
    'form/prise-de-contact@1.0.0',
    'form/remise-contrat-sejour@1.0.0',
    'grid/g1-besoins-fondamentaux@1.0.0',
    'workflow/admission@1.0.0',
  ]);
  world = await workflowWorld(server, 'wf');
}, 120_000);

afterAll(async () => {
  await world?.stopWorkers();
  await server?.close();
});

async function start(client: HttpClient, dossier: string, workflow = 'admission') {
  const response = await client.post('/api/processes', { workflow, dossier });
  expect(response.status).toBe(201);
  return response.body;
}

const openTask = (instance: any, elementId: string) => instance.tasks.find((t: any) => t.elementId === elementId && t.status === 'open');

describe('the admission process of the pack', () => {
  it('runs from the request to the contract: user tasks with forms and due dates, a service task through the outbox, history of who did what', async () => {
    const dossier = await world.dossier('2026-01-05');
    const chef = await world.as('chefA');
    const before = Date.now();
    const instance = await start(chef, dossier);
    expect(instance).toMatchObject({ workflow: 'admission', version: '1.0.0', status: 'running', position: ['decision'], dossierId: dossier, establishmentId: world.estA });
    const decision = openTask(instance, 'decision');
    expect(decision).toMatchObject({ name: 'Décider de l’admission', form: { kind: 'form', key: 'decision-admission' }, candidateProfiles: ['directeur', 'chef_service'], assignee: null, overdue: false });
    const due = Date.parse(decision.dueAt) - before;
    expect(due).toBeGreaterThanOrEqual(5 * 86_400_000 - 1000);
    expect(due).toBeLessThan(5 * 86_400_000 + 60_000);
    // the boundary timer of the decision is the instance's next due date
    expect(Date.parse(instance.dueAt)).toBe(Date.parse(decision.dueAt) - (Date.parse(decision.dueAt) - Date.parse(instance.dueAt)));
    expect(Math.abs(Date.parse(instance.dueAt) - Date.parse(decision.dueAt))).toBeLessThan(5000);

    const done = await chef.post(`/api/tasks/${decision.id}/complete`, { data: decisionAnswers('acceptee') });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ taskId: decision.id, instance: { status: 'running', position: ['informer_demandeur'] }, nextTasks: [] });
    const submission = await chef.get(`/api/submissions/${done.body.submissionId}`);
    expect(submission.status).toBe(200);
    expect(submission.body).toMatchObject({ formKey: 'decision-admission', status: 'final', data: { decision: 'acceptee' } });

    const { jobs } = world.workers();
    expect(await jobs.runOnce()).toBeGreaterThanOrEqual(1);
    const informed = (await chef.get(`/api/processes/${instance.id}`)).body;
    expect(informed.position).toEqual(['prise_de_contact']);
    const contact = openTask(informed, 'prise_de_contact');
    // no planned arrival date in the decision: the first contact has no due date
    expect(contact).toMatchObject({ form: { kind: 'form', key: 'prise-de-contact' }, candidateProfiles: ['chef_service', 'educateur_specialise'], dueAt: null });
    expect((await chef.post(`/api/tasks/${contact.id}/complete`, { data: example('prise-de-contact') })).status).toBe(200);
    const arrival = openTask((await chef.get(`/api/processes/${instance.id}`)).body, 'accueil');
    expect(arrival).toMatchObject({ form: { kind: 'form', key: 'agenda-evenement' }, candidateProfiles: ['secretariat', 'chef_service', 'educateur_specialise'] });
    // the dossier is admitted with a placement since 2026-01-05: the arrival opens the formalities of the admission
    expect((await chef.post(`/api/tasks/${arrival.id}/complete`, { data: example('agenda-evenement', { titre: 'Accueil', type_evenement: 'autre', date_evenement: '2026-01-05' }) })).status).toBe(200);
    const after = (await chef.get(`/api/processes/${instance.id}`)).body;
    expect(after.position).toEqual(expect.arrayContaining(['remise_contrat', 'inventaire', 'fiche_sanitaire', 'contacts_urgence', 'autorisations', 'bilan_sante', 'observation_initiale']));
    const remise = openTask(after, 'remise_contrat');
    // due 15 days after the admission (CASF D311 III), at the end of that day in Paris
    expect(remise.dueAt).toBe('2026-01-20T22:59:59.000Z');
    expect(remise.overdue).toBe(true);
    // the admission was months ago: the boundary timer of the contract fired at once and told the chef de service and the director
    expect(after.dueAt).toBeNull();
    for (const user of ['chefA', 'dirA'] as const) {
      const items = (await (await world.as(user)).get('/api/notifications')).body.items;
      expect(items).toContainEqual(expect.objectContaining({ kind: 'workflow.escalation', payload: expect.objectContaining({ instanceId: instance.id, elementId: 'contrat_en_retard', dossierId: dossier }) }));
    }

    const handedOver = await chef.post(`/api/tasks/${remise.id}/complete`, { data: remiseAnswers() });
    expect(handedOver.status).toBe(200);
    expect(handedOver.body.nextTasks).toEqual([expect.objectContaining({ name: 'Faire signer le contrat de séjour ou le DIPC', dueAt: '2026-02-05T22:59:59.000Z' })]);
    const final = (await chef.get(`/api/processes/${instance.id}`)).body;
    expect(final).toMatchObject({ status: 'running', dueAt: null });
    expect(final.position).not.toContain('remise_contrat');
    const steps = final.history.map((h: any) => `${h.kind}:${h.elementId ?? ''}:${h.account?.id === world.users.chefA.id ? 'chef' : ''}`);
    expect(steps.slice(0, 17)).toEqual([
      'instance.started::chef',
      'activity.completed:demande_recue:',
      'task.created:decision:',
      'task.completed:decision:chef',
      'activity.completed:decision:chef',
      'activity.completed:decision_rendue:',
      'activity.completed:admission_acceptee:',
      'job.enqueued:informer_demandeur:',
      'job.completed:informer_demandeur:',
      'activity.completed:informer_demandeur:',
      'task.created:prise_de_contact:',
      'task.completed:prise_de_contact:chef',
      'activity.completed:prise_de_contact:chef',
      'activity.completed:accueil_attendu:',
      'task.created:accueil:',
      'task.completed:accueil:chef',
      'activity.completed:accueil:chef',
    ]);
    expect(steps).toEqual(
      expect.arrayContaining([
        'activity.completed:admission_enregistree:',
        'activity.completed:jour_j:',
        'timer.fired:contrat_en_retard:',
        'escalation.notified:contrat_en_retard:',
        'task.completed:remise_contrat:chef',
        'activity.completed:signature_attendue:',
        'task.created:signature_contrat:',
        'timer.fired:signature_en_retard:',
        'escalation.notified:signature_en_retard:',
      ]),
    );
    expect(final.history.every((h: any) => !Number.isNaN(Date.parse(h.at)))).toBe(true);
  });

  it('ends at once when the admission is refused (FEEL condition on the answers)', async () => {
    const chef = await world.as('chefA');
    const instance = await start(chef, await world.dossier());
    const done = await chef.post(`/api/tasks/${openTask(instance, 'decision').id}/complete`, { data: decisionAnswers('refusee') });
    expect(done.body.instance).toMatchObject({ status: 'completed' });
    const count = await server.db('workflow_job').where({ instance_id: instance.id }).count('* as n').first();
    expect(Number(count!.n)).toBe(0);
  });

  it('refuses to start an unknown workflow, for a dossier one cannot see, or without the right', async () => {
    const chef = await world.as('chefA');
    const dossier = await world.dossier();
    expect((await chef.post('/api/processes', { workflow: 'inconnu', dossier })).body.issues).toEqual([{ path: '/workflow', message: expect.stringContaining('jamais été publié') }]);
    const other = await world.as('chefB');
    const denied = await other.post('/api/processes', { workflow: 'admission', dossier });
    expect(denied.status).toBe(422);
    expect(denied.body.issues[0].path).toBe('/dossier');
    const psy = await world.as('psyA');
    expect((await psy.post('/api/processes', { workflow: 'admission', dossier })).status).toBe(403);
    expect((await chef.post('/api/processes', { workflow: 'admission', dossier, extra: 1 })).status).toBe(422);
    expect((await new HttpClient(server.baseUrl).post('/api/processes', { workflow: 'admission', dossier })).status).toBe(401);
    expect(Number((await server.db('process_instance').where({ dossier_id: dossier }).count('* as n').first())!.n)).toBe(0);
  });
});

describe('the inbox and who may work a task', () => {
  let instance: any;
  let task: any;
  beforeAll(async () => {
    instance = await start(await world.as('secA'), await world.dossier());
    task = openTask(instance, 'decision');
  });

  const inbox = async (user: Parameters<WorkflowWorld['as']>[0], scope: string) => ((await (await world.as(user)).get(`/api/tasks?scope=${scope}`)).body.items as any[]).map((t) => t.id);

  it('shows a free task to the holders of its candidate profiles in its establishment only', async () => {
    expect(await inbox('chefA', 'candidate')).toContain(task.id);
    expect(await inbox('dirA', 'candidate')).toContain(task.id);
    expect(await inbox('secA', 'candidate')).not.toContain(task.id);
    expect(await inbox('educA1', 'candidate')).not.toContain(task.id);
    expect(await inbox('chefB', 'candidate')).not.toContain(task.id);
    expect(await inbox('chefA', 'mine')).not.toContain(task.id);
  });

  it('answers 404 to another establishment, 403 to a non-candidate, and does not change the task', async () => {
    const other = await world.as('chefB');
    expect((await other.get(`/api/tasks/${task.id}`)).status).toBe(404);
    expect((await other.post(`/api/tasks/${task.id}/claim`)).status).toBe(404);
    expect((await other.post(`/api/tasks/${task.id}/complete`, { data: decisionAnswers() })).status).toBe(404);
    expect((await other.get(`/api/processes/${instance.id}`)).status).toBe(404);
    const educ = await world.as('educA1');
    expect((await educ.get(`/api/tasks/${task.id}`)).status).toBe(200);
    const refused = await educ.post(`/api/tasks/${task.id}/complete`, { data: decisionAnswers() });
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toContain('directeur, chef_service');
    expect((await educ.post(`/api/tasks/${task.id}/claim`)).status).toBe(403);
    expect((await server.db('user_task').where({ id: task.id }).first()).status).toBe('open');
  });

  it('validates the answers with the task’s form (final mode): 422 naming the field, nothing written', async () => {
    const chef = await world.as('chefA');
    const bad = await chef.post(`/api/tasks/${task.id}/complete`, { data: { decision: 'peut-être', date_decision: 'hier' } });
    expect(bad.status).toBe(422);
    expect(bad.body.issues.map((i: any) => i.path)).toEqual(expect.arrayContaining(['/decision', '/date_decision']));
    expect((await chef.post(`/api/tasks/${task.id}/complete`, {})).status).toBe(422);
    expect(Number((await server.db('submission').where({ dossier_id: instance.dossierId }).count('* as n').first())!.n)).toBe(0);
    expect((await server.db('user_task').where({ id: task.id }).first()).status).toBe('open');
  });

  it('claim, delegate, reassign, unclaim: with checks, notifications and history', async () => {
    const chef = await world.as('chefA');
    const dir = await world.as('dirA');
    const claimed = await chef.post(`/api/tasks/${task.id}/claim`);
    expect(claimed.status).toBe(200);
    expect(claimed.body.assignee).toEqual({ id: world.users.chefA.id, name: `Test ${world.users.chefA.login}` });
    expect(await inbox('chefA', 'mine')).toContain(task.id);
    expect(await inbox('dirA', 'candidate')).not.toContain(task.id);
    expect((await dir.post(`/api/tasks/${task.id}/claim`)).status).toBe(409);
    expect((await dir.post(`/api/tasks/${task.id}/complete`, { data: decisionAnswers() })).status).toBe(409);
    // delegate: only to an account holding a candidate profile there
    const notEligible = await chef.post(`/api/tasks/${task.id}/delegate`, { account: world.users.educA1.id });
    expect(notEligible.status).toBe(422);
    expect(notEligible.body.issues[0].path).toBe('/account');
    expect((await dir.post(`/api/tasks/${task.id}/delegate`, { account: world.users.dirA.id })).status).toBe(403);
    const delegated = await chef.post(`/api/tasks/${task.id}/delegate`, { account: world.users.dirA.id });
    expect(delegated.body).toMatchObject({ assignee: { id: world.users.dirA.id }, delegatedBy: world.users.chefA.id });
    const notifications = (await dir.get('/api/notifications')).body.items;
    expect(notifications[0]).toMatchObject({ kind: 'workflow.task_assigned', payload: { taskId: task.id, delegated: true } });
    // reassign needs the assign right (chef de service, directeur), not the secretariat's
    expect((await (await world.as('secA')).post(`/api/tasks/${task.id}/reassign`, { account: world.users.chefA.id })).status).toBe(403);
    expect((await dir.post(`/api/tasks/${task.id}/reassign`, { account: world.users.chefA.id })).body.assignee.id).toBe(world.users.chefA.id);
    const released = await chef.post(`/api/tasks/${task.id}/unclaim`);
    expect(released.body.assignee).toBeNull();
    const history = (await chef.get(`/api/processes/${instance.id}`)).body.history.map((h: any) => h.kind);
    expect(history).toEqual(expect.arrayContaining(['task.claimed', 'task.delegated', 'task.reassigned', 'task.unclaimed']));
  });

  it('completes a task once: two simultaneous completions give one 200 and one 409, one submission, one step', async () => {
    const chef = await world.as('chefA');
    const dir = await world.as('dirA');
    const [a, b] = await Promise.all([chef.post(`/api/tasks/${task.id}/complete`, { data: decisionAnswers('refusee') }), dir.post(`/api/tasks/${task.id}/complete`, { data: decisionAnswers('refusee') })]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect([a, b].find((r) => r.status === 409)!.body.code).toBe('TASK_NOT_OPEN');
    expect((await chef.post(`/api/tasks/${task.id}/complete`, { data: decisionAnswers('refusee') })).status).toBe(409);
    expect(Number((await server.db('submission').where({ dossier_id: instance.dossierId }).count('* as n').first())!.n)).toBe(1);
    const steps = await server.db('process_history').where({ instance_id: instance.id, kind: 'task.completed' });
    expect(steps).toHaveLength(1);
    await server.sealAudit();
    const audited = await server.db('audit_log').where({ action: 'task.complete', target_id: task.id });
    expect(audited).toHaveLength(1);
    expect(audited[0]).toMatchObject({ dossier_id: instance.dossierId, outcome: 'success' });
  });

  it('lists the team’s tasks and the overdue ones', async () => {
    const dossier = await world.dossier();
    await server.db('care_team_member').insert({ dossier_id: dossier, account_id: world.users.psyA.id, role: 'psychologue', start_date: localDate(new Date()) });
    const started = await start(await world.as('chefA'), dossier);
    const teamTask = openTask(started, 'decision');
    expect(await inbox('psyA', 'team')).toContain(teamTask.id);
    expect(await inbox('educA1', 'team')).not.toContain(teamTask.id);
    await server.db('user_task').where({ id: teamTask.id }).update({ due_at: new Date(Date.now() - 60_000) });
    const overdue = (await (await world.as('chefA')).get('/api/tasks?scope=candidate&overdue=true')).body.items;
    expect(overdue.map((t: any) => t.id)).toContain(teamTask.id);
    expect(overdue.find((t: any) => t.id === teamTask.id).overdue).toBe(true);
    expect(overdue.every((t: any) => t.overdue)).toBe(true);
  });
});
