/**
 * The Ségur PDE use cases #02 to #13 (pde-domain.md § 9, task force « cas d'usage » #00-#13), each
 * played over HTTP by users of the pack's real profiles, in one organisme with two establishments:
 * what each actor can do and see, what they cannot (404, 403, fields absent from the answers), the
 * documents produced, the audit and access-log entries and the reporting events. #00 and #01 (the
 * information préoccupante, W4) are played elsewhere. The channels that need the national services
 * (MSSanté, DMP, Mon espace santé) are not played here: only the DUI side of each use case is.
 */
import { localDate } from '@cordee/core';
import { verifyArchiveFile } from '@cordee/server/src/cli/verify-archive';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { createDossier, identity } from '../helpers/dossier-world';
import { type TestUser, createUser } from '../helpers/fixtures';
import type { HttpClient } from '../helpers/http-client';
import { DAY, type PackWorkflowDriver, example, openTask, packWorkflowDriver } from '../helpers/pack-workflow-driver';
import { rawSession } from '../helpers/raw-upload';
import { type TestServer, startTestServer } from '../helpers/test-server';
import { type WorkflowUser, type WorkflowWorld, workflowWorld } from '../helpers/workflow-world';

let server: TestServer;
let world: WorkflowWorld;
let driver: PackWorkflowDriver;

/** Staff of the profiles the workflow world does not have, and portal accounts. */
type ExtraUser = 'moniA1' | 'maitresseA1' | 'veilleurA1' | 'educA2' | 'moniA2' | 'ideA' | 'ide2A' | 'medA' | 'secB';
type Actor = WorkflowUser | ExtraUser;
const extra = {} as Record<ExtraUser, TestUser>;
const clients = new Map<string, HttpClient>();

const as = async (name: Actor): Promise<HttpClient> => {
  if (!(name in extra)) return world.as(name as WorkflowUser);
  let client = clients.get(name);
  if (!client) {
    client = await signIn(extra[name as ExtraUser]);
    clients.set(name, client);
  }
  return client;
};

async function signIn(user: TestUser): Promise<HttpClient> {
  const client = server.client();
  const login = await client.login(user.login, user.password);
  if (login.status !== 200) throw new Error(`login of ${user.login} failed: ${login.status}`);
  return client;
}

const daysFromToday = (days: number) => localDate(new Date(Date.now() + days * DAY));
const placementSince = (days: number, legalBasis: string, decisionReference?: string) => ({ startDate: daysFromToday(-days), legalBasis, ...(decisionReference ? { decisionReference } : {}) });

/** An admitted child of establishment A, created by the chef de service over HTTP. */
async function admittedChild(birthName: string, unit: 'A1' | 'A2' = 'A1', legalBasis = 'assistance_educative'): Promise<string> {
  const unitId = unit === 'A1' ? world.unitA1 : world.org.establishments[0]!.unitIds[1]!;
  const dossier = await createDossier(await as('chefA'), { identity: identity({ birthName }), establishmentId: world.estA, unitId, status: 'admitted', placement: placementSince(40, legalBasis) });
  return dossier.id;
}

async function submit(actor: Actor, dossierId: string, form: string, data: Record<string, unknown>, status: 'final' | 'draft' = 'final') {
  return (await as(actor)).post(`/api/dossiers/${dossierId}/submissions`, { form, status, data });
}

/** Submits and fails the test on anything but 201. */
async function submitted(actor: Actor, dossierId: string, form: string, data: Record<string, unknown>, status: 'final' | 'draft' = 'final'): Promise<any> {
  const response = await submit(actor, dossierId, form, data, status);
  if (response.status !== 201) throw new Error(`${actor} could not submit ${form}: ${response.status} ${response.text}`);
  return response.body;
}

async function addToCareTeam(dossierId: string, member: Actor, role: string): Promise<string> {
  const accountId = member in extra ? extra[member as ExtraUser].id : world.users[member as WorkflowUser].id;
  const response = await (await as('chefA')).post(`/api/dossiers/${dossierId}/care-team`, { accountId, role, startDate: daysFromToday(-1) });
  if (response.status !== 201) throw new Error(`care team: ${response.status} ${response.text}`);
  return response.body.id;
}

/** A portal account (usager or legal representative) linked to the dossier (no API opens one yet: the link is written in the database, as the other portal tests do). */
async function portalAccount(login: string, profile: 'usager' | 'tap', dossierId: string): Promise<{ user: TestUser; client: HttpClient }> {
  const user = await createUser(server.db, login, [{ profile }]);
  await server.db('account_dossier_link').insert({ account_id: user.id, dossier_id: dossierId, relation: profile === 'usager' ? 'usager' : 'legal_representative' });
  return { user, client: await signIn(user) };
}

const formKeysOf = async (client: HttpClient, dossierId: string): Promise<string[]> => {
  const list = await client.get(`/api/dossiers/${dossierId}/submissions?limit=100`);
  expect(list.status).toBe(200);
  return list.body.items.map((i: { formKey: string }) => i.formKey);
};

const feed = async (actor: Actor, form: string, filter: string) => {
  const response = await (await as(actor)).get(`/api/submissions?form=${form}&${filter}&limit=200`);
  expect(response.status).toBe(200);
  return response.body.items as Array<{ id: string; dossierId: string; data: Record<string, unknown>; authorName: string }>;
};

async function reportingTotals(establishmentId: string, director: Actor = 'dirA'): Promise<Record<string, number>> {
  const day = localDate(new Date());
  const summary = await (await as(director)).get(`/api/reporting/events?from=${day}&to=${day}&establishment=${establishmentId}`);
  expect(summary.status).toBe(200);
  return Object.fromEntries(summary.body.totals.map((t: { kind: string; count: number }) => [t.kind, t.count]));
}

/** Admission of a candidate: a placement in a unit (the dossier follows it) and the status `admitted`. */
async function admit(dossierId: string, legalBasis: string, decisionReference: string) {
  const chef = await as('chefA');
  const placement = await chef.post(`/api/dossiers/${dossierId}/placements`, { establishmentId: world.estA, unitId: world.unitA1, startDate: daysFromToday(-2), legalBasis, decisionReference });
  expect(placement.status).toBe(201);
  const view = await chef.get(`/api/dossiers/${dossierId}`);
  const admitted = await chef.patch(`/api/dossiers/${dossierId}`, { lockVersion: view.body.lockVersion, status: 'admitted' });
  expect(admitted.status).toBe(200);
  expect(admitted.body).toMatchObject({ status: 'admitted', unitId: world.unitA1 });
}

async function auditedActions(filter: Record<string, unknown>): Promise<string[]> {
  await server.sealAudit();
  return server.db('audit_log').where(filter).orderBy('seq').pluck('action');
}

beforeAll(async () => {
  server = await startTestServer();
  await server.loadPack();
  world = await workflowWorld(server, 'uc');
  driver = packWorkflowDriver(server, world);
  const [unitA1, unitA2] = world.org.establishments[0]!.unitIds as [string, string];
  const a = { id: world.estA };
  const b = { id: world.estB };
  const staff: Array<[ExtraUser, string, string, string | null]> = [
    ['moniA1', 'moniteur_educateur', a.id, unitA1],
    ['maitresseA1', 'maitresse_maison', a.id, unitA1],
    ['veilleurA1', 'veilleur_nuit', a.id, unitA1],
    ['educA2', 'educateur_specialise', a.id, unitA2],
    ['moniA2', 'moniteur_educateur', a.id, unitA2],
    ['ideA', 'infirmier', a.id, null],
    ['ide2A', 'infirmier', a.id, null],
    ['medA', 'medecin', a.id, null],
    ['secB', 'secretariat', b.id, null],
  ];
  for (const [name, profile, establishmentId, unitId] of staff) extra[name] = await createUser(server.db, `uc.${name}`, [{ profile, establishmentId, unitId }]);
}, 120_000);

afterAll(async () => {
  await world?.stopWorkers();
  await server?.close();
});

describe('#02 — demande d’accueil par l’ASE : candidature, accord d’accueil provisoire (F5), pièces, bilan de santé', () => {
  let dossierId: string;
  const request = (overrides: Record<string, unknown> = {}) =>
    example('demande-admission', {
      origine: 'ase',
      canal_reception: 'mssante',
      fondement_juridique: 'accueil_provisoire',
      reference_decision: 'Accord ASE du 28 janvier 2026',
      etablissements_demandes: [world.estA],
      pieces_recues: ['decision_fondant_accueil', 'identite_enfant', 'identite_tap', 'ppe_rapport', 'bilan_sante'],
      ...overrides,
    });

  it('is received by the secretariat on a candidate dossier no unit team sees; a request without its origin or requester is refused whole', async () => {
    const sec = await as('secA');
    const candidate = await createDossier(sec, { identity: identity({ birthName: 'ASELIN', firstNames: 'Inès' }), establishmentId: world.estA, status: 'applicant' });
    dossierId = candidate.id;
    expect(candidate.unitId).toBeNull();
    const upload = await rawSession(server.baseUrl, world.users.secA.login, world.users.secA.password);
    const accord = await upload.post(`/api/dossiers/${dossierId}/attachments?filename=accord-ase.pdf`, new Uint8Array(Buffer.from('%PDF-1.4 accord ASE')), 'application/pdf');
    expect(accord.status).toBe(201);

    const { origine: _o, demandeur: _d, ...incomplete } = request();
    const refused = await submit('secA', dossierId, 'demande-admission', incomplete);
    expect(refused.status).toBe(422);
    expect(refused.body.issues.map((i: { path: string }) => i.path)).toEqual(expect.arrayContaining(['/origine', '/demandeur']));
    const unknownOrigin = await submit('secA', dossierId, 'demande-admission', request({ origine: 'voisin' }));
    expect(unknownOrigin.status).toBe(422);
    expect(await server.db('submission').where({ dossier_id: dossierId }).count({ n: '*' }).first()).toEqual({ n: '0' });

    const received = await submitted('secA', dossierId, 'demande-admission', request({ pieces_jointes: [{ attachmentId: accord.body.id }] }));
    expect(received.data).toMatchObject({ origine: 'ase', fondement_juridique: 'accueil_provisoire', pieces_jointes: [{ attachmentId: accord.body.id }] });
    // the PPE and the existing reports came with the request: the pieces are listed, the ASE's accord is attached
    expect(received.data.pieces_recues).toEqual(expect.arrayContaining(['ppe_rapport', 'bilan_sante']));

    // not in a unit yet: the unit's educators do not see the candidate; the chef de service does
    for (const actor of ['educA1', 'moniA1'] as const) expect((await (await as(actor)).get(`/api/dossiers/${dossierId}`)).status).toBe(404);
    expect((await (await as('chefA')).get(`/api/submissions/${received.id}`)).body.data.motif_demande).toBe(received.data.motif_demande);
    expect((await (await as('secB')).get(`/api/dossiers/${dossierId}`)).status).toBe(404);
  });

  it('files the ASE’s accord (F5) and the waiting-list entry, each part written by the profile whose category it is', async () => {
    const accord = await submitted('secA', dossierId, 'accueil-provisoire', example('accueil-provisoire'));
    expect(accord.data.accords_tap.map((a: { reponse: string }) => a.reponse)).toEqual(['accord', 'accord']);
    // the secretariat writes the administrative entry, the chef de service the technical opinion (category evaluation)
    const { avis_technique: avis, ...entry } = example('liste-attente', { etablissement_id: world.estA, statut: 'en_etude' });
    expect((await submit('secA', dossierId, 'liste-attente', { ...entry, avis_technique: avis })).body.code).toBe('FIELD_NOT_WRITABLE');
    const waiting = await submitted('secA', dossierId, 'liste-attente', entry);
    const chef = await as('chefA');
    const opinion = await chef.patch(`/api/submissions/${waiting.id}`, { lockVersion: waiting.lockVersion, data: { ...waiting.data, avis_technique: avis } });
    expect(opinion.status).toBe(200);
    expect(opinion.body.data).toMatchObject({ statut: 'en_etude', avis_technique: avis });
    // the chef de service may not change the administrative status himself
    const status = await chef.patch(`/api/submissions/${waiting.id}`, { lockVersion: opinion.body.lockVersion, data: { ...opinion.body.data, statut: 'acceptee' } });
    expect(status.body.issues).toEqual([expect.objectContaining({ path: '/data/statut' })]);
  });

  it('admits the child into a unit: counted as an admission under accueil provisoire, the unit team now reads the request within its categories', async () => {
    const before = await reportingTotals(world.estA);
    await admit(dossierId, 'accueil_provisoire', 'Accord ASE du 28 janvier 2026');
    const after = await reportingTotals(world.estA);
    expect(after.admission).toBe((before.admission ?? 0) + 1);

    const [requestId] = await server.db('submission').where({ dossier_id: dossierId, form_key: 'demande-admission' }).pluck('id');
    const byEducator = await (await as('educA1')).get(`/api/submissions/${requestId}`);
    expect(byEducator.status).toBe(200);
    expect(byEducator.body.data).toMatchObject({ origine: 'ase', motif_demande: expect.any(String), fondement_juridique: 'accueil_provisoire' });
    // the moniteur-éducateur has no administrative category: the identity and legal basis, not the request's content
    const byMoniteur = await (await as('moniA1')).get(`/api/submissions/${requestId}`);
    expect(byMoniteur.body.data).toMatchObject({ enfant: expect.objectContaining({ nom: expect.any(String) }), fondement_juridique: 'accueil_provisoire' });
    for (const hidden of ['origine', 'motif_demande', 'demandeur', 'pieces_jointes']) expect(byMoniteur.body.data).not.toHaveProperty(hidden);
    expect(byMoniteur.text).not.toContain('claire.riviere');

    const contract = await submitted('dirA', dossierId, 'contrat-sejour', example('contrat-sejour', { fondement_juridique: 'accueil_provisoire', type_document: 'dipc' }));
    expect(contract.data.type_document).toBe('contrat_sejour'); // an accueil provisoire in accommodation of a year: a contrat de séjour
  });

  it('has the health check-up (F16) recorded by the nurse of the child’s care team, not by the secretariat; the accord’s PDF is produced', async () => {
    const refused = await submit('secA', dossierId, 'bilan-sante', example('bilan-sante'));
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('FIELD_NOT_WRITABLE');
    expect((await submit('ideA', dossierId, 'bilan-sante', example('bilan-sante'))).status).toBe(404); // not in the care team yet
    await addToCareTeam(dossierId, 'ideA', 'infirmier');
    const bilan = await submitted('ideA', dossierId, 'bilan-sante', example('bilan-sante'));
    expect(bilan.computed['/croissance/imc']).toBeGreaterThan(0);
    // the educator reads only what the bilan brings to the PPE, not the medical content
    const byEducator = await (await as('educA1')).get(`/api/submissions/${bilan.id}`);
    expect(Object.keys(byEducator.body.data)).toEqual(['transmission_ppe_date']);

    const document = await (await as('secA')).post(`/api/dossiers/${dossierId}/documents`, { template: 'accueil-provisoire' });
    expect(document.status).toBe(201);
    expect(document.body).toMatchObject({ templateKey: 'accueil-provisoire', mediaType: 'application/pdf', expectedSignatories: ['professional', 'legal_representative'] });
    const pdf = await (await rawSession(server.baseUrl, world.users.secA.login, world.users.secA.password)).get(`/api/documents/${document.body.id}/content`);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(await auditedActions({ dossier_id: dossierId, action: 'document.create' })).toEqual(['document.create']);
  });
});

describe('#03 — demande d’accueil par la PJJ : décision pénale et rapport PJJ, DIPC', () => {
  it('records the PJJ’s request with its decision and report, admits under a penal measure and gives a DIPC whatever the writer asks', async () => {
    const candidate = await createDossier(await as('secA'), { identity: identity({ birthName: 'PJJOT', firstNames: 'Samir', birthDate: '2010-09-12', sex: 'M' }), establishmentId: world.estA, status: 'applicant' });
    const upload = await rawSession(server.baseUrl, world.users.secA.login, world.users.secA.password);
    const report = await upload.post(`/api/dossiers/${candidate.id}/attachments?filename=rapport-pjj.pdf`, new Uint8Array(Buffer.from('%PDF-1.4 rapport PJJ')), 'application/pdf');
    const decision = await upload.post(`/api/dossiers/${candidate.id}/attachments?filename=jugement-tpe.pdf`, new Uint8Array(Buffer.from('%PDF-1.4 jugement')), 'application/pdf');
    const request = await submitted(
      'secA',
      candidate.id,
      'demande-admission',
      example('demande-admission', {
        origine: 'pjj',
        demandeur: { nom: 'Karim Haddad', service: 'PJJ – STEMO de Dole', fonction: 'Éducateur PJJ' },
        etablissements_demandes: [world.estA],
        enfant: { nom: 'PJJOT', prenoms: 'Samir', date_naissance: '2010-09-12', sexe: 'M' },
        fondement_juridique: 'penal_mineurs',
        reference_decision: 'TPE Dole 26/031 – placement en établissement (CJPM L323-1)',
        date_decision: '2026-01-20',
        pieces_recues: ['decision_fondant_accueil', 'identite_enfant', 'ppe_rapport'],
        pieces_jointes: [{ attachmentId: decision.body.id }, { attachmentId: report.body.id }],
      }),
    );
    expect(request.data).toMatchObject({ origine: 'pjj', fondement_juridique: 'penal_mineurs' });
    expect(request.data.pieces_jointes).toHaveLength(2);
    // a piece of another child's dossier cannot be joined
    const elsewhere = await admittedChild('AUTREPIECE');
    const foreign = await upload.post(`/api/dossiers/${elsewhere}/attachments?filename=autre.pdf`, new Uint8Array(Buffer.from('%PDF-1.4 autre')), 'application/pdf');
    const mixed = await submit('secA', candidate.id, 'demande-admission', { ...request.data, pieces_jointes: [{ attachmentId: foreign.body.id }] });
    expect(mixed.status).toBe(422);

    const before = await reportingTotals(world.estA);
    await admit(candidate.id, 'penal_mineurs', 'TPE Dole 26/031');
    expect((await reportingTotals(world.estA)).admission).toBe((before.admission ?? 0) + 1);
    const day = localDate(new Date());
    const groups = (await (await as('dirA')).get(`/api/reporting/events?from=${day}&to=${day}&establishment=${world.estA}`)).body.groups;
    expect(groups).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'admission', legalBasis: 'penal_mineurs', ageBand: '15-17' })]));

    const contract = await submitted('dirA', candidate.id, 'contrat-sejour', example('contrat-sejour', { fondement_juridique: 'penal_mineurs', type_document: 'contrat_sejour', reference_decision: 'TPE Dole 26/031' }));
    expect(contract.data.type_document).toBe('dipc');
    expect(contract.computed['/type_document']).toBe('dipc');
  });
});

describe('#04 — demande d’accueil par la Justice (jugement ou OPP) : choix automatique du DIPC', () => {
  let dossierId: string;

  it('records the judge’s order and the prosecutor’s OPP as origins of a judicial placement', async () => {
    const candidate = await createDossier(await as('secA'), { identity: identity({ birthName: 'JUSTIN', firstNames: 'Léo', birthDate: '2014-02-11', sex: 'M' }), establishmentId: world.estA, status: 'applicant' });
    dossierId = candidate.id;
    for (const origine of ['je', 'parquet']) {
      const request = await submitted('secA', dossierId, 'demande-admission', example('demande-admission', { origine, urgence: origine === 'parquet', etablissements_demandes: [world.estA], fondement_juridique: 'assistance_educative' }));
      expect(request.data).toMatchObject({ origine, fondement_juridique: 'assistance_educative' });
    }
    await admit(dossierId, 'assistance_educative', 'OPP Parquet de Dole 26/112');
    const view = await (await as('educA1')).get(`/api/dossiers/${dossierId}`);
    expect(view.body.currentPlacement).toMatchObject({ legalBasis: 'assistance_educative', decisionReference: 'OPP Parquet de Dole 26/112' });
  });

  it('chooses the DIPC for a judicial placement, the contrat de séjour for a long voluntary stay, and recomputes on every revision', async () => {
    const director = await as('dirA');
    const judicial = await submitted('dirA', dossierId, 'contrat-sejour', example('contrat-sejour', { fondement_juridique: 'assistance_educative', type_document: 'contrat_sejour', reference_decision: 'OPP Parquet de Dole 26/112' }));
    expect(judicial.data.type_document).toBe('dipc');
    // the rule of D311: a short stay, a day placement or a refusal of signature also give a DIPC
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ fondement_juridique: 'accueil_provisoire' }, 'contrat_sejour'],
      [{ fondement_juridique: 'accueil_provisoire', date_debut: '2026-02-02', date_fin_prevue: '2026-03-15' }, 'dipc'],
      [{ fondement_juridique: 'accueil_provisoire', modalite_accueil: 'accueil_de_jour' }, 'dipc'],
      [{ fondement_juridique: 'accueil_provisoire', refus_signature_representant: true }, 'dipc'],
    ];
    const preview = await director.post(`/api/dossiers/${dossierId}/documents/preview`, { template: 'contrat-sejour', submission: judicial.id });
    expect(preview.status).toBe(200);
    expect(preview.text).toContain('Document individuel de prise en charge (DIPC)');
    let current = judicial;
    for (const [overrides, expected] of cases) {
      const revised = await director.patch(`/api/submissions/${judicial.id}`, { lockVersion: current.lockVersion, data: { ...example('contrat-sejour'), ...overrides } });
      expect({ overrides, status: revised.status, type: revised.body.data?.type_document }).toEqual({ overrides, status: 200, type: expected });
      current = revised.body;
    }
    // the educator (contract: read and write the project) cannot change the legal basis the choice rests on
    const educ = await (await as('educA1')).patch(`/api/submissions/${judicial.id}`, { lockVersion: current.lockVersion, data: { ...current.data, fondement_juridique: 'assistance_educative' } });
    expect(educ.status).toBe(403);
    expect(educ.body.issues.map((i: { path: string }) => i.path)).toContain('/data/fondement_juridique');
  });
});

describe('#05 — demande des parents ou d’un tiers (pré-admission) : elle passe par l’ASE', () => {
  it('is received from the parents by the secretariat, never filed by the parents themselves, and needs the ASE’s accord with the parents’ written agreement', async () => {
    const candidate = await createDossier(await as('secA'), { identity: identity({ birthName: 'PARENTI', firstNames: 'Jade' }), establishmentId: world.estA, status: 'applicant' });
    const parent = await portalAccount('uc.parent.preadmission', 'tap', candidate.id);
    // the portal is for reading: a parent neither opens a dossier nor files the request
    expect((await parent.client.post('/api/dossiers', { identity: identity({ birthName: 'PARENTI' }), establishmentId: world.estA, status: 'applicant' })).status).toBe(403);
    const byParent = await parent.client.post(`/api/dossiers/${candidate.id}/submissions`, { form: 'demande-admission', status: 'final', data: example('demande-admission', { origine: 'tap', etablissements_demandes: [world.estA] }) });
    expect(byParent.status).toBe(403);
    expect(await server.db('submission').where({ dossier_id: candidate.id }).count({ n: '*' }).first()).toEqual({ n: '0' });

    const request = await submitted(
      'secA',
      candidate.id,
      'demande-admission',
      example('demande-admission', {
        origine: 'tap',
        canal_reception: 'mssante',
        demandeur: { nom: 'Sandrine Parenti', service: 'Mère de l’enfant (demande adressée par la messagerie citoyenne)' },
        etablissements_demandes: [world.estA],
        fondement_juridique: 'accueil_provisoire',
        pieces_recues: ['identite_enfant', 'identite_tap', 'autorisations_parentales', 'attestation_droits_sante'],
      }),
    );
    expect(request.data).toMatchObject({ origine: 'tap', canal_reception: 'mssante' });
    // the admission rests on the ASE's decision: the accord form names the ASE service and carries each parent's answer
    const { service_ase: _s, ...withoutAse } = example('accueil-provisoire');
    const noAse = await submit('secA', candidate.id, 'accueil-provisoire', withoutAse);
    expect(noAse.status).toBe(422);
    expect(noAse.body.issues.map((i: { path: string }) => i.path)).toContain('/service_ase');
    const accord = await submitted('secA', candidate.id, 'accueil-provisoire', example('accueil-provisoire', { accords_tap: [{ nom: 'Sandrine Parenti', qualite: 'mere', reponse: 'accord', date_reponse: '2026-01-28', mode: 'papier' }] }));
    expect(accord.data.signature_ase).toMatchObject({ nom: expect.any(String) });

    // the parent reads the accord and the legal basis of the request, not the request's administrative content
    const readByParent = await parent.client.get(`/api/submissions/${request.id}`);
    expect(readByParent.status).toBe(200);
    expect(readByParent.body.data).toMatchObject({ fondement_juridique: 'accueil_provisoire' });
    for (const hidden of ['demandeur', 'motif_demande', 'origine']) expect(readByParent.body.data).not.toHaveProperty(hidden);
    expect((await parent.client.get(`/api/submissions/${accord.id}`)).body.data.accords_tap).toEqual([expect.objectContaining({ nom: 'Sandrine Parenti', reponse: 'accord' })]);
    // and signs the accord's document with their own account, as legal representative only
    const document = await (await as('secA')).post(`/api/dossiers/${candidate.id}/documents`, { template: 'accueil-provisoire', submission: accord.id });
    expect(document.status).toBe(201);
    expect((await parent.client.post(`/api/documents/${document.body.id}/signatures`, { role: 'professional', mode: 'electronic' })).status).toBe(403);
    const signed = await parent.client.post(`/api/documents/${document.body.id}/signatures`, { role: 'legal_representative', mode: 'electronic' });
    expect(signed.status).toBe(201);
    expect(signed.body.signatures).toEqual([expect.objectContaining({ role: 'legal_representative', mode: 'electronic', signatoryAccountId: parent.user.id })]);
  });
});

describe('#06 — partage interne à une unité : fil des transmissions de l’unité (COO-3), agenda et présences', () => {
  let childA: string;
  let childB: string;
  let childOther: string;
  const transmissions: Record<string, string> = {};
  const note = (texte: string, categorie = 'vie_quotidienne') => example('transmission', { texte, categorie, date_heure: `${daysFromToday(-1)}T21:30:00+01:00` });

  beforeAll(async () => {
    childA = await admittedChild('UNITEA');
    childB = await admittedChild('UNITEB');
    childOther = await admittedChild('AUTREUNITE', 'A2');
    transmissions.educ = (await submitted('educA1', childA, 'transmission', note('Soirée calme, appel à la mère à 19 h.'))).id;
    transmissions.moni = (await submitted('moniA1', childB, 'transmission', note('Devoirs faits avec aide ; coucher à 21 h.', 'scolarite'))).id;
    transmissions.nuit = (await submitted('veilleurA1', childA, 'transmission', note('Réveil à 3 h, cauchemar ; rendormie à 3 h 30.', 'nuit'))).id;
    transmissions.other = (await submitted('educA2', childOther, 'transmission', note('Sortie au cinéma avec le groupe des grands.'))).id;
  });

  it('shows the unit’s transmissions feed, with their text, to every member of the unit’s team, newest first', async () => {
    const ofUnit = [transmissions.educ, transmissions.moni, transmissions.nuit].sort();
    for (const member of ['educA1', 'moniA1', 'maitresseA1', 'veilleurA1', 'chefA'] as const) {
      const items = await feed(member, 'transmission', `unit=${world.unitA1}`);
      expect({ member, ids: items.map((i) => i.id).sort() }).toEqual({ member, ids: ofUnit });
      expect(items.every((i) => typeof i.data.texte === 'string' && i.data.texte.length > 0)).toBe(true);
    }
    expect((await feed('educA1', 'transmission', `unit=${world.unitA1}`)).map((i) => i.id)).toEqual([transmissions.nuit, transmissions.moni, transmissions.educ]);
    const night = (await feed('educA1', 'transmission', `unit=${world.unitA1}`)).find((i) => i.id === transmissions.nuit)!;
    expect(night).toMatchObject({ dossierId: childA, authorName: `Test ${extra.veilleurA1.login}`, data: { categorie: 'nuit' } });
  });

  it('does not share them with another unit’s team: empty feed, 404 on each transmission and on the children', async () => {
    for (const outsider of ['educA2', 'moniA2'] as const) {
      expect(await feed(outsider, 'transmission', `unit=${world.unitA1}`)).toEqual([]);
      const client = await as(outsider);
      expect((await client.get(`/api/submissions/${transmissions.educ}`)).status).toBe(404);
      expect((await client.get(`/api/dossiers/${childA}`)).status).toBe(404);
      expect((await client.post(`/api/dossiers/${childA}/submissions`, { form: 'transmission', status: 'final', data: note('intrusion') })).status).toBe(404);
      // their own unit's feed holds their own children only
      expect((await feed(outsider, 'transmission', `establishment=${world.estA}`)).map((i) => i.id)).toEqual([transmissions.other]);
    }
    expect(await feed('chefB', 'transmission', `unit=${world.unitA1}`)).toEqual([]);
    expect(await server.db('submission').where({ dossier_id: childA, form_key: 'transmission' }).count({ n: '*' }).first()).toEqual({ n: '2' });
  });

  it('keeps the content of the daily transmissions from the profiles the matrix excludes (the secretariat, the parents)', async () => {
    const parent = await portalAccount('uc.parent.unite', 'tap', childA);
    expect(await formKeysOf(parent.client, childA)).not.toContain('transmission');
    const read = await parent.client.get(`/api/submissions/${transmissions.educ}`);
    expect(read.text).not.toContain('appel à la mère');
    const secretariat = await (await as('secA')).get(`/api/submissions/${transmissions.educ}`);
    expect(secretariat.text).not.toContain('appel à la mère');
    expect(await formKeysOf(await as('secA'), childA)).not.toContain('transmission');
  });

  it('shares the unit’s agenda and presences: an event names a colleague, the week’s presences are seen by the whole unit only', async () => {
    const event = await submitted(
      'educA1',
      childA,
      'agenda-evenement',
      example('agenda-evenement', {
        titre: 'Rendez-vous chez l’orthophoniste',
        type_evenement: 'rendez_vous_medical',
        date_evenement: daysFromToday(3),
        statut: 'prevu',
        presence_usager: undefined,
        compte_rendu: undefined,
        participants: [
          { nom: 'Enfant', qualite: 'usager', presence: 'prevu' },
          { nom: 'Moniteur de l’unité', qualite: 'professionnel', compte_id: extra.moniA1.id, presence: 'prevu' },
        ],
      }),
    );
    const agenda = await feed('moniA1', 'agenda-evenement', `unit=${world.unitA1}`);
    expect(agenda.find((e) => e.id === event.id)?.data.participants).toEqual(expect.arrayContaining([expect.objectContaining({ compte_id: extra.moniA1.id })]));
    expect(await feed('moniA2', 'agenda-evenement', `unit=${world.unitA1}`)).toEqual([]);

    const day = daysFromToday(-1);
    const presences = [
      await submitted('moniA1', childA, 'presence', { jour: day, statut: 'present' }),
      await submitted('moniA1', childB, 'presence', example('presence', { jour: day })),
    ];
    expect(presences[1].data.statut).toBe('absent_dvh_hebergement_famille');
    for (const member of ['maitresseA1', 'veilleurA1', 'educA1'] as const) {
      expect((await feed(member, 'presence', `unit=${world.unitA1}`)).map((p) => p.id).sort()).toEqual(presences.map((p) => p.id).sort());
    }
    expect(await feed('educA2', 'presence', `unit=${world.unitA1}`)).toEqual([]);
    // an absence the justification of which the schema requires is refused without it
    const unjustified = await submit('moniA1', childB, 'presence', { jour: daysFromToday(-2), statut: 'absent_autre_autorise' });
    expect(unjustified.status).toBe(422);
  });

  it('records each feed read in the access log of every child it showed', async () => {
    await feed('maitresseA1', 'transmission', `unit=${world.unitA1}`);
    await server.sealAudit();
    for (const child of [childA, childB]) {
      const reads = await server.db('audit_log').where({ dossier_id: child, action: 'submission.list', actor_account_id: extra.maitresseA1.id });
      expect(reads.some((r) => r.detail.view === 'form_feed' && r.detail.form === 'transmission' && r.detail.unit === world.unitA1)).toBe(true);
    }
    expect(await server.db('audit_log').where({ dossier_id: childOther, actor_account_id: extra.maitresseA1.id }).count({ n: '*' }).first()).toEqual({ n: '0' });
  });
});

describe('#07 — partage entre services d’une même structure : fiche de synthèse, habilitations inter-services par l’équipe de prise en charge', () => {
  let child: string;
  let neighbour: string;
  let membership: string;

  beforeAll(async () => {
    child = await admittedChild('INTERSERVICE');
    neighbour = await admittedChild('VOISINE');
    await submitted('educA1', child, 'transmission', example('transmission', { texte: 'Préparation du passage au groupe des grands.' }));
    await submitted('educA1', neighbour, 'transmission', example('transmission', { texte: 'Transmission de la voisine.' }));
    await submitted('secA', child, 'contacts-urgence', example('contacts-urgence'));
  });

  it('keeps a child of one service out of another service’s reach until the chef de service adds a professional to the care team', async () => {
    for (const outsider of ['educA2', 'psyA'] as const) {
      const client = await as(outsider);
      expect((await client.get(`/api/dossiers/${child}/synthesis`)).status).toBe(404);
    }
    membership = await addToCareTeam(child, 'educA2', 'co_referent');
    await addToCareTeam(child, 'psyA', 'psychologue');
    const educA2 = await as('educA2');
    const synthesis = await educA2.get(`/api/dossiers/${child}/synthesis`);
    expect(synthesis.status).toBe(200);
    expect(synthesis.body.referents).toEqual(expect.arrayContaining([expect.objectContaining({ displayName: `Test ${extra.educA2.login}`, roleLabel: 'Co-référent' })]));
    expect(synthesis.body.forms.map((f: { formKey: string }) => f.formKey)).toEqual(expect.arrayContaining(['transmission', 'contacts-urgence']));
    const pdf = await (await rawSession(server.baseUrl, extra.educA2.login, extra.educA2.password)).get(`/api/dossiers/${child}/synthesis.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    // the child's transmissions, not the other children of that unit
    const shared = await feed('educA2', 'transmission', `unit=${world.unitA1}`);
    expect(new Set(shared.map((i) => i.dossierId))).toEqual(new Set([child]));
    expect((await educA2.get(`/api/dossiers/${neighbour}`)).status).toBe(404);
    // and writes in that child's dossier as a member of the care team
    expect((await submit('educA2', child, 'transmission', example('transmission', { texte: 'Visite du groupe des grands, bon accueil.' }))).status).toBe(201);
    expect((await (await as('psyA')).get(`/api/dossiers/${child}/synthesis`)).status).toBe(200);
  });

  it('does not extend to a profile whose scope is its unit only (moniteur), nor to another establishment of the organisme', async () => {
    await addToCareTeam(child, 'moniA2', 'moniteur_educateur');
    expect((await (await as('moniA2')).get(`/api/dossiers/${child}/synthesis`)).status).toBe(404);
    const chefB = await as('chefB');
    expect((await chefB.get(`/api/dossiers/${child}/synthesis`)).status).toBe(404);
    const pdf = await (await rawSession(server.baseUrl, world.users.chefB.login, world.users.chefB.password)).get(`/api/dossiers/${child}/synthesis.pdf`);
    expect(pdf.status).toBe(404);
  });

  it('ends with the membership, and leaves the trace of the other service’s reads in the child’s access log', async () => {
    const ended = await (await as('chefA')).patch(`/api/care-team/${membership}`, { endDate: daysFromToday(-1) });
    expect(ended.status).toBe(200);
    expect((await (await as('educA2')).get(`/api/dossiers/${child}/synthesis`)).status).toBe(404);
    expect(await feed('educA2', 'transmission', `unit=${world.unitA1}`)).toEqual([]);
    const log = await (await as('dirA')).get(`/api/dossiers/${child}/access-log?limit=200`);
    expect(log.status).toBe(200);
    const byOtherService = log.body.items.filter((i: { actorName: string }) => i.actorName === `Test ${extra.educA2.login}`);
    expect(byOtherService.map((i: { action: string }) => i.action)).toEqual(expect.arrayContaining(['dossier.synthesis.read', 'submission.list', 'submission.create']));
    expect(byOtherService.filter((i: { outcome: string }) => i.outcome === 'denied').length).toBeGreaterThanOrEqual(1);
  });
});

describe('#08 — partage avec les partenaires : fiche navette (F14), compte rendu de réunion, annuaire de l’entourage et des professionnels', () => {
  let child: string;

  beforeAll(async () => {
    child = await admittedChild('PARTENAIRE');
  });

  it('has the referent write the liaison sheet to the ASE with its computed answer date, and the direction record the answer', async () => {
    const sheet = await submitted(
      'educA1',
      child,
      'fiche-navette',
      example('fiche-navette', { nature: 'fiche_navette', objet: 'demande_rdv_synthese', urgence: '48h', date_emission: '2026-05-25', actions: undefined, reponse: undefined, statut: 'envoyee' }),
    );
    expect(sheet.computed['/echeance_reponse']).toBe('2026-05-27');
    // a sheet marked answered must hold the answer
    const unanswered = await (await as('chefA')).patch(`/api/submissions/${sheet.id}`, { lockVersion: sheet.lockVersion, data: { ...sheet.data, statut: 'repondue' } });
    expect(unanswered.status).toBe(422);
    expect(unanswered.body.issues.map((i: { path: string }) => i.path)).toContain('/reponse');
    const answered = await (await as('chefA')).patch(`/api/submissions/${sheet.id}`, {
      lockVersion: sheet.lockVersion,
      data: { ...sheet.data, statut: 'repondue', reponse: { decision: 'accord', auteur: 'Claire Rivière (ASE)', date_reponse: '2026-05-26', commentaire: 'Synthèse fixée au 2 juin.' } },
    });
    expect(answered.status).toBe(200);
    expect(answered.body.revision).toBe(2);

    // the moniteur reads the exchanges with the ASE but does not write them; the maîtresse de maison and the portal see none
    expect((await (await as('moniA1')).get(`/api/submissions/${sheet.id}`)).body.data.reponse).toMatchObject({ decision: 'accord' });
    const byMoniteur = await submit('moniA1', child, 'fiche-navette', example('fiche-navette'));
    expect(byMoniteur.status).toBe(403);
    expect(byMoniteur.body.code).toBe('FIELD_NOT_WRITABLE');
    expect(await formKeysOf(await as('maitresseA1'), child)).not.toContain('fiche-navette');
    const young = await portalAccount('uc.usager.partenaire', 'usager', child);
    expect(await formKeysOf(young.client, child)).not.toContain('fiche-navette');
    expect((await young.client.get(`/api/submissions/${sheet.id}`)).text).not.toContain('Synthèse fixée');
  });

  it('keeps the directory of the family and professionals, with the restrictions the night watch needs', async () => {
    const directory = await submitted(
      'secA',
      child,
      'annuaire-entourage',
      example('annuaire-entourage', {
        contacts: [
          { categorie: 'professionnel', nom: 'Girard', prenom: 'Hélène', lien_ou_qualite: 'enseignant', organisme: 'Collège Pasteur', courriel: 'h.girard@college.example.fr', autorise_recevoir_informations: true },
          { categorie: 'entourage', nom: 'X', lien_ou_qualite: 'autre', restriction_contact: true, reference_decision_restriction: 'JE Dole 25/00412', autorise_venir_chercher_enfant: false },
        ],
      }),
    );
    const night = await (await as('veilleurA1')).get(`/api/submissions/${directory.id}`);
    expect(night.body.data.contacts[1]).toMatchObject({ nom: 'X', restriction_contact: true, autorise_venir_chercher_enfant: false });
    expect(night.body.data.contacts[0]).toMatchObject({ organisme: 'Collège Pasteur', autorise_recevoir_informations: true });
    // only the profiles with the judicial category may change who may take the child out
    const byMoniteur = await (await as('moniA1')).patch(`/api/submissions/${directory.id}`, {
      lockVersion: directory.lockVersion,
      data: { contacts: [directory.data.contacts[0], { ...directory.data.contacts[1], autorise_venir_chercher_enfant: true }] },
    });
    expect(byMoniteur.status).toBe(403);
    expect((await server.db('submission').where({ id: directory.id }).first('current_revision')).current_revision).toBe(1);
  });

  it('traces the meeting with the partners on the agenda with its report, seen by the unit only', async () => {
    const meeting = await submitted(
      'educA1',
      child,
      'agenda-evenement',
      example('agenda-evenement', {
        titre: 'Équipe éducative au collège',
        type_evenement: 'scolarite',
        date_evenement: daysFromToday(-3),
        participants: [
          { nom: 'Hélène Girard', qualite: 'partenaire', presence: 'present' },
          { nom: 'Référent', qualite: 'professionnel', compte_id: world.users.educA1.id, presence: 'present' },
        ],
        statut: 'realise',
        presence_usager: 'non_concerne',
        compte_rendu: 'Aménagement du temps scolaire validé : tutorat deux fois par semaine.',
      }),
    );
    expect((await (await as('moniA1')).get(`/api/submissions/${meeting.id}`)).body.data.compte_rendu).toMatch(/tutorat/);
    expect((await (await as('educA2')).get(`/api/submissions/${meeting.id}`)).status).toBe(404);
  });
});

describe('#09 — partage avec les parents et représentants légaux : portail, rapports portés à leur connaissance, signatures', () => {
  let child: string;
  let parent: { user: TestUser; client: HttpClient };
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    child = await admittedChild('FAMILLE');
    await addToCareTeam(child, 'psyA', 'psychologue');
    await addToCareTeam(child, 'ideA', 'infirmier');
    ids.contract = (await submitted('dirA', child, 'contrat-sejour', example('contrat-sejour', { fondement_juridique: 'assistance_educative' }))).id;
    const { reference_decision: _r, echeance_mesure: _e, ...report } = example('rapport-situation');
    ids.report = (await submitted('educA1', child, 'rapport-situation', report)).id;
    ids.draftReport = (await submitted('educA1', child, 'rapport-situation', { type_rapport: 'annuel', domaine_scolarite_vie_sociale: 'Brouillon en cours : absentéisme à vérifier.' }, 'draft')).id;
    ids.transmission = (await submitted('educA1', child, 'transmission', example('transmission', { texte: 'Conflit avec la mère au téléphone.' }))).id;
    ids.incident = (await submitted('educA1', child, 'incident', example('incident'))).id;
    ids.notes = (await submitted('psyA', child, 'notes-psychologue', example('notes-psychologue'))).id;
    ids.observation = (await submitted('ideA', child, 'observation-medicale', example('observation-medicale'))).id;
    ids.directory = (await submitted('secA', child, 'annuaire-entourage', example('annuaire-entourage'))).id;
    parent = await portalAccount('uc.parent.famille', 'tap', child);
  });

  it('lists to the parent only their child, and only the final writings the matrix opens to them', async () => {
    const own = await parent.client.get('/api/dossiers');
    expect(own.body.items.map((d: { id: string }) => d.id)).toEqual([child]);
    const view = await parent.client.get(`/api/dossiers/${child}`);
    expect(view.status).toBe(200);
    expect(view.body.careTeam).toEqual([]);
    const keys = await formKeysOf(parent.client, child);
    expect(keys).toEqual(expect.arrayContaining(['contrat-sejour', 'rapport-situation', 'annuaire-entourage']));
    for (const hidden of ['transmission', 'incident', 'notes-psychologue']) expect(keys).not.toContain(hidden);
    const listed = (await parent.client.get(`/api/dossiers/${child}/submissions?limit=100`)).body.items.map((i: { id: string }) => i.id);
    expect(listed).not.toContain(ids.draftReport);
    expect((await parent.client.get(`/api/submissions/${ids.draftReport}`)).status).toBe(404);
    // the medical observation shows them only what is useful day to day
    const observation = await parent.client.get(`/api/submissions/${ids.observation}`);
    expect(Object.keys(observation.body.data)).toEqual(['informations_utiles_quotidien']);
  });

  it('brings the report’s content and conclusions to the parent’s knowledge (L223-5), and the family’s visiting rights and restrictions', async () => {
    const report = await parent.client.get(`/api/submissions/${ids.report}`);
    expect(report.body.data).toMatchObject({ conclusion: { prestation: 'arret' }, communication_prealable: { tap_informes: true } });
    expect(report.body.data.domaine_relations_famille_tiers).toMatch(/Relations mère-fille/);
    const directory = await parent.client.get(`/api/submissions/${ids.directory}`);
    expect(directory.body.data.contacts).toEqual(expect.arrayContaining([expect.objectContaining({ nom: 'X', restriction_contact: true })]));
    for (const id of [ids.notes, ids.incident, ids.transmission]) {
      const read = await parent.client.get(`/api/submissions/${id}`);
      expect(read.text).not.toMatch(/Loyauté envers la mère|Conflit avec la mère|téléphone éteint/);
    }
    // the parent writes nothing in the dossier
    const write = await parent.client.patch(`/api/submissions/${ids.directory}`, { lockVersion: 0, data: example('annuaire-entourage') });
    expect(write.status).toBe(403);
    expect((await parent.client.post(`/api/dossiers/${child}/submissions`, { form: 'transmission', status: 'final', data: example('transmission') })).status).toBe(403);
  });

  it('has the parent sign the DIPC electronically, traced with their account, and shows them nothing of another child', async () => {
    const document = await (await as('dirA')).post(`/api/dossiers/${child}/documents`, { template: 'contrat-sejour', submission: ids.contract });
    expect(document.status).toBe(201);
    expect((await (await as('dirA')).post(`/api/documents/${document.body.id}/signatures`, { role: 'professional', mode: 'electronic' })).status).toBe(201);
    const listed = await parent.client.get(`/api/dossiers/${child}/documents`);
    expect(listed.body.items.map((d: { id: string }) => d.id)).toContain(document.body.id);
    const pdf = await (await rawSession(server.baseUrl, parent.user.login, parent.user.password)).get(`/api/documents/${document.body.id}/content`);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect((await parent.client.post(`/api/documents/${document.body.id}/signatures`, { role: 'young_person', mode: 'electronic' })).status).toBe(403);
    const signed = await parent.client.post(`/api/documents/${document.body.id}/signatures`, { role: 'legal_representative', mode: 'electronic' });
    expect(signed.status).toBe(201);
    expect(signed.body.signatures.map((s: { role: string; signatoryAccountId: string }) => [s.role, s.signatoryAccountId])).toEqual([
      ['professional', world.users.dirA.id],
      ['legal_representative', parent.user.id],
    ]);
    await server.sealAudit();
    const trail = await server.db('audit_log').where({ dossier_id: child, actor_account_id: parent.user.id }).pluck('action');
    expect(trail).toEqual(expect.arrayContaining(['document.content.read', 'document.sign']));

    const other = await admittedChild('PASLEMIEN');
    expect((await parent.client.get(`/api/dossiers/${other}`)).status).toBe(404);
    expect((await parent.client.get(`/api/dossiers/${other}/submissions`)).status).toBe(404);
    expect((await parent.client.get(`/api/dossiers/${other}/access-log`)).status).toBe(404);
  });
});

describe('#10 — partage santé avec les soignants externes (partie DUI seulement : DMP et MSSanté relèvent des services nationaux, non joués ici)', () => {
  let child: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    child = await admittedChild('SANTE');
    await addToCareTeam(child, 'ideA', 'infirmier');
    await addToCareTeam(child, 'medA', 'medecin');
    await addToCareTeam(child, 'psyA', 'psychologue');
  });

  it('has the health records written by the care team’s nurse and doctor only', async () => {
    for (const [actor, status] of [['educA1', 403], ['dirA', 403], ['ide2A', 404]] as const) {
      const refused = await submit(actor, child, 'observation-medicale', example('observation-medicale'));
      expect({ actor, status: refused.status }).toEqual({ actor, status });
    }
    ids.sanitaire = (await submitted('ideA', child, 'fiche-sanitaire', example('fiche-sanitaire', { antecedents_importants: 'Asthme du nourrisson', groupe_sanguin: 'o_pos' }))).id;
    ids.observation = (await submitted('medA', child, 'observation-medicale', example('observation-medicale'))).id;
    ids.prescription = (await submitted('medA', child, 'prescription', example('prescription'))).id;
    ids.autorisation = (await submitted('ideA', child, 'autorisation-soins', example('autorisation-soins'))).id;
    expect(await auditedActions({ dossier_id: child, action: 'submission.create', actor_account_id: extra.medA.id })).toHaveLength(2);
  });

  it('shows the health data only to the health profiles; the team of the day reads the emergency subset (allergies, conduct to hold)', async () => {
    const full = await (await as('medA')).get(`/api/submissions/${ids.sanitaire}`);
    expect(full.body.data).toMatchObject({ antecedents_importants: 'Asthme du nourrisson', groupe_sanguin: 'o_pos', allergies: [expect.objectContaining({ substance: 'Arachide' })] });
    for (const actor of ['educA1', 'moniA1', 'veilleurA1', 'maitresseA1', 'dirA', 'chefA', 'psyA'] as const) {
      const read = await (await as(actor)).get(`/api/submissions/${ids.sanitaire}`);
      expect({ actor, status: read.status }).toEqual({ actor, status: 200 });
      expect(read.body.data.allergies).toEqual([expect.objectContaining({ substance: 'Arachide', severite: 'severe' })]);
      expect(read.body.data.conduite_a_tenir_urgence).toMatch(/adrénaline/);
      for (const medical of ['antecedents_importants', 'groupe_sanguin', 'vaccinations', 'poids_kg']) expect(read.body.data).not.toHaveProperty(medical);
      expect(read.text).not.toContain('Asthme');
      // the observation's medical content and the prescription stay with the carers
      const observation = await (await as(actor)).get(`/api/submissions/${ids.observation}`);
      expect(observation.text).not.toContain('Myopie');
      // the prescription: its treatment lines for the chef de service (matrix: treatments readable by the CSE), nothing for the others
      const prescription = await (await as(actor)).get(`/api/submissions/${ids.prescription}`);
      if (actor === 'chefA') {
        expect(prescription.body.data).not.toHaveProperty('indication');
        expect(prescription.body.data.traitements).toHaveLength(1);
      } else {
        // nothing of it is readable: not listed, and 404 by id
        expect(prescription.status).toBe(404);
        expect(await formKeysOf(await as(actor), child)).not.toContain('prescription');
      }
    }
    expect((await (await as('ideA')).get(`/api/submissions/${ids.prescription}`)).body.data.traitements).toEqual([expect.objectContaining({ medicament: 'Collyre antihistaminique' })]);
    // the educators trace the help with taking a treatment without reading the prescription (write-only category)
    expect((await (await as('educA1')).get(`/api/submissions/${ids.sanitaire}`)).body.data).not.toHaveProperty('traitements_en_cours');
    // another nurse of the establishment, outside the child's care team, sees nothing
    expect((await (await as('ide2A')).get(`/api/submissions/${ids.sanitaire}`)).status).toBe(404);
  });

  it('prepares the emergency contacts sheet (F11) as a PDF, readable by the care team’s carers and not by the other carers of the establishment', async () => {
    await submitted('secA', child, 'contacts-urgence', example('contacts-urgence'));
    const document = await (await as('secA')).post(`/api/dossiers/${child}/documents`, { template: 'fiche-contact' });
    expect(document.status).toBe(201);
    expect(document.body).toMatchObject({ templateKey: 'fiche-contact', mediaType: 'application/pdf' });
    const ofCareTeam = await (await rawSession(server.baseUrl, extra.ideA.login, extra.ideA.password)).get(`/api/documents/${document.body.id}/content`);
    expect(ofCareTeam.status).toBe(200);
    expect(ofCareTeam.headers.get('content-type')).toBe('application/pdf');
    const outsider = await as('ide2A');
    expect((await outsider.get(`/api/documents/${document.body.id}`)).status).toBe(404);
    expect((await (await rawSession(server.baseUrl, extra.ide2A.login, extra.ide2A.password)).get(`/api/documents/${document.body.id}/content`)).status).toBe(404);
    // in an emergency, a motivated break-glass opens the child's dossier and its documents to that nurse, and is journaled
    const glass = await outsider.post(`/api/dossiers/${child}/break-glass`, { reason: 'Malaise de l’enfant la nuit : besoin des contacts et de la fiche sanitaire.' });
    expect(glass.status).toBe(201);
    expect((await outsider.get(`/api/documents/${document.body.id}`)).status).toBe(200);
    await server.sealAudit();
    const reads = await server.db('audit_log').where({ dossier_id: child, actor_account_id: extra.ide2A.id, action: 'document.read' }).orderBy('seq').pluck('outcome');
    expect(reads).toEqual(['denied', 'success']);
  });

  it('keeps the medical record from the child and the parents (access through the doctor, CSP L1111-7), the emergency subset excepted', async () => {
    const young = await portalAccount('uc.usager.sante', 'usager', child);
    const read = await young.client.get(`/api/submissions/${ids.sanitaire}`);
    expect(read.body.data.allergies).toEqual([expect.objectContaining({ substance: 'Arachide' })]);
    expect(read.body.data).not.toHaveProperty('antecedents_importants');
    expect((await young.client.get(`/api/submissions/${ids.observation}`)).text).not.toContain('Myopie');
  });
});

describe('#11 — informations obligatoires aux autorités : événement grave (W5, confirmation écrite sous 48 h), événements de reporting, tableau des places', () => {
  it('has the team note the serious event, the direction confirm it in writing to the authorities within 48 hours, the director alerted when late', async () => {
    const before = await reportingTotals(world.estA);
    const dossier = await world.dossier(daysFromToday(-60));
    const educ = await as('educA1');
    const instance = await driver.start(educ, 'incident-grave', dossier);
    const note = openTask(instance, 'note_incident');
    expect(await driver.candidateInbox('secA')).not.toContain(note.id);
    const transmitted = `${daysFromToday(0)}T09:00:00+01:00`;
    const noted = await educ.post(`/api/tasks/${note.id}/complete`, { data: example('incident', { declaration_autorite: { requise: true, autorites: ['conseil_departemental', 'procureur'], mode: 'oral', date_heure_transmission: transmitted } }) });
    expect(noted.status).toBe(200);
    const incident = await (await as('chefA')).get(`/api/submissions/${noted.body.submissionId}`);
    expect(Date.parse(incident.body.computed['/declaration_autorite/date_limite_confirmation']) - Date.parse(transmitted)).toBe(48 * 3_600_000);
    // counted as an incident, as a code: no text of the note reaches the statistics
    const after = await reportingTotals(world.estA);
    expect(after.incident).toBe((before.incident ?? 0) + 1);
    const rows = await server.db('reporting_event').where({ establishment_id: world.estA, kind: 'incident' });
    expect(JSON.stringify(rows)).not.toMatch(/fugue|Inès|commissariat/i);

    const confirmation = openTask(await driver.instanceOf(instance.id), 'confirmation_ecrite');
    expect(confirmation.candidateProfiles).toEqual(['directeur', 'chef_service']);
    await driver.untilDue(instance.id);
    expect((await driver.notificationsOf('dirA', instance.id)).map((n) => n.kind)).toContain('workflow.escalation');
    const done = await (await as('dirA')).post(`/api/tasks/${confirmation.id}/complete`, {
      data: example('fiche-navette', { nature: 'rapport', objet: 'information_incident', urgence: 'immediate', actions: undefined, reponse: undefined, statut: 'envoyee' }),
    });
    expect(done.status).toBe(200);
    expect(done.body.instance.status).toBe('completed');

    // the event and its confirmation are the professionals’ business, not the portal's
    const parent = await portalAccount('uc.parent.incident', 'tap', dossier);
    const keys = await formKeysOf(parent.client, dossier);
    expect(keys).not.toContain('incident');
    expect(keys).not.toContain('fiche-navette');
  }, 60_000);

  it('gives the authorities counts without names: admissions and exits by age band and legal basis, and the places spreadsheet', async () => {
    const day = localDate(new Date());
    const summary = await (await as('dirA')).get(`/api/reporting/events?from=${day}&to=${day}&establishment=${world.estA}`);
    expect(summary.body.groups).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'admission', legalBasis: 'accueil_provisoire' })]));
    expect(summary.text).not.toMatch(/ASELIN|PJJOT|JUSTIN|PARENTI/);
    expect((await (await as('chefA')).get(`/api/reporting/events?from=${day}&to=${day}&establishment=${world.estA}`)).status).toBe(403);

    const sec = await rawSession(server.baseUrl, world.users.secA.login, world.users.secA.password);
    const file = await sec.get(`/api/exports/capacity.xlsx?establishment=${world.estA}`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const sheets = unzipSync(new Uint8Array(file.bytes));
    const text = Object.values(sheets).map((bytes) => new TextDecoder().decode(bytes)).join('\n');
    expect(text).toContain('Non disponible');
    for (const name of ['ASELIN', 'PJJOT', 'JUSTIN', 'PARENTI', 'FAMILLE', 'SANTE', 'Camille']) expect(text).not.toContain(name);
    expect((await (await rawSession(server.baseUrl, world.users.educA1.login, world.users.educA1.password)).get(`/api/exports/capacity.xlsx?establishment=${world.estA}`)).status).toBe(403);
    expect((await (await rawSession(server.baseUrl, extra.secB.login, extra.secB.password)).get(`/api/exports/capacity.xlsx?establishment=${world.estA}`)).status).toBe(404);
    expect((await reportingTotals(world.estA)).capacity_exported).toBeGreaterThanOrEqual(1);
  });
});

describe('#12 — droit d’accès de l’enfant à son dossier : portail et journal des accès', () => {
  let child: string;
  let young: { user: TestUser; client: HttpClient };

  beforeAll(async () => {
    child = await admittedChild('ACCESSIBLE');
    await submitted('dirA', child, 'contrat-sejour', example('contrat-sejour', { fondement_juridique: 'assistance_educative' }));
    await submitted('educA1', child, 'transmission', example('transmission', { texte: 'Note interne à l’équipe.' }));
    young = await portalAccount('uc.usager.acces', 'usager', child);
  });

  it('shows the young person their own dossier and final writings, nothing of another child, and nothing to write', async () => {
    expect((await young.client.get('/api/dossiers')).body.items.map((d: { id: string }) => d.id)).toEqual([child]);
    expect((await young.client.get(`/api/dossiers/${child}`)).body).toMatchObject({ id: child, status: 'admitted' });
    expect(await formKeysOf(young.client, child)).toEqual(['contrat-sejour']);
    const neighbour = await admittedChild('PASAMOI');
    for (const path of [`/api/dossiers/${neighbour}`, `/api/dossiers/${neighbour}/submissions`, `/api/dossiers/${neighbour}/access-log`, `/api/dossiers/${neighbour}/documents`]) {
      expect({ path, status: (await young.client.get(path)).status }).toEqual({ path, status: 404 });
    }
    expect((await young.client.get(`/api/audit?dossier=${child}`)).status).toBe(403);
    expect((await young.client.post(`/api/dossiers/${child}/submissions`, { form: 'transmission', status: 'final', data: example('transmission') })).status).toBe(403);
  });

  it('shows them who read their dossier, staff names hidden when the establishment decides so, their own reads named', async () => {
    expect((await (await as('educA1')).get(`/api/dossiers/${child}`)).status).toBe(200);
    const log = await young.client.get(`/api/dossiers/${child}/access-log?limit=200`);
    expect(log.status).toBe(200);
    const educRead = log.body.items.find((i: { action: string; actorProfile: string }) => i.action === 'dossier.read' && i.actorProfile === 'educateur_specialise');
    expect(educRead).toMatchObject({ actorName: `Test ${world.users.educA1.login}`, outcome: 'success' });

    const admin = await as('admin');
    // the establishment's policy, set by the administrator: the young person does not see staff names
    expect((await admin.patch(`/api/establishments/${world.estA}`, { accessLogShowsStaffNames: false })).status).toBe(200);
    try {
      const masked = await young.client.get(`/api/dossiers/${child}/access-log?limit=200`);
      const staff = masked.body.items.filter((i: { actorProfile: string }) => i.actorProfile !== 'usager');
      expect(staff.length).toBeGreaterThanOrEqual(2);
      expect(staff.every((i: { actorName: string | null }) => i.actorName === null)).toBe(true);
      expect(masked.body.items.filter((i: { actorProfile: string }) => i.actorProfile === 'usager').every((i: { actorName: string }) => i.actorName === `Test ${young.user.login}`)).toBe(true);
      expect(masked.text).not.toContain(world.users.educA1.login);
    } finally {
      expect((await admin.patch(`/api/establishments/${world.estA}`, { accessLogShowsStaffNames: true })).status).toBe(200);
    }
    // each of their own reads is in the journal
    await server.sealAudit();
    const own = await server.db('audit_log').where({ dossier_id: child, actor_account_id: young.user.id }).pluck('action');
    expect(own).toEqual(expect.arrayContaining(['dossier.read', 'submission.list', 'access_log.read']));
  });

  it('lets them read and sign their contract as the young person, not in the name of their parents', async () => {
    const document = await (await as('dirA')).post(`/api/dossiers/${child}/documents`, { template: 'contrat-sejour' });
    expect(document.status).toBe(201);
    const pdf = await (await rawSession(server.baseUrl, young.user.login, young.user.password)).get(`/api/documents/${document.body.id}/content`);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect((await young.client.post(`/api/documents/${document.body.id}/signatures`, { role: 'legal_representative', mode: 'electronic' })).status).toBe(403);
    const signed = await young.client.post(`/api/documents/${document.body.id}/signatures`, { role: 'young_person', mode: 'electronic' });
    expect(signed.status).toBe(201);
    expect(signed.body.signatures[0]).toMatchObject({ role: 'young_person', signatoryAccountId: young.user.id });
  });
});

describe('#13 — admission dans un autre ESSMS : sortie W6 avec destination, paquet d’archive et de transmission vérifié', () => {
  let child: string;

  it('has the referent record the exit towards another establishment, then the exit interview, and counts the exit', async () => {
    child = await admittedChild('TRANSFERT');
    await addToCareTeam(child, 'psyA', 'psychologue');
    await submitted('psyA', child, 'notes-psychologue', example('notes-psychologue'));
    await submitted('dirA', child, 'contrat-sejour', example('contrat-sejour', { fondement_juridique: 'assistance_educative' }));
    expect((await (await as('dirA')).post(`/api/dossiers/${child}/documents`, { template: 'contrat-sejour' })).status).toBe(201);

    const chef = await as('chefA');
    const educ = await as('educA1');
    const instance = await driver.start(chef, 'fin-prise-en-charge', child);
    const exit = openTask(instance, 'acter_sortie');
    const exitDate = daysFromToday(0);
    const recorded = await educ.post(`/api/tasks/${exit.id}/complete`, {
      data: example('sortie', {
        date_sortie: exitDate,
        motif_fin: 'reorientation_autre_essms',
        destination: { type_destination: 'autre_essms', precision: 'Internat éducatif plus proche du lycée professionnel', etablissement_relais: 'MECS Les Peupliers (FINESS 390000999)' },
        fin_document_contractuel: { date_fin: exitDate, mode_fin: 'terme' },
      }),
    });
    expect(recorded.status).toBe(200);
    const exitRecord = await chef.get(`/api/submissions/${recorded.body.submissionId}`);
    expect(exitRecord.body.data).toMatchObject({ motif_fin: 'reorientation_autre_essms', destination: { type_destination: 'autre_essms', etablissement_relais: expect.stringContaining('Les Peupliers') } });
    const interview = openTask(await driver.instanceOf(instance.id), 'entretien_sortie');
    const done = await educ.post(`/api/tasks/${interview.id}/complete`, {
      data: example('agenda-evenement', { titre: 'Entretien de fin de prise en charge', type_evenement: 'entretien', statut: 'realise', date_evenement: exitDate, presence_usager: 'present' }),
    });
    expect(done.body.instance).toMatchObject({ status: 'completed' });

    const before = await reportingTotals(world.estA);
    const [placement] = (await chef.get(`/api/dossiers/${child}`)).body.placements;
    expect((await chef.patch(`/api/placements/${placement.id}`, { endDate: exitDate })).status).toBe(200);
    const view = await chef.get(`/api/dossiers/${child}`);
    expect((await chef.patch(`/api/dossiers/${child}`, { lockVersion: view.body.lockVersion, status: 'discharged' })).status).toBe(200);
    expect((await reportingTotals(world.estA)).exit).toBe((before.exit ?? 0) + 1);
  }, 60_000);

  it('prepares the package for the next establishment and the CD: verified, with the exit and its destination, without the psychologist’s notes', async () => {
    expect((await (await as('educA1')).post(`/api/dossiers/${child}/archive`, {})).status).toBe(403);
    expect((await (await as('secA')).post(`/api/dossiers/${child}/archive`, {})).body.status).toBe('prepared');
    const sealed = await (await as('dirA')).post(`/api/dossiers/${child}/archive`, {});
    expect(sealed.status).toBe(201);
    expect(sealed.body).toMatchObject({ status: 'sealed', dossierStatus: 'archived' });

    const zip = await (await rawSession(server.baseUrl, world.users.dirA.login, world.users.dirA.password)).get(`/api/archive-packages/${sealed.body.packageId}/content`);
    expect(zip.status).toBe(200);
    const files = unzipSync(new Uint8Array(zip.bytes));
    const names = Object.keys(files);
    const read = (name: string) => JSON.parse(new TextDecoder().decode(files[name]!));
    const exitFile = names.find((n) => n.startsWith('submissions/sortie/'))!;
    expect(read(exitFile).revisions[0].data).toMatchObject({ motif_fin: 'reorientation_autre_essms', destination: { type_destination: 'autre_essms' } });
    expect(names.filter((n) => n.startsWith('documents/') && n.endsWith('.pdf'))).toHaveLength(1);
    expect(names.some((n) => n.startsWith('submissions/notes-psychologue/'))).toBe(false);
    expect(read('dossier.json').notTransmitted).toEqual([expect.objectContaining({ formKey: 'notes-psychologue', submissions: 1 })]);
    const path = join(mkdtempSync(join(tmpdir(), 'cordee-transfert-')), 'package.zip');
    writeFileSync(path, zip.bytes);
    expect(verifyArchiveFile(path)).toMatchObject({ code: 0 });

    // the sealed dossier is read-only; the next establishment is another organisation: it has no access in Cordée
    expect((await submit('educA1', child, 'transmission', example('transmission'))).body.code).toBe('DOSSIER_ARCHIVED');
    expect((await (await as('secB')).get(`/api/dossiers/${child}`)).status).toBe(404);
    expect((await (await as('secB')).get(`/api/archive-packages/${sealed.body.packageId}/content`)).status).toBe(404);
    expect((await reportingTotals(world.estA)).dossier_archived).toBeGreaterThanOrEqual(1);
  });
});
