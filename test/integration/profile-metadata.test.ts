/**
 * Profiles as versioned, layered metadata: publishing a profile checks that the server can enforce
 * every rule and reports what the profile gains and loses; the new version applies at the next
 * request; an establishment's layer adds rules that give access in that establishment only.
 */
import { localDate } from '@cordee/core';
import { type DossierWorld, createDossier, dossierWorld, identity } from '../helpers/dossier-world';
import { type TestUser, createUser } from '../helpers/fixtures';
import type { HttpClient } from '../helpers/http-client';
import { type TestServer, startTestServer } from '../helpers/test-server';

const placement = () => ({ startDate: localDate(new Date(Date.now() - 20 * 86_400_000)), legalBasis: 'assistance_educative' });

describe('profiles as metadata', () => {
  let server: TestServer;
  let w: DossierWorld;
  let u: Record<'qualite' | 'moniteurA' | 'maisonA' | 'maisonB', TestUser>;
  let inA2: any;
  let inB2: any;
  const clients = new Map<string, HttpClient>();

  beforeAll(async () => {
    server = await startTestServer();
    w = await dossierWorld(server, 'prof');
    const unitB2 = (await server.db('unit').where({ establishment_id: w.estB }).whereNot({ id: w.unitB1 }).first('id')).id as string;
    u = {
      qualite: await createUser(server.db, 'prof.qualite', [{ profile: 'responsable_qualite' }]),
      moniteurA: await createUser(server.db, 'prof.moniteur.a', [{ profile: 'moniteur_educateur', establishmentId: w.estA, unitId: w.unitA1 }]),
      maisonA: await createUser(server.db, 'prof.maison.a', [{ profile: 'maitresse_maison', establishmentId: w.estA, unitId: w.unitA1 }]),
      maisonB: await createUser(server.db, 'prof.maison.b', [{ profile: 'maitresse_maison', establishmentId: w.estB, unitId: w.unitB1 }]),
    };
    inA2 = await createDossier(await w.as('chefA'), { identity: identity({ birthName: 'AUTREGROUPE' }), establishmentId: w.estA, unitId: w.unitA2, status: 'admitted', placement: placement() });
    inB2 = await createDossier(await w.as('chefB'), { identity: identity({ birthName: 'AUTREGROUPEB' }), establishmentId: w.estB, unitId: unitB2, status: 'admitted', placement: placement() });
  });
  afterAll(() => server.close());

  const as = async (name: keyof typeof u): Promise<HttpClient> => {
    let client = clients.get(name);
    if (!client) {
      client = server.client();
      expect((await client.login(u[name].login, u[name].password)).status).toBe(200);
      clients.set(name, client);
    }
    return client;
  };

  it('the pack profiles are published artefacts, and the catalogue follows them', async () => {
    const qualite = await as('qualite');
    const list = await qualite.get('/api/metadata/profiles');
    expect(list.status).toBe(200);
    expect(list.body.items.map((i: { key: string }) => i.key)).toEqual(expect.arrayContaining(['directeur', 'psychologue', 'usager']));
    const psy = await qualite.get('/api/metadata/profiles/psychologue');
    expect(psy.body.latest.content.rules).toEqual(expect.arrayContaining([expect.objectContaining({ subject: 'Submission', fields: ['category:psychology_notes'] })]));
    expect(await server.db('profile').where({ key: 'psychologue' }).first()).toEqual({ key: 'psychologue', label: 'Psychologue', kind: 'staff' });
  });

  it('publishing a change reports what the profile gains and loses, and the new rules apply at the next request', async () => {
    const qualite = await as('qualite');
    const moniteur = await as('moniteurA');
    expect((await moniteur.get(`/api/dossiers/${inA2.id}`)).status).toBe(404);
    const current = (await qualite.get('/api/metadata/profiles/moniteur_educateur')).body.latest.content;
    const { key: _key, version: _version, ...definition } = current;
    const rules = definition.rules.map((r: any) => {
      // gains: every dossier of the establishment, not only its unit's; loses: reading the exchanges with the ASE
      if (r.subject === 'Submission' && r.action === 'read') return { ...r, fields: r.fields.filter((f: string) => f !== 'category:ase_exchange') };
      return r;
    });
    rules.push({ action: 'read', subject: 'Dossier', conditions: { establishmentId: { $ctx: 'establishmentId' } }, reason: 'Remplacements entre groupes.' });
    expect((await qualite.put('/api/metadata/profiles/moniteur_educateur/draft', { ...definition, rules })).status).toBe(200);
    const published = await qualite.post('/api/metadata/profiles/moniteur_educateur/publish');
    expect(published.status).toBe(201);
    expect(published.body.version).toBe('2.0.0'); // it loses a permission: a major version
    expect(published.body.report.permissions).toEqual({
      gained: [{ action: 'read', subject: 'Dossier', conditions: { establishmentId: { $ctx: 'establishmentId' } }, field: null, inverted: false }],
      lost: [{ action: 'read', subject: 'Submission', conditions: { establishmentId: { $ctx: 'establishmentId' }, unitId: { $ctx: 'unitId' } }, field: 'category:ase_exchange', inverted: false }],
    });
    expect((await moniteur.get(`/api/dossiers/${inA2.id}`)).status).toBe(200);
    const versions = (await qualite.get('/api/metadata/profiles/moniteur_educateur')).body.versions.map((v: { version: string }) => v.version);
    expect(versions).toEqual(expect.arrayContaining(['1.0.0', '2.0.0']));
  });

  it('refuses a rule the server could not enforce: unknown field, unknown subject, unknown data category — at draft and at publication', async () => {
    const qualite = await as('qualite');
    const base = { label: 'Profil local', kind: 'staff' };
    const bad = await qualite.put('/api/metadata/profiles/profil-local/draft', {
      ...base,
      rules: [
        { action: 'read', subject: 'Dossier', conditions: { birthName: 'DUPONT' } },
        { action: 'read', subject: 'Dossiers' },
        { action: 'read', subject: 'Submission', fields: ['category:sante'], conditions: { establishmentId: { $ctx: 'establishmentId' } } },
      ],
    });
    expect(bad.status).toBe(422);
    expect(bad.body.issues.map((i: { path: string }) => i.path)).toEqual(['/rules/0/conditions', '/rules/1/subject', '/rules/2/fields']);
    expect(bad.body.issues[0].message).toContain('birthName');
    // a draft saved before the check (or by another path) is checked again when published, and nothing is published
    await server.db('artefact').insert({ kind: 'profile', key: 'profil-local' }).onConflict(['kind', 'key']).ignore();
    await server.db('artefact_draft').insert({ kind: 'profile', key: 'profil-local', content: JSON.stringify({ ...base, rules: [{ action: 'read', subject: 'Submission', conditions: { title: 'x' } }] }) });
    const refused = await qualite.post('/api/metadata/profiles/profil-local/publish');
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('METADATA_INVALID');
    expect(refused.body.issues.map((i: { path: string }) => i.path)).toEqual(['/rules/0/conditions']);
    expect(await server.db('artefact_version').where({ kind: 'profile', key: 'profil-local' })).toHaveLength(0);
    expect(await server.db('profile').where({ key: 'profil-local' })).toHaveLength(0);
  });

  it('an establishment layer adding a rule gives the extra access in that establishment only', async () => {
    const qualite = await as('qualite');
    const maisonA = await as('maisonA');
    const maisonB = await as('maisonB');
    expect((await maisonA.get(`/api/dossiers/${inA2.id}`)).status).toBe(404);
    const version = (await qualite.get('/api/metadata/profiles/maitresse_maison')).body.latest.version;
    const overlay = (rules: unknown[]) => ({ target: { kind: 'profile', key: 'maitresse_maison' }, baseVersion: version, operations: [{ op: 'addRules', path: '/rules', rules }] });
    // a local rule must stay inside the establishment
    const unbounded = await qualite.put(`/api/establishments/${w.estA}/overlays/profiles/maitresse_maison`, overlay([{ action: 'read', subject: 'Dossier' }]));
    expect(unbounded.status).toBe(422);
    expect(unbounded.body.issues.map((i: { path: string }) => i.path)).toEqual(['/operations/0/rules/0/conditions']);
    const global = await qualite.put(`/api/establishments/${w.estA}/overlays/profiles/maitresse_maison`, overlay([{ action: 'manage', subject: 'Account' }]));
    expect(global.status).toBe(422);
    expect(global.body.issues.map((i: { path: string }) => i.path)).toEqual(['/operations/0/rules/0/subject']);

    const saved = await qualite.put(
      `/api/establishments/${w.estA}/overlays/profiles/maitresse_maison`,
      overlay([{ action: 'read', subject: 'Dossier', conditions: { establishmentId: { $ctx: 'establishmentId' } }, reason: 'Petite structure : la maîtresse de maison sert tous les groupes.' }]),
    );
    expect(saved.status).toBe(200);
    expect((await maisonA.get(`/api/dossiers/${inA2.id}`)).status).toBe(200);
    expect((await maisonB.get(`/api/dossiers/${inB2.id}`)).status).toBe(404);
    const listA = await maisonA.get('/api/dossiers?q=autregroupe');
    expect(listA.body.items.map((d: { id: string }) => d.id)).toEqual([inA2.id]);
    const listB = await maisonB.get('/api/dossiers?q=autregroupe');
    expect(listB.body.items).toEqual([]);
    const effectiveA = await qualite.get(`/api/metadata/profiles/maitresse_maison/effective?establishment=${w.estA}`);
    const effectiveB = await qualite.get(`/api/metadata/profiles/maitresse_maison/effective?establishment=${w.estB}`);
    expect(effectiveA.body.content.rules.length).toBe(effectiveB.body.content.rules.length + 1);
    expect(effectiveA.body.hash).not.toBe(effectiveB.body.hash);
  });
});
