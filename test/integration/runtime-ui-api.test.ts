/**
 * What the runtime UI asks the server for (issue 7): the agenda of a professional, a unit or a child
 * over a week (COO-6, RU-2: period, scope and rules in SQL), the document templates a user may
 * produce for a dossier, and what is known of an attachment (name, size, SHA-256).
 */
import { createHash } from 'node:crypto';
import { type DossierWorld, createDossier, dossierWorld, identity } from '../helpers/dossier-world';
import { packExamples } from '@cordee/seeds/src/pack-examples';
import { TEST_PASSWORD, type TestUser, createUser } from '../helpers/fixtures';
import type { HttpClient } from '../helpers/http-client';
import { rawSession } from '../helpers/raw-upload';
import { type TestServer, startTestServer } from '../helpers/test-server';

const placement = { startDate: '2026-01-05', legalBasis: 'assistance_educative' };
const WEEK = 'from=2026-11-16&to=2026-11-22';

interface Participant {
  nom: string;
  qualite: string;
  compte_id?: string;
}

const professional = (user: TestUser): Participant => ({ nom: `Test ${user.login}`, qualite: 'professionnel', compte_id: user.id });

describe('runtime UI API', () => {
  let server: TestServer;
  let w: DossierWorld;
  let chefA: HttpClient;
  let inA1: string;
  let inA2: string;
  let inB: string;
  const events: Record<string, string> = {};

  const event = async (client: HttpClient, dossierId: string, titre: string, day: string, time: string, participants: Participant[]): Promise<string> => {
    const created = await client.post(`/api/dossiers/${dossierId}/submissions`, {
      form: 'agenda-evenement',
      status: 'final',
      data: { titre, type_evenement: 'rencontre_ase', date_evenement: day, heure_debut: time, lieu: 'Bureau du service', participants, statut: 'prevu' },
    });
    if (created.status !== 201) throw new Error(`event ${titre}: ${created.status} ${created.text}`);
    return created.body.id as string;
  };
  const titles = (body: { items: Array<{ data: { titre?: string } }> }) => body.items.map((i) => i.data.titre);

  beforeAll(async () => {
    server = await startTestServer();
    await server.loadPack();
    w = await dossierWorld(server, 'rui');
    chefA = await w.as('chefA');
    const chefB = await w.as('chefB');
    inA1 = (await createDossier(chefA, { identity: identity({ birthName: 'AGENDA' }), establishmentId: w.estA, unitId: w.unitA1, status: 'admitted', placement })).id;
    inA2 = (await createDossier(chefA, { identity: identity({ birthName: 'AUTREUNITE' }), establishmentId: w.estA, unitId: w.unitA2, status: 'admitted', placement })).id;
    const unitB = w.unitB1;
    inB = (await createDossier(chefB, { identity: identity({ birthName: 'AILLEURS' }), establishmentId: w.estB, unitId: unitB, status: 'admitted', placement })).id;
    const { educA1, chefAB } = w.users;
    const chefAUser = w.users.chefA;
    events.synthese = await event(chefA, inA1, 'Synthèse', '2026-11-18', '10:00', [professional(educA1), professional(chefAUser), professional(chefAB)]);
    events.visite = await event(chefA, inA2, 'Visite médiatisée', '2026-11-19', '09:00', [professional(educA1), professional(chefAUser)]);
    events.famille = await event(chefA, inA1, 'Appel de la mère', '2026-11-18', '08:00', [{ nom: 'Mme Agenda', qualite: 'tap' }]);
    events.suivante = await event(chefA, inA1, 'Audience', '2026-11-25', '10:00', [professional(educA1)]);
    events.ailleurs = await event(chefB, inB, 'Rendez-vous ailleurs', '2026-11-18', '10:00', [professional(chefAB)]);
  });

  afterAll(async () => {
    await server?.close();
  });

  describe('agenda', () => {
    it('"my agenda": the week’s events where I am a participant, only in the dossiers I may read, by day and time', async () => {
      const educ = await w.as('educA1');
      const mine = await educ.get(`/api/agenda?scope=mine&${WEEK}`);
      expect(mine.status).toBe(200);
      // not the visit (a child of another unit), not the next week's hearing, not an event without me
      expect(titles(mine.body)).toEqual(['Synthèse']);
      expect(mine.body.items[0]).toMatchObject({ id: events.synthese, dossierId: inA1, formKey: 'agenda-evenement', status: 'final', dossierName: 'AGENDA Éloïse Marie' });
      expect(mine.body.nextCursor).toBeNull();
      // the chef de service reads both units of the establishment: by day
      expect(titles((await chefA.get(`/api/agenda?${WEEK}`)).body)).toEqual(['Synthèse', 'Visite médiatisée']);
      // a chef of two establishments: across both
      const both = await (await w.as('chefAB')).get(`/api/agenda?scope=mine&${WEEK}`);
      expect(both.body.items.map((i: { id: string }) => i.id).sort()).toEqual([events.synthese, events.ailleurs].sort());
      // the next week holds the hearing only
      expect(titles((await educ.get('/api/agenda?scope=mine&from=2026-11-23&to=2026-11-29')).body)).toEqual(['Audience']);
    });

    it('the unit’s and the child’s agenda use the same query: period, scope and rules', async () => {
      expect(titles((await chefA.get(`/api/agenda?scope=unit&unit=${w.unitA1}&${WEEK}`)).body)).toEqual(['Appel de la mère', 'Synthèse']);
      // an éducateur of the other unit reads none of this unit's children
      expect((await (await w.as('educA2')).get(`/api/agenda?scope=unit&unit=${w.unitA1}&${WEEK}`)).body.items).toEqual([]);
      const educ = await w.as('educA1');
      const month = await educ.get(`/api/agenda?scope=dossier&dossier=${inA1}&from=2026-11-01&to=2026-11-30`);
      expect(titles(month.body)).toEqual(['Appel de la mère', 'Synthèse', 'Audience']);
      // pages follow the same order
      const first = await educ.get(`/api/agenda?scope=dossier&dossier=${inA1}&from=2026-11-01&to=2026-11-30&limit=2`);
      expect(titles(first.body)).toEqual(['Appel de la mère', 'Synthèse']);
      const second = await educ.get(`/api/agenda?scope=dossier&dossier=${inA1}&from=2026-11-01&to=2026-11-30&limit=2&cursor=${first.body.nextCursor}`);
      expect(titles(second.body)).toEqual(['Audience']);
      expect(second.body.nextCursor).toBeNull();
    });

    it('reads the current revision: an event moved to another week leaves this week', async () => {
      const current = await chefA.get(`/api/submissions/${events.famille}`);
      const moved = await chefA.patch(`/api/submissions/${events.famille}`, { data: { ...current.body.data, date_evenement: '2026-12-02' }, lockVersion: current.body.lockVersion });
      expect(moved.status).toBe(200);
      expect(titles((await chefA.get(`/api/agenda?scope=unit&unit=${w.unitA1}&${WEEK}`)).body)).toEqual(['Synthèse']);
      expect(titles((await chefA.get(`/api/agenda?scope=unit&unit=${w.unitA1}&from=2026-11-30&to=2026-12-06`)).body)).toEqual(['Appel de la mère']);
    });

    it('refuses bad periods and scopes in French on the right parameter; 401, 404', async () => {
      const educ = await w.as('educA1');
      const reversed = await educ.get('/api/agenda?from=2026-11-22&to=2026-11-16');
      expect(reversed.status).toBe(422);
      expect(reversed.body.issues).toEqual([{ path: '/to', message: 'Le dernier jour précède le premier.' }]);
      expect((await educ.get('/api/agenda?from=2026-01-01&to=2026-06-30')).body.issues[0].path).toBe('/to');
      expect((await educ.get('/api/agenda?from=2026-11-16')).status).toBe(422);
      expect((await educ.get(`/api/agenda?scope=unit&${WEEK}`)).body.issues[0].path).toBe('/unit');
      expect((await educ.get(`/api/agenda?scope=mine&dossier=${inA1}&${WEEK}`)).body.issues[0].path).toBe('/dossier');
      expect((await educ.get(`/api/agenda?scope=semaine&${WEEK}`)).status).toBe(422);
      expect((await educ.get(`/api/agenda?${WEEK}&cursor=abc`)).body.issues[0].path).toBe('/cursor');
      expect((await educ.get(`/api/agenda?scope=dossier&dossier=${inA2}&${WEEK}`)).status).toBe(404);
      expect((await (await w.as('chefB')).get(`/api/agenda?scope=dossier&dossier=${inA1}&${WEEK}`)).status).toBe(404);
      expect((await educ.get(`/api/agenda?scope=unit&unit=00000000-0000-4000-8000-000000000000&${WEEK}`)).status).toBe(404);
      expect((await server.client().get(`/api/agenda?${WEEK}`)).status).toBe(401);
    });

    it('each child’s access log shows the agenda read; a refused child agenda is traced as denied', async () => {
      const educ = await w.as('educA1');
      await educ.get(`/api/agenda?scope=mine&${WEEK}`);
      await educ.get(`/api/agenda?scope=dossier&dossier=${inA2}&${WEEK}`);
      await server.sealAudit();
      const reads = await server.db('audit_log').where({ dossier_id: inA1, actor_account_id: w.users.educA1.id, action: 'submission.list' }).whereRaw(`detail->>'view' = 'agenda'`).select('detail');
      expect(reads.some((r: { detail: { scope: string; submissionIds: string[] } }) => r.detail.scope === 'mine' && r.detail.submissionIds.includes(events.synthese!))).toBe(true);
      const denied = await server.db('audit_log').where({ dossier_id: inA2, actor_account_id: w.users.educA1.id, outcome: 'denied' }).count({ n: '*' }).first();
      expect(Number(denied!.n)).toBeGreaterThanOrEqual(1);
    });
  });

  describe('document templates offered for a dossier', () => {
    const keys = (body: { items: Array<{ key: string }> }) => body.items.map((t) => t.key);

    it('offers the templates the user may produce, with their source form and signatories', async () => {
      const listed = await (await w.as('educA1')).get(`/api/dossiers/${inA1}/document-templates`);
      expect(listed.status).toBe(200);
      expect(keys(listed.body)).toEqual(expect.arrayContaining(['contrat-sejour', 'recueil-ip', 'inventaire-effets']));
      expect(listed.body.items.find((t: { key: string }) => t.key === 'contrat-sejour')).toEqual({
        key: 'contrat-sejour',
        title: expect.stringContaining('Contrat de séjour'),
        version: '1.0.0',
        form: 'contrat-sejour',
        signatories: ['professional', 'legal_representative', 'young_person'],
      });
      // a moniteur-éducateur of the unit reads the documents but produces none
      const moniteur = await createUser(server.db, 'rui.moniteur.a1', [{ profile: 'moniteur_educateur', establishmentId: w.estA, unitId: w.unitA1 }]);
      const client = server.client();
      expect((await client.login(moniteur.login, moniteur.password)).status).toBe(200);
      const offered = await client.get(`/api/dossiers/${inA1}/document-templates`);
      expect(offered.status).toBe(200);
      expect(offered.body.items).toEqual([]);
    });

    it('offers a maîtresse de maison the inventory only, and the server refuses the others', async () => {
      const maison = await createUser(server.db, 'rui.maison.a1', [{ profile: 'maitresse_maison', establishmentId: w.estA, unitId: w.unitA1 }]);
      const client = server.client();
      expect((await client.login(maison.login, maison.password)).status).toBe(200);
      expect(keys((await client.get(`/api/dossiers/${inA1}/document-templates`)).body)).toEqual(['inventaire-effets']);
      // the server still refuses the others (she may not even read a contract: answered like an unknown dossier)
      expect((await client.post(`/api/dossiers/${inA1}/documents`, { template: 'contrat-sejour' })).status).toBe(404);
      expect(await server.db('document').where({ dossier_id: inA1 }).count({ n: '*' }).first()).toEqual({ n: '0' });
    });

    it('follows an establishment’s local rule: a template withdrawn from the éducateurs is no longer offered, nor produced', async () => {
      const qualite = await createUser(server.db, 'rui.qualite', [{ profile: 'responsable_qualite' }]);
      const admin = server.client();
      expect((await admin.login(qualite.login, qualite.password)).status).toBe(200);
      const version = (await admin.get('/api/metadata/profiles/educateur_specialise')).body.latest.version;
      const saved = await admin.put(`/api/establishments/${w.estA}/overlays/profiles/educateur_specialise`, {
        target: { kind: 'profile', key: 'educateur_specialise' },
        baseVersion: version,
        operations: [{ op: 'addRules', path: '/rules', rules: [{ action: 'create', subject: 'Document', inverted: true, conditions: { templateKey: 'recueil-ip' }, reason: 'Ici, la direction seule produit le recueil d’IP.' }] }],
      });
      expect(saved.status).toBe(200);
      const educ = await w.as('educA1');
      const listed = keys((await educ.get(`/api/dossiers/${inA1}/document-templates`)).body);
      expect(listed).not.toContain('recueil-ip');
      expect(listed).toContain('contrat-sejour');
      expect((await educ.post(`/api/dossiers/${inA1}/documents`, { template: 'recueil-ip' })).status).toBe(403);
      // the chef de service still may
      expect(keys((await chefA.get(`/api/dossiers/${inA1}/document-templates`)).body)).toContain('recueil-ip');
    });

    it('tells with each document whether the user may trace its signatures', async () => {
      const contract = await chefA.post(`/api/dossiers/${inA1}/submissions`, { form: 'contrat-sejour', status: 'final', data: { ...packExamples['contrat-sejour'], fondement_juridique: 'assistance_educative', type_document: 'contrat_sejour' } });
      expect(contract.status).toBe(201);
      const produced = await chefA.post(`/api/dossiers/${inA1}/documents`, { template: 'contrat-sejour' });
      expect(produced.status).toBe(201);
      expect((await chefA.get(`/api/documents/${produced.body.id}`)).body.actions).toEqual({ sign: true });
      const moniteur = server.client();
      expect((await moniteur.login('rui.moniteur.a1', TEST_PASSWORD)).status).toBe(200);
      const listed = await moniteur.get(`/api/dossiers/${inA1}/documents`);
      expect(listed.body.items.map((d: { id: string; actions: unknown }) => [d.id, d.actions])).toEqual([[produced.body.id, { sign: false }]]);
      expect((await moniteur.post(`/api/documents/${produced.body.id}/signatures`, { role: 'professional', mode: 'electronic' })).status).toBe(403);
      const signed = await chefA.post(`/api/documents/${produced.body.id}/signatures`, { role: 'professional', mode: 'electronic' });
      expect(signed.body).toMatchObject({ status: 'awaiting_signatures', actions: { sign: true } });
    });

    it('answers 404 for a dossier one may not read or that does not exist, 401 without a session', async () => {
      expect((await (await w.as('chefB')).get(`/api/dossiers/${inA1}/document-templates`)).status).toBe(404);
      expect((await chefA.get('/api/dossiers/00000000-0000-4000-8000-000000000000/document-templates')).status).toBe(404);
      expect((await server.client().get(`/api/dossiers/${inA1}/document-templates`)).status).toBe(401);
    });
  });

  describe('attachment metadata', () => {
    it('tells name, type, size and SHA-256 of a stored file to who may read the dossier, audited; 404 otherwise', async () => {
      const raw = await rawSession(server.baseUrl, w.users.educA1.login, w.users.educA1.password);
      const bytes = Buffer.from('%PDF-1.4 inventaire signé');
      const stored = await raw.post(`/api/dossiers/${inA1}/attachments?filename=${encodeURIComponent('inventaire signé.pdf')}`, new Uint8Array(bytes), 'application/pdf');
      expect(stored.status).toBe(201);
      const meta = await (await w.as('educA1')).get(`/api/attachments/${stored.body.id}`);
      expect(meta.status).toBe(200);
      expect(meta.body).toEqual({
        id: stored.body.id,
        dossierId: inA1,
        filename: 'inventaire signé.pdf',
        mediaType: 'application/pdf',
        sizeBytes: bytes.length,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        createdBy: w.users.educA1.id,
        createdAt: stored.body.createdAt,
      });
      expect((await (await w.as('educA2')).get(`/api/attachments/${stored.body.id}`)).status).toBe(404);
      expect((await (await w.as('chefB')).get(`/api/attachments/${stored.body.id}`)).status).toBe(404);
      expect((await chefA.get('/api/attachments/00000000-0000-4000-8000-000000000000')).status).toBe(404);
      expect((await chefA.get('/api/attachments/pas-un-identifiant')).status).toBe(404);
      expect((await server.client().get(`/api/attachments/${stored.body.id}`)).status).toBe(401);
      await server.sealAudit();
      const trail = await server.db('audit_log').where({ target_id: stored.body.id, action: 'attachment.metadata.read' }).orderBy('seq').select('actor_account_id as actor', 'outcome');
      expect(trail).toEqual([
        { actor: w.users.educA1.id, outcome: 'success' },
        { actor: w.users.educA2.id, outcome: 'denied' },
        { actor: w.users.chefB.id, outcome: 'denied' },
      ]);
    });
  });
});
