/**
 * The pack's legal workflows over HTTP, published by the pack loader: W5 (serious event: the
 * written confirmation to the authorities within 48 hours, escalated to the director), W3 (the
 * situation report cycle: writing, validation, next cycle) and W6 (exit, then the exit
 * interview). Each is worked by users of the candidate profiles; time is simulated by moving the
 * instance's persisted timers into the past before a scheduler round, as after a downtime.
 */
import type { HttpClient } from '../helpers/http-client';
import { DAY, HOUR, type PackWorkflowDriver, example, openTask, packWorkflowDriver } from '../helpers/pack-workflow-driver';
import { startTestServer, type TestServer } from '../helpers/test-server';
import { type WorkflowWorld, workflowWorld } from '../helpers/workflow-world';

let server: TestServer;
let world: WorkflowWorld;
let driver: PackWorkflowDriver;

const PACK_WORKFLOWS = [
  'workflow/admission@1.0.0',
  'workflow/archivage@1.0.0',
  'workflow/autonomie@1.0.0',
  'workflow/echeance-mesure@1.0.0',
  'workflow/echeance-prestation@1.0.0',
  'workflow/fin-prise-en-charge@1.0.0',
  'workflow/incident-grave@1.0.0',
  'workflow/information-preoccupante@1.0.0',
  'workflow/ppe-cycle@1.0.0',
  'workflow/rapport-situation-cycle@1.0.0',
  'workflow/reevaluation-liberte@1.0.0',
];

beforeAll(async () => {
  server = await startTestServer();
  const published = await server.loadPack();
  expect(published.filter((p) => p.startsWith('workflow/')).sort()).toEqual(PACK_WORKFLOWS);
  world = await workflowWorld(server, 'pw');
  driver = packWorkflowDriver(server, world);
}, 120_000);

afterAll(async () => {
  await world?.stopWorkers();
  await server?.close();
});

const start = (client: HttpClient, workflow: string, dossier: string) => driver.start(client, workflow, dossier);
const instanceOf = (id: string) => driver.instanceOf(id);
const candidateInbox = (user: Parameters<PackWorkflowDriver['candidateInbox']>[0]) => driver.candidateInbox(user);
const notificationsOf = (user: Parameters<PackWorkflowDriver['notificationsOf']>[0], id: string) => driver.notificationsOf(user, id);
const untilDue = (id: string) => driver.untilDue(id);

describe('W5 — serious event and written confirmation to the authorities', () => {
  it('asks the team for the incident note, then the direction for the written confirmation within 48 h, escalating to the director', async () => {
    const educ = await world.as('educA1');
    const dossier = await world.dossier('2026-01-05');
    const instance = await start(educ, 'incident-grave', dossier);
    expect(instance).toMatchObject({ workflow: 'incident-grave', version: '1.0.0', status: 'running', position: ['note_incident'] });
    const note = openTask(instance, 'note_incident');
    expect(note).toMatchObject({ form: { kind: 'form', key: 'incident' }, candidateProfiles: ['educateur_specialise', 'moniteur_educateur', 'veilleur_nuit', 'chef_service', 'directeur'] });
    expect(await candidateInbox('educA1')).toContain(note.id);
    expect(await candidateInbox('secA')).not.toContain(note.id);
    expect(await candidateInbox('chefB')).not.toContain(note.id);

    const noted = await educ.post(`/api/tasks/${note.id}/complete`, { data: example('incident') });
    expect(noted.status).toBe(200);
    expect(noted.body.instance.position).toEqual(['confirmation_ecrite']);
    const after = await instanceOf(instance.id);
    const confirmation = openTask(after, 'confirmation_ecrite');
    expect(confirmation).toMatchObject({ form: { kind: 'form', key: 'fiche-navette' }, candidateProfiles: ['directeur', 'chef_service'], overdue: false });
    const due = Date.parse(confirmation.dueAt) - Date.now();
    expect(due).toBeGreaterThan(48 * HOUR - 60_000);
    expect(due).toBeLessThanOrEqual(48 * HOUR);
    expect(await candidateInbox('dirA')).toContain(confirmation.id);
    expect(await candidateInbox('educA1')).not.toContain(confirmation.id);
    expect((await educ.post(`/api/tasks/${confirmation.id}/complete`, { data: example('fiche-navette') })).status).toBe(403);

    // 48 hours later, nothing written: the boundary timer tells the director; the task stays open, late
    await untilDue(instance.id);
    const late = await instanceOf(instance.id);
    expect(late.history.map((h: any) => `${h.kind}:${h.elementId ?? ''}`)).toEqual(expect.arrayContaining(['timer.fired:confirmation_en_retard', 'escalation.notified:confirmation_en_retard']));
    expect(openTask(late, 'confirmation_ecrite')).toMatchObject({ id: confirmation.id, overdue: true });
    expect((await notificationsOf('dirA', instance.id)).map((n) => n.kind)).toContain('workflow.escalation');
    expect((await notificationsOf('educA1', instance.id)).map((n) => n.kind)).not.toContain('workflow.escalation');

    const dir = await world.as('dirA');
    const done = await dir.post(`/api/tasks/${confirmation.id}/complete`, { data: example('fiche-navette', { objet: 'information_incident', urgence: '48h' }) });
    expect(done.status).toBe(200);
    expect(done.body.instance).toEqual({ id: instance.id, status: 'completed', position: [] });
    expect((await dir.get(`/api/submissions/${done.body.submissionId}`)).body).toMatchObject({ formKey: 'fiche-navette', data: { objet: 'information_incident' } });
  }, 30_000);
});

describe('W3 — situation report cycle', () => {
  it('has the report written by the referent, validated by the chef de service, and opens the next cycle when its timer falls due', async () => {
    const educ = await world.as('educA1');
    const chef = await world.as('chefA');
    const dossier = await world.dossier('2026-01-05');
    const instance = await start(chef, 'rapport-situation-cycle', dossier);
    const redaction = openTask(instance, 'redaction');
    // due one year after the admission (first report), at the end of that day in Paris
    expect(redaction).toMatchObject({ form: { kind: 'form', key: 'rapport-situation' }, candidateProfiles: ['educateur_specialise', 'moniteur_educateur'], dueAt: '2027-01-05T22:59:59.000Z' });
    expect(await candidateInbox('educA1')).toContain(redaction.id);
    expect(await candidateInbox('chefA')).not.toContain(redaction.id);

    const report = (overrides: Record<string, unknown>) => ({ data: example('rapport-situation', overrides) });
    // the referent drafts without the judicial fields, which only the chef de service may write
    const draft = (overrides: Record<string, unknown>) => {
      const { reference_decision: _r, echeance_mesure: _e, ...data } = example('rapport-situation', overrides);
      return { data };
    };
    const refused = await educ.post(`/api/tasks/${redaction.id}/complete`, report({ type_rapport: 'annuel' }));
    expect(refused.body.code).toBe('FIELD_NOT_WRITABLE');
    expect(openTask(await instanceOf(instance.id), 'redaction').id).toBe(redaction.id);
    expect((await educ.post(`/api/tasks/${redaction.id}/complete`, draft({ type_rapport: 'annuel', periode_couverte: { du: '2026-01-05', au: '2027-01-05' } }))).status).toBe(200);
    const validation = openTask(await instanceOf(instance.id), 'validation');
    expect(validation).toMatchObject({ candidateProfiles: ['chef_service'] });
    expect(Date.parse(validation.dueAt) - Date.now()).toBeGreaterThan(14 * DAY);
    expect(await candidateInbox('chefA')).toContain(validation.id);
    expect(await candidateInbox('educA1')).not.toContain(validation.id);
    expect((await educ.post(`/api/tasks/${validation.id}/complete`, draft({ type_rapport: 'annuel' }))).status).toBe(403);

    const validated = await chef.post(`/api/tasks/${validation.id}/complete`, report({ type_rapport: 'annuel', periode_couverte: { du: '2026-01-05', au: '2027-01-05' }, valide_par: 'Chef de service' }));
    expect(validated.status).toBe(200);
    expect(validated.body.instance.position).toEqual(['prochain_cycle']);
    // the next cycle opens a month before the next annual report: eleven months on
    const waiting = await instanceOf(instance.id);
    expect(Date.parse(waiting.dueAt) - Date.now()).toBeGreaterThan(300 * DAY);

    await untilDue(instance.id);
    const next = await instanceOf(instance.id);
    expect(next.position).toEqual(['redaction']);
    const second = openTask(next, 'redaction');
    expect(second.id).not.toBe(redaction.id);
    // due at the date the server computed on the validated report: a year after the period it covered
    expect(second.dueAt).toBe('2028-01-05T22:59:59.000Z');
    expect(await candidateInbox('educA1')).toContain(second.id);

    // an end-of-measure report closes the cycle
    expect((await educ.post(`/api/tasks/${second.id}/complete`, draft({ type_rapport: 'fin_mesure' }))).status).toBe(200);
    const closing = openTask(await instanceOf(instance.id), 'validation');
    const closed = await chef.post(`/api/tasks/${closing.id}/complete`, report({ type_rapport: 'fin_mesure', valide_par: 'Chef de service' }));
    expect(closed.body.instance).toEqual({ id: instance.id, status: 'completed', position: [] });
    const final = await instanceOf(instance.id);
    expect(final.history.filter((h: any) => h.kind === 'task.completed').map((h: any) => h.elementId)).toEqual(['redaction', 'validation', 'redaction', 'validation']);
    expect(final.history.map((h: any) => `${h.kind}:${h.elementId ?? ''}`)).toContain('timer.fired:prochain_cycle');
  }, 30_000);
});

describe('W6 — exit and end of care', () => {
  it('has the referent record the exit, then the exit interview by the exit date, escalating to the chef de service when it is late', async () => {
    const chef = await world.as('chefA');
    const educ = await world.as('educA1');
    const dossier = await world.dossier('2025-03-01');
    const instance = await start(chef, 'fin-prise-en-charge', dossier);
    const exit = openTask(instance, 'acter_sortie');
    // the exit's administrative fields are the referent's to write (habilitation matrix), not the chef de service's
    expect(exit).toMatchObject({ form: { kind: 'form', key: 'sortie' }, candidateProfiles: ['educateur_specialise'] });
    expect(await candidateInbox('educA1')).toContain(exit.id);
    expect(await candidateInbox('chefA')).not.toContain(exit.id);
    expect((await chef.post(`/api/tasks/${exit.id}/complete`, { data: example('sortie') })).status).toBe(403);

    const exitDate = new Date(Date.now() + 10 * DAY).toISOString().slice(0, 10);
    expect((await educ.post(`/api/tasks/${exit.id}/complete`, { data: example('sortie', { date_sortie: exitDate }) })).status).toBe(200);
    const after = await instanceOf(instance.id);
    const interview = openTask(after, 'entretien_sortie');
    expect(interview).toMatchObject({ form: { kind: 'form', key: 'agenda-evenement' }, candidateProfiles: ['educateur_specialise', 'chef_service'], overdue: false });
    expect(interview.dueAt.slice(0, 10)).toBe(exitDate);
    expect(await candidateInbox('educA1')).toContain(interview.id);
    expect(await candidateInbox('secA')).not.toContain(interview.id);

    await untilDue(instance.id);
    const late = await instanceOf(instance.id);
    expect(late.history.map((h: any) => `${h.kind}:${h.elementId ?? ''}`)).toEqual(expect.arrayContaining(['timer.fired:entretien_en_retard', 'escalation.notified:entretien_en_retard']));
    expect((await notificationsOf('chefA', instance.id)).map((n) => n.kind)).toContain('workflow.escalation');
    expect(openTask(late, 'entretien_sortie')).toMatchObject({ id: interview.id, overdue: true });

    const done = await educ.post(`/api/tasks/${interview.id}/complete`, { data: example('agenda-evenement', { type_evenement: 'entretien', statut: 'realise', date_evenement: exitDate }) });
    expect(done.status).toBe(200);
    expect(done.body.instance).toEqual({ id: instance.id, status: 'completed', position: [] });
    const final = await instanceOf(instance.id);
    expect(final).toMatchObject({ status: 'completed', dueAt: null });
    expect(final.history.filter((h: any) => h.kind === 'task.completed').map((h: any) => h.account.id)).toEqual([world.users.educA1.id, world.users.educA1.id]);
  }, 30_000);
});
