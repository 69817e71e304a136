/** Metadata engine over HTTP: drafts, publishing with its report, migrations, layers and their conflicts. */
import { createOrganisation, createUser, type TestOrganisation } from '../helpers/fixtures';
import { type TestServer, startTestServer } from '../helpers/test-server';
import type { HttpClient } from '../helpers/http-client';

const contactForm = () => ({
  title: 'Fiche contacts d’urgence',
  schema: {
    type: 'object',
    required: ['nom'],
    properties: {
      nom: { type: 'string', title: 'Nom du contact', maxLength: 200 },
      telephone: { type: 'string', title: 'Téléphone', pattern: '^[0-9 +]{6,20}$' },
      lien: { type: 'string', title: 'Lien avec l’enfant', enum: ['parent', 'fratrie', 'autre'], 'x-cordee-enumLabels': { parent: 'Parent', fratrie: 'Fratrie', autre: 'Autre' } },
      consentement: { type: 'boolean', title: 'Autorisation de contact (clause légale)', 'x-cordee-locked': true },
      remarques: { type: 'string', title: 'Remarques' },
    },
  },
  uiSchema: { 'ui:order': ['nom', 'telephone', 'lien', 'consentement', 'remarques'] },
});

describe('metadata engine', () => {
  let server: TestServer;
  let org: TestOrganisation;
  let quality: HttpClient;
  let establishmentA: string;

  beforeAll(async () => {
    server = await startTestServer();
    org = await createOrganisation(server.db, 'Métadonnées', 2);
    establishmentA = org.establishments[0]!.id;
    const rq = await createUser(server.db, 'rq', [{ profile: 'responsable_qualite' }]);
    quality = server.client();
    expect((await quality.login(rq.login, rq.password)).status).toBe(200);
  });
  afterAll(() => server.close());

  it('publishes 1.0.0, keeps it immutable, and serves it with its report', async () => {
    expect((await quality.put('/api/metadata/forms/contacts/draft', contactForm())).status).toBe(200);
    const published = await quality.post('/api/metadata/forms/contacts/publish');
    expect(published.status).toBe(201);
    expect(published.body.version).toBe('1.0.0');
    expect(published.body.report).toMatchObject({ breaking: [], unresolved: [], previousVersion: null });
    const again = await quality.post('/api/metadata/forms/contacts/publish');
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('NOTHING_TO_PUBLISH');
    const artefact = await quality.get('/api/metadata/forms/contacts');
    expect(artefact.body.latest.version).toBe('1.0.0');
    expect(artefact.body.versions).toHaveLength(1);
    await expect(server.db('artefact_version').where({ key: 'contacts' }).update({ version: '9.9.9' })).rejects.toThrow(/immutable/);
    // fields keep the order they were written in (it is the order they are shown in)
    expect(Object.keys(artefact.body.latest.content.schema.properties)).toEqual(['nom', 'telephone', 'lien', 'consentement', 'remarques']);
    const list = await quality.get('/api/metadata/forms');
    expect(list.body.items.map((i: { key: string }) => i.key)).toContain('contacts');
  });

  it('refuses a draft that breaks the contract or fails lint, naming each problem', async () => {
    const bad = contactForm() as Record<string, any>;
    bad.schema.properties.nom['x-cordee-category'] = 'not-a-category';
    const contract = await quality.put('/api/metadata/forms/broken/draft', bad);
    expect(contract.status).toBe(422);
    expect(contract.body.issues[0].path).toBe('/schema/properties/nom/x-cordee-category');

    const unlabelled = contactForm() as Record<string, any>;
    delete unlabelled.schema.properties.remarques.title;
    unlabelled.schema.properties.lien['x-cordee-enumLabels'] = { parent: 'Parent' };
    unlabelled.schema.properties.score = { type: 'number', title: 'Score', readOnly: true, 'x-cordee-computed': 'for i in 1..n return i' };
    expect((await quality.put('/api/metadata/forms/lint-me/draft', unlabelled)).status).toBe(200);
    const lint = await quality.post('/api/metadata/forms/lint-me/publish');
    expect(lint.status).toBe(422);
    expect(lint.body.code).toBe('METADATA_INVALID');
    const messages = lint.body.issues.map((i: { path: string; message: string }) => `${i.path} ${i.message}`).join('\n');
    expect(messages).toMatch(/remarques.*libellé/);
    expect(messages).toMatch(/fratrie, autre/);
    expect(messages).toMatch(/intervalle/);
    expect(await server.db('artefact_version').where({ key: 'lint-me' })).toHaveLength(0);
  });

  it('refuses a breaking change without migration, then publishes 2.0.0 with one', async () => {
    const v2 = contactForm() as Record<string, any>;
    v2.schema.properties.telephonePrincipal = v2.schema.properties.telephone;
    delete v2.schema.properties.telephone;
    v2.schema.properties.lien.enum = ['parent', 'autre'];
    v2.uiSchema['ui:order'] = ['nom', 'telephonePrincipal', 'lien', 'consentement', 'remarques'];
    await quality.put('/api/metadata/forms/contacts/draft', v2);
    const refused = await quality.post('/api/metadata/forms/contacts/publish');
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('BREAKING_CHANGE_WITHOUT_MIGRATION');
    expect(refused.body.issues.map((i: { path: string }) => i.path).sort()).toEqual(['/lien', '/telephone']);
    expect(refused.body.report.unresolved).toHaveLength(2);

    const check = await quality.post('/api/metadata/forms/contacts/check');
    expect(check.body.report.unresolved).toHaveLength(2);

    await quality.put('/api/metadata/forms/contacts/draft', { ...v2, migration: { renames: { '/telephone': '/telephonePrincipal' }, valueMaps: { '/lien': { fratrie: 'autre' } } } });
    const published = await quality.post('/api/metadata/forms/contacts/publish');
    expect(published.status).toBe(201);
    expect(published.body.version).toBe('2.0.0');
    expect(published.body.report.migration.renames).toEqual({ '/telephone': '/telephonePrincipal' });
    const v1 = await quality.get('/api/metadata/forms/contacts/versions/1.0.0');
    expect(Object.keys(v1.body.content.schema.properties)).toContain('telephone');
  });

  it('publishes an additive change as a minor version', async () => {
    const current = (await quality.get('/api/metadata/forms/contacts')).body.latest.content;
    const { key: _k, version: _v, ...draft } = current;
    draft.schema.properties.courriel = { type: 'string', title: 'Courriel', format: 'email' };
    await quality.put('/api/metadata/forms/contacts/draft', draft);
    const published = await quality.post('/api/metadata/forms/contacts/publish');
    expect(published.body.version).toBe('2.1.0');
  });

  describe('layers', () => {
    let directorA: HttpClient;
    beforeAll(async () => {
      const director = await createUser(server.db, 'dir.meta', [{ profile: 'directeur', establishmentId: establishmentA }]);
      directorA = server.client();
      await directorA.login(director.login, director.password);
    });

    it('applies organisme then establishment patches and refuses to loosen locked content', async () => {
      const organismePatch = {
        target: { kind: 'form', key: 'contacts' },
        baseVersion: '2.1.0',
        operations: [{ op: 'relabel', path: '/properties/remarques', title: 'Observations' }],
      };
      expect((await quality.put(`/api/organismes/${org.organismeId}/overlays/forms/contacts`, organismePatch)).status).toBe(200);
      const establishmentPatch = {
        target: { kind: 'form', key: 'contacts' },
        baseVersion: '2.1.0',
        operations: [
          { op: 'addField', path: '', name: 'medecinTraitant', schema: { type: 'string', title: 'Médecin traitant' }, after: 'nom' },
          { op: 'tightenConstraint', path: '/properties/nom', keyword: 'maxLength', value: 120 },
        ],
      };
      const saved = await directorA.put(`/api/establishments/${establishmentA}/overlays/forms/contacts`, establishmentPatch);
      expect(saved.status).toBe(200);
      expect(saved.body.conflicts).toEqual([]);

      const effective = await directorA.get(`/api/metadata/forms/contacts/effective?establishment=${establishmentA}`);
      expect(effective.status).toBe(200);
      const props = effective.body.content.schema.properties;
      expect(props.remarques.title).toBe('Observations');
      expect(props.medecinTraitant.title).toBe('Médecin traitant');
      expect(props.nom.maxLength).toBe(120);
      expect(effective.body.content.uiSchema['ui:order'].slice(0, 2)).toEqual(['nom', 'medecinTraitant']);
      expect(effective.body.layers.map((l: { layer: string }) => l.layer)).toEqual(['organisme', 'establishment']);

      const otherEstablishment = await quality.get(`/api/metadata/forms/contacts/effective?establishment=${org.establishments[1]!.id}`);
      expect(otherEstablishment.body.content.schema.properties.medecinTraitant).toBeUndefined();
      expect(otherEstablishment.body.content.schema.properties.remarques.title).toBe('Observations');
      expect(otherEstablishment.body.hash).not.toBe(effective.body.hash);

      const loosen = await directorA.put(`/api/establishments/${establishmentA}/overlays/forms/contacts`, {
        ...establishmentPatch,
        operations: [{ op: 'hideField', path: '/properties/consentement' }],
      });
      expect(loosen.status).toBe(422);
      expect(loosen.body.code).toBe('OVERLAY_CONFLICT');
      expect(loosen.body.issues[0].message).toMatch(/verrouillé/);
      // nothing written: the saved patch is still the previous one
      const view = await directorA.get(`/api/establishments/${establishmentA}/overlays/forms/contacts`);
      expect(view.body.revision).toBe(1);
      expect(view.body.operations).toHaveLength(2);
    });

    it('reports a patch that an upstream publication broke as a conflict, never silently dropped', async () => {
      const current = (await quality.get('/api/metadata/forms/contacts')).body.latest.content;
      const { key: _k, version: _v, ...draft } = current;
      draft.schema.properties.medecinTraitant = { type: 'string', title: 'Médecin traitant (partagé)' };
      await quality.put('/api/metadata/forms/contacts/draft', draft);
      expect((await quality.post('/api/metadata/forms/contacts/publish')).body.version).toBe('2.2.0');
      const effective = await directorA.get(`/api/metadata/forms/contacts/effective?establishment=${establishmentA}`);
      expect(effective.body.baseVersion).toBe('2.2.0');
      expect(effective.body.conflicts).toEqual([expect.objectContaining({ layer: 'establishment', op: 'addField', index: 0, reason: expect.stringMatching(/existe déjà/) })]);
      expect(effective.body.content.schema.properties.nom.maxLength).toBe(120); // the rest of the patch still applies
      const view = await directorA.get(`/api/establishments/${establishmentA}/overlays/forms/contacts`);
      expect(view.body.currentVersion).toBe('2.2.0');
      expect(view.body.conflicts).toHaveLength(1);
    });

    it('keeps each establishment to its own patches', async () => {
      const foreign = await directorA.put(`/api/establishments/${org.establishments[1]!.id}/overlays/forms/contacts`, {
        target: { kind: 'form', key: 'contacts' },
        baseVersion: '2.2.0',
        operations: [{ op: 'relabel', path: '/properties/nom', title: 'X' }],
      });
      expect(foreign.status).toBe(404);
      expect((await directorA.put('/api/metadata/forms/contacts/draft', contactForm())).status).toBe(403);
      expect((await directorA.post('/api/metadata/forms/contacts/publish')).status).toBe(403);
      const outside = await directorA.get(`/api/metadata/forms/contacts/effective?establishment=${org.establishments[1]!.id}`);
      expect(outside.status).toBe(404);
    });
  });

  it('serialises concurrent publications of one draft: exactly one version is created', async () => {
    const draft = contactForm() as Record<string, any>;
    draft.title = 'Concurrence';
    await quality.put('/api/metadata/forms/race/draft', draft);
    const results = await Promise.all(Array.from({ length: 4 }, () => quality.post('/api/metadata/forms/race/publish')));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
    expect(await server.db('artefact_version').where({ key: 'race' })).toHaveLength(1);
  });

  it('answers unknown kinds, keys and versions clearly', async () => {
    expect((await quality.get('/api/metadata/widgets')).status).toBe(404);
    expect((await quality.get('/api/metadata/forms/nope')).status).toBe(404);
    expect((await quality.get('/api/metadata/forms/contacts/versions/7.0.0')).status).toBe(404);
    expect((await quality.put('/api/metadata/forms/Bad Key/draft', contactForm())).status).toBe(422);
    expect((await quality.post('/api/metadata/forms/never-drafted/publish')).status).toBe(404);
  });
});
