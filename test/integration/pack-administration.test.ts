/**
 * Administration around the pack, over HTTP with the pack loaded and users of real profiles:
 * - the places of a unit for the capacity spreadsheet of the CD (Ségur V2-1), described by the
 *   direction, never losing a place occupied today, and shown as entered by the export;
 * - portal accounts opened for a young person or a legal representative and linked to their
 *   dossier (RU-5), then revoked;
 * - the processes the dossier's own events start (GA-5, W6 alerts and W8): the alerts before the
 *   end of the measure when a placement's term is recorded, replaced at a renewal, and the
 *   archiving once the exit is recorded.
 */
import ExcelJS from 'exceljs';
import { localDate } from '@cordee/core';
import { hashPassword } from '@cordee/server/src/auth/passwords';
import { TEST_PASSWORD } from '../helpers/fixtures';
import type { HttpClient } from '../helpers/http-client';
import { type PackWorkflowDriver, example, historyOf, openTask, packWorkflowDriver } from '../helpers/pack-workflow-driver';
import { rawSession } from '../helpers/raw-upload';
import { type TestServer, startTestServer } from '../helpers/test-server';
import { type WorkflowWorld, workflowWorld } from '../helpers/workflow-world';

let server: TestServer;
let world: WorkflowWorld;
let driver: PackWorkflowDriver;
/** The second unit of establishment A (« Groupe des grands »): only the places tests put children there. */
let unitA2: string;
const today = () => localDate(new Date());

beforeAll(async () => {
  server = await startTestServer();
  const published = await server.loadPack();
  expect(published).toEqual(expect.arrayContaining(['workflow/echeance-mesure@1.0.0', 'workflow/archivage@1.0.0', 'form/sortie@1.0.0']));
  world = await workflowWorld(server, 'adm');
  driver = packWorkflowDriver(server, world);
  unitA2 = world.org.establishments[0]!.unitIds[1]!;
}, 120_000);

afterAll(async () => {
  await world?.stopWorkers();
  await server?.close();
});

/** A dossier created over HTTP by the chef de service, with a placement in a unit of establishment A. */
async function placedDossier(unitId: string, placement: { startDate: string; endDate?: string }, birthName = 'PLACE'): Promise<{ id: string; placementId: string }> {
  const response = await (await world.as('chefA')).post('/api/dossiers', {
    identity: { birthName, firstNames: 'Noé', birthDate: '2013-02-11', birthPlaceCode: '75056', sex: 'M' },
    establishmentId: world.estA,
    unitId,
    status: 'admitted',
    placement: { ...placement, legalBasis: 'assistance_educative' },
  });
  expect(response.status).toBe(201);
  const view = await (await world.as('chefA')).get(`/api/dossiers/${response.body.id}`);
  return { id: response.body.id, placementId: view.body.placements[0].id };
}

const instancesOf = async (dossierId: string, workflow: string) =>
  (await server.db('process_instance').where({ dossier_id: dossierId, workflow_key: workflow }).orderBy('started_at').select('id', 'status', 'cancel_reason')) as Array<{ id: string; status: string; cancel_reason: string | null }>;

describe('the places of a unit (V2-1)', () => {
  const places = {
    capacity: 3,
    placeType: 'Semi-autonomie / studio',
    ageMin: 16,
    ageMax: 21,
    sex: 'Mixte',
    accueilPh: true,
    accueilMna: true,
    accueilRenforce: ['Troubles du comportement', 'Fratrie'],
  };

  /** The rows of the capacity spreadsheet of establishment A for unit A2 (« Groupe des grands », first in name order), model columns only. */
  async function spreadsheetRowsOfA2(): Promise<unknown[][]> {
    const sec = await rawSession(server.baseUrl, world.users.secA.login, world.users.secA.password);
    const file = await sec.get(`/api/exports/capacity.xlsx?establishment=${world.estA}`);
    expect(file.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.bytes as unknown as ArrayBuffer);
    const rows = workbook.getWorksheet('Places')!.getSheetValues().slice(2).map((r) => (r as unknown[]).slice(1));
    return rows.filter((r) => r[10] === 'Groupe des grands').map((r) => r.slice(0, 8));
  }

  it('are described by the director, audited, and the capacity spreadsheet shows them as entered', async () => {
    const dir = await world.as('dirA');
    const before = await dir.get(`/api/units/${unitA2}/places`);
    expect(before.status).toBe(200);
    expect(before.body).toEqual({
      unitId: unitA2,
      establishmentId: world.estA,
      unitName: 'Groupe des grands',
      occupiedToday: 0,
      places: { capacity: 12, placeType: null, ageMin: null, ageMax: null, sex: null, accueilPh: false, accueilMna: false, accueilRenforce: [] },
    });

    const saved = await dir.put(`/api/units/${unitA2}/places`, places);
    expect(saved.status).toBe(200);
    expect(saved.body.places).toEqual(places);
    expect((await (await world.as('chefA')).get(`/api/units/${unitA2}/places`)).body.places).toEqual(places);

    expect(await spreadsheetRowsOfA2()).toEqual([1, 2, 3].map((n) => [n, 'Disponible', 'Semi-autonomie / studio', '16-21', 'Mixte', 'Oui', 'Oui', 'Troubles du comportement, Fratrie']));

    await server.sealAudit();
    const audited = await server.db('audit_log').where({ action: 'organisation.unit.places.update', target_id: unitA2 }).select('actor_account_id', 'detail');
    expect(audited).toEqual([
      {
        actor_account_id: world.users.dirA.id,
        detail: {
          before: { capacity: 12, placeType: null, ageMin: null, ageMax: null, sex: null, accueilPh: false, accueilMna: false, accueilRenforce: [] },
          after: places,
        },
      },
    ]);
  });

  it('refuse invalid descriptions at their fields, in French, and change nothing', async () => {
    const dir = await world.as('dirA');
    const wrongValues = await dir.put(`/api/units/${unitA2}/places`, { ...places, placeType: 'Chambre', sex: 'X', capacity: -1, accueilRenforce: ['Autisme', 'Autisme'], couleur: 'bleu' });
    expect(wrongValues.status).toBe(422);
    expect(wrongValues.headers.get('content-type')).toContain('application/problem+json');
    expect(wrongValues.body.issues.map((i: { path: string }) => i.path)).toEqual(expect.arrayContaining(['/placeType', '/sex', '/capacity', '/accueilRenforce', '/couleur']));
    expect(wrongValues.body.issues.find((i: { path: string }) => i.path === '/couleur').message).toBe('Champ inconnu : « couleur ».');

    const upsideDown = await dir.put(`/api/units/${unitA2}/places`, { ...places, ageMin: 18, ageMax: 15 });
    expect(upsideDown.status).toBe(422);
    expect(upsideDown.body.issues).toEqual([{ path: '/ageMax', message: 'L’âge maximal (15 ans) doit être supérieur ou égal à l’âge minimal (18 ans).' }]);
    const halfRange = await dir.put(`/api/units/${unitA2}/places`, { ...places, ageMax: null });
    expect(halfRange.body.issues).toEqual([{ path: '/ageMax', message: 'La tranche d’âge se renseigne avec ses deux bornes (ou aucune).' }]);
    const { sex: _sex, ...missing } = places;
    const incomplete = await dir.put(`/api/units/${unitA2}/places`, missing);
    expect(incomplete.body.issues).toEqual([expect.objectContaining({ path: '/sex', message: 'Ce champ est obligatoire.' })]);

    expect((await dir.get(`/api/units/${unitA2}/places`)).body.places).toEqual(places);
  });

  it('are read by the staff of the establishment, changed by its director and the administrator only', async () => {
    expect((await server.client().get(`/api/units/${unitA2}/places`)).status).toBe(401);
    expect((await server.client().put(`/api/units/${unitA2}/places`, places)).status).toBe(401);
    expect((await (await world.as('secA')).get(`/api/units/${unitA2}/places`)).status).toBe(200);
    // read only: 403; another establishment: 404; no rule on places at all: 403
    for (const user of ['chefA', 'secA'] as const) expect((await (await world.as(user)).put(`/api/units/${unitA2}/places`, places)).status).toBe(403);
    expect((await (await world.as('chefB')).get(`/api/units/${unitA2}/places`)).status).toBe(404);
    expect((await (await world.as('chefB')).put(`/api/units/${unitA2}/places`, places)).status).toBe(403);
    expect((await (await world.as('educA1')).get(`/api/units/${unitA2}/places`)).status).toBe(403);
    expect((await (await world.as('dirA')).get('/api/units/00000000-0000-4000-8000-000000000000/places')).status).toBe(404);
    expect((await (await world.as('dirA')).get('/api/units/pas-un-uuid/places')).status).toBe(404);
    const otherUnit = world.org.establishments[1]!.unitIds[0]!;
    expect((await (await world.as('dirA')).put(`/api/units/${otherUnit}/places`, places)).status).toBe(404);

    const admin = await world.as('admin');
    const byAdmin = await admin.put(`/api/units/${unitA2}/places`, { ...places, capacity: 4 });
    expect(byAdmin.status).toBe(200);
    expect(byAdmin.body.places.capacity).toBe(4);
    expect((await (await world.as('dirA')).put(`/api/units/${unitA2}/places`, places)).status).toBe(200);
  });

  it('never lose a place occupied today: 409 with the reason, while a free place can go', async () => {
    const dir = await world.as('dirA');
    const first = await placedDossier(unitA2, { startDate: '2026-01-05' }, 'GRANDA');
    await placedDossier(unitA2, { startDate: '2026-02-01' }, 'GRANDB');
    // a placement ended yesterday and one planned next year do not occupy a place today
    await placedDossier(unitA2, { startDate: '2025-01-01', endDate: '2025-12-31' }, 'ANCIEN');
    expect((await dir.get(`/api/units/${unitA2}/places`)).body.occupiedToday).toBe(2);
    expect((await spreadsheetRowsOfA2()).map((r) => r[1])).toEqual(['Non disponible', 'Non disponible', 'Disponible']);

    const refused = await dir.put(`/api/units/${unitA2}/places`, { ...places, capacity: 1 });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('PLACES_OCCUPIED');
    expect(refused.body.title).toBe('Des places occupées aujourd’hui ne peuvent pas être supprimées.');
    expect(refused.body.detail).toBe('L’unité « Groupe des grands » accueille aujourd’hui 2 enfants : sa capacité ne peut pas descendre à 1 place. Terminez d’abord les placements concernés ou changez-les d’unité.');
    expect((await dir.get(`/api/units/${unitA2}/places`)).body.places.capacity).toBe(3);
    // the unit's own edit (administrator) keeps the same rule
    const byUnitEdit = await (await world.as('admin')).patch(`/api/units/${unitA2}`, { capacity: 1 });
    expect(byUnitEdit.status).toBe(409);
    expect(byUnitEdit.body.code).toBe('PLACES_OCCUPIED');
    expect((await dir.get(`/api/units/${unitA2}/places`)).body.places.capacity).toBe(3);

    const removedFree = await dir.put(`/api/units/${unitA2}/places`, { ...places, capacity: 2, placeType: 'Internat complet' });
    expect(removedFree.status).toBe(200);
    expect(await spreadsheetRowsOfA2()).toEqual([1, 2].map((n) => [n, 'Non disponible', 'Internat complet', '16-21', 'Mixte', 'Oui', 'Oui', 'Troubles du comportement, Fratrie']));

    // the first child leaves yesterday: one place is free again and may go
    expect((await (await world.as('secA')).patch(`/api/placements/${first.placementId}`, { endDate: localDate(new Date(Date.now() - 86_400_000)) })).status).toBe(200);
    expect((await dir.put(`/api/units/${unitA2}/places`, { ...places, capacity: 1 })).status).toBe(200);
    expect((await spreadsheetRowsOfA2()).map((r) => r[1])).toEqual(['Non disponible']);
  });
});

describe('portal accounts (RU-5)', () => {
  let dossier: string;
  let sibling: string;

  beforeAll(async () => {
    dossier = await world.dossier('2026-01-05');
    sibling = await world.dossier('2026-01-05');
  });

  const accountsCount = async () => Number((await server.db('account').count<Array<{ count: string }>>('* as count'))[0]!.count);

  it('opens an account for the young person and one for a legal representative, each reading their own dossier only', async () => {
    const dir = await world.as('dirA');
    const young = await dir.post(`/api/dossiers/${dossier}/portal-accounts`, { role: 'usager', login: 'camille.portail', displayName: 'Camille' });
    expect(young.status).toBe(201);
    expect(young.body.account).toMatchObject({ login: 'camille.portail', displayName: 'Camille', role: 'usager', status: 'active', openedBy: `Test ${world.users.dirA.login}` });
    expect(young.body.initialPassword).toMatch(/^[A-Za-z2-9]{4}(-[A-Za-z2-9]{4}){3}$/);
    const parent = await dir.post(`/api/dossiers/${dossier}/portal-accounts`, { role: 'tap', login: 'mere.camille', displayName: 'Sandrine (mère)', email: 'sandrine@example.org' });
    expect(parent.status).toBe(201);
    expect(parent.body.initialPassword).not.toBe(young.body.initialPassword);

    // the profile in the dossier's establishment and the link, never the password in clear
    const stored = await server.db('account as a').join('account_profile as ap', 'ap.account_id', 'a.id').join('account_dossier_link as l', 'l.account_id', 'a.id').whereIn('a.login', ['camille.portail', 'mere.camille']).orderBy('a.login').select('a.login', 'a.password_hash', 'ap.profile_key', 'ap.establishment_id', 'l.dossier_id', 'l.relation', 'l.created_by');
    expect(stored.map(({ password_hash: _h, ...row }) => row)).toEqual([
      { login: 'camille.portail', profile_key: 'usager', establishment_id: world.estA, dossier_id: dossier, relation: 'usager', created_by: world.users.dirA.id },
      { login: 'mere.camille', profile_key: 'tap', establishment_id: world.estA, dossier_id: dossier, relation: 'legal_representative', created_by: world.users.dirA.id },
    ]);
    for (const row of stored) expect(row.password_hash).toMatch(/^\$argon2id\$/);

    for (const [login, password] of [['camille.portail', young.body.initialPassword], ['mere.camille', parent.body.initialPassword]] as const) {
      const portal = server.client();
      expect((await portal.login(login, password)).status).toBe(200);
      // the handed-over password is replaced first (test/integration/first-login.test.ts)
      expect((await portal.post('/api/me/password', { currentPassword: password, newPassword: `${password}-choisi` })).status).toBe(204);
      const own = await portal.get(`/api/dossiers/${dossier}`);
      expect(own.status).toBe(200);
      expect(own.body.id).toBe(dossier);
      expect((await portal.get(`/api/dossiers/${sibling}`)).status).toBe(404);
      expect((await portal.get('/api/dossiers')).body.items.map((d: { id: string }) => d.id)).toEqual([dossier]);
    }

    const list = await (await world.as('secA')).get(`/api/dossiers/${dossier}/portal-accounts`);
    expect(list.status).toBe(200);
    expect(list.body.items.map((a: { login: string; role: string }) => [a.role, a.login])).toEqual([
      ['usager', 'camille.portail'],
      ['tap', 'mere.camille'],
    ]);

    await server.sealAudit();
    const audited = await server.db('audit_log').where({ dossier_id: dossier, action: 'portal_account.create' }).orderBy('seq').select('actor_account_id', 'detail');
    expect(audited).toEqual([
      { actor_account_id: world.users.dirA.id, detail: { login: 'camille.portail', role: 'usager' } },
      { actor_account_id: world.users.dirA.id, detail: { login: 'mere.camille', role: 'tap' } },
    ]);
    expect(JSON.stringify(audited)).not.toContain(young.body.initialPassword);
  });

  it('is opened by the director only: 401, 403 and 404 otherwise, and nothing is written', async () => {
    const count = await accountsCount();
    const body = { role: 'usager', login: 'refuse.portail', displayName: 'Refusé' };
    expect((await server.client().post(`/api/dossiers/${dossier}/portal-accounts`, body)).status).toBe(401);
    expect((await server.client().get(`/api/dossiers/${dossier}/portal-accounts`)).status).toBe(401);
    for (const user of ['secA', 'chefA', 'educA1', 'chefB'] as const) expect((await (await world.as(user)).post(`/api/dossiers/${dossier}/portal-accounts`, body)).status).toBe(403);
    for (const user of ['chefA', 'educA1'] as const) expect((await (await world.as(user)).get(`/api/dossiers/${dossier}/portal-accounts`)).status).toBe(403);
    const inB = await world.dossier('2026-01-05', 'B');
    expect((await (await world.as('dirA')).post(`/api/dossiers/${inB}/portal-accounts`, body)).status).toBe(404);
    expect((await (await world.as('dirA')).get(`/api/dossiers/${inB}/portal-accounts`)).status).toBe(404);
    expect((await (await world.as('dirA')).post('/api/dossiers/00000000-0000-4000-8000-000000000000/portal-accounts', body)).status).toBe(404);
    expect(await accountsCount()).toBe(count);
  });

  it('refuses invalid requests at their fields, and a login already taken (409), writing nothing', async () => {
    const dir = await world.as('dirA');
    const count = await accountsCount();
    const invalid = await dir.post(`/api/dossiers/${dossier}/portal-accounts`, { role: 'parent', login: 'a b', displayName: 'Nom', motDePasse: 'x' });
    expect(invalid.status).toBe(422);
    expect(invalid.body.issues.map((i: { path: string }) => i.path)).toEqual(expect.arrayContaining(['/role', '/login', '/motDePasse']));
    const blank = await dir.post(`/api/dossiers/${dossier}/portal-accounts`, { role: 'tap', login: 'pere.camille', displayName: '   ' });
    expect(blank.status).toBe(422);
    expect(blank.body.issues).toEqual([{ path: '/displayName', message: 'Le nom affiché ne peut pas être vide.' }]);

    const taken = await dir.post(`/api/dossiers/${dossier}/portal-accounts`, { role: 'tap', login: 'MERE.Camille', displayName: 'Homonyme' });
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe('ALREADY_EXISTS');
    expect(taken.body.issues).toEqual([{ path: '/login', message: 'Cet identifiant est déjà utilisé (majuscules et minuscules ne sont pas distinguées).' }]);
    expect(await accountsCount()).toBe(count);
    expect(await server.db('account_dossier_link').where({ dossier_id: dossier })).toHaveLength(2);

    // two openings with one login at once: one account, one link
    const [a, b] = await Promise.all([
      dir.post(`/api/dossiers/${sibling}/portal-accounts`, { role: 'usager', login: 'jumeau.portail', displayName: 'Jumeau' }),
      dir.post(`/api/dossiers/${sibling}/portal-accounts`, { role: 'usager', login: 'jumeau.portail', displayName: 'Jumeau' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    expect(await server.db('account').whereRaw('lower(login) = ?', ['jumeau.portail'])).toHaveLength(1);
    expect(await server.db('account_dossier_link').where({ dossier_id: sibling })).toHaveLength(1);

    // a sealed dossier opens onto no new account
    const archived = await world.dossier('2025-01-05');
    await server.db('dossier').where({ id: archived }).update({ status: 'archived' });
    const sealed = await dir.post(`/api/dossiers/${archived}/portal-accounts`, { role: 'usager', login: 'archive.portail', displayName: 'Archivé' });
    expect(sealed.status).toBe(409);
    expect(sealed.body.code).toBe('DOSSIER_ARCHIVED');
    expect(await server.db('account').where({ login: 'archive.portail' })).toEqual([]);
  });

  it('is revoked by the director: the link ends, the sessions end, the account can no longer read the dossier', async () => {
    const dir = await world.as('dirA');
    const opened = await dir.post(`/api/dossiers/${dossier}/portal-accounts`, { role: 'usager', login: 'revoque.portail', displayName: 'À révoquer' });
    expect(opened.status).toBe(201);
    const accountId = opened.body.account.accountId;
    const portal = server.client();
    expect((await portal.login('revoque.portail', opened.body.initialPassword)).status).toBe(200);
    const chosen = `${opened.body.initialPassword}-choisi`;
    expect((await portal.post('/api/me/password', { currentPassword: opened.body.initialPassword, newPassword: chosen })).status).toBe(204);
    expect((await portal.get(`/api/dossiers/${dossier}`)).status).toBe(200);

    expect((await (await world.as('secA')).delete(`/api/dossiers/${dossier}/portal-accounts/${accountId}`)).status).toBe(403);
    expect((await (await world.as('chefB')).delete(`/api/dossiers/${dossier}/portal-accounts/${accountId}`)).status).toBe(403);
    expect((await dir.delete(`/api/dossiers/${sibling}/portal-accounts/${accountId}`)).status).toBe(404);
    expect((await dir.delete(`/api/dossiers/${dossier}/portal-accounts/pas-un-uuid`)).status).toBe(404);

    expect((await dir.delete(`/api/dossiers/${dossier}/portal-accounts/${accountId}`)).status).toBe(204);
    expect((await portal.get(`/api/dossiers/${dossier}`)).status).toBe(401);
    expect((await server.client().login('revoque.portail', chosen)).status).not.toBe(200);
    expect(await server.db('account').where({ id: accountId }).first('status')).toEqual({ status: 'disabled' });
    expect((await dir.get(`/api/dossiers/${dossier}/portal-accounts`)).body.items.map((a: { login: string }) => a.login)).not.toContain('revoque.portail');
    expect((await dir.delete(`/api/dossiers/${dossier}/portal-accounts/${accountId}`)).status).toBe(404);

    await server.sealAudit();
    expect(await server.db('audit_log').where({ action: 'portal_account.revoke', target_id: accountId }).select('actor_account_id', 'dossier_id', 'detail')).toEqual([
      { actor_account_id: world.users.dirA.id, dossier_id: dossier, detail: { login: 'revoque.portail', role: 'usager', accountDisabled: true } },
    ]);
  });

  it('keeps the account of a legal representative active on the other children’s dossiers when one link ends', async () => {
    const dir = await world.as('dirA');
    const parent = await server.db('account').where({ login: 'mere.camille' }).first('id');
    // the mother of two children of the establishment (the second link as the pack's demo data writes it)
    await server.db('account_dossier_link').insert({ account_id: parent.id, dossier_id: sibling, relation: 'legal_representative' });
    expect((await dir.delete(`/api/dossiers/${dossier}/portal-accounts/${parent.id}`)).status).toBe(204);
    expect(await server.db('account').where({ id: parent.id }).first('status')).toEqual({ status: 'active' });
    // the mother's password was shown to the director only: she has chosen hers since
    await server.db('account').where({ id: parent.id }).update({ password_hash: await hashPassword(TEST_PASSWORD), password_change_required: false });
    const portal = server.client();
    expect((await portal.login('mere.camille', TEST_PASSWORD)).status).toBe(200);
    expect((await portal.get(`/api/dossiers/${dossier}`)).status).toBe(404);
    expect((await portal.get(`/api/dossiers/${sibling}`)).status).toBe(200);
  });
});

describe('processes the dossier’s events start (W6 alerts, W8)', () => {
  it('starts the alerts before the end of the measure when a placement is recorded with its term, for the user who recorded it', async () => {
    const { id } = await placedDossier(world.unitA1, { startDate: '2026-01-05', endDate: '2030-06-30' }, 'ECHEANCE');
    const [started] = await instancesOf(id, 'echeance-mesure');
    expect(started).toMatchObject({ status: 'running' });
    const instance = await driver.instanceOf(started!.id);
    expect(instance).toMatchObject({ position: ['alerte_trois_mois'], dueAt: '2030-03-29T23:00:00.000Z' });
    expect(instance.history[0]).toMatchObject({ kind: 'instance.started', account: { id: world.users.chefA.id }, detail: { trigger: { event: 'placement.term_recorded' } } });
    await server.sealAudit();
    const audit = await server.db('audit_log').where({ action: 'process.start', target_id: started!.id }).first('actor_account_id', 'detail');
    expect(audit).toMatchObject({ actor_account_id: world.users.chefA.id, detail: { workflow: 'echeance-mesure', trigger: { event: 'placement.term_recorded' } } });

    // a placement without a term starts nothing
    const open = await placedDossier(world.unitA1, { startDate: '2026-01-05' }, 'SANSFIN');
    expect(await instancesOf(open.id, 'echeance-mesure')).toEqual([]);
  });

  it('replaces the alerts when the term changes (renewal), with the reason, and announces nothing once the measure has ended', async () => {
    const { id, placementId } = await placedDossier(world.unitA1, { startDate: '2026-01-05', endDate: '2030-06-30' }, 'RENOUVELLEMENT');
    const sec = await world.as('secA');
    const [first] = await instancesOf(id, 'echeance-mesure');

    // the same term again changes nothing
    expect((await sec.patch(`/api/placements/${placementId}`, { endDate: '2030-06-30' })).status).toBe(200);
    expect(await instancesOf(id, 'echeance-mesure')).toEqual([first]);

    // a refused change leaves the running alerts as they were
    expect((await sec.patch(`/api/placements/${placementId}`, { endDate: '2025-01-01' })).status).toBe(422);
    expect(await instancesOf(id, 'echeance-mesure')).toEqual([first]);

    // renewal by the secretariat (who may not cancel a process by hand): the old instance gives way
    expect((await sec.patch(`/api/placements/${placementId}`, { endDate: '2031-06-30' })).status).toBe(200);
    const [old, renewed] = await instancesOf(id, 'echeance-mesure');
    expect(old).toEqual({ id: first!.id, status: 'cancelled', cancel_reason: 'Remplacée : l’événement « placement.term_recorded » s’est reproduit (2030-06-30 → 2031-06-30) ; une nouvelle instance prend le relais.' });
    expect(await driver.instanceOf(renewed!.id)).toMatchObject({ status: 'running', position: ['alerte_trois_mois'], dueAt: '2031-03-29T23:00:00.000Z' });
    expect(historyOf(await driver.instanceOf(old!.id))).toContain('instance.cancelled:');

    // the measure ends today: the alerts stop, nothing is announced for a term that has come
    expect((await sec.patch(`/api/placements/${placementId}`, { endDate: today() })).status).toBe(200);
    const all = await instancesOf(id, 'echeance-mesure');
    expect(all.map((i) => i.status)).toEqual(['cancelled', 'cancelled', 'completed']);
    const ended = await driver.instanceOf(all[2]!.id);
    expect(historyOf(ended)).toContain('activity.completed:pas_d_echeance');
    for (const user of ['educA1', 'chefA', 'dirA'] as const) expect(await driver.notificationsOf(user, all[2]!.id)).toEqual([]);
  }, 60_000);

  it('starts the archiving when the exit is recorded, a month after the exit date of the form, then asks the secretariat to prepare it', async () => {
    const educ = await world.as('educA1');
    const dossier = await world.dossier('2026-01-05');
    // a draft exit starts nothing
    expect((await educ.post(`/api/dossiers/${dossier}/submissions`, { form: 'sortie', status: 'draft', data: example('sortie', { date_sortie: '2030-01-10' }) })).status).toBe(201);
    expect(await instancesOf(dossier, 'archivage')).toEqual([]);

    const exit = await educ.post(`/api/dossiers/${dossier}/submissions`, { form: 'sortie', status: 'final', data: example('sortie', { date_sortie: '2030-01-10' }) });
    expect(exit.status).toBe(201);
    const [started] = await instancesOf(dossier, 'archivage');
    const instance = await driver.instanceOf(started!.id);
    // the placement has not ended: the exit date comes from the form; a month later, at the end of that day in Paris
    expect(instance).toMatchObject({ status: 'running', position: ['delai_archivage'], dueAt: '2030-02-10T22:59:59.000Z' });
    expect(instance.history[0]).toMatchObject({ account: { id: world.users.educA1.id }, detail: { trigger: { form: 'sortie', submissionId: exit.body.id } } });

    await driver.untilDue(started!.id);
    const preparation = openTask(await driver.instanceOf(started!.id), 'preparation');
    expect(preparation).toMatchObject({ candidateProfiles: ['secretariat'] });
    expect(await driver.candidateInbox('secA')).toContain(preparation.id);
  }, 60_000);

  it('starts the archiving too when the exit is recorded through the exit workflow’s task (W6)', async () => {
    const dossier = await world.dossier('2026-01-05');
    const exit = await driver.start(await world.as('chefA'), 'fin-prise-en-charge', dossier);
    const task = openTask(exit, 'acter_sortie');
    expect((await (await world.as('educA1')).post(`/api/tasks/${task.id}/complete`, { data: example('sortie', { date_sortie: '2030-01-10' }) })).status).toBe(200);
    const [archiving] = await instancesOf(dossier, 'archivage');
    expect(await driver.instanceOf(archiving!.id)).toMatchObject({ status: 'running', position: ['delai_archivage'], dueAt: '2030-02-10T22:59:59.000Z' });
  }, 60_000);

  it('does not prepare twice a dossier archived in the meantime', async () => {
    const dossier = await world.dossier('2026-01-05');
    expect((await (await world.as('educA1')).post(`/api/dossiers/${dossier}/submissions`, { form: 'sortie', status: 'final', data: example('sortie', { date_sortie: '2030-01-10' }) })).status).toBe(201);
    const [started] = await instancesOf(dossier, 'archivage');
    await server.db('dossier').where({ id: dossier }).update({ status: 'archived' });
    await driver.untilDue(started!.id);
    const ended = await driver.instanceOf(started!.id);
    expect(ended).toMatchObject({ status: 'completed', tasks: [] });
    expect(historyOf(ended)).toContain('activity.completed:archive_deja_faite');
  }, 60_000);
});
