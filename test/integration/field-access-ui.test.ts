/**
 * What the UI is told of a form's fields (ADR 0006, ADR 0012): the fields the user may not read
 * (`hiddenPaths`, never rendered) and those they may read but not write (`readOnlyPaths`), on the
 * effective form for a dossier and on a saved submission; and a submission of which the user may
 * read no field at all is not listed to them (the usager portal), pagination included.
 */
import { localDate } from '@cordee/core';
import { insertCareTeamMember, insertRevision, insertSubmission } from '@cordee/db';
import { effectiveFor, persistEffective } from '@cordee/server/src/metadata/effective';
import { createDossier, identity } from '../helpers/dossier-world';
import { type TestUser, createOrganisation, createUser } from '../helpers/fixtures';
import type { HttpClient } from '../helpers/http-client';
import { qualityManager } from '../helpers/metadata';
import { type TestServer, startTestServer } from '../helpers/test-server';

const mixedForm = {
  title: 'Suivi mixte (test)',
  schema: {
    type: 'object',
    required: ['observation', 'suivi_psy'],
    properties: {
      observation: { type: 'string', title: 'Observation du quotidien', 'x-cordee-category': 'daily_life' },
      identite: { type: 'string', title: 'Nom d’usage', 'x-cordee-category': 'identity' },
      suivi_psy: { type: 'string', title: 'Notes du psychologue', 'x-cordee-category': 'psychology_notes' },
      sante: { type: 'object', title: 'Santé', 'x-cordee-category': 'health', properties: { allergies: { type: 'string', title: 'Allergies' } } },
    },
  },
  uiSchema: { 'ui:order': ['observation', 'identite', 'suivi_psy', 'sante'] },
};
const notesForm = {
  title: 'Notes seules (test)',
  schema: { type: 'object', properties: { note: { type: 'string', title: 'Note', 'x-cordee-category': 'psychology_notes' } } },
  uiSchema: {},
};

describe('field access told to the UI', () => {
  let server: TestServer;
  let estA: string;
  let estB: string;
  let users: Record<'chef' | 'educateur' | 'psychologue' | 'usager' | 'chefB', TestUser>;
  let dossier: { id: string };
  let dossierB: { id: string };
  const clients = new Map<string, HttpClient>();
  const as = async (who: keyof typeof users) => {
    let client = clients.get(who);
    if (!client) {
      client = server.client();
      expect((await client.login(users[who].login, users[who].password)).status).toBe(200);
      clients.set(who, client);
    }
    return client;
  };
  const seedFinal = async (formKey: string, data: Record<string, unknown>, author: TestUser) =>
    server.db.transaction(async (trx) => {
      const effective = await effectiveFor(server.deps, 'form', formKey, estA);
      await persistEffective(trx, effective);
      const submission = await insertSubmission(trx, { dossierId: dossier.id, establishmentId: estA, unitId: unitA1, formKind: 'form', formKey, status: 'final', createdBy: author.id });
      await insertRevision(trx, { submissionId: submission.id, revision: 1, status: 'final', data, computed: {}, gridResult: null, carried: [], formVersionId: effective.baseVersionId, effectiveHash: effective.hash, diff: [], createdBy: author.id });
      return submission.id;
    });
  let unitA1: string;

  beforeAll(async () => {
    server = await startTestServer();
    const org = await createOrganisation(server.db, 'Association Champs');
    estA = org.establishments[0]!.id;
    estB = org.establishments[1]!.id;
    unitA1 = org.establishments[0]!.unitIds[0]!;
    users = {
      chef: await createUser(server.db, 'champs.chef', [{ profile: 'chef_service', establishmentId: estA }]),
      educateur: await createUser(server.db, 'champs.educ', [{ profile: 'educateur_specialise', establishmentId: estA, unitId: unitA1 }]),
      psychologue: await createUser(server.db, 'champs.psy', [{ profile: 'psychologue', establishmentId: estA }]),
      usager: await createUser(server.db, 'champs.usager', [{ profile: 'usager' }]),
      chefB: await createUser(server.db, 'champs.chef.b', [{ profile: 'chef_service', establishmentId: estB }]),
    };
    const publisher = await qualityManager(server, 'champs.qualite');
    await publisher.publish('forms', 'mixte', mixedForm);
    await publisher.publish('forms', 'notes-seules', notesForm);
    const placement = { startDate: localDate(new Date(Date.now() - 30 * 86_400_000)), legalBasis: 'assistance_educative' };
    dossier = await createDossier(await as('chef'), { identity: identity({ birthName: 'CHAMPS' }), establishmentId: estA, unitId: unitA1, status: 'admitted', placement });
    dossierB = await createDossier(await as('chefB'), { identity: identity({ birthName: 'AILLEURS' }), establishmentId: estB, unitId: org.establishments[1]!.unitIds[0]!, status: 'admitted', placement });
    for (const [who, role] of [['psychologue', 'psychologue'], ['educateur', 'referent']] as const) {
      await insertCareTeamMember(server.db, { dossierId: dossier.id, accountId: users[who].id, role, startDate: placement.startDate });
    }
    await server.db('account_dossier_link').insert({ account_id: users.usager.id, dossier_id: dossier.id, relation: 'usager' });
  });
  afterAll(() => server.close());

  const effective = (client: HttpClient, query: string) => client.get(`/api/metadata/forms/mixte/effective?${query}`);

  it('tells the éducateur which fields of a new submission not to render and which to render read-only', async () => {
    const response = await effective(await as('educateur'), `establishment=${estA}&dossier=${dossier.id}`);
    expect(response.status).toBe(200);
    expect(response.body.hiddenPaths).toEqual(expect.arrayContaining(['/suivi_psy', '/sante']));
    expect(response.body.hiddenPaths).not.toContain('/observation');
    // identity: readable, not writable by an éducateur
    expect(response.body.readOnlyPaths).toEqual(['/identite']);
    // the form itself is unchanged: the UI removes what it is told
    expect(Object.keys(response.body.content.schema.properties)).toHaveLength(4);
  });

  it('answers per user and record: the psychologist writes their own notes, no health field', async () => {
    const response = await effective(await as('psychologue'), `establishment=${estA}&dossier=${dossier.id}`);
    expect(response.status).toBe(200);
    expect(response.body.hiddenPaths).toEqual(['/sante']);
    expect(response.body.readOnlyPaths).toEqual(expect.arrayContaining(['/identite']));
    expect(response.body.readOnlyPaths).not.toContain('/suivi_psy');
  });

  it('says nothing of fields without a dossier; refuses a dossier of another establishment or out of reach', async () => {
    const bare = await effective(await as('educateur'), `establishment=${estA}`);
    expect(bare.status).toBe(200);
    expect(bare.body.hiddenPaths).toBeUndefined();
    const elsewhere = await effective(await as('chef'), `establishment=${estA}&dossier=${dossierB.id}`);
    expect(elsewhere.status).toBe(404); // the chef of A may not read B's dossier: no hint it exists
    const mismatch = await effective(await as('chefB'), `establishment=${estB}&dossier=${dossier.id}`);
    expect(mismatch.status).toBe(404);
    const bad = await effective(await as('educateur'), `establishment=${estA}&dossier=pas-un-uuid`);
    expect(bad.status).toBe(422);
  });

  it('a saved submission carries its hidden and read-only paths, and no hidden value', async () => {
    const id = await seedFinal('mixte', { observation: 'Bonne journée', identite: 'Champs', suivi_psy: 'secret-psy', sante: { allergies: 'secret-sante' } }, users.psychologue);
    const read = await (await as('educateur')).get(`/api/submissions/${id}`);
    expect(read.status).toBe(200);
    expect(read.body.hiddenPaths).toEqual(expect.arrayContaining(['/suivi_psy', '/sante']));
    expect(read.body.readOnlyPaths).toEqual(['/identite']);
    expect(read.text).not.toMatch(/secret-psy|secret-sante/);
    const psy = await (await as('psychologue')).get(`/api/submissions/${id}`);
    expect(psy.body.hiddenPaths).toEqual(['/sante']);
    expect(psy.body.data.suivi_psy).toBe('secret-psy');
  });

  it('does not list to the usager a submission of which they may read nothing, across pages', async () => {
    const older = await seedFinal('mixte', { observation: 'Ancienne', suivi_psy: 'x' }, users.psychologue);
    const notes = await seedFinal('notes-seules', { note: 'note-privee' }, users.psychologue);
    const newer = await seedFinal('mixte', { observation: 'Récente', suivi_psy: 'y' }, users.psychologue);
    const usager = await as('usager');
    const all = await usager.get(`/api/dossiers/${dossier.id}/submissions?limit=100`);
    expect(all.status).toBe(200);
    const ids = all.body.items.map((i: { id: string }) => i.id);
    expect(ids).toEqual(expect.arrayContaining([older, newer]));
    expect(ids).not.toContain(notes);
    expect(all.text).not.toContain('Notes seules');
    // one by one: the hidden one between them is skipped, not an empty page nor a lost one
    const first = await usager.get(`/api/dossiers/${dossier.id}/submissions?limit=1`);
    expect(first.body.items.map((i: { id: string }) => i.id)).toEqual([newer]);
    const second = await usager.get(`/api/dossiers/${dossier.id}/submissions?limit=1&cursor=${encodeURIComponent(first.body.nextCursor)}`);
    expect(second.body.items.map((i: { id: string }) => i.id)).toEqual([older]);
    // the author still sees their notes listed
    const psy = await (await as('psychologue')).get(`/api/dossiers/${dossier.id}/submissions?limit=100`);
    expect(psy.body.items.map((i: { id: string }) => i.id)).toContain(notes);
  });
});
