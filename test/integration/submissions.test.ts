/** Forms data over HTTP: drafts and final submissions, server-computed fields, revisions and diffs, versions and upgrades, permissions and audit. */
import { type DossierWorld, createDossier, dossierWorld, identity } from '../helpers/dossier-world';
import { createUser } from '../helpers/fixtures';
import type { HttpClient } from '../helpers/http-client';
import { type Publisher, qualityManager } from '../helpers/metadata';
import { type TestServer, startTestServer } from '../helpers/test-server';

const humeurLabels = { bonne: 'Bonne', moyenne: 'Moyenne', mauvaise: 'Mauvaise' };

/** Version 1 of a follow-up form: required fields, a closed list, a computed ratio, categories. */
const suiviV1 = () => ({
  title: 'Entretien de suivi',
  schema: {
    type: 'object',
    required: ['date_entretien', 'humeur', 'synthese'],
    properties: {
      date_entretien: { type: 'string', format: 'date', title: 'Date de l’entretien', 'x-cordee-category': 'daily_life' },
      humeur: { type: 'string', title: 'Humeur', enum: ['bonne', 'moyenne', 'mauvaise'], 'x-cordee-enumLabels': humeurLabels },
      synthese: { type: 'string', title: 'Synthèse', maxLength: 2000, 'x-cordee-category': 'report' },
      heures_sommeil: { type: 'number', title: 'Heures de sommeil', minimum: 0, maximum: 24 },
      heures_ecran: { type: 'number', title: 'Heures d’écran', minimum: 0, maximum: 24 },
      ratio_ecran: {
        type: 'number',
        title: 'Écran par heure de sommeil',
        readOnly: true,
        'x-cordee-computed': 'if heures_sommeil = null or heures_ecran = null or heures_sommeil = 0 then null else decimal(heures_ecran / heures_sommeil, 2)',
      },
      // daily-life category: the chef de service who writes these answers may write it (habilitation matrix, pde-domain.md §10.3)
      traitement: { type: 'string', title: 'Traitement en cours', 'x-cordee-category': 'daily_life' },
    },
  },
  uiSchema: {},
});

/** Version 2 breaks v1: a renamed field, a removed value, a dropped field and a new required one — with the migration of answers. */
const suiviV2 = () => {
  const v2 = suiviV1() as Record<string, any>;
  const p = v2.schema.properties;
  p.resume = p.synthese;
  delete p.synthese;
  delete p.traitement;
  p.humeur = { ...p.humeur, enum: ['bonne', 'mauvaise'], 'x-cordee-enumLabels': { bonne: 'Bonne', mauvaise: 'Mauvaise' } };
  p.lieu = { type: 'string', title: 'Lieu de l’entretien', enum: ['etablissement', 'domicile'], 'x-cordee-enumLabels': { etablissement: 'Établissement', domicile: 'Domicile' } };
  v2.schema.required = ['date_entretien', 'humeur', 'resume', 'lieu'];
  v2.migration = { renames: { '/synthese': '/resume' }, valueMaps: { '/humeur': { moyenne: 'bonne' } }, drops: ['/traitement'], defaults: { '/lieu': 'etablissement' } };
  return v2;
};

/** Version 3 tightens a constraint (not breaking): older final answers may no longer satisfy it. */
const suiviV3 = () => {
  const v3 = suiviV2();
  delete v3.migration;
  v3.schema.properties.resume = { ...v3.schema.properties.resume, maxLength: 20 };
  return v3;
};

const complete = { date_entretien: '2025-03-04', humeur: 'moyenne', synthese: 'Bonne semaine au collège.', heures_sommeil: 8, heures_ecran: 4, traitement: 'Aucun' };

describe('submissions', () => {
  let server: TestServer;
  let world: DossierWorld;
  let quality: Publisher;
  let chefA: HttpClient;
  let dossierId: string;
  let otherDossierId: string;

  const audit = async (where: Record<string, unknown>) => {
    await server.sealAudit();
    return server.db('audit_log').where(where).orderBy('seq');
  };

  beforeAll(async () => {
    server = await startTestServer();
    world = await dossierWorld(server, 'saisie');
    quality = await qualityManager(server, 'saisie.rq');
    expect(await quality.publish('forms', 'suivi', suiviV1())).toBe('1.0.0');
    chefA = await world.as('chefA');
    dossierId = (await createDossier(chefA, { identity: identity(), establishmentId: world.estA, unitId: world.unitA1, status: 'admitted' })).id;
    otherDossierId = (await createDossier(chefA, { identity: identity({ birthName: 'MARTIN' }), establishmentId: world.estA, unitId: world.unitA2, status: 'admitted' })).id;
  });
  afterAll(() => server.close());

  describe('drafts and final submissions', () => {
    it('saves a partial draft, checking types and formats only', async () => {
      const draft = await chefA.post(`/api/dossiers/${dossierId}/submissions`, { form: 'suivi', data: { humeur: 'bonne' }, status: 'draft' });
      expect(draft.status).toBe(201);
      expect(draft.body).toMatchObject({ dossierId, establishmentId: world.estA, formKind: 'form', formKey: 'suivi', status: 'draft', revision: 1, data: { humeur: 'bonne' }, carried: [] });
      expect(draft.body.form).toMatchObject({ version: '1.0.0', title: 'Entretien de suivi' });
      expect(draft.body.form.effectiveHash).toMatch(/^[0-9a-f]{64}$/);
      expect(draft.body.validation).toEqual({ valid: true, issues: [] });
      expect(draft.body.fields).toEqual(expect.arrayContaining([{ path: '/synthese', category: 'report' }, { path: '/traitement', category: 'daily_life' }, { path: '/humeur', category: null }]));

      const badDraft = await chefA.post(`/api/dossiers/${dossierId}/submissions`, { form: 'suivi', data: { heures_sommeil: 'huit', date_entretien: '04/03/2025' }, status: 'draft' });
      expect(badDraft.status).toBe(422);
      expect(badDraft.body.code).toBe('VALIDATION_FAILED');
      const byPath = Object.fromEntries(badDraft.body.issues.map((i: { path: string; message: string }) => [i.path, i.message]));
      expect(byPath['/heures_sommeil']).toMatch(/doit être de type/);
      expect(byPath['/date_entretien']).toMatch(/doit correspondre au format/);
    });

    it('validates a final submission strictly, naming each field in French, and writes nothing when it fails', async () => {
      const before = await server.db('submission').count({ n: '*' }).first();
      const refused = await chefA.post(`/api/dossiers/${dossierId}/submissions`, { form: 'suivi', data: { humeur: 'excellente', heures_sommeil: 30 }, status: 'final' });
      expect(refused.status).toBe(422);
      const issues = refused.body.issues as Array<{ path: string; message: string }>;
      expect(issues).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ path: '/date_entretien', message: 'Ce champ est obligatoire.' }),
          expect.objectContaining({ path: '/synthese', message: 'Ce champ est obligatoire.' }),
          expect.objectContaining({ path: '/heures_sommeil', message: expect.stringMatching(/doit être <= 24/) }),
          expect.objectContaining({ path: '/humeur', message: expect.stringMatching(/doit être égal à une des valeurs prédéfinies/) }),
        ]),
      );
      expect(await server.db('submission').count({ n: '*' }).first()).toEqual(before);

      const accepted = await chefA.post(`/api/dossiers/${dossierId}/submissions`, { form: 'suivi', data: complete, status: 'final' });
      expect(accepted.status).toBe(201);
      expect(accepted.body.status).toBe('final');
    });

    it('recomputes computed fields on the server and ignores client values for computed and read-only fields', async () => {
      const created = await chefA.post(`/api/dossiers/${dossierId}/submissions`, { form: 'suivi', data: { ...complete, ratio_ecran: 99 }, status: 'final' });
      expect(created.status).toBe(201);
      expect(created.body.data.ratio_ecran).toBe(0.5);
      expect(created.body.computed).toEqual({ '/ratio_ecran': 0.5 });
      const stored = await server.db('submission_revision').where({ submission_id: created.body.id }).first();
      expect(stored.data.ratio_ecran).toBe(0.5);

      // a client value alone is dropped, never stored, even when it has the wrong type
      const { heures_ecran: _e, ...withoutScreen } = complete;
      const partial = await chefA.post(`/api/dossiers/${dossierId}/submissions`, { form: 'suivi', data: { ...withoutScreen, ratio_ecran: 'très élevé' }, status: 'final' });
      expect(partial.status).toBe(201);
      expect(partial.body.data).not.toHaveProperty('ratio_ecran');
      expect(partial.body.computed).toEqual({});
    });

    it('refuses unknown forms, dossiers and fields, and anonymous callers', async () => {
      const unknownForm = await chefA.post(`/api/dossiers/${dossierId}/submissions`, { form: 'inconnu', data: {}, status: 'draft' });
      expect(unknownForm.status).toBe(422);
      expect(unknownForm.body.issues[0].path).toBe('/form');
      const wrongKind = await chefA.post(`/api/dossiers/${dossierId}/submissions`, { form: 'suivi', kind: 'grid', data: {}, status: 'draft' });
      expect(wrongKind.status).toBe(422);
      const unknownDossier = await chefA.post('/api/dossiers/00000000-0000-4000-8000-000000000000/submissions', { form: 'suivi', data: {}, status: 'draft' });
      expect(unknownDossier.status).toBe(404);
      const extra = await chefA.post(`/api/dossiers/${dossierId}/submissions`, { form: 'suivi', data: {}, status: 'draft', note: 'x' });
      expect(extra.status).toBe(422);
      expect(extra.body.issues[0].path).toBe('/note');
      const badStatus = await chefA.post(`/api/dossiers/${dossierId}/submissions`, { form: 'suivi', data: {}, status: 'validé' });
      expect(badStatus.status).toBe(422);
      expect((await server.client().get(`/api/dossiers/${dossierId}/submissions`)).status).toBe(401);
      expect((await server.client().post(`/api/dossiers/${dossierId}/submissions`, { form: 'suivi', data: {}, status: 'draft' })).status).toBe(401);
    });
  });

  describe('revisions', () => {
    it('stores each change as a new revision with the diff of its answers, never updating one in place', async () => {
      const created = await chefA.post(`/api/dossiers/${dossierId}/submissions`, { form: 'suivi', data: { humeur: 'bonne', synthese: 'Premier jet', traitement: 'Ventoline' }, status: 'draft' });
      const id = created.body.id as string;
      const second = await chefA.patch(`/api/submissions/${id}`, { data: { humeur: 'mauvaise', synthese: 'Premier jet', heures_sommeil: 7, heures_ecran: 7 }, lockVersion: created.body.lockVersion });
      expect(second.status).toBe(200);
      expect(second.body).toMatchObject({ revision: 2, status: 'draft', lockVersion: created.body.lockVersion + 1, data: { ratio_ecran: 1 } });
      const third = await chefA.patch(`/api/submissions/${id}`, { data: { ...complete, humeur: 'mauvaise' }, status: 'final', lockVersion: second.body.lockVersion });
      expect(third.status).toBe(200);
      expect(third.body).toMatchObject({ revision: 3, status: 'final' });

      const history = await chefA.get(`/api/submissions/${id}/revisions`);
      expect(history.status).toBe(200);
      expect(history.body.items.map((r: { revision: number; status: string; version: string }) => [r.revision, r.status, r.version])).toEqual([
        [1, 'draft', '1.0.0'],
        [2, 'draft', '1.0.0'],
        [3, 'final', '1.0.0'],
      ]);
      expect(history.body.items[0].diff).toEqual([
        { path: '/humeur', kind: 'added', after: 'bonne' },
        { path: '/synthese', kind: 'added', after: 'Premier jet' },
        { path: '/traitement', kind: 'added', after: 'Ventoline' },
      ]);
      expect(history.body.items[1].diff).toEqual([
        { path: '/heures_ecran', kind: 'added', after: 7 },
        { path: '/heures_sommeil', kind: 'added', after: 7 },
        { path: '/humeur', kind: 'changed', before: 'bonne', after: 'mauvaise' },
        { path: '/ratio_ecran', kind: 'added', after: 1 },
        { path: '/traitement', kind: 'removed', before: 'Ventoline' },
      ]);
      expect(history.body.items[2].diff).toEqual(
        expect.arrayContaining([
          { path: '/date_entretien', kind: 'added', after: '2025-03-04' },
          { path: '/heures_ecran', kind: 'changed', before: 7, after: 4 },
          { path: '/synthese', kind: 'changed', before: 'Premier jet', after: complete.synthese },
        ]),
      );

      const rows = await server.db('submission_revision').where({ submission_id: id }).orderBy('revision');
      expect(rows.map((r) => r.data.humeur)).toEqual(['bonne', 'mauvaise', 'mauvaise']);
      await expect(server.db('submission_revision').where({ submission_id: id, revision: 1 }).update({ data: {} })).rejects.toThrow(/immutable/);
      await expect(server.db('submission_revision').where({ submission_id: id, revision: 1 }).delete()).rejects.toThrow(/immutable/);
    });

    it('never turns a final submission back into a draft, and checks the amendment strictly', async () => {
      const created = await chefA.post(`/api/dossiers/${dossierId}/submissions`, { form: 'suivi', data: complete, status: 'final' });
      const id = created.body.id as string;
      const back = await chefA.patch(`/api/submissions/${id}`, { data: complete, status: 'draft', lockVersion: created.body.lockVersion });
      expect(back.status).toBe(422);
      expect(back.body.issues[0].path).toBe('/status');
      const incomplete = await chefA.patch(`/api/submissions/${id}`, { data: { humeur: 'bonne' }, lockVersion: created.body.lockVersion });
      expect(incomplete.status).toBe(422);
      expect(incomplete.body.issues.map((i: { path: string }) => i.path)).toEqual(expect.arrayContaining(['/date_entretien', '/synthese']));
      const amended = await chefA.patch(`/api/submissions/${id}`, { data: { ...complete, synthese: 'Avenant : semaine difficile.' }, lockVersion: created.body.lockVersion });
      expect(amended.status).toBe(200);
      expect(amended.body).toMatchObject({ revision: 2, status: 'final' });
      expect(await server.db('submission_revision').where({ submission_id: id })).toHaveLength(2);
    });

    it('lets exactly one of two concurrent changes from the same revision through; the other gets 409', async () => {
      const created = await chefA.post(`/api/dossiers/${dossierId}/submissions`, { form: 'suivi', data: { humeur: 'bonne' }, status: 'draft' });
      const id = created.body.id as string;
      const other = await world.as('secA');
      const results = await Promise.all([
        chefA.patch(`/api/submissions/${id}`, { data: { humeur: 'moyenne' }, lockVersion: created.body.lockVersion }),
        other.patch(`/api/submissions/${id}`, { data: { humeur: 'mauvaise' }, lockVersion: created.body.lockVersion }),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      expect(results.find((r) => r.status === 409)!.body.code).toBe('CONFLICT');
      expect(await server.db('submission_revision').where({ submission_id: id })).toHaveLength(2);
      const stale = await chefA.patch(`/api/submissions/${id}`, { data: { humeur: 'bonne' }, lockVersion: created.body.lockVersion });
      expect(stale.status).toBe(409);
    });
  });

  describe('versions and upgrades', () => {
    let oldFinal: any;
    let oldDraft: any;
    let shortV1: any;

    it('keeps showing and re-validating a submission with its original version after a breaking version is published', async () => {
      oldFinal = (await chefA.post(`/api/dossiers/${dossierId}/submissions`, { form: 'suivi', data: complete, status: 'final' })).body;
      oldDraft = (await chefA.post(`/api/dossiers/${dossierId}/submissions`, { form: 'suivi', data: { humeur: 'moyenne', traitement: 'Doliprane' }, status: 'draft' })).body;
      shortV1 = (await chefA.post(`/api/dossiers/${dossierId}/submissions`, { form: 'suivi', data: { ...complete, synthese: 'Court' }, status: 'final' })).body;
      expect(await quality.publish('forms', 'suivi', suiviV2())).toBe('2.0.0');

      const shown = await chefA.get(`/api/submissions/${oldFinal.id}`);
      expect(shown.status).toBe(200);
      expect(shown.body.form).toMatchObject({ version: '1.0.0', effectiveHash: oldFinal.form.effectiveHash });
      expect(shown.body.form.schema.properties).toHaveProperty('synthese');
      expect(shown.body.validation).toEqual({ valid: true, issues: [] });
      expect(shown.body.upgrade).toMatchObject({ available: true, version: '2.0.0' });

      // an amendment is still checked against version 1 (v2 would refuse `synthese` missing `resume`)
      const amended = await chefA.patch(`/api/submissions/${oldFinal.id}`, { data: { ...complete, synthese: 'Avenant v1' }, lockVersion: shown.body.lockVersion });
      expect(amended.status).toBe(200);
      expect(amended.body.form.version).toBe('1.0.0');
      oldFinal = amended.body;

      const fresh = await chefA.post(`/api/dossiers/${dossierId}/submissions`, { form: 'suivi', data: complete, status: 'final' });
      expect(fresh.status).toBe(422);
      expect(fresh.body.issues.map((i: { path: string }) => i.path)).toEqual(expect.arrayContaining(['/resume', '/lieu', '/humeur']));
      const freshV2 = await chefA.post(`/api/dossiers/${dossierId}/submissions`, { form: 'suivi', data: { date_entretien: '2025-03-05', humeur: 'bonne', resume: 'RAS', lieu: 'domicile' }, status: 'final' });
      expect(freshV2.status).toBe(201);
      expect(freshV2.body.form.version).toBe('2.0.0');
      expect(freshV2.body.upgrade.available).toBe(false);
    });

    it('upgrades a record to the current version with the published migration, keeping and reporting what does not transfer', async () => {
      const upgraded = await chefA.post(`/api/submissions/${oldFinal.id}/upgrade`, { lockVersion: oldFinal.lockVersion });
      expect(upgraded.status).toBe(200);
      expect(upgraded.body.form.version).toBe('2.0.0');
      expect(upgraded.body.status).toBe('final');
      expect(upgraded.body.data).toEqual({ date_entretien: '2025-03-04', humeur: 'bonne', resume: 'Avenant v1', lieu: 'etablissement', heures_sommeil: 8, heures_ecran: 4, ratio_ecran: 0.5 });
      expect(upgraded.body.carried).toEqual([{ path: '/traitement', value: 'Aucun', reason: 'dropped' }]);
      expect(upgraded.body.validation.valid).toBe(true);
      expect(upgraded.body.upgrade.available).toBe(false);

      const history = await chefA.get(`/api/submissions/${oldFinal.id}/revisions`);
      const versions = history.body.items.map((r: { version: string; carried: number }) => [r.version, r.carried]);
      expect(versions).toEqual([
        ['1.0.0', 0],
        ['1.0.0', 0],
        ['2.0.0', 1],
      ]);
      expect(history.body.items[2].diff).toEqual(
        expect.arrayContaining([
          { path: '/resume', kind: 'added', after: 'Avenant v1' },
          { path: '/synthese', kind: 'removed', before: 'Avenant v1' },
          { path: '/humeur', kind: 'changed', before: 'moyenne', after: 'bonne' },
          { path: '/lieu', kind: 'added', after: 'etablissement' },
        ]),
      );
      // the carried answers stay with later revisions
      const next = await chefA.patch(`/api/submissions/${oldFinal.id}`, { data: { ...upgraded.body.data, resume: 'Suite' }, lockVersion: upgraded.body.lockVersion });
      expect(next.status).toBe(200);
      expect(next.body.carried).toEqual(upgraded.body.carried);

      const again = await chefA.post(`/api/submissions/${oldFinal.id}/upgrade`, { lockVersion: next.body.lockVersion });
      expect(again.status).toBe(409);

      const draft = await chefA.post(`/api/submissions/${oldDraft.id}/upgrade`, { lockVersion: oldDraft.lockVersion });
      expect(draft.status).toBe(200);
      expect(draft.body).toMatchObject({ status: 'draft', data: { humeur: 'bonne', lieu: 'etablissement' }, carried: [{ path: '/traitement', value: 'Doliprane', reason: 'dropped' }] });
    });

    it('refuses to upgrade a final record whose answers fail the new version, which keeps its version', async () => {
      const long = (await chefA.post(`/api/dossiers/${dossierId}/submissions`, { form: 'suivi', data: { date_entretien: '2025-03-06', humeur: 'bonne', resume: 'Une synthèse bien plus longue que vingt caractères', lieu: 'domicile' }, status: 'final' })).body;
      expect(long.form.version).toBe('2.0.0');
      expect(await quality.publish('forms', 'suivi', suiviV3())).toBe('2.0.1');
      const refused = await chefA.post(`/api/submissions/${long.id}/upgrade`, { lockVersion: long.lockVersion });
      expect(refused.status).toBe(422);
      expect(refused.body.detail).toMatch(/reste en version 2\.0\.0/);
      expect(refused.body.issues).toEqual([expect.objectContaining({ path: '/resume', message: expect.stringMatching(/20 caractères/) })]);
      const still = await chefA.get(`/api/submissions/${long.id}`);
      expect(still.body).toMatchObject({ revision: 1, form: { version: '2.0.0' }, validation: { valid: true } });
      expect(await server.db('submission_revision').where({ submission_id: long.id })).toHaveLength(1);
    });

    it('crosses several versions in one upgrade, applying each migration in turn', async () => {
      const upgraded = await chefA.post(`/api/submissions/${shortV1.id}/upgrade`, { lockVersion: shortV1.lockVersion });
      expect(upgraded.status).toBe(200);
      expect(upgraded.body.form.version).toBe('2.0.1');
      expect(upgraded.body.data).toMatchObject({ resume: 'Court', humeur: 'bonne', lieu: 'etablissement' });
      expect(upgraded.body.data).not.toHaveProperty('synthese');
      expect(upgraded.body.carried).toEqual([{ path: '/traitement', value: 'Aucun', reason: 'dropped' }]);
      const [event] = await audit({ action: 'submission.upgrade', target_id: shortV1.id });
      expect(event.detail.steps).toEqual(['2.0.0', '2.0.1']);
    });
  });

  describe('lists and permissions', () => {
    it('lists a dossier’s submissions newest first, filtered and paged, with their version', async () => {
      const all = await chefA.get(`/api/dossiers/${dossierId}/submissions?limit=200`);
      expect(all.status).toBe(200);
      const total = await server.db('submission').where({ dossier_id: dossierId }).count({ n: '*' }).first();
      expect(all.body.items).toHaveLength(Number(total!.n));
      const dates = all.body.items.map((i: { createdAt: string }) => i.createdAt);
      expect([...dates].sort().reverse()).toEqual(dates);
      expect(all.body.items[0]).toMatchObject({ formKey: 'suivi', title: 'Entretien de suivi' });

      const finals = await chefA.get(`/api/dossiers/${dossierId}/submissions?status=final&form=suivi`);
      expect(finals.body.items.length).toBeGreaterThan(0);
      expect(finals.body.items.every((i: { status: string }) => i.status === 'final')).toBe(true);

      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: any = await chefA.get(`/api/dossiers/${dossierId}/submissions?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
        expect(page.status).toBe(200);
        seen.push(...page.body.items.map((i: { id: string }) => i.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(seen).toEqual(all.body.items.map((i: { id: string }) => i.id));
      expect((await chefA.get(`/api/dossiers/${dossierId}/submissions?cursor=pas-un-curseur`)).status).toBe(422);
      expect((await chefA.get(`/api/dossiers/${dossierId}/submissions?status=validé`)).status).toBe(422);
    });

    it('hides another establishment’s and another unit’s submissions (404), and lets the unit’s educator work', async () => {
      const mine = (await chefA.post(`/api/dossiers/${dossierId}/submissions`, { form: 'suivi', data: { humeur: 'bonne' }, status: 'draft' })).body;
      const chefB = await world.as('chefB');
      expect((await chefB.get(`/api/submissions/${mine.id}`)).status).toBe(404);
      expect((await chefB.get(`/api/submissions/${mine.id}/revisions`)).status).toBe(404);
      expect((await chefB.patch(`/api/submissions/${mine.id}`, { data: {}, lockVersion: mine.lockVersion })).status).toBe(404);
      expect((await chefB.post(`/api/submissions/${mine.id}/upgrade`, { lockVersion: mine.lockVersion })).status).toBe(404);
      expect((await chefB.get(`/api/dossiers/${dossierId}/submissions`)).status).toBe(404);
      expect((await chefB.post(`/api/dossiers/${dossierId}/submissions`, { form: 'suivi', data: {}, status: 'draft' })).status).toBe(404);

      const educA2 = await world.as('educA2');
      expect((await educA2.get(`/api/dossiers/${dossierId}/submissions`)).status).toBe(404);
      expect((await educA2.get(`/api/submissions/${mine.id}`)).status).toBe(404);
      expect((await educA2.post(`/api/dossiers/${dossierId}/submissions`, { form: 'suivi', data: {}, status: 'draft' })).status).toBe(404);

      const educA1 = await world.as('educA1');
      const list = await educA1.get(`/api/dossiers/${dossierId}/submissions`);
      expect(list.status).toBe(200);
      expect(list.body.items.map((i: { id: string }) => i.id)).toContain(mine.id);
      const own = await educA1.post(`/api/dossiers/${dossierId}/submissions`, { form: 'suivi', data: { humeur: 'bonne' }, status: 'draft' });
      expect(own.status).toBe(201);
      const edit = await educA1.patch(`/api/submissions/${mine.id}`, { data: { humeur: 'mauvaise' }, lockVersion: mine.lockVersion });
      expect(edit.status).toBe(200);
      // the other unit's dossier lists nothing for the first unit's educator
      expect((await educA1.get(`/api/dossiers/${otherDossierId}/submissions`)).status).toBe(404);
      expect(await server.db('submission').where({ dossier_id: otherDossierId })).toHaveLength(0);
    });

    it('lets the child read only the final submissions of their own dossier', async () => {
      const child = await createUser(server.db, 'saisie.enfant', [{ profile: 'usager' }]);
      await server.db('account_dossier_link').insert({ account_id: child.id, dossier_id: dossierId, relation: 'usager' });
      const draft = (await chefA.post(`/api/dossiers/${dossierId}/submissions`, { form: 'suivi', data: { humeur: 'bonne' }, status: 'draft' })).body;
      const final = (await chefA.post(`/api/dossiers/${otherDossierId}/submissions`, { form: 'suivi', data: { date_entretien: '2025-03-07', humeur: 'bonne', resume: 'RAS', lieu: 'domicile' }, status: 'final' })).body;
      const client = server.client();
      expect((await client.login(child.login, child.password)).status).toBe(200);

      const list = await client.get(`/api/dossiers/${dossierId}/submissions?limit=200`);
      expect(list.status).toBe(200);
      const expected = await server.db('submission').where({ dossier_id: dossierId, status: 'final' }).pluck('id');
      expect(list.body.items.map((i: { id: string }) => i.id).sort()).toEqual([...expected].sort());
      expect(list.body.items.every((i: { status: string }) => i.status === 'final')).toBe(true);
      expect((await client.get(`/api/submissions/${expected[0]}`)).status).toBe(200);
      expect((await client.get(`/api/submissions/${draft.id}`)).status).toBe(404);
      expect((await client.get(`/api/submissions/${final.id}`)).status).toBe(404);
      expect((await client.get(`/api/dossiers/${otherDossierId}/submissions`)).status).toBe(404);
      expect((await client.post(`/api/dossiers/${dossierId}/submissions`, { form: 'suivi', data: {}, status: 'draft' })).status).toBe(403);
      expect((await client.patch(`/api/submissions/${expected[0]}`, { data: {}, lockVersion: 1 })).status).toBe(403);
    });
  });

  it('audits every read and write, with the writes in their own transaction', async () => {
    const created = (await chefA.post(`/api/dossiers/${dossierId}/submissions`, { form: 'suivi', data: { humeur: 'bonne' }, status: 'draft' })).body;
    await chefA.patch(`/api/submissions/${created.id}`, { data: { humeur: 'mauvaise' }, lockVersion: created.lockVersion });
    await chefA.get(`/api/submissions/${created.id}`);
    await chefA.get(`/api/submissions/${created.id}/revisions`);
    await chefA.get(`/api/dossiers/${dossierId}/submissions`);
    const rows = await audit({ target_id: created.id });
    expect(rows.map((r) => r.action)).toEqual(['submission.create', 'submission.update', 'submission.read', 'submission.read']);
    expect(rows.every((r) => r.dossier_id === dossierId && r.outcome === 'success')).toBe(true);
    expect(rows[1].detail).toMatchObject({ revision: 2, changedPaths: ['/humeur'] });
    expect(JSON.stringify(rows.map((r) => r.detail))).not.toMatch(/mauvaise/);
    const lists = await audit({ action: 'submission.list', dossier_id: dossierId });
    expect(lists.at(-1).detail.submissionIds).toContain(created.id);
    const upgrades = await audit({ action: 'submission.upgrade' });
    expect(upgrades.length).toBeGreaterThanOrEqual(2);
    expect(upgrades[0].detail).toMatchObject({ from: { version: '1.0.0' }, to: { version: '2.0.0' }, carriedPaths: ['/traitement'] });

    const chefB = await world.as('chefB');
    await chefB.get(`/api/submissions/${created.id}`);
    const denied = await audit({ target_id: created.id, outcome: 'denied' });
    expect(denied).toHaveLength(1);
  });
});
