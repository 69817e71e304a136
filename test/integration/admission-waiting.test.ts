/**
 * W1, a request put on the waiting list (Ségur ADM-1): the admission process does not close; the
 * request waits for a place. When a placement of the establishment ends (`place.freed`, raised in
 * the placement's transaction, ADR 0019), the waiting requests of that establishment — and only of
 * that one — come back to the direction and the chef de service with the decision form; a month
 * without a free place brings them back too (a parameter of the instance), and a re-examination
 * left aside is escalated. Accepting continues the admission; withdrawn or reoriented closes it.
 */
import { buildBpmn } from '@cordee/core/src/workflow/testing/bpmn-builder';
import type { HttpClient } from '../helpers/http-client';
import { DAY, type PackWorkflowDriver, example, historyOf, openTask, packWorkflowDriver } from '../helpers/pack-workflow-driver';
import { type TestServer, startTestServer } from '../helpers/test-server';
import { type WorkflowWorld, workflowWorld } from '../helpers/workflow-world';

let server: TestServer;
let world: WorkflowWorld;
let driver: PackWorkflowDriver;
let chef: HttpClient;

beforeAll(async () => {
  server = await startTestServer();
  expect(await server.loadPack()).toEqual(expect.arrayContaining(['workflow/admission@1.0.0', 'form/decision-admission@1.0.0', 'form/liste-attente@1.0.0']));
  world = await workflowWorld(server, 'aw');
  driver = packWorkflowDriver(server, world);
  chef = await world.as('chefA');
}, 120_000);

afterAll(async () => {
  await world?.stopWorkers();
  await server?.close();
});

const names = ['MARTIN', 'BERNARD', 'THOMAS', 'PETIT', 'ROBERT', 'RICHARD', 'DURAND', 'DUBOIS', 'MOREAU', 'LAURENT'];
let counter = 0;
/** A child applying to an establishment: a dossier « en attente », without a placement. */
async function candidate(establishment: 'A' | 'B' = 'A'): Promise<string> {
  const [sec, establishmentId] = establishment === 'A' ? [await world.as('secA'), world.estA] : [await world.as('chefB'), world.estB];
  const created = await sec.post('/api/dossiers', { identity: { birthName: names[counter++ % names.length], firstNames: 'Lou', birthDate: '2014-02-11', birthPlaceCode: '69123', sex: 'F' }, establishmentId, status: 'waiting' });
  if (created.status !== 201) throw new Error(`dossier: ${created.status} ${JSON.stringify(created.body)}`);
  return created.body.id;
}

const decide = (decision: string, overrides: Record<string, unknown> = {}) => ({ data: { decision, date_decision: '2026-03-02', motif: 'Commission d’admission.', ...overrides } });

/** Starts W1 and has the commission put the request on the waiting list; returns the instance. */
async function waitingRequest(dossier: string, client: HttpClient = chef, variables?: Record<string, unknown>): Promise<any> {
  const started = await driver.start(client, 'admission', dossier, variables);
  const decided = await client.post(`/api/tasks/${openTask(started, 'decision').id}/complete`, decide('liste_attente'));
  expect(decided.status).toBe(200);
  return (await client.get(`/api/processes/${started.id}`)).body;
}

/** The placement of an admitted child, and the PATCH that sets its end. */
async function placementOf(dossier: string): Promise<string> {
  return (await server.db('placement').where({ dossier_id: dossier }).first('id')).id;
}
const endPlacement = async (placementId: string, endDate: string | null) => chef.patch(`/api/placements/${placementId}`, { endDate });

describe('W1 — a request on the waiting list waits for a place', () => {
  it('stays running after a « liste d’attente » decision; its position and the waiting-list entry show the wait', async () => {
    const dossier = await candidate();
    const before = Date.now();
    const waiting = await waitingRequest(dossier);
    expect(waiting).toMatchObject({ status: 'running', position: ['attente_place'] });
    expect(waiting.tasks.filter((t: any) => t.status === 'open')).toEqual([]);
    // re-examined a month later at the latest (default of delai_reexamen_attente)
    expect(Date.parse(waiting.dueAt) - before).toBeGreaterThanOrEqual(28 * DAY - 1000);
    expect(Date.parse(waiting.dueAt) - before).toBeLessThanOrEqual(31 * DAY + 60_000);
    expect(historyOf(waiting)).toEqual(expect.arrayContaining(['activity.completed:decision', 'activity.completed:admission_acceptee']));
    expect(historyOf(waiting)).not.toContain('activity.completed:demande_close');

    // the secretariat records the candidacy « en attente de place »; the establishment's chef de service sees it
    const { avis_technique: _avis, ...entry } = example('liste-attente', { etablissement_id: world.estA, statut: 'en_attente_place', date_inscription: '2026-03-02' });
    const recorded = await (await world.as('secA')).post(`/api/dossiers/${dossier}/submissions`, { form: 'liste-attente', status: 'final', data: entry });
    expect(recorded.status).toBe(201);
    const list = (await chef.get('/api/submissions?form=liste-attente')).body.items as any[];
    expect(list.filter((i) => i.dossierId === dossier).map((i) => [i.id, i.data.statut])).toEqual([[recorded.body.id, 'en_attente_place']]);
    expect(((await (await world.as('chefB')).get('/api/submissions?form=liste-attente')).body.items as any[]).map((i) => i.id)).not.toContain(recorded.body.id);
  }, 60_000);

  it('comes back for a monthly re-examination (the period is a parameter), escalated to the direction when it is not done within 7 days', async () => {
    const dossier = await candidate();
    const before = Date.now();
    const waiting = await waitingRequest(dossier, chef, { delai_reexamen_attente: 'P14D' });
    expect(Date.parse(waiting.dueAt) - before).toBeGreaterThanOrEqual(14 * DAY - 1000);
    expect(Date.parse(waiting.dueAt) - before).toBeLessThanOrEqual(14 * DAY + 60_000);

    await driver.untilDue(waiting.id);
    const review = await driver.instanceOf(waiting.id);
    expect(review.position).toEqual(['reexamen_attente']);
    expect(historyOf(review)).toContain('timer.fired:attente_place');
    const task = openTask(review, 'reexamen_attente');
    expect(task).toMatchObject({ name: 'Réexaminer la demande en liste d’attente', form: { key: 'decision-admission' }, candidateProfiles: ['directeur', 'chef_service'], overdue: false });
    expect(await driver.candidateInbox('dirA')).toContain(task.id);
    expect(await driver.candidateInbox('chefB')).not.toContain(task.id);
    // the secretariat cannot decide; another establishment does not even see the task
    expect((await (await world.as('secA')).post(`/api/tasks/${task.id}/complete`, decide('acceptee'))).status).toBe(403);
    expect((await (await world.as('chefB')).post(`/api/tasks/${task.id}/complete`, decide('acceptee'))).status).toBe(404);

    // seven days without a re-examination: the direction and the chef de service are told
    await driver.untilDue(waiting.id);
    const late = await driver.instanceOf(waiting.id);
    expect(historyOf(late)).toEqual(expect.arrayContaining(['timer.fired:reexamen_en_retard', 'escalation.notified:reexamen_en_retard']));
    expect(openTask(late, 'reexamen_attente')).toMatchObject({ id: task.id, overdue: true });
    expect((await driver.notificationsOf('dirA', waiting.id)).map((n) => n.kind)).toContain('workflow.escalation');
    expect((await driver.notificationsOf('chefA', waiting.id)).map((n) => n.kind)).toContain('workflow.escalation');

    // still no place: the request waits again, for another period
    const again = await (await world.as('dirA')).post(`/api/tasks/${task.id}/complete`, decide('liste_attente'));
    expect(again.status).toBe(200);
    expect(again.body.instance).toEqual({ id: waiting.id, status: 'running', position: ['attente_place'] });
  }, 60_000);

  it('is re-examined as soon as a placement of its establishment ends, not of another one, nor at a renewal', async () => {
    const first = await waitingRequest(await candidate());
    const second = await waitingRequest(await candidate());
    const elsewhere = await waitingRequest(await candidate('B'), await world.as('chefB'));
    const leavingA = await placementOf(await world.dossier('2025-09-01'));
    const leavingB = await placementOf(await world.dossier('2025-09-01', 'B'));
    const driverB = packWorkflowDriver(server, world, 'chefB');
    const positions = async () => Promise.all([first, second].map(async (i) => (await driver.instanceOf(i.id)).position).concat([driverB.instanceOf(elsewhere.id).then((i) => i.position)]));

    // a placement of establishment B ends: only B's waiting request comes back
    expect((await (await world.as('chefB')).patch(`/api/placements/${leavingB}`, { endDate: '2026-06-30' })).status).toBe(200);
    expect(await positions()).toEqual([['attente_place'], ['attente_place'], ['reexamen_attente']]);

    // an end date set on a placement of A frees a place: both of A's waiting requests come back
    expect((await endPlacement(leavingA, '2027-06-30')).status).toBe(200);
    expect((await positions()).slice(0, 2)).toEqual([['reexamen_attente'], ['reexamen_attente']]);
    for (const instance of [first, second]) {
      const woken = await driver.instanceOf(instance.id);
      expect(historyOf(woken)).toEqual(expect.arrayContaining(['timer.woken:attente_place', 'timer.fired:attente_place', 'task.created:reexamen_attente']));
      expect(woken.history.find((h: any) => h.kind === 'timer.woken').detail).toEqual({ trigger: { event: 'place.freed', subjectId: leavingA } });
      // both wait again
      expect((await chef.post(`/api/tasks/${openTask(woken, 'reexamen_attente').id}/complete`, decide('liste_attente'))).status).toBe(200);
    }
    // the term moved later (a renewal) keeps the place; moved earlier, it frees it again
    expect((await endPlacement(leavingA, '2028-06-30')).status).toBe(200);
    expect((await positions()).slice(0, 2)).toEqual([['attente_place'], ['attente_place']]);
    expect((await endPlacement(leavingA, '2026-08-31')).status).toBe(200);
    expect((await positions()).slice(0, 2)).toEqual([['reexamen_attente'], ['reexamen_attente']]);

    // accepted: the admission goes on (requester informed, first contact, arrival)
    const accepted = await chef.post(`/api/tasks/${openTask(await driver.instanceOf(first.id), 'reexamen_attente').id}/complete`, decide('acceptee', { date_accueil_prevue: '2026-09-01' }));
    expect(accepted.status).toBe(200);
    expect(accepted.body.instance.position).toEqual(['informer_demandeur']);
    await driver.untilJobDone(first.id);
    const contact = openTask(await driver.instanceOf(first.id), 'prise_de_contact');
    expect(contact).toMatchObject({ candidateProfiles: ['chef_service', 'educateur_specialise'], dueAt: '2026-09-01T21:59:59.000Z' });
    expect((await chef.post(`/api/tasks/${contact.id}/complete`, { data: example('prise-de-contact') })).status).toBe(200);
    expect((await driver.instanceOf(first.id)).position).toEqual(['accueil']);

    // withdrawn by the requester: the request closes
    const withdrawn = await chef.post(`/api/tasks/${openTask(await driver.instanceOf(second.id), 'reexamen_attente').id}/complete`, decide('retiree_par_demandeur'));
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.instance).toEqual({ id: second.id, status: 'completed', position: [] });
    expect(historyOf(await driver.instanceOf(second.id))).toContain('activity.completed:demande_close');
  }, 90_000);

  it('closes a reoriented request; a request already in re-examination is not woken again', async () => {
    const waiting = await waitingRequest(await candidate());
    await driver.untilDue(waiting.id);
    const task = openTask(await driver.instanceOf(waiting.id), 'reexamen_attente');
    // already in re-examination: a freed place changes nothing for it
    const leaving = await placementOf(await world.dossier('2025-10-01'));
    expect((await endPlacement(leaving, '2026-07-31')).status).toBe(200);
    const still = await driver.instanceOf(waiting.id);
    expect(historyOf(still)).not.toContain('timer.woken:attente_place');
    expect(openTask(still, 'reexamen_attente').id).toBe(task.id);
    const reoriented = await chef.post(`/api/tasks/${task.id}/complete`, decide('reorientee', { motif: 'Orientation vers un lieu de vie.' }));
    expect(reoriented.body.instance).toEqual({ id: waiting.id, status: 'completed', position: [] });
  }, 60_000);

  it('never fails the placement write for an instance it wakes: a step that cannot be made becomes that instance’s incident', async () => {
    // a process of the establishment whose step after the woken timer cannot be made (no way out of the gateway)
    const xml = buildBpmn({
      processId: 'attente_fragile',
      name: 'Attente fragile',
      nodes: [
        { kind: 'start', id: 'debut', name: 'Début' },
        { kind: 'timer', id: 'attente', name: 'Attente d’une place', duration: 'P1M', wakeOnEvent: 'place.freed' },
        { kind: 'xor', id: 'choix', name: 'Choix ?' },
        { kind: 'end', id: 'fin', name: 'Fin' },
      ],
      flows: [
        { from: 'debut', to: 'attente' },
        { from: 'attente', to: 'choix' },
        { from: 'choix', to: 'fin', condition: '= suite = "oui"' },
      ],
    });
    expect((await world.publishWorkflow('attente-fragile', xml)).status).toBe(201);
    const fragile = await driver.start(chef, 'attente-fragile', await candidate());
    expect(fragile.position).toEqual(['attente']);
    const leaving = await placementOf(await world.dossier('2025-11-01'));
    const ended = await endPlacement(leaving, '2026-05-31');
    expect(ended.status).toBe(200);
    expect(ended.body.endDate).toBe('2026-05-31');
    const failed = await driver.instanceOf(fragile.id);
    expect(failed.status).toBe('failed');
    expect(historyOf(failed)).toEqual(expect.arrayContaining(['timer.woken:attente', 'instance.failed:']));
    expect(await server.db('workflow_incident').where({ instance_id: fragile.id }).count({ n: '*' }).first()).toEqual({ n: '1' });
  }, 60_000);
});
