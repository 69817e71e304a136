/**
 * The hot path of a final submission (docs/adr/0014-hot-paths-in-few-statements.md): the head, the
 * first revision, the effective form and the audit event written by one statement — all or
 * nothing, also under concurrency — and abilities reused across requests only while their inputs
 * are unchanged, so a withdrawn profile applies at the next request of the same session.
 */
import { randomUUID } from 'node:crypto';
import { insertFirstRevision } from '@cordee/db';
import { type DossierWorld, createDossier, dossierWorld, identity } from '../helpers/dossier-world';
import { createUser } from '../helpers/fixtures';
import type { HttpClient } from '../helpers/http-client';
import { qualityManager } from '../helpers/metadata';
import { type TestServer, startTestServer } from '../helpers/test-server';

const noteForm = {
  title: 'Note d’observation',
  schema: {
    type: 'object',
    required: ['date', 'texte'],
    properties: {
      date: { type: 'string', format: 'date', title: 'Date' },
      texte: { type: 'string', title: 'Observation', maxLength: 500 },
      heures: { type: 'integer', title: 'Heures', minimum: 0 },
      double: { type: ['integer', 'null'], title: 'Double des heures', readOnly: true, 'x-cordee-computed': 'if heures = null then null else heures * 2' },
    },
  },
  uiSchema: {},
};

describe('submission write path', () => {
  let server: TestServer;
  let world: DossierWorld;
  let chefA: HttpClient;
  let dossierId: string;

  beforeAll(async () => {
    server = await startTestServer();
    world = await dossierWorld(server, 'ecriture');
    const quality = await qualityManager(server, 'ecriture.rq');
    expect(await quality.publish('forms', 'note', noteForm)).toBe('1.0.0');
    chefA = await world.as('chefA');
    dossierId = (await createDossier(chefA, { identity: identity(), establishmentId: world.estA, unitId: world.unitA1, status: 'admitted' })).id;
  });
  afterAll(() => server.close());

  it('stores concurrent final submissions each with its own revision, computed values and audit event', async () => {
    const answers = Array.from({ length: 16 }, (_, i) => ({ date: '2026-03-01', texte: `Observation ${i}`, heures: i }));
    const responses = await Promise.all(answers.map((data) => chefA.post(`/api/dossiers/${dossierId}/submissions`, { form: 'note', status: 'final', data })));
    expect(responses.map((r) => r.status)).toEqual(answers.map(() => 201));
    const ids = responses.map((r) => r.body.id as string);
    expect(new Set(ids).size).toBe(16);
    responses.forEach((r, i) => expect(r.body).toMatchObject({ revision: 1, lockVersion: 1, status: 'final', data: answers[i], computed: { '/double': i * 2 } }));

    const revisions = await server.db('submission_revision').whereIn('submission_id', ids).select('submission_id', 'revision', 'data', 'computed', 'diff', 'effective_hash');
    expect(revisions).toHaveLength(16);
    for (const revision of revisions) {
      const i = ids.indexOf(revision.submission_id);
      expect(revision).toMatchObject({ revision: 1, data: answers[i], computed: { '/double': i * 2 } });
      // a first revision's diff adds every stored answer, the computed one included
      expect(revision.diff).toHaveLength(Object.keys(revision.data).length);
    }
    // the effective form is stored once, whatever the number of records captured with it
    const hashes = [...new Set(revisions.map((r) => String(r.effective_hash).trim()))];
    expect(hashes).toHaveLength(1);
    expect(await server.db('effective_artefact').where({ hash: hashes[0] }).count({ n: '*' }).first()).toEqual({ n: '1' });

    await server.sealAudit();
    const events = await server.db('audit_log').where({ action: 'submission.create' }).whereIn('target_id', ids).select('target_id', 'actor_account_id', 'dossier_id', 'detail');
    expect(events).toHaveLength(16);
    expect(new Set(events.map((e) => e.target_id))).toEqual(new Set(ids));
    for (const event of events) {
      expect(event).toMatchObject({ actor_account_id: world.users.chefA.id, dossier_id: dossierId, detail: expect.objectContaining({ form: 'note', status: 'final', answers: 4 }) });
    }
  });

  it('writes nothing at all when any part of the statement fails', async () => {
    const id = randomUUID();
    const version = await server.db('artefact_version').where({ kind: 'form', key: 'note' }).first('id');
    const pendingBefore = await server.db('audit_pending').count({ n: '*' }).first();
    const write = insertFirstRevision(server.db, {
      submission: { id, dossierId, establishmentId: world.estA, unitId: world.unitA1, formKind: 'form', formKey: 'note', status: 'final', createdBy: world.users.chefA.id },
      revision: { status: 'final', data: { texte: 'x' }, computed: {}, gridResult: null, carried: [], formVersionId: version.id, effectiveHash: 'f'.repeat(64), diff: [], createdBy: world.users.chefA.id },
      // an effective form that was never stored: the revision's foreign key fails at the end of the statement
      effective: null,
      audit: { action: 'submission.create', targetType: 'submission', targetId: id, dossierId, establishmentId: world.estA, actorAccountId: world.users.chefA.id, actorProfile: 'chef_service', requestId: 'test', purpose: null, ip: null, outcome: 'success', detail: null },
    });
    await expect(write).rejects.toMatchObject({ code: '23503' });
    expect(await server.db('submission').where({ id }).first()).toBeUndefined();
    expect(await server.db('submission_revision').where({ submission_id: id }).first()).toBeUndefined();
    expect(await server.db('audit_pending').count({ n: '*' }).first()).toEqual(pendingBefore);
    await server.sealAudit();
    expect(await server.db('audit_log').where({ target_id: id }).first()).toBeUndefined();
  });

  it('applies a withdrawn profile at the next request of the same session', async () => {
    const chef = await createUser(server.db, 'ecriture.chef.retire', [{ profile: 'chef_service', establishmentId: world.estA }]);
    const client = server.client();
    expect((await client.login(chef.login, chef.password)).status).toBe(200);
    const post = () => client.post(`/api/dossiers/${dossierId}/submissions`, { form: 'note', status: 'final', data: { date: '2026-03-02', texte: 'Avant le retrait' } });
    expect((await post()).status).toBe(201);
    expect((await post()).status).toBe(201);

    await server.db('account_profile').where({ account_id: chef.id }).update({ valid_from: '1999-01-01', valid_to: '2000-01-01' });
    const refused = await post();
    expect(refused.status).toBe(403);
    expect(await server.db('submission').where({ created_by: chef.id }).count({ n: '*' }).first()).toEqual({ n: '2' });

    // and given back: the same session gets its rights again, without logging in anew
    await server.db('account_profile').where({ account_id: chef.id }).update({ valid_to: null });
    expect((await post()).status).toBe(201);
  });
});
