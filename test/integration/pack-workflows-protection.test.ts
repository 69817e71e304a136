/**
 * The pack's protection workflows over HTTP, published by the pack loader: W4 (an information
 * préoccupante emitted by the establishment: written by the professional who saw, validated by the
 * direction who alone knows the reporter, the prosecutor referred to at once in case of serious and
 * immediate danger, sent to the CRIP by the job worker under one idempotency key, the CRIP's
 * feedback awaited three months), W6's alerts before the end of the measure, and W8 (archiving
 * after the exit through the archive service: prepared by the secretariat, sealed by the director).
 * Time is simulated by moving the instance's persisted timers into the past before a scheduler
 * round, as after a downtime.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { verifyArchiveFile } from '@cordee/server/src/cli/verify-archive';
import { type DemoService, startDemoService } from '../helpers/demo-service';
import type { HttpClient } from '../helpers/http-client';
import { DAY, HOUR, type PackWorkflowDriver, example, historyOf, openTask, packWorkflowDriver } from '../helpers/pack-workflow-driver';
import { rawSession } from '../helpers/raw-upload';
import { startTestServer, type TestServer } from '../helpers/test-server';
import { type WorkflowWorld, workflowWorld } from '../helpers/workflow-world';

let server: TestServer;
let world: WorkflowWorld;
let driver: PackWorkflowDriver;
let service: DemoService;

beforeAll(async () => {
  // the transmission to the CRIP goes to an external service played on loopback (the MSSanté plugin will take its place)
  service = await startDemoService();
  process.env.CORDEE_PLUGIN_DEMO_URL = service.url;
  server = await startTestServer();
  const published = await server.loadPack();
  expect(published).toEqual(expect.arrayContaining(['workflow/information-preoccupante@1.0.0', 'workflow/echeance-mesure@1.0.0', 'workflow/archivage@1.0.0', 'form/retour-crip@1.0.0', 'form/archivage-dossier@1.0.0']));
  world = await workflowWorld(server, 'pwp');
  driver = packWorkflowDriver(server, world);
}, 120_000);

afterAll(async () => {
  await world?.stopWorkers();
  await server?.close();
  await service?.close();
  delete process.env.CORDEE_PLUGIN_DEMO_URL;
});

const jobOf = async (instanceId: string) => server.db('workflow_job').where({ instance_id: instanceId }).first();

/** What the professional who saw writes: the facts, without the reporter's identity, the parents' information or the validation (the direction's). */
const facts = (overrides: Record<string, unknown> = {}) => {
  const { emetteur: _e, information_tap: _i, validation: _v, date_heure_transmission: _t, ...data } = example('recueil-ip', overrides);
  return { data };
};

describe('W4 — information préoccupante emitted by the establishment', () => {
  it('is written by the professional who saw, validated by the direction with the reporter’s identity, sent to the CRIP under one idempotency key, and its feedback awaited three months', async () => {
    const educ = await world.as('educA1');
    const chef = await world.as('chefA');
    const dir = await world.as('dirA');
    const dossier = await world.dossier('2026-01-05');
    const instance = await driver.start(educ, 'information-preoccupante', dossier);
    expect(instance).toMatchObject({ workflow: 'information-preoccupante', version: '1.0.0', status: 'running', position: ['redaction'] });
    const redaction = openTask(instance, 'redaction');
    expect(redaction).toMatchObject({ form: { kind: 'form', key: 'recueil-ip' }, candidateProfiles: ['educateur_specialise', 'moniteur_educateur', 'maitresse_maison', 'veilleur_nuit', 'chef_service', 'directeur'] });
    expect(Date.parse(redaction.dueAt) - Date.now()).toBeLessThanOrEqual(24 * HOUR);
    expect(await driver.candidateInbox('educA1')).toContain(redaction.id);
    // the psychologist reads IPs but does not write them; the secretariat neither; another establishment sees nothing
    for (const other of ['psyA', 'secA', 'chefB'] as const) expect(await driver.candidateInbox(other)).not.toContain(redaction.id);
    expect((await (await world.as('secA')).post(`/api/tasks/${redaction.id}/complete`, facts())).status).toBe(403);

    // the reporter's identity is not the professional's to write, nor a validation without it
    const withReporter = await educ.post(`/api/tasks/${redaction.id}/complete`, { data: example('recueil-ip') });
    expect(withReporter.status).toBe(403);
    expect(withReporter.body.code).toBe('FIELD_NOT_WRITABLE');
    expect(withReporter.body.issues.map((i: { path: string }) => i.path)).toEqual(expect.arrayContaining(['/data/emetteur']));
    const written = await educ.post(`/api/tasks/${redaction.id}/complete`, facts());
    expect(written.status).toBe(200);
    expect(written.body.instance.position).toEqual(['validation']);
    // the author reads back what they wrote
    expect((await educ.get(`/api/submissions/${written.body.submissionId}`)).body.data.faits_observes).toContain('reste seul le soir');

    const validation = openTask(await driver.instanceOf(instance.id), 'validation');
    expect(validation).toMatchObject({ form: { kind: 'form', key: 'recueil-ip' }, candidateProfiles: ['chef_service', 'directeur'], overdue: false });
    expect(await driver.candidateInbox('chefA')).toContain(validation.id);
    expect(await driver.candidateInbox('educA1')).not.toContain(validation.id);
    expect((await educ.post(`/api/tasks/${validation.id}/complete`, facts())).status).toBe(403);
    // not informing the parents is motivated: refused without the reason, nothing written, the task still open
    const submissionsBefore = await server.db('submission').where({ dossier_id: dossier }).count<{ count: string }[]>('id as count');
    const unmotivated = await chef.post(`/api/tasks/${validation.id}/complete`, { data: example('recueil-ip', { information_tap: { informes: 'non' } }) });
    expect(unmotivated.status).toBe(422);
    expect(await server.db('submission').where({ dossier_id: dossier }).count<{ count: string }[]>('id as count')).toEqual(submissionsBefore);
    expect(openTask(await driver.instanceOf(instance.id), 'validation').id).toBe(validation.id);
    const motif = 'Le père exerce des pressions sur l’enfant : l’informer l’exposerait (intérêt de l’enfant).';
    const validated = await chef.post(`/api/tasks/${validation.id}/complete`, { data: example('recueil-ip', { information_tap: { informes: 'non', motif_non_information: motif } }) });
    expect(validated.status).toBe(200);
    expect(validated.body.instance.position).toEqual(['transmission_crip']);

    // the validated recueil: the direction reads the reporter and the motivated omission; the secretariat reads the IP without its reporter; the author no longer reads it
    const recueil = `/api/submissions/${validated.body.submissionId}`;
    expect((await dir.get(recueil)).body.data).toMatchObject({ emetteur: { nom: 'Yanis Benali' }, information_tap: { informes: 'non', motif_non_information: motif } });
    const bySecretariat = await (await world.as('secA')).get(recueil);
    expect(bySecretariat.status).toBe(200);
    expect(bySecretariat.body.data.faits_observes).toContain('reste seul le soir');
    expect(bySecretariat.body.data).not.toHaveProperty('emetteur');
    expect(bySecretariat.text).not.toContain('Yanis Benali');
    const byAuthor = await educ.get(recueil);
    expect(byAuthor.text).not.toContain('Yanis Benali');
    expect(byAuthor.text).not.toContain('reste seul le soir');

    // the transmission to the CRIP is an outbox job: the worker calls the external service with one idempotency key, retried after a failure
    const queued = await jobOf(instance.id);
    expect(queued).toMatchObject({ status: 'pending', element_id: 'transmission_crip', action: 'demo.accuse-reception', idempotency_key: `${instance.id}:${queued.execution_id}` });
    service.failNext(1);
    const job = await driver.untilJobDone(instance.id);
    expect(job).toMatchObject({ status: 'done', attempts: 2, result: { accuseReception: expect.stringMatching(/^R-/) } });
    expect(service.calls.filter((k) => k === job.idempotency_key)).toHaveLength(2);
    expect(service.receipts.get(job.idempotency_key)).toBe(job.result.accuseReception);

    // the CRIP's feedback is awaited three months; without it the direction is told to chase it, the task stays open, late
    const waiting = await driver.instanceOf(instance.id);
    expect(historyOf(waiting)).toEqual(expect.arrayContaining(['job.enqueued:transmission_crip', 'job.retry_scheduled:transmission_crip', 'job.completed:transmission_crip', 'task.created:retour_crip']));
    const feedback = openTask(waiting, 'retour_crip');
    expect(feedback).toMatchObject({ form: { kind: 'form', key: 'retour-crip' }, candidateProfiles: ['chef_service', 'directeur'] });
    const dueIn = Date.parse(feedback.dueAt) - Date.now();
    expect(dueIn).toBeGreaterThan(88 * DAY);
    expect(dueIn).toBeLessThan(93 * DAY);
    await driver.untilDue(instance.id);
    const late = await driver.instanceOf(instance.id);
    expect(historyOf(late)).toEqual(expect.arrayContaining(['timer.fired:retour_en_retard', 'escalation.notified:retour_en_retard']));
    expect(openTask(late, 'retour_crip')).toMatchObject({ id: feedback.id, overdue: true });
    for (const told of ['chefA', 'dirA'] as const) expect((await driver.notificationsOf(told, instance.id)).map((n) => n.kind)).toContain('workflow.escalation');
    expect((await driver.notificationsOf('educA1', instance.id)).map((n) => n.kind)).not.toContain('workflow.escalation');
    // a second scheduler round escalates nothing twice
    await world.workers().scheduler.runOnce();
    expect((await driver.notificationsOf('dirA', instance.id)).filter((n) => n.kind === 'workflow.escalation')).toHaveLength(1);

    const recorded = await chef.post(`/api/tasks/${feedback.id}/complete`, { data: example('retour-crip', { suites: 'actions_adaptees' }) });
    expect(recorded.status).toBe(200);
    expect(recorded.body.instance).toEqual({ id: instance.id, status: 'completed', position: [] });
    expect((await dir.get(`/api/submissions/${recorded.body.submissionId}`)).body).toMatchObject({ formKey: 'retour-crip', data: { suites: 'actions_adaptees' } });
    // a job already done is not run again
    await world.workers().jobs.runOnce();
    expect(service.calls.filter((k) => k === job.idempotency_key)).toHaveLength(2);
  }, 60_000);

  it('sends a serious and immediate danger to the director, who refers it to the prosecutor at once and validates the recueil', async () => {
    const educ = await world.as('educA1');
    const dir = await world.as('dirA');
    const dossier = await world.dossier('2026-01-05');
    const instance = await driver.start(educ, 'information-preoccupante', dossier);
    const written = await educ.post(`/api/tasks/${openTask(instance, 'redaction').id}/complete`, facts({ danger_immediat: true, nature_danger_suspecte: ['violences_physiques'] }));
    expect(written.status).toBe(200);
    expect(written.body.instance.position).toEqual(['saisine_procureur']);
    const referral = openTask(await driver.instanceOf(instance.id), 'saisine_procureur');
    expect(referral).toMatchObject({ form: { kind: 'form', key: 'recueil-ip' }, candidateProfiles: ['directeur'] });
    expect(Date.parse(referral.dueAt) - Date.now()).toBeLessThanOrEqual(2 * HOUR);
    expect(await driver.candidateInbox('dirA')).toContain(referral.id);
    expect(await driver.candidateInbox('chefA')).not.toContain(referral.id);

    const recueil = (overrides: Record<string, unknown>) => ({ data: example('recueil-ip', { danger_immediat: true, nature_danger_suspecte: ['violences_physiques'], validation: { valide_par: 'Paul Direction', fonction: 'directeur' }, ...overrides }) });
    // validating an immediate danger records the referral to the prosecutor
    expect((await dir.post(`/api/tasks/${referral.id}/complete`, recueil({}))).status).toBe(422);
    const referred = await dir.post(`/api/tasks/${referral.id}/complete`, recueil({ saisine_procureur: { date_heure: new Date().toISOString(), copie_crip: true } }));
    expect(referred.status).toBe(200);
    expect(referred.body.instance.position).toEqual(['transmission_crip']);
    const done = await driver.instanceOf(instance.id);
    expect(done.history.filter((h: any) => h.kind === 'task.completed').map((h: any) => h.elementId)).toEqual(['redaction', 'saisine_procureur']);
    expect((await dir.get(`/api/submissions/${referred.body.submissionId}`)).body.data).toMatchObject({ danger_immediat: true, saisine_procureur: { copie_crip: true }, information_tap: { informes: 'oui' } });
    await driver.untilJobDone(instance.id);
    expect(openTask(await driver.instanceOf(instance.id), 'retour_crip')).toBeDefined();
  }, 30_000);
});

describe('W6 — alerts before the end of the measure', () => {
  const endOfMeasure = async (endDate: string | null) => {
    const dossier = await world.dossier('2026-01-05');
    await server.db('placement').where({ dossier_id: dossier }).update({ end_date: endDate });
    return dossier;
  };

  it('tells the referent and the chef de service three months before the end date, then the direction too one month before', async () => {
    const chef = await world.as('chefA');
    const dossier = await endOfMeasure('2030-06-30');
    const instance = await driver.start(chef, 'echeance-mesure', dossier);
    expect(instance).toMatchObject({ workflow: 'echeance-mesure', status: 'running', position: ['alerte_trois_mois'] });
    // 30 March 2030 at midnight in Paris (winter time)
    expect(instance.dueAt).toBe('2030-03-29T23:00:00.000Z');
    expect(await driver.notificationsOf('chefA', instance.id)).toEqual([]);

    await driver.untilDue(instance.id);
    const first = await driver.instanceOf(instance.id);
    expect(first.position).toEqual(['alerte_un_mois']);
    expect(historyOf(first)).toEqual(expect.arrayContaining(['timer.fired:alerte_trois_mois', 'reminder.notified:alerte_trois_mois']));
    // 30 May 2030 at midnight in Paris (summer time)
    expect(first.dueAt).toBe('2030-05-29T22:00:00.000Z');
    for (const told of ['educA1', 'chefA'] as const) {
      const reminders = (await driver.notificationsOf(told, instance.id)).filter((n) => n.kind === 'workflow.reminder');
      expect(reminders.map((n) => n.payload)).toEqual([expect.objectContaining({ elementId: 'alerte_trois_mois', dossierId: dossier, message: expect.stringMatching(/^Rappel : « Échéance de la mesure dans trois mois/) })]);
    }
    for (const notTold of ['dirA', 'secA', 'psyA', 'chefB'] as const) expect(await driver.notificationsOf(notTold, instance.id)).toEqual([]);

    await driver.untilDue(instance.id);
    const second = await driver.instanceOf(instance.id);
    expect(second).toMatchObject({ status: 'completed', dueAt: null });
    expect(historyOf(second)).toEqual(expect.arrayContaining(['reminder.notified:alerte_un_mois']));
    for (const told of ['educA1', 'chefA', 'dirA'] as const) expect((await driver.notificationsOf(told, instance.id)).map((n) => n.payload.elementId)).toContain('alerte_un_mois');
    expect(await driver.notificationsOf('secA', instance.id)).toEqual([]);
  }, 30_000);

  it('takes its offsets as parameters, and has nothing to announce without an end date', async () => {
    const chef = await world.as('chefA');
    const custom = await driver.start(chef, 'echeance-mesure', await endOfMeasure('2030-06-30'), { premiereAlerte: 'P6M', secondeAlerte: 'P15D' });
    expect(custom.dueAt).toBe('2029-12-29T23:00:00.000Z');
    await driver.untilDue(custom.id);
    expect((await driver.instanceOf(custom.id)).dueAt).toBe('2030-06-14T22:00:00.000Z');

    const open = await driver.start(chef, 'echeance-mesure', await endOfMeasure(null));
    expect(open).toMatchObject({ status: 'completed', dueAt: null });
    expect(historyOf(open)).toContain('activity.completed:pas_d_echeance');
  }, 30_000);
});

describe('W8 — archiving and transmission to the CD', () => {
  const packagesOf = async (dossier: string) => (await server.db('archive_package').where({ dossier_id: dossier }).orderBy('created_at').select('status')).map((p: { status: string }) => p.status);

  /** The 10th of a month counted from the current one, as a date. */
  const tenth = (months: number) => {
    const now = new Date();
    const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + months, 10));
    return d.toISOString().slice(0, 10);
  };
  // the exit was on the last 10th of a month: the archiving falls due on the next one, still to come
  const afterTenth = new Date().getUTCDate() > 10;
  const exitDate = tenth(afterTenth ? 0 : -1);
  const archivingDate = tenth(afterTenth ? 1 : 0);
  const parisTime = (iso: string) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Paris', dateStyle: 'short', timeStyle: 'medium' }).format(new Date(iso));

  /** A dossier that left care on `exitDate`, with a contract on file. */
  async function exitedDossier(dir: HttpClient): Promise<string> {
    const dossier = await world.dossier('2025-01-05');
    await server.db('placement').where({ dossier_id: dossier }).update({ end_date: exitDate });
    expect((await dir.post(`/api/dossiers/${dossier}/submissions`, { form: 'contrat-sejour', status: 'final', data: example('contrat-sejour', { fondement_juridique: 'assistance_educative' }) })).status).toBe(201);
    const view = await dir.get(`/api/dossiers/${dossier}`);
    expect((await dir.patch(`/api/dossiers/${dossier}`, { lockVersion: view.body.lockVersion, status: 'discharged' })).status).toBe(200);
    return dossier;
  }

  it('waits a month after the exit, has the package prepared by the secretariat and validated by the director, which seals the dossier once', async () => {
    const sec = await world.as('secA');
    const dir = await world.as('dirA');
    const dossier = await exitedDossier(dir);
    const instance = await driver.start(sec, 'archivage', dossier);
    const other = await driver.start(sec, 'archivage', dossier);
    // a month after the exit, at the end of that day in Paris
    expect(instance.position).toEqual(['delai_archivage']);
    expect(parisTime(instance.dueAt)).toBe(`${archivingDate} 23:59:59`);
    await driver.untilDue(instance.id);
    await driver.untilDue(other.id);

    const preparation = openTask(await driver.instanceOf(instance.id), 'preparation');
    expect(preparation).toMatchObject({ form: { kind: 'form', key: 'archivage-dossier' }, candidateProfiles: ['secretariat'] });
    expect(await driver.candidateInbox('secA')).toContain(preparation.id);
    expect(await driver.candidateInbox('dirA')).not.toContain(preparation.id);
    // the director cannot skip the secretariat's preparation (which would seal at once)
    expect((await dir.post(`/api/tasks/${preparation.id}/complete`, { data: example('archivage-dossier') })).status).toBe(403);
    expect(await packagesOf(dossier)).toEqual([]);
    const prepared = await sec.post(`/api/tasks/${preparation.id}/complete`, { data: example('archivage-dossier') });
    expect(prepared.status).toBe(200);
    expect(prepared.body.instance.position).toEqual(['validation']);
    expect(await packagesOf(dossier)).toEqual(['prepared']);
    expect((await dir.get(`/api/dossiers/${dossier}`)).body.status).toBe('discharged');
    expect((await sec.post(`/api/tasks/${openTask(await driver.instanceOf(other.id), 'preparation').id}/complete`, { data: example('archivage-dossier') })).status).toBe(200);

    const validation = openTask(await driver.instanceOf(instance.id), 'validation');
    expect(validation).toMatchObject({ form: { kind: 'form', key: 'archivage-dossier' }, candidateProfiles: ['directeur'] });
    expect(await driver.candidateInbox('dirA')).toContain(validation.id);
    expect((await sec.post(`/api/tasks/${validation.id}/complete`, { data: example('archivage-dossier') })).status).toBe(403);
    // two validations at once: one seals, the other finds the task done
    const [a, b] = await Promise.all([dir.post(`/api/tasks/${validation.id}/complete`, { data: example('archivage-dossier') }), dir.post(`/api/tasks/${validation.id}/complete`, { data: example('archivage-dossier') })]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect([a, b].find((r) => r.status === 409)!.body.code).toBe('TASK_NOT_OPEN');
    expect(await packagesOf(dossier)).toEqual(['prepared', 'prepared', 'sealed']);
    expect((await dir.get(`/api/dossiers/${dossier}`)).body.status).toBe('archived');
    // the other instance's validation cannot seal a second time
    const again = await dir.post(`/api/tasks/${openTask(await driver.instanceOf(other.id), 'validation').id}/complete`, { data: example('archivage-dossier') });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('DOSSIER_ARCHIVED');
    expect(await packagesOf(dossier)).toEqual(['prepared', 'prepared', 'sealed']);
    expect(openTask(await driver.instanceOf(other.id), 'validation')).toBeDefined();

    // read-only: a write is refused
    const write = await dir.post(`/api/dossiers/${dossier}/submissions`, { form: 'contrat-sejour', status: 'final', data: example('contrat-sejour') });
    expect(write.status).toBe(409);
    expect(write.body.code).toBe('DOSSIER_ARCHIVED');

    // the sealed package holds the director's validation and verifies with the archive's verify command
    const sealed = await server.db('archive_package').where({ dossier_id: dossier, status: 'sealed' }).first('id');
    const raw = await rawSession(server.baseUrl, world.users.dirA.login, world.users.dirA.password);
    const zip = await raw.get(`/api/archive-packages/${sealed.id}/content`);
    expect(zip.status).toBe(200);
    const names = Object.keys(unzipSync(new Uint8Array(zip.bytes)));
    expect(names.filter((n) => n.startsWith('submissions/archivage-dossier/'))).toHaveLength(3);
    expect(names.filter((n) => n.startsWith('submissions/contrat-sejour/'))).toHaveLength(1);
    const path = join(mkdtempSync(join(tmpdir(), 'cordee-w8-')), 'package.zip');
    writeFileSync(path, zip.bytes);
    expect(verifyArchiveFile(path).code).toBe(0);

    // the same archive service as the archive route: the same audit, by the users who acted
    await server.sealAudit();
    const audited = await server.db('audit_log').where({ dossier_id: dossier }).whereIn('action', ['dossier.archive.prepare', 'dossier.archive']).orderBy('seq').select('action', 'actor_account_id');
    expect(audited).toEqual([
      { action: 'dossier.archive.prepare', actor_account_id: world.users.secA.id },
      { action: 'dossier.archive.prepare', actor_account_id: world.users.secA.id },
      { action: 'dossier.archive', actor_account_id: world.users.dirA.id },
    ]);

    // then the package is sent to the CD by the job worker
    await driver.untilJobDone(instance.id);
    const final = await driver.instanceOf(instance.id);
    expect(final).toMatchObject({ status: 'completed' });
    expect(historyOf(final)).toEqual(expect.arrayContaining(['task.completed:preparation', 'task.completed:validation', 'job.completed:transmission_cd']));
  }, 60_000);

  it('refuses to prepare the archive of a dossier still in care: nothing is built, the task waits', async () => {
    const sec = await world.as('secA');
    const dossier = await world.dossier('2026-01-05');
    const instance = await driver.start(sec, 'archivage', dossier);
    // no exit date: nothing to wait for
    expect(instance.position).toEqual(['preparation']);
    const refused = await sec.post(`/api/tasks/${openTask(instance, 'preparation').id}/complete`, { data: example('archivage-dossier') });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('ARCHIVE_NOT_ALLOWED');
    expect(await packagesOf(dossier)).toEqual([]);
    expect(await server.db('submission').where({ dossier_id: dossier, form_key: 'archivage-dossier' })).toEqual([]);
    expect(openTask(await driver.instanceOf(instance.id), 'preparation')).toBeDefined();
  }, 30_000);
});
