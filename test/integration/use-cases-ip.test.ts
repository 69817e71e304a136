/**
 * The Ségur PDE use cases #00 and #01 (pde-domain.md § 9): an information préoccupante emitted by
 * the establishment (workflow W4, recueil F8, the CRIP's evaluation report F9), played over HTTP
 * by users of the pack's real profiles — the professional who saw, the chef de service, the
 * director, the secretariat, the psychologist, a legal representative on the portal. Only the DUI
 * side is played: the sending to the CRIP is the workflow's external task, run by the job worker
 * under one idempotency key with the demonstration action; the MSSanté sending itself belongs to
 * the national-services plugins (plugins/mssante), which will take that action's place.
 */
import { localDate } from '@cordee/core';
import { type TestUser, createUser } from '../helpers/fixtures';
import type { HttpClient } from '../helpers/http-client';
import { type PackWorkflowDriver, example, historyOf, openTask, packWorkflowDriver } from '../helpers/pack-workflow-driver';
import { type TestServer, startTestServer } from '../helpers/test-server';
import { type WorkflowWorld, workflowWorld } from '../helpers/workflow-world';

let server: TestServer;
let world: WorkflowWorld;
let driver: PackWorkflowDriver;
/** A moniteur-éducateur of unit A1: staff of a profile the workflow world does not have. */
let moniteur: TestUser;

async function signIn(user: TestUser): Promise<HttpClient> {
  const client = server.client();
  expect((await client.login(user.login, user.password)).status).toBe(200);
  return client;
}

/** A legal representative's portal account, linked to the dossier as the establishment opens it. */
async function legalRepresentative(login: string, dossierId: string): Promise<HttpClient> {
  const user = await createUser(server.db, login, [{ profile: 'tap' }]);
  await server.db('account_dossier_link').insert({ account_id: user.id, dossier_id: dossierId, relation: 'legal_representative' });
  return signIn(user);
}

async function auditedActions(dossierId: string): Promise<string[]> {
  await server.sealAudit();
  return server.db('audit_log').where({ dossier_id: dossierId }).orderBy('seq').pluck('action');
}

/** The facts the professional who saw writes: the reporter's identity, the parents' information and the validation are the direction's. */
const factsOnly = (overrides: Record<string, unknown> = {}) => {
  const { emetteur: _e, information_tap: _i, validation: _v, date_heure_transmission: _t, ...data } = example('recueil-ip', overrides);
  return data;
};

beforeAll(async () => {
  server = await startTestServer();
  await server.loadPack();
  world = await workflowWorld(server, 'ucip');
  driver = packWorkflowDriver(server, world);
  moniteur = await createUser(server.db, 'ucip.moni.a1', [{ profile: 'moniteur_educateur', establishmentId: world.estA, unitId: world.unitA1 }]);
}, 120_000);

afterAll(async () => {
  await world?.stopWorkers();
  await server?.close();
});

describe('#00 — transmission of information to the CRIP for evaluation', () => {
  it('the moniteur who heard writes the facts, the chef de service validates and names the reporter, the recueil leaves for the CRIP, whose feedback is recorded', async () => {
    const chef = await world.as('chefA');
    const moni = await signIn(moniteur);
    const dossier = await world.dossier('2025-09-01');
    // the moniteur may not start a process; the chef de service opens the IP for the team
    expect((await moni.post('/api/processes', { workflow: 'information-preoccupante', dossier })).status).toBe(403);
    const instance = await driver.start(chef, 'information-preoccupante', dossier);
    const redaction = openTask(instance, 'redaction');
    const inbox = (await moni.get('/api/tasks?scope=candidate')).body.items.map((t: { id: string }) => t.id);
    expect(inbox).toContain(redaction.id);

    // the recueil's form, as the moniteur sees it: the reporter's identity neither readable nor writable
    const written = await moni.post(`/api/tasks/${redaction.id}/complete`, { data: factsOnly() });
    expect(written.status).toBe(200);
    const own = await moni.get(`/api/submissions/${written.body.submissionId}`);
    expect(own.body.data.faits_observes).toContain('reste seul le soir');
    // another educator of the unit does not read it (note 11 of the matrix: each reads their own writings)
    expect((await (await world.as('educA1')).get(`/api/submissions/${written.body.submissionId}`)).text).not.toContain('reste seul le soir');

    const validation = openTask(await driver.instanceOf(instance.id), 'validation');
    const reporter = { nom: 'Hugo Lambert', fonction: 'Moniteur-éducateur', etablissement: 'Maison d’enfants Les Tilleuls', adresse_mssante: 'hugo.lambert@tilleuls.mssante.fr' };
    const validated = await chef.post(`/api/tasks/${validation.id}/complete`, {
      data: { ...factsOnly(), emetteur: reporter, information_tap: { informes: 'oui', date_information: localDate(new Date()) }, validation: { valide_par: 'Martine Roux', fonction: 'chef_service' } },
    });
    expect(validated.status).toBe(200);
    const recueilId = validated.body.submissionId;

    // the document sent to the CRIP: the direction's copy names the reporter; the secretariat formats and sends it without seeing who reported
    const dir = await world.as('dirA');
    const document = await dir.post(`/api/dossiers/${dossier}/documents`, { template: 'recueil-ip', submission: recueilId });
    expect(document.status).toBe(201);
    expect((await dir.post(`/api/dossiers/${dossier}/documents/preview`, { template: 'recueil-ip', submission: recueilId })).text).toContain('Hugo Lambert');
    const bySecretariat = await (await world.as('secA')).post(`/api/dossiers/${dossier}/documents/preview`, { template: 'recueil-ip', submission: recueilId });
    expect(bySecretariat.status).toBe(200);
    expect(bySecretariat.text).toContain('reste seul le soir');
    expect(bySecretariat.text).not.toContain('Hugo Lambert');

    // the transmission: an external task of the workflow, run once by the job worker with its idempotency key
    const job = await driver.untilJobDone(instance.id);
    expect(job).toMatchObject({ action: 'demo.accuse-reception', idempotency_key: `${instance.id}:${job.execution_id}`, result: { accuseReception: `AR-${instance.id.slice(0, 8)}` } });
    // the plugin is handed the validated recueil to send (the MSSanté plugin will attach the document)
    expect(job.input).toMatchObject({ dossierId: dossier, workflow: 'information-preoccupante', variables: { emetteur: reporter, information_tap: { informes: 'oui' } } });

    // the parents were informed of the transmission, not of its content: nothing of the IP on their portal (note 12)
    const parent = await legalRepresentative('ucip.tap.00', dossier);
    // not even its existence: the recueil answers 404 by id as it is absent from the lists
    const direct = await parent.get(`/api/submissions/${recueilId}`);
    expect(direct.status).toBe(404);
    expect((await parent.get(`/api/submissions/${recueilId}/revisions`)).status).toBe(404);
    const listed = await parent.get(`/api/dossiers/${dossier}/submissions?limit=100`);
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((i: { formKey: string }) => i.formKey)).not.toContain('recueil-ip');

    // the CRIP's feedback, recorded by the chef de service, closes the process
    const feedback = openTask(await driver.instanceOf(instance.id), 'retour_crip');
    expect((await moni.post(`/api/tasks/${feedback.id}/complete`, { data: example('retour-crip') })).status).toBe(403);
    const recorded = await chef.post(`/api/tasks/${feedback.id}/complete`, { data: example('retour-crip') });
    expect(recorded.status).toBe(200);
    expect(recorded.body.instance.status).toBe('completed');

    const actions = await auditedActions(dossier);
    expect(actions).toEqual(expect.arrayContaining(['process.start', 'task.complete', 'document.create']));
    expect(actions.filter((a) => a === 'task.complete')).toHaveLength(3);
  }, 60_000);
});

describe('#01 — a serious danger: referral to the prosecutor, transmission to the CRIP and its evaluation', () => {
  it('the referent reports an immediate danger, the director refers it to the prosecutor at once without informing the parents, then the CRIP’s evaluation is filed', async () => {
    const educ = await world.as('educA1');
    const dir = await world.as('dirA');
    const chef = await world.as('chefA');
    const dossier = await world.dossier('2025-09-01');
    const instance = await driver.start(educ, 'information-preoccupante', dossier);
    const facts = factsOnly({
      danger_immediat: true,
      nature_danger_suspecte: ['violences_sexuelles'],
      faits_observes: 'Le 12 mai à 21 h, au coucher, Léa dit que le compagnon de sa mère vient dans sa chambre la nuit lors des week-ends au domicile.',
    });
    const written = await educ.post(`/api/tasks/${openTask(instance, 'redaction').id}/complete`, { data: facts });
    expect(written.status).toBe(200);
    expect(written.body.instance.position).toEqual(['saisine_procureur']);

    // only the director is asked, within two hours
    const referral = openTask(await driver.instanceOf(instance.id), 'saisine_procureur');
    expect(await driver.candidateInbox('dirA')).toContain(referral.id);
    for (const other of ['chefA', 'educA1', 'secA'] as const) expect(await driver.candidateInbox(other)).not.toContain(referral.id);
    const motif = 'L’auteur présumé vit au domicile : informer la mère exposerait l’enfant (L226-2-1).';
    const referred = await dir.post(`/api/tasks/${referral.id}/complete`, {
      data: {
        ...facts,
        emetteur: { nom: 'Yanis Benali', fonction: 'Éducateur spécialisé', etablissement: 'Maison d’enfants Les Tilleuls' },
        saisine_procureur: { date_heure: new Date().toISOString(), copie_crip: true },
        information_tap: { informes: 'non', motif_non_information: motif },
        validation: { valide_par: 'Paul Girard', fonction: 'directeur' },
      },
    });
    expect(referred.status).toBe(200);
    expect((await dir.get(`/api/submissions/${referred.body.submissionId}`)).body.data).toMatchObject({ saisine_procureur: { copie_crip: true }, information_tap: { motif_non_information: motif } });
    // the author of the IP does not read the validated recueil, which names them as reporter
    expect((await educ.get(`/api/submissions/${referred.body.submissionId}`)).text).not.toContain('Yanis Benali');

    await driver.untilJobDone(instance.id);

    // the CRIP's evaluation report (F9), received and filed by the chef de service, read by the direction, not by a psychologist outside the care team nor another establishment
    const evaluation = await chef.post(`/api/dossiers/${dossier}/submissions`, { form: 'rapport-evaluation-sociale', status: 'final', data: example('rapport-evaluation-sociale') });
    expect(evaluation.status).toBe(201);
    expect((await dir.get(`/api/submissions/${evaluation.body.id}`)).body.formKey).toBe('rapport-evaluation-sociale');
    expect((await (await world.as('psyA')).get(`/api/submissions/${evaluation.body.id}`)).status).toBe(404);
    expect((await (await world.as('chefB')).get(`/api/submissions/${evaluation.body.id}`)).status).toBe(404);
    const feedback = openTask(await driver.instanceOf(instance.id), 'retour_crip');
    const recorded = await chef.post(`/api/tasks/${feedback.id}/complete`, { data: example('retour-crip', { suites: 'saisine_autorite_judiciaire', rapport_evaluation_recu: true }) });
    expect(recorded.status).toBe(200);
    const final = await driver.instanceOf(instance.id);
    expect(final.status).toBe('completed');
    expect(historyOf(final).filter((h) => h.startsWith('task.completed:'))).toEqual(['task.completed:redaction', 'task.completed:saisine_procureur', 'task.completed:retour_crip']);

    // nothing of it on the parents' portal
    const parent = await legalRepresentative('ucip.tap.01', dossier);
    const listed = await parent.get(`/api/dossiers/${dossier}/submissions?limit=100`);
    expect(listed.body.items.map((i: { formKey: string }) => i.formKey)).toEqual(expect.not.arrayContaining(['recueil-ip', 'rapport-evaluation-sociale', 'retour-crip']));
  }, 60_000);
});
