/**
 * The pack's workflows on the child's projects and the legal reminders, over HTTP, as the pack
 * loader publishes them: W2 (the PPE within 3 months, then its yearly or half-yearly review by
 * age), W7 (autonomy from the 16th birthday, the interview by the 17th, the young-adult contract
 * before 18, the interview six months after the exit), GA-2 and GA-3 (reminders started by the
 * final submission of the register of freedom-of-movement measures or of the social rights).
 * Dates are computed from today, so every deadline is in the future when the instance starts;
 * time is then simulated by moving the instance's persisted timers into the past.
 */
import { parseInstant } from '@cordee/core';
import type { HttpClient } from '../helpers/http-client';
import { DAY, type PackWorkflowDriver, example, historyOf, openTask, packWorkflowDriver } from '../helpers/pack-workflow-driver';
import { startTestServer, type TestServer } from '../helpers/test-server';
import { type WorkflowUser, type WorkflowWorld, workflowWorld } from '../helpers/workflow-world';

let server: TestServer;
let world: WorkflowWorld;
let driver: PackWorkflowDriver;

beforeAll(async () => {
  server = await startTestServer();
  const published = await server.loadPack();
  expect(published).toEqual(
    expect.arrayContaining(['workflow/ppe-cycle@1.0.0', 'workflow/autonomie@1.0.0', 'workflow/reevaluation-liberte@1.0.0', 'workflow/echeance-prestation@1.0.0']),
  );
  world = await workflowWorld(server, 'pwp');
  driver = packWorkflowDriver(server, world);
}, 120_000);

afterAll(async () => {
  await world?.stopWorkers();
  await server?.close();
});

const pad = (n: number) => String(n).padStart(2, '0');
/** Today in the server's time zone, as FEEL's today() sees it. */
const today = (() => {
  const d = new Date();
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
})();
/** A calendar date moved by years, months and days; a day missing from a shorter month becomes its last (as FEEL adds durations). */
function shift(date: string, by: { years?: number; months?: number; days?: number }): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const months = y * 12 + (m - 1) + (by.years ?? 0) * 12 + (by.months ?? 0);
  const year = Math.floor(months / 12);
  const month = months - year * 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month, Math.min(d, last)) + (by.days ?? 0) * DAY).toISOString().slice(0, 10);
}
/** A date-only deadline falls at the end of that day in Paris. */
const endOfDay = (date: string) => parseInstant(date)!.toISOString();
/** The 10th of this month: a day every month has. */
const M0 = `${today.slice(0, 7)}-10`;

/** A dossier of establishment A (unit A1) admitted on `admissionDate`, of a child born on `birthDate`. */
async function dossierOf(birthDate: string, admissionDate = shift(M0, { months: -1 })): Promise<string> {
  const id = await world.dossier(admissionDate);
  await server.db('dossier').where({ id }).update({ birth_date: birthDate });
  return id;
}

const complete = (user: HttpClient, task: { id: string }, data: Record<string, unknown>) => user.post(`/api/tasks/${task.id}/complete`, { data });
const escalationsOf = async (user: WorkflowUser, instanceId: string) => (await driver.notificationsOf(user, instanceId)).filter((n) => n.kind === 'workflow.escalation');
const instancesOf = async (dossier: string, workflow: string) => ((await (await world.as('chefA')).get(`/api/processes?dossier=${dossier}&workflow=${workflow}`)).body.items as any[]).map((i) => i.id as string);

describe('W2 — the PPE within three months, then its reviews', () => {
  const ppe = (overrides: Record<string, unknown> = {}) => example('ppe', { date_etablissement: M0, fin_de_mesure: false, ...overrides });

  /** Contribution to the PPE by the chef de service, then the personalised project by the referent: the instance then waits for its first review. */
  async function untilFirstReview(dossier: string, variables?: Record<string, unknown>) {
    const chef = await world.as('chefA');
    const instance = await driver.start(chef, 'ppe-cycle', dossier, variables);
    expect((await complete(chef, openTask(instance, 'contribution_ppe'), ppe())).status).toBe(200);
    const project = openTask(await driver.instanceOf(instance.id), 'projet_personnalise');
    expect((await complete(await world.as('educA1'), project, example('projet-personnalise'))).status).toBe(200);
    return driver.instanceOf(instance.id);
  }

  it('asks the chef de service for the contribution within 3 months of the admission, escalates, then has the referent decline it and reviews it yearly until the measure ends', async () => {
    const chef = await world.as('chefA');
    const educ = await world.as('educA1');
    const admission = shift(M0, { months: -1 });
    const dossier = await dossierOf(shift(M0, { years: -12 }), admission);
    const instance = await driver.start(chef, 'ppe-cycle', dossier);
    const contribution = openTask(instance, 'contribution_ppe');
    expect(contribution).toMatchObject({ form: { kind: 'form', key: 'ppe' }, candidateProfiles: ['chef_service'], dueAt: endOfDay(shift(admission, { months: 3 })), overdue: false });
    expect(await driver.candidateInbox('chefA')).toContain(contribution.id);
    for (const other of ['educA1', 'dirA', 'chefB'] as const) expect(await driver.candidateInbox(other)).not.toContain(contribution.id);
    expect((await complete(educ, contribution, ppe())).status).toBe(403);

    // three months after the admission, no PPE: the chefs de service and the director are told; the task stays open, late
    await driver.untilDue(instance.id);
    const late = await driver.instanceOf(instance.id);
    expect(historyOf(late)).toEqual(expect.arrayContaining(['timer.fired:ppe_en_retard', 'escalation.notified:ppe_en_retard']));
    expect(openTask(late, 'contribution_ppe')).toMatchObject({ id: contribution.id, overdue: true });
    expect(await escalationsOf('chefA', instance.id)).toHaveLength(1);
    expect(await escalationsOf('dirA', instance.id)).toHaveLength(1);
    expect(await escalationsOf('educA1', instance.id)).toHaveLength(0);

    expect((await complete(chef, contribution, ppe())).status).toBe(200);
    const project = openTask(await driver.instanceOf(instance.id), 'projet_personnalise');
    expect(project).toMatchObject({ form: { kind: 'form', key: 'projet-personnalise' }, candidateProfiles: ['educateur_specialise'], dueAt: endOfDay(shift(admission, { months: 6 })) });
    expect(await driver.candidateInbox('educA1')).toContain(project.id);
    expect((await complete(chef, project, example('projet-personnalise'))).status).toBe(403);
    expect((await complete(educ, project, example('projet-personnalise'))).status).toBe(200);

    // a child of twelve: the review is due a year after the PPE, and its task opens a month before
    const waiting = await driver.instanceOf(instance.id);
    expect(waiting).toMatchObject({ position: ['avant_actualisation'], dueAt: endOfDay(shift(M0, { months: 11 })) });
    await driver.untilDue(instance.id);
    const review = openTask(await driver.instanceOf(instance.id), 'actualisation_ppe');
    expect(review).toMatchObject({ form: { kind: 'form', key: 'ppe' }, candidateProfiles: ['chef_service'], dueAt: endOfDay(shift(M0, { years: 1 })) });
    expect(await driver.candidateInbox('chefA')).toContain(review.id);
    expect(await driver.candidateInbox('educA1')).not.toContain(review.id);

    // the review restarts the cycle from its own date; the review that records the end of the measure closes it
    const reviewed = shift(M0, { years: 1 });
    expect((await complete(chef, review, ppe({ date_etablissement: reviewed }))).body.instance.position).toEqual(['avant_actualisation']);
    expect((await driver.instanceOf(instance.id)).dueAt).toBe(endOfDay(shift(reviewed, { months: 11 })));
    await driver.untilDue(instance.id);
    const last = openTask(await driver.instanceOf(instance.id), 'actualisation_ppe');
    expect(last.dueAt).toBe(endOfDay(shift(reviewed, { years: 1 })));
    const closed = await complete(chef, last, ppe({ date_etablissement: shift(reviewed, { years: 1 }), fin_de_mesure: true }));
    expect(closed.body.instance).toEqual({ id: instance.id, status: 'completed', position: [] });
    const final = await driver.instanceOf(instance.id);
    expect(final.history.filter((h: any) => h.kind === 'task.completed').map((h: any) => h.elementId)).toEqual(['contribution_ppe', 'projet_personnalise', 'actualisation_ppe', 'actualisation_ppe']);
  }, 60_000);

  it('reviews the PPE every six months while the child is younger than the threshold, 24 months unless the process says otherwise', async () => {
    // ten months old when the PPE is established: half-yearly
    const baby = await untilFirstReview(await dossierOf(shift(M0, { months: -10 })));
    expect(baby).toMatchObject({ position: ['avant_actualisation'], dueAt: endOfDay(shift(M0, { months: 5 })) });
    await driver.untilDue(baby.id);
    expect(openTask(await driver.instanceOf(baby.id), 'actualisation_ppe').dueAt).toBe(endOfDay(shift(M0, { months: 6 })));

    // thirty months old: yearly with the default threshold of 24 months, half-yearly with a threshold of 36
    const toddler = await dossierOf(shift(M0, { months: -30 }));
    expect((await untilFirstReview(toddler)).dueAt).toBe(endOfDay(shift(M0, { months: 11 })));
    expect((await untilFirstReview(toddler, { seuil_semestriel_mois: 36 })).dueAt).toBe(endOfDay(shift(M0, { months: 5 })));
  }, 60_000);
});

describe('W7 — autonomy and young adults', () => {
  it('evaluates autonomy at 16, holds the interview by 17 with an escalation, integrates the PAA in the PPE and proposes a young-adult contract before 18, then the interview six months after its end', async () => {
    const chef = await world.as('chefA');
    const educ = await world.as('educA1');
    const born = shift(M0, { years: -16, months: 3 });
    const dossier = await dossierOf(born);
    const instance = await driver.start(chef, 'autonomie', dossier);
    expect(instance).toMatchObject({ status: 'running', position: ['seize_ans'], dueAt: endOfDay(shift(born, { years: 16 })), tasks: [] });

    await driver.untilDue(instance.id);
    const evaluation = openTask(await driver.instanceOf(instance.id), 'evaluation_autonomie');
    expect(evaluation).toMatchObject({ form: { kind: 'grid', key: 'g3-autonomie' }, candidateProfiles: ['educateur_specialise'] });
    expect(Date.parse(evaluation.dueAt) - Date.now()).toBeGreaterThan(27 * DAY);
    expect(Date.parse(evaluation.dueAt) - Date.now()).toBeLessThanOrEqual(31 * DAY);
    expect(await driver.candidateInbox('educA1')).toContain(evaluation.id);
    for (const other of ['chefA', 'secA', 'chefB'] as const) expect(await driver.candidateInbox(other)).not.toContain(evaluation.id);
    expect((await complete(educ, evaluation, example('g3-autonomie'))).status).toBe(200);

    // the interview of L222-5-1: at the latest at the 17th birthday, the chef de service told when it is late
    const interview = openTask(await driver.instanceOf(instance.id), 'entretien_autonomie');
    expect(interview).toMatchObject({ form: { kind: 'form', key: 'agenda-evenement' }, candidateProfiles: ['educateur_specialise', 'chef_service'], dueAt: endOfDay(shift(born, { years: 17 })) });
    expect(await driver.candidateInbox('secA')).not.toContain(interview.id);
    await driver.untilDue(instance.id);
    const late = await driver.instanceOf(instance.id);
    expect(historyOf(late)).toEqual(expect.arrayContaining(['timer.fired:entretien_en_retard', 'escalation.notified:entretien_en_retard']));
    expect(await escalationsOf('chefA', instance.id)).toHaveLength(1);
    expect(await escalationsOf('educA1', instance.id)).toHaveLength(0);
    expect(openTask(late, 'entretien_autonomie')).toMatchObject({ id: interview.id, overdue: true });
    const held = example('agenda-evenement', { titre: 'Entretien d’accès à l’autonomie', type_evenement: 'entretien', statut: 'realise', presence_usager: 'present', date_evenement: shift(born, { years: 17 }) });
    expect((await complete(educ, interview, held)).status).toBe(200);

    // the PAA is part of the PPE: the chef de service writes it, with the perspective at majority
    const paa = openTask(await driver.instanceOf(instance.id), 'projet_autonomie');
    expect(paa).toMatchObject({ form: { kind: 'form', key: 'ppe' }, candidateProfiles: ['chef_service'] });
    expect((await complete(educ, paa, example('ppe'))).status).toBe(403);
    const withPaa = example('ppe', { projet_acces_autonomie: 'Studio d’autonomie, CAP cuisine, ouverture des droits.', perspective_majorite: 'contrat_jeune_majeur' });
    expect((await complete(chef, paa, withPaa)).body.instance.position).toEqual(['avant_majorite']);
    expect((await driver.instanceOf(instance.id)).dueAt).toBe(endOfDay(shift(born, { years: 17, months: 9 })));

    // three months before majority the contract is to be proposed, by the 18th birthday
    await driver.untilDue(instance.id);
    const proposal = openTask(await driver.instanceOf(instance.id), 'proposition_cjm');
    expect(proposal).toMatchObject({ form: { kind: 'form', key: 'contrat-jeune-majeur' }, candidateProfiles: ['chef_service'], dueAt: endOfDay(shift(born, { years: 18 })) });
    const contractEnd = shift(born, { years: 19 });
    const contract = example('contrat-jeune-majeur', { jeune: { nom: 'FAURE', prenoms: 'Kevin', date_naissance: born }, date_debut: shift(born, { years: 18 }), date_fin: contractEnd });
    expect((await complete(chef, proposal, contract)).body.instance.position).toEqual(['apres_contrat']);
    expect((await driver.instanceOf(instance.id)).dueAt).toBe(endOfDay(shift(contractEnd, { months: 6 })));

    await driver.untilDue(instance.id);
    const after = openTask(await driver.instanceOf(instance.id), 'entretien_post_sortie');
    expect(after).toMatchObject({ candidateProfiles: ['educateur_specialise', 'chef_service'] });
    const done = await complete(educ, after, { ...held, titre: 'Entretien six mois après la sortie', date_evenement: shift(contractEnd, { months: 6 }) });
    expect(done.body.instance).toEqual({ id: instance.id, status: 'completed', position: [] });
    expect((await driver.instanceOf(instance.id)).history.filter((h: any) => h.kind === 'task.completed').map((h: any) => h.elementId)).toEqual([
      'evaluation_autonomie',
      'entretien_autonomie',
      'projet_autonomie',
      'proposition_cjm',
      'entretien_post_sortie',
    ]);
  }, 60_000);

  it('gives a young person already past 17 the evaluation at once and the interview within a month, with no escalation yet; an exit at majority waits six months after it', async () => {
    const chef = await world.as('chefA');
    const educ = await world.as('educA1');
    const born = shift(today, { years: -17, months: -6 });
    const instance = await driver.start(chef, 'autonomie', await dossierOf(born));
    // the 16th birthday is past: its timer fired during the start, the task is there at once
    expect(instance.position).toEqual(['evaluation_autonomie']);
    expect(historyOf(instance)).toContain('timer.fired:seize_ans');
    const evaluation = openTask(instance, 'evaluation_autonomie');
    expect(await driver.candidateInbox('educA1')).toContain(evaluation.id);
    expect((await complete(educ, evaluation, example('g3-autonomie'))).status).toBe(200);

    // the 17th birthday is past too: the interview is due « dans les meilleurs délais », a month from today, and nobody is told yet
    const current = await driver.instanceOf(instance.id);
    const interview = openTask(current, 'entretien_autonomie');
    expect(interview).toMatchObject({ dueAt: endOfDay(shift(today, { months: 1 })), overdue: false });
    expect(current.dueAt).toBe(endOfDay(shift(today, { months: 1 })));
    expect(historyOf(current)).not.toContain('timer.fired:entretien_en_retard');
    expect(await escalationsOf('chefA', instance.id)).toHaveLength(0);

    const held = example('agenda-evenement', { type_evenement: 'entretien', statut: 'realise', presence_usager: 'present', date_evenement: today });
    expect((await complete(educ, interview, held)).status).toBe(200);
    const paa = openTask(await driver.instanceOf(instance.id), 'projet_autonomie');
    expect((await complete(chef, paa, example('ppe', { perspective_majorite: 'sortie_majorite' }))).body.instance.position).toEqual(['apres_majorite']);
    expect((await driver.instanceOf(instance.id)).dueAt).toBe(endOfDay(shift(born, { years: 18, months: 6 })));
  }, 60_000);
});

describe('GA-2 — re-evaluation of the freedom-of-movement measures, started by the register', () => {
  const register = (reviews: string[], extra: Array<Record<string, unknown>> = []) => {
    const base = example('liberte-aller-venir') as { mesures: Array<Record<string, unknown>> };
    const template = base.mesures[0]!;
    return { ...base, mesures: [...reviews.map((date_reevaluation) => ({ ...template, date_reevaluation })), ...extra] };
  };

  it('starts with the final register, in its transaction and audited, asks the chef de service to re-evaluate before the nearest review date, escalates to the director, and the re-evaluated register starts the next reminder', async () => {
    const chef = await world.as('chefA');
    const educ = await world.as('educA1');
    const dossier = await dossierOf('2011-05-10');
    const first = shift(M0, { months: 2 });
    const lifted = { ...(example('liberte-aller-venir') as any).mesures[0], date_reevaluation: shift(M0, { months: 1 }), statut: 'levee', motif_levee: 'Objectif atteint.' };
    const stored = await chef.post(`/api/dossiers/${dossier}/submissions`, { form: 'liberte-aller-venir', status: 'final', data: register([shift(M0, { months: 4 }), first], [lifted]) });
    expect(stored.status).toBe(201);
    expect(stored.body.data.prochaine_reevaluation).toBe(first);

    const [id] = await instancesOf(dossier, 'reevaluation-liberte');
    const instance = await driver.instanceOf(id!);
    expect(instance).toMatchObject({ status: 'running', position: ['avant_reevaluation'], dueAt: endOfDay(shift(first, { days: -15 })) });
    expect(instance.history[0]).toMatchObject({ kind: 'instance.started', account: { id: world.users.chefA.id }, detail: { trigger: { form: 'liberte-aller-venir', submissionId: stored.body.id } } });
    await server.sealAudit();
    const audited = await server.db('audit_log').where({ action: 'process.start', target_id: id });
    expect(audited).toHaveLength(1);
    expect(audited[0]).toMatchObject({ dossier_id: dossier, detail: { workflow: 'reevaluation-liberte', trigger: { form: 'liberte-aller-venir', submissionId: stored.body.id } } });

    await driver.untilDue(id!);
    const task = openTask(await driver.instanceOf(id!), 'reevaluation');
    expect(task).toMatchObject({ form: { kind: 'form', key: 'liberte-aller-venir' }, candidateProfiles: ['chef_service'], dueAt: endOfDay(first) });
    expect(await driver.candidateInbox('chefA')).toContain(task.id);
    for (const other of ['educA1', 'dirA', 'chefB'] as const) expect(await driver.candidateInbox(other)).not.toContain(task.id);
    expect((await complete(educ, task, register([first]))).status).toBe(403);

    await driver.untilDue(id!);
    expect(historyOf(await driver.instanceOf(id!))).toEqual(expect.arrayContaining(['timer.fired:reevaluation_en_retard', 'escalation.notified:reevaluation_en_retard']));
    expect(await escalationsOf('dirA', id!)).toHaveLength(1);
    expect(await escalationsOf('educA1', id!)).toHaveLength(0);

    // two completions at once: one wins, the other gets 409, and a single next reminder is started
    const next = shift(M0, { months: 6 });
    const answers = await Promise.all([complete(chef, task, register([next])), complete(chef, task, register([next]))]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const done = answers.find((a) => a.status === 200)!;
    expect(done.body.instance).toEqual({ id, status: 'completed', position: [] });
    const following = (await instancesOf(dossier, 'reevaluation-liberte')).filter((i) => i !== id);
    expect(following).toHaveLength(1);
    expect(await driver.instanceOf(following[0]!)).toMatchObject({ status: 'running', position: ['avant_reevaluation'], dueAt: endOfDay(shift(next, { days: -15 })) });
    expect((await driver.instanceOf(following[0]!)).history[0].detail.trigger.submissionId).toBe(done.body.submissionId);
  }, 60_000);

  it('starts nothing for a draft, starts when the draft becomes final, and ends at once when no measure is in force', async () => {
    const chef = await world.as('chefA');
    const dossier = await dossierOf('2011-05-10');
    const draft = await chef.post(`/api/dossiers/${dossier}/submissions`, { form: 'liberte-aller-venir', status: 'draft', data: { avis_mineur: 'À recueillir.' } });
    expect(draft.status).toBe(201);
    expect(await instancesOf(dossier, 'reevaluation-liberte')).toEqual([]);
    const finalised = await chef.patch(`/api/submissions/${draft.body.id}`, { lockVersion: draft.body.lockVersion, status: 'final', data: register([shift(M0, { months: 3 })]) });
    expect(finalised.status).toBe(200);
    const [started] = await instancesOf(dossier, 'reevaluation-liberte');
    expect(await driver.instanceOf(started!)).toMatchObject({ position: ['avant_reevaluation'], dueAt: endOfDay(shift(M0, { months: 3, days: -15 })) });
    // a new revision of a register already final starts no second reminder
    expect((await chef.patch(`/api/submissions/${draft.body.id}`, { lockVersion: finalised.body.lockVersion, data: register([shift(M0, { months: 5 })]) })).status).toBe(200);
    expect(await instancesOf(dossier, 'reevaluation-liberte')).toHaveLength(1);

    const other = await dossierOf('2011-05-10');
    const liftedOnly = register([], [{ ...(example('liberte-aller-venir') as any).mesures[0], statut: 'levee', motif_levee: 'Mainlevée.' }]);
    expect((await chef.post(`/api/dossiers/${other}/submissions`, { form: 'liberte-aller-venir', status: 'final', data: liftedOnly })).status).toBe(201);
    const [ended] = await instancesOf(other, 'reevaluation-liberte');
    const instance = await driver.instanceOf(ended!);
    expect(instance).toMatchObject({ status: 'completed', dueAt: null });
    expect(historyOf(instance)).toContain('activity.completed:aucune_mesure');
  }, 60_000);

  it('refuses a trigger naming an unpublished form, and stores nothing when the started process cannot take its first step', async () => {
    const refused = await world.publishWorkflow(
      'rappel-inconnu',
      (await server.db('artefact_version').where({ kind: 'workflow', key: 'reevaluation-liberte' }).first('content')).content.bpmnXml.replace('cordee:startOnForm="liberte-aller-venir"', 'cordee:startOnForm="formulaire-inconnu"'),
    );
    expect(refused.status).toBe(422);
    expect(refused.body.issues).toEqual(expect.arrayContaining([{ path: '/bpmnXml/registre_enregistre', message: expect.stringContaining('« formulaire-inconnu » (cordee:startOnForm) n’est pas publié') }]));

    // a reminder on the « transmission » form whose timer does not give a date: saving the form fails whole
    const broken = (await server.db('artefact_version').where({ kind: 'workflow', key: 'reevaluation-liberte' }).first('content')).content.bpmnXml
      .replace('cordee:startOnForm="liberte-aller-venir"', 'cordee:startOnForm="transmission"')
      .replace('= prochaine_reevaluation != null', '= true')
      .replace('= date(prochaine_reevaluation) - duration(&quot;P15D&quot;)', '= &quot;bientôt&quot;');
    expect((await world.publishWorkflow('rappel-casse', broken)).status).toBe(201);
    const chef = await world.as('chefA');
    const dossier = await dossierOf('2011-05-10');
    const failed = await chef.post(`/api/dossiers/${dossier}/submissions`, { form: 'transmission', status: 'final', data: example('transmission') });
    expect(failed.status).toBe(422);
    expect(failed.body.code).toBe('PROCESS_STEP_FAILED');
    expect(await server.db('submission').where({ dossier_id: dossier })).toEqual([]);
    expect(await server.db('process_instance').where({ dossier_id: dossier })).toEqual([]);
  }, 60_000);
});

describe('GA-3 — expiry of the social rights, started by the rights sheet', () => {
  it('waits for the alert two months before the nearest expiry of an open right, asks the secretariat or the referent to renew it, and escalates to the chef de service at the expiry', async () => {
    const sec = await world.as('secA');
    const chef = await world.as('chefA');
    const dossier = await dossierOf('2011-05-10');
    const expiry = shift(M0, { months: 5 });
    const droits = [
      { type_droit: 'complementaire_sante_solidaire', statut: 'ouvert', date_debut: shift(M0, { months: -7 }), date_expiration: shift(M0, { months: 9 }) },
      { type_droit: 'carte_vitale', statut: 'ouvert', date_expiration: expiry },
      { type_droit: 'carte_identite_passeport', statut: 'demande_en_cours' },
    ];
    const stored = await sec.post(`/api/dossiers/${dossier}/submissions`, { form: 'prestations-sociales', status: 'final', data: { droits, date_mise_a_jour: today } });
    expect(stored.status).toBe(201);
    expect(stored.body.data).toMatchObject({ prochaine_expiration: expiry, prochaine_alerte: shift(expiry, { months: -2 }) });
    const [id] = await instancesOf(dossier, 'echeance-prestation');
    expect(await driver.instanceOf(id!)).toMatchObject({ position: ['alerte_renouvellement'], dueAt: endOfDay(shift(expiry, { months: -2 })) });

    await driver.untilDue(id!);
    const task = openTask(await driver.instanceOf(id!), 'renouvellement');
    expect(task).toMatchObject({ form: { kind: 'form', key: 'prestations-sociales' }, candidateProfiles: ['secretariat', 'educateur_specialise'], dueAt: endOfDay(expiry) });
    expect(await driver.candidateInbox('secA')).toContain(task.id);
    expect(await driver.candidateInbox('educA1')).toContain(task.id);
    for (const other of ['chefA', 'chefB'] as const) expect(await driver.candidateInbox(other)).not.toContain(task.id);
    expect((await complete(chef, task, { droits })).status).toBe(403);

    await driver.untilDue(id!);
    expect(historyOf(await driver.instanceOf(id!))).toEqual(expect.arrayContaining(['escalation.notified:droit_expire']));
    expect(await escalationsOf('chefA', id!)).toHaveLength(1);
    expect(await escalationsOf('secA', id!)).toHaveLength(0);

    const renewed = droits.map((d) => (d.type_droit === 'carte_vitale' ? { ...d, date_expiration: shift(expiry, { years: 1 }) } : d));
    const done = await complete(sec, task, { droits: renewed, date_mise_a_jour: today });
    expect(done.body.instance).toEqual({ id, status: 'completed', position: [] });
    const next = (await instancesOf(dossier, 'echeance-prestation')).filter((i) => i !== id);
    expect(next).toHaveLength(1);
    expect((await driver.instanceOf(next[0]!)).dueAt).toBe(endOfDay(shift(M0, { months: 7 })));
  }, 60_000);
});
