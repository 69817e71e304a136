/**
 * The journey of a child from the application to the archive, over HTTP only, worked by the
 * professionals of each profile with their own rights: the application and the waiting list
 * across the establishments of the organisme, the admission workflow (W1: decision, first
 * contact, arrival with the placement and the status, formalities of the first day, contract
 * handed over, signed and amended, initial evaluation G1 scored by the server, PPE), a second
 * child whose contract is not signed within a month (the direction is told, the task stays
 * open), transmissions read in the unit feed, a serious incident (W5), the situation report (W3),
 * the exit (W6) and the sealed archive package checked by the verify command; then the timeline
 * of the dossier, the reporting events and the audit trail of every read and write.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { addIsoDuration, localDate, parseInstant, parseIsoDuration } from '@cordee/core';
import { verifyArchiveFile } from '@cordee/server/src/cli/verify-archive';
import { type TestOrganisation, type TestUser, createUser } from '../helpers/fixtures';
import type { HttpClient } from '../helpers/http-client';
import { type PackWorkflowDriver, example, historyOf, openTask, packWorkflowDriver } from '../helpers/pack-workflow-driver';
import { rawSession } from '../helpers/raw-upload';
import { type TestServer, startTestServer } from '../helpers/test-server';
import { type WorkflowUser, type WorkflowWorld, workflowWorld } from '../helpers/workflow-world';

type JourneyUser = WorkflowUser | 'infA' | 'educA2' | 'secB' | 'chefAB' | 'dpo';

let server: TestServer;
let world: WorkflowWorld;
let driver: PackWorkflowDriver;
const extra = {} as Record<Exclude<JourneyUser, WorkflowUser>, TestUser>;
const extraClients = new Map<string, HttpClient>();

const today = localDate(new Date());
/** A day plus an ISO duration, on the calendar (months are clamped). */
const plus = (day: string, duration: string) => addIsoDuration(new Date(`${day}T12:00:00Z`), parseIsoDuration(duration)!).toISOString().slice(0, 10);
/** A due date given as a day: the end of that day in Paris. */
const endOf = (day: string) => parseInstant(day)!.toISOString();

beforeAll(async () => {
  server = await startTestServer();
  const published = await server.loadPack();
  expect(published).toEqual(expect.arrayContaining(['workflow/admission@1.0.0', 'workflow/incident-grave@1.0.0', 'workflow/rapport-situation-cycle@1.0.0', 'workflow/fin-prise-en-charge@1.0.0']));
  world = await workflowWorld(server, 'jr');
  driver = packWorkflowDriver(server, world);
  const [a, b] = world.org.establishments as [TestOrganisation['establishments'][number], TestOrganisation['establishments'][number]];
  extra.infA = await createUser(server.db, 'jr.inf.a', [{ profile: 'infirmier', establishmentId: a.id }]);
  extra.educA2 = await createUser(server.db, 'jr.educ.a2', [{ profile: 'educateur_specialise', establishmentId: a.id, unitId: a.unitIds[1]! }]);
  extra.secB = await createUser(server.db, 'jr.sec.b', [{ profile: 'secretariat', establishmentId: b.id }]);
  extra.chefAB = await createUser(server.db, 'jr.chef.ab', [
    { profile: 'chef_service', establishmentId: a.id },
    { profile: 'chef_service', establishmentId: b.id },
  ]);
  extra.dpo = await createUser(server.db, 'jr.dpo', [{ profile: 'dpo' }]);
}, 120_000);

afterAll(async () => {
  await world?.stopWorkers();
  await server?.close();
});

async function as(user: JourneyUser): Promise<HttpClient> {
  if (!(user in extra)) return world.as(user as WorkflowUser);
  let client = extraClients.get(user);
  if (!client) {
    client = server.client();
    const { login, password } = extra[user as keyof typeof extra];
    expect((await client.login(login, password)).status).toBe(200);
    extraClients.set(user, client);
  }
  return client;
}

const instanceOf = (id: string) => driver.instanceOf(id);
const taskOf = async (instanceId: string, elementId: string) => openTask(await instanceOf(instanceId), elementId);
const complete = async (user: JourneyUser, taskId: string, data: Record<string, unknown>) => (await as(user)).post(`/api/tasks/${taskId}/complete`, { data });
async function completeOk(user: JourneyUser, instanceId: string, elementId: string, data: Record<string, unknown>) {
  const task = await taskOf(instanceId, elementId);
  expect(task).toBeDefined();
  const done = await complete(user, task.id, data);
  expect(done.status).toBe(200);
  return done.body;
}
const inbox = async (user: JourneyUser) => ((await (await as(user)).get('/api/tasks?scope=candidate')).body.items as any[]).map((t) => t.id);
const dossierOf = async (user: JourneyUser, id: string) => (await as(user)).get(`/api/dossiers/${id}`);
async function setStatus(user: JourneyUser, id: string, status: string) {
  const view = await dossierOf(user, id);
  return (await as(user)).patch(`/api/dossiers/${id}`, { lockVersion: view.body.lockVersion, status });
}
/** Every item of a paginated list (newest first). */
async function allPages(client: HttpClient, path: string): Promise<any[]> {
  const items: any[] = [];
  let cursor: string | null = null;
  do {
    const page: any = await client.get(`${path}${path.includes('?') ? '&' : '?'}limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(page.status).toBe(200);
    items.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return items;
}
const feed = async (user: JourneyUser, form: string, query = '') => (((await (await as(user)).get(`/api/submissions?form=${form}${query}`)).body.items ?? []) as any[]);

const withoutKeys = (data: Record<string, unknown>, ...keys: string[]) => Object.fromEntries(Object.entries(data).filter(([k]) => !keys.includes(k)));
const identity = (birthName: string) => ({ birthName, firstNames: 'Noé', birthDate: '2013-04-03', birthPlaceCode: '39198', sex: 'M' });

/** The W1 steps both children go through. */
const w1 = {
  start: async (dossier: string) => driver.start(await as('secA'), 'admission', dossier),
  decide: (instanceId: string) => completeOk('dirA', instanceId, 'decision', example('decision-admission', { date_decision: today, date_accueil_prevue: today })),
  inform: async () => expect(await world.workers().jobs.runOnce()).toBeGreaterThanOrEqual(1),
  planContact: (instanceId: string) => completeOk('educA1', instanceId, 'prise_de_contact', example('prise-de-contact')),
  recordAdmission: async (dossier: string) => {
    const placed = await (await as('secA')).post(`/api/dossiers/${dossier}/placements`, { establishmentId: world.estA, unitId: world.unitA1, startDate: today, legalBasis: 'accueil_provisoire' });
    expect(placed.status).toBe(201);
    const admitted = await setStatus('secA', dossier, 'admitted');
    expect(admitted.status).toBe(200);
    return placed.body;
  },
  // the secretariat writes no account of daily life (compte_rendu): the educators do
  arrive: (instanceId: string) => completeOk('secA', instanceId, 'accueil', withoutKeys(example('agenda-evenement', { titre: 'Accueil de Noé', type_evenement: 'autre', date_evenement: today, statut: 'realise', presence_usager: 'present' }), 'compte_rendu')),
};

describe('the journey of a child through the establishment', () => {
  let dossier: string;
  let candidateB: string;
  let admission: string;
  let secondChild: string;

  it('an application arrives: the secretariat opens the dossier of a candidate and records the request to two establishments', async () => {
    const sec = await as('secA');
    expect((await (await as('educA1')).post('/api/dossiers', { identity: identity('REFUS'), establishmentId: world.estA, unitId: world.unitA1, status: 'applicant' })).status).toBe(403);
    const created = await sec.post('/api/dossiers', { identity: identity('LEBLANC'), establishmentId: world.estA, unitId: world.unitA1, status: 'applicant' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'applicant', establishmentId: world.estA });
    dossier = created.body.id;
    const request = await sec.post(`/api/dossiers/${dossier}/submissions`, {
      form: 'demande-admission',
      status: 'final',
      data: example('demande-admission', { date_reception: today, etablissements_demandes: [world.estA, world.estB], enfant: { nom: 'LEBLANC', prenoms: 'Noé', date_naissance: '2013-04-03', sexe: 'M' } }),
    });
    expect(request.status).toBe(201);
    expect(request.body.data.etablissements_demandes).toEqual([world.estA, world.estB]);
    // the unit's educator sees the candidate; an educator of another unit, a psychologist outside the care team do not
    expect((await dossierOf('educA1', dossier)).status).toBe(200);
    expect((await dossierOf('educA2', dossier)).status).toBe(404);
    expect((await dossierOf('psyA', dossier)).status).toBe(404);
  });

  it('goes on the waiting list of both establishments: the organisme’s chef de service sees every candidacy, each establishment its own', async () => {
    expect((await setStatus('educA1', dossier, 'waiting')).status).toBe(403);
    const waiting = await setStatus('secA', dossier, 'waiting');
    expect(waiting.status).toBe(200);
    expect(waiting.body.status).toBe('waiting');
    const sec = await as('secA');
    // the secretariat registers the candidacy; the technical opinion (avis_technique) is the chef de service's and the psychologist's
    const entryOf = (overrides: Record<string, unknown>) => withoutKeys(example('liste-attente', { date_inscription: today, ...overrides }), 'avis_technique');
    expect((await sec.post(`/api/dossiers/${dossier}/submissions`, { form: 'liste-attente', status: 'final', data: example('liste-attente', { etablissement_id: world.estA }) })).body.code).toBe('FIELD_NOT_WRITABLE');
    const entries: string[] = [];
    for (const [establishment, statut] of [
      [world.estA, 'en_attente_place'],
      [world.estB, 'en_etude'],
    ] as const) {
      const entry = await sec.post(`/api/dossiers/${dossier}/submissions`, { form: 'liste-attente', status: 'final', data: entryOf({ etablissement_id: establishment, statut }) });
      expect(entry.status).toBe(201);
      entries.push(entry.body.id);
    }
    // a refusal needs its reason (domain rule of the waiting list)
    const refused = await sec.post(`/api/dossiers/${dossier}/submissions`, { form: 'liste-attente', status: 'final', data: entryOf({ etablissement_id: world.estA, statut: 'refusee' }) });
    expect(refused.status).toBe(422);
    expect(refused.body.issues.map((i: any) => i.path)).toContain('/motif_refus');
    // another candidate waits in establishment B
    const secB = await as('secB');
    const other = await secB.post('/api/dossiers', { identity: identity('MARTIN'), establishmentId: world.estB, status: 'waiting' });
    expect(other.status).toBe(201);
    candidateB = other.body.id;
    const otherEntry = await secB.post(`/api/dossiers/${candidateB}/submissions`, { form: 'liste-attente', status: 'final', data: entryOf({ etablissement_id: world.estB, statut: 'en_attente_place' }) });
    expect(otherEntry.status).toBe(201);

    const ids = async (user: JourneyUser) => (await feed(user, 'liste-attente')).map((i) => i.id).sort();
    expect(await ids('chefAB')).toEqual([...entries, otherEntry.body.id].sort());
    expect(await ids('chefA')).toEqual([...entries].sort());
    expect(await ids('chefB')).toEqual([otherEntry.body.id]);
    expect((await feed('chefAB', 'liste-attente')).map((i) => i.data.etablissement_id).sort()).toEqual([world.estA, world.estB, world.estB].sort());
  });

  it('W1: the commission decides within 5 days, the requester is informed, the first contact is planned', async () => {
    const before = Date.now();
    const instance = await w1.start(dossier);
    const after = Date.now();
    admission = instance.id;
    expect(instance).toMatchObject({ workflow: 'admission', version: '1.0.0', status: 'running', position: ['decision'] });
    const decision = openTask(instance, 'decision');
    expect(decision).toMatchObject({ form: { key: 'decision-admission' }, candidateProfiles: ['directeur', 'chef_service'] });
    // five days after the request was received (the start of the process)
    expect(Date.parse(decision.dueAt)).toBeGreaterThanOrEqual(before + 5 * 86_400_000 - 1000);
    expect(Date.parse(decision.dueAt)).toBeLessThanOrEqual(after + 5 * 86_400_000 + 1000);
    // the secretariat started the process but does not decide; another establishment does not even see the task
    expect((await complete('secA', decision.id, example('decision-admission'))).status).toBe(403);
    expect((await complete('educA1', decision.id, example('decision-admission'))).status).toBe(403);
    expect((await complete('chefB', decision.id, example('decision-admission'))).status).toBe(404);
    const decided = await w1.decide(admission);
    expect(decided.instance.position).toEqual(['informer_demandeur']);
    await w1.inform();

    const contact = await taskOf(admission, 'prise_de_contact');
    // the first contact is due by the planned arrival day
    expect(contact).toMatchObject({ form: { key: 'prise-de-contact' }, candidateProfiles: ['chef_service', 'educateur_specialise'], dueAt: endOf(today) });
    expect(await inbox('educA1')).toContain(contact.id);
    expect((await complete('secA', contact.id, example('prise-de-contact'))).status).toBe(403);
    const planned = await w1.planContact(admission);
    expect(planned.instance.position).toEqual(['accueil']);
    const stored = await (await as('chefA')).get(`/api/submissions/${planned.submissionId}`);
    expect(stored.body).toMatchObject({ formKey: 'prise-de-contact', data: { modalite: 'visite_pre_admission' } });
  });

  it('W1: the arrival comes back until the placement and the status are recorded, then opens the formalities with their legal due dates', async () => {
    const first = await taskOf(admission, 'accueil');
    expect(first).toMatchObject({ form: { key: 'agenda-evenement' }, candidateProfiles: ['secretariat', 'chef_service', 'educateur_specialise'], dueAt: endOf(today) });
    // the arrival is recorded before the admission: the task comes back
    await w1.arrive(admission);
    const again = await taskOf(admission, 'accueil');
    expect(again.id).not.toBe(first.id);
    expect((await instanceOf(admission)).position).toEqual(['accueil']);

    expect((await (await as('educA1')).post(`/api/dossiers/${dossier}/placements`, { establishmentId: world.estA, startDate: today, legalBasis: 'accueil_provisoire' })).status).toBe(403);
    const placement = await w1.recordAdmission(dossier);
    expect(placement).toMatchObject({ startDate: today, legalBasis: 'accueil_provisoire' });
    expect((await dossierOf('secA', dossier)).body.status).toBe('admitted');
    const arrived = await w1.arrive(admission);
    const due = Object.fromEntries(arrived.nextTasks.map((t: any) => [t.name, t.dueAt]));
    expect(due).toEqual({
      'Remettre le contrat de séjour ou le DIPC': endOf(plus(today, 'P15D')),
      'Faire l’inventaire des effets personnels à l’arrivée': endOf(today),
      'Établir la fiche sanitaire de liaison': endOf(today),
      'Recueillir les contacts d’urgence': endOf(today),
      'Recueillir les autorisations de soins et d’actes non usuels': endOf(today),
      'Organiser le bilan de santé et de prévention d’entrée': endOf(plus(today, 'P1M')),
      'Évaluer les besoins fondamentaux (observation initiale, grille G1)': endOf(plus(today, 'P42D')),
    });
    const after = await instanceOf(admission);
    // the next timer of the instance: the contract to hand over within 15 days of the admission
    expect(after.dueAt).toBe(endOf(plus(today, 'P15D')));
    expect(historyOf(after).filter((s) => s === 'task.created:accueil')).toHaveLength(2);
  });

  it('W1: the care team does the formalities of the first day, each profile its own', async () => {
    const chef = await as('chefA');
    // the nurse and the psychologist reach the child's tasks once in the care team
    const sanitary = await taskOf(admission, 'fiche_sanitaire');
    expect((await (await as('infA')).get(`/api/tasks/${sanitary.id}`)).status).toBe(404);
    for (const [user, role] of [
      ['infA', 'infirmier'],
      ['psyA', 'psychologue'],
      ['educA1', 'referent'],
    ] as const) {
      const accountId = user === 'infA' ? extra.infA.id : world.users[user].id;
      expect((await chef.post(`/api/dossiers/${dossier}/care-team`, { accountId, role, startDate: today })).status).toBe(201);
    }
    expect(await inbox('infA')).toContain(sanitary.id);
    expect((await dossierOf('psyA', dossier)).status).toBe(200);
    // the secretariat holds no health data: not a candidate of the sanitary sheet
    expect((await complete('secA', sanitary.id, example('fiche-sanitaire'))).status).toBe(403);
    // an incomplete sheet is refused naming the fields; nothing is written, the task stays open
    const incomplete = await complete('infA', sanitary.id, withoutKeys(example('fiche-sanitaire'), 'allergies_connues', 'medecin_traitant'));
    expect(incomplete.status).toBe(422);
    expect(incomplete.body.issues.map((i: any) => i.path)).toEqual(expect.arrayContaining(['/allergies_connues', '/medecin_traitant']));
    expect((await (await as('infA')).get(`/api/dossiers/${dossier}/submissions?form=fiche-sanitaire`)).body.items).toEqual([]);
    expect((await taskOf(admission, 'fiche_sanitaire')).id).toBe(sanitary.id);
    await completeOk('infA', admission, 'fiche_sanitaire', example('fiche-sanitaire'));
    await completeOk('infA', admission, 'bilan_sante', example('bilan-sante'));
    await completeOk('secA', admission, 'contacts_urgence', example('contacts-urgence'));
    await completeOk('secA', admission, 'autorisations', example('autorisation-soins'));
    expect((await complete('secA', (await taskOf(admission, 'inventaire')).id, example('inventaire-effets'))).status).toBe(403);
    await completeOk('educA1', admission, 'inventaire', example('inventaire-effets', { date_inventaire: today }));
    const open = (await instanceOf(admission)).tasks.filter((t: any) => t.status === 'open').map((t: any) => t.elementId);
    expect(open.sort()).toEqual(['observation_initiale', 'remise_contrat']);
  });

  it('W1: the contract is handed over within 15 days, signed within a month, amended within six months', async () => {
    const remise = await taskOf(admission, 'remise_contrat');
    expect((await complete('educA1', remise.id, example('remise-contrat-sejour'))).status).toBe(403);
    const handed = await completeOk('chefA', admission, 'remise_contrat', example('remise-contrat-sejour', { date_remise: today }));
    expect(handed.nextTasks).toEqual([{ id: expect.any(String), name: 'Faire signer le contrat de séjour ou le DIPC', dueAt: endOf(plus(today, 'P1M')) }]);
    expect((await instanceOf(admission)).dueAt).toBe(endOf(plus(today, 'P1M')));

    const contract = (overrides: Record<string, unknown>) => example('contrat-sejour', { date_admission: today, date_debut: today, date_remise: today, ...overrides });
    const signature = await taskOf(admission, 'signature_contrat');
    expect(signature.candidateProfiles).toEqual(['directeur']);
    expect((await complete('chefA', signature.id, contract({}))).status).toBe(403);
    // the contract is saved but the legal representative has not signed yet: the signature is still awaited
    const pending = await completeOk('dirA', admission, 'signature_contrat', contract({}));
    const awaited = await taskOf(admission, 'signature_contrat');
    expect(awaited.id).not.toBe(signature.id);
    expect(awaited.dueAt).toBe(endOf(plus(today, 'P1M')));
    const saved = await (await as('dirA')).get(`/api/submissions/${pending.submissionId}`);
    // the server chose the document and computed its legal dates from the admission
    expect(saved.body.data).toMatchObject({ type_document: 'contrat_sejour', date_limite_remise: plus(today, 'P15D'), date_limite_signature: plus(today, 'P1M'), date_limite_avenant: plus(today, 'P6M') });

    const signed = await completeOk(
      'dirA',
      admission,
      'signature_contrat',
      contract({
        date_signature: today,
        signatures: [
          { role: 'directeur', nom: 'Directeur', statut: 'signee', date_signature: today },
          { role: 'representant_legal', nom: 'Sandrine Leblanc', statut: 'signee', date_signature: today },
        ],
      }),
    );
    expect(signed.nextTasks).toEqual([{ id: expect.any(String), name: 'Établir l’avenant (objectifs et prestations adaptés)', dueAt: endOf(plus(today, 'P6M')) }]);
    await completeOk('chefA', admission, 'avenant', contract({ date_signature: today, avenants: [{ date_avenant: today, objet: 'objectifs_prestations_adaptes', contenu: 'Objectifs précisés après l’observation initiale.', statut_signature: 'signee' }] }));
    const history = historyOf(await instanceOf(admission));
    expect(history).not.toContain('timer.fired:contrat_en_retard');
    expect(history).not.toContain('timer.fired:signature_en_retard');
    expect(history.filter((s) => s === 'task.completed:signature_contrat')).toHaveLength(2);
  });

  it('a second child’s contract is not signed within a month: the timer tells the direction, the task stays open', async () => {
    const created = await (await as('secA')).post('/api/dossiers', { identity: identity('ROUX'), establishmentId: world.estA, unitId: world.unitA1, status: 'waiting' });
    expect(created.status).toBe(201);
    secondChild = created.body.id;
    const instance = await w1.start(secondChild);
    await w1.decide(instance.id);
    await w1.inform();
    await w1.planContact(instance.id);
    await w1.recordAdmission(secondChild);
    await w1.arrive(instance.id);
    await completeOk('chefA', instance.id, 'remise_contrat', example('remise-contrat-sejour', { date_remise: today }));
    const signature = await taskOf(instance.id, 'signature_contrat');
    expect(signature).toMatchObject({ overdue: false, dueAt: endOf(plus(today, 'P1M')) });

    // a month goes by without the signature
    await driver.untilDue(instance.id);
    const late = await instanceOf(instance.id);
    expect(late.status).toBe('running');
    expect(historyOf(late)).toEqual(expect.arrayContaining(['timer.fired:signature_en_retard', 'escalation.notified:signature_en_retard']));
    expect(openTask(late, 'signature_contrat')).toMatchObject({ id: signature.id, overdue: true });
    const told = await driver.notificationsOf('dirA', instance.id);
    expect(told).toContainEqual(expect.objectContaining({ kind: 'workflow.escalation', payload: expect.objectContaining({ elementId: 'signature_en_retard', dossierId: secondChild }) }));
    expect((await driver.notificationsOf('chefA', instance.id)).filter((n) => n.payload.elementId === 'signature_en_retard')).toEqual([]);
    // the first child's process was not touched
    expect(historyOf(await instanceOf(admission))).not.toContain('timer.fired:signature_en_retard');

    // signed late: the process goes on to the amendment
    const signed = await complete('dirA', signature.id, example('contrat-sejour', { date_admission: today, date_debut: today, date_signature: today }));
    expect(signed.status).toBe(200);
    expect(signed.body.nextTasks.map((t: any) => t.name)).toEqual(['Établir l’avenant (objectifs et prestations adaptés)']);
  });

  it('W1: the initial evaluation (G1) is scored by the server, then the chef de service contributes to the PPE and the admission is complete', async () => {
    const observation = await taskOf(admission, 'observation_initiale');
    expect(observation).toMatchObject({ form: { kind: 'grid', key: 'g1-besoins-fondamentaux' }, candidateProfiles: ['educateur_specialise', 'psychologue'] });
    expect((await (await as('educA2')).get(`/api/tasks/${observation.id}`)).status).toBe(404);
    const evaluated = await completeOk('psyA', admission, 'observation_initiale', example('g1-besoins-fondamentaux', { date_evaluation: today }));
    const grid = await (await as('chefA')).get(`/api/submissions/${evaluated.submissionId}`);
    expect(grid.body).toMatchObject({ formKind: 'grid', formKey: 'g1-besoins-fondamentaux', status: 'final' });
    expect(grid.body.gridResult.scores).toEqual({ score_meta_securite: 1, score_autres: 2.33, score_global: 2.17, taux_completude: 0.86 });
    expect(grid.body.gridResult.alerts.map((a: any) => a.id)).toEqual(['securite_fragile']);

    const ppe = await taskOf(admission, 'contribution_ppe');
    expect(ppe).toMatchObject({ form: { key: 'ppe' }, candidateProfiles: ['chef_service'], dueAt: endOf(plus(today, 'P3M')) });
    expect((await complete('educA1', ppe.id, example('ppe'))).status).toBe(403);
    const contributed = await completeOk('chefA', admission, 'contribution_ppe', example('ppe'));
    expect(contributed.instance).toEqual({ id: admission, status: 'completed', position: [] });
    const final = await instanceOf(admission);
    expect(final).toMatchObject({ status: 'completed', dueAt: null });
    expect(historyOf(final)).toContain('activity.completed:admission_formalisee');
  });

  it('transmissions are written by the team and read back in the unit feed, not by another unit', async () => {
    const educ = await as('educA1');
    const written: string[] = [];
    for (const texte of ['Première soirée calme, appel à sa mère à 19 h.', 'Bonne nuit ; lever difficile, petit déjeuner pris.']) {
      const posted = await educ.post(`/api/dossiers/${dossier}/submissions`, { form: 'transmission', status: 'final', data: example('transmission', { texte, date_heure: new Date().toISOString() }) });
      expect(posted.status).toBe(201);
      written.push(posted.body.id);
    }
    const unitFeed = await feed('chefA', 'transmission', `&unit=${world.unitA1}`);
    expect(unitFeed.filter((i) => i.dossierId === dossier).map((i) => i.data.texte)).toEqual(['Bonne nuit ; lever difficile, petit déjeuner pris.', 'Première soirée calme, appel à sa mère à 19 h.']);
    expect(unitFeed.find((i) => i.id === written[0])).toMatchObject({ dossierName: 'LEBLANC Noé', formKey: 'transmission' });
    expect(await feed('educA2', 'transmission', `&unit=${world.unitA1}`)).toEqual([]);
    expect((await feed('chefB', 'transmission')).map((i) => i.dossierId)).not.toContain(dossier);
  });

  it('a serious incident (W5): the team writes the note, the director confirms in writing to the authorities', async () => {
    const instance = await driver.start(await as('educA1'), 'incident-grave', dossier);
    await completeOk('educA1', instance.id, 'note_incident', example('incident'));
    const confirmation = await taskOf(instance.id, 'confirmation_ecrite');
    expect((await complete('educA1', confirmation.id, example('fiche-navette'))).status).toBe(403);
    const done = await completeOk('dirA', instance.id, 'confirmation_ecrite', example('fiche-navette', { objet: 'information_incident', urgence: '48h' }));
    expect(done.instance).toEqual({ id: instance.id, status: 'completed', position: [] });
  });

  it('the situation report (W3): written by the referent, validated by the chef de service; an end-of-measure report closes the cycle', async () => {
    const instance = await driver.start(await as('chefA'), 'rapport-situation-cycle', dossier);
    // due a year after the admission
    expect(openTask(instance, 'redaction').dueAt).toBe(endOf(plus(today, 'P1Y')));
    const { reference_decision: _r, echeance_mesure: _e, ...draft } = example('rapport-situation', { type_rapport: 'fin_mesure' });
    await completeOk('educA1', instance.id, 'redaction', draft);
    const validation = await taskOf(instance.id, 'validation');
    expect((await complete('educA1', validation.id, draft)).status).toBe(403);
    const validated = await completeOk('chefA', instance.id, 'validation', example('rapport-situation', { type_rapport: 'fin_mesure', valide_par: 'Chef de service' }));
    expect(validated.instance).toEqual({ id: instance.id, status: 'completed', position: [] });
  });

  it('the exit (W6): recorded by the referent, the exit interview held; the placement ends and the dossier is discharged', async () => {
    const instance = await driver.start(await as('chefA'), 'fin-prise-en-charge', dossier);
    const exit = await taskOf(instance.id, 'acter_sortie');
    expect((await complete('chefA', exit.id, example('sortie'))).status).toBe(403);
    await completeOk('educA1', instance.id, 'acter_sortie', example('sortie', { date_sortie: today }));
    const interview = await taskOf(instance.id, 'entretien_sortie');
    expect(interview.dueAt).toBe(endOf(today));
    const done = await completeOk('educA1', instance.id, 'entretien_sortie', example('agenda-evenement', { type_evenement: 'entretien', statut: 'realise', date_evenement: today }));
    expect(done.instance).toEqual({ id: instance.id, status: 'completed', position: [] });

    const view = await dossierOf('secA', dossier);
    const placement = view.body.placements.find((p: any) => p.startDate === today);
    expect((await (await as('secA')).patch(`/api/placements/${placement.id}`, { endDate: today })).status).toBe(200);
    expect((await setStatus('educA1', dossier, 'discharged')).status).toBe(403);
    const discharged = await setStatus('secA', dossier, 'discharged');
    expect(discharged.status).toBe(200);
    expect(discharged.body.status).toBe('discharged');
  });

  it('is archived: prepared by the secretariat, sealed by the director, the package checked by the verify command', async () => {
    expect((await (await as('educA1')).post(`/api/dossiers/${dossier}/archive`, {})).status).toBe(403);
    const prepared = await (await as('secA')).post(`/api/dossiers/${dossier}/archive`, {});
    expect(prepared.status).toBe(201);
    expect(prepared.body).toMatchObject({ status: 'prepared', dossierStatus: 'discharged' });
    const sealed = await (await as('dirA')).post(`/api/dossiers/${dossier}/archive`, {});
    expect(sealed.status).toBe(201);
    expect(sealed.body).toMatchObject({ status: 'sealed', dossierStatus: 'archived' });

    const raw = await rawSession(server.baseUrl, world.users.dirA.login, world.users.dirA.password);
    const zip = await raw.get(`/api/archive-packages/${sealed.body.packageId}/content`);
    expect(zip.status).toBe(200);
    const names = Object.keys(unzipSync(new Uint8Array(zip.bytes)));
    expect(names).toEqual(expect.arrayContaining(['manifest.json', 'manifest.sig', 'dossier.json', 'audit/audit-extract.json']));
    for (const form of ['demande-admission', 'liste-attente', 'decision-admission', 'prise-de-contact', 'contrat-sejour', 'g1-besoins-fondamentaux', 'ppe', 'transmission', 'incident', 'rapport-situation', 'sortie']) {
      expect(names.some((n) => n.startsWith(`submissions/${form}/`))).toBe(true);
    }
    const path = join(mkdtempSync(join(tmpdir(), 'cordee-journey-')), 'package.zip');
    writeFileSync(path, zip.bytes);
    expect(verifyArchiveFile(path).code).toBe(0);
    const closed = await (await as('educA1')).post(`/api/dossiers/${dossier}/submissions`, { form: 'transmission', status: 'final', data: example('transmission') });
    expect(closed.body.code).toBe('DOSSIER_ARCHIVED');
  });

  it('the timeline shows the path, the reporting events count it, the audit trail holds the reads and writes of the child’s dossier', async () => {
    const dir = await as('dirA');
    const timeline = await dir.get(`/api/dossiers/${dossier}/timeline?limit=200`);
    expect(timeline.status).toBe(200);
    const oldestFirst = [...timeline.body.items].reverse();
    // days (placement, care team) are placed at midnight, before the creation of the dossier the same day
    expect(oldestFirst.map((e: any) => e.kind)).toEqual(expect.arrayContaining(['dossier_created', 'placement_start', 'placement_end', 'care_team_start', 'submission']));
    const titles = oldestFirst.filter((e: any) => e.kind === 'submission').map((e: any) => e.label.replace(/ : .*$/, ''));
    const path = [
      'Demande d’admission',
      'Inscription en liste d’attente',
      'Décision d’admission',
      'Prise de contact avec l’usager',
      'Remise du contrat de séjour ou du DIPC',
      'Contrat de séjour ou document individuel de prise en charge (DIPC)',
      'Grille « Besoins fondamentaux de l’enfant »',
      'Projet pour l’enfant (PPE)',
      'Transmission éducative',
      'Déclaration d’incident',
      'Rapport de situation (annuel, d’échéance ou de fin de mesure)',
      'Sortie et fin de prise en charge',
    ];
    const positions = path.map((title) => titles.indexOf(title));
    expect(positions.filter((p) => p < 0)).toEqual([]);
    expect([...positions].sort((x, y) => x - y)).toEqual(positions);

    const events = await dir.get(`/api/reporting/events?from=${today}&to=${today}&establishment=${world.estA}`);
    expect(events.status).toBe(200);
    const totals = Object.fromEntries(events.body.totals.map((t: any) => [t.kind, t.count]));
    expect(totals).toMatchObject({ admission: 2, exit: 1, incident: 1, grid_completed: 1, dossier_archived: 1 });
    expect(events.body.groups.find((g: any) => g.kind === 'grid_completed')).toMatchObject({ artefactKey: 'g1-besoins-fondamentaux', ageBand: '11-14', count: 1 });
    expect((await (await as('chefA')).get(`/api/reporting/events?from=${today}&to=${today}&establishment=${world.estA}`)).status).toBe(403);

    // the director reads who accessed the child's dossier; an educator may not
    const log = await allPages(dir, `/api/dossiers/${dossier}/access-log`);
    expect(log.map((i) => i.actorProfile)).toEqual(expect.arrayContaining(['secretariat', 'directeur', 'chef_service', 'educateur_specialise', 'infirmier', 'psychologue']));
    expect(log.map((i) => i.action)).toEqual(
      expect.arrayContaining(['dossier.create', 'dossier.read', 'dossier.update', 'submission.create', 'submission.read', 'submission.list', 'placement.create', 'placement.update', 'care_team.add', 'process.start', 'task.complete', 'dossier.archive.prepare', 'dossier.archive', 'dossier.archive.download', 'dossier.timeline.read']),
    );
    // the refused reads are there too, answered 404 to the educator of another unit
    expect(log).toContainEqual(expect.objectContaining({ action: 'dossier.read', outcome: 'denied', actorProfile: 'educateur_specialise' }));
    expect([403, 404]).toContain((await (await as('educA1')).get(`/api/dossiers/${dossier}/access-log`)).status);

    // the data protection officer follows the status of the dossier along its path in the audit trail
    const dpo = await as('dpo');
    const changes = [...(await allPages(dpo, `/api/audit?dossier=${dossier}&action=dossier.update`)), ...(await allPages(dpo, `/api/audit?dossier=${dossier}&action=dossier.archive`))];
    expect(changes.every((i) => i.dossierId === dossier)).toBe(true);
    const statuses = changes
      .filter((i) => i.detail?.status && typeof i.detail.status === 'object')
      .sort((x, y) => Number(x.seq) - Number(y.seq))
      .map((i) => `${i.detail.status.from}>${i.detail.status.to}`);
    expect(statuses).toEqual(['applicant>waiting', 'waiting>admitted', 'admitted>discharged', 'discharged>archived']);
  });
});
