/**
 * Read receipts of transmissions (Ségur ACC-2, COO-3): staff on shift list the transmissions of
 * their unit they have not read yet (filtered in SQL), mark them read; a new revision by someone
 * else makes one unread again; its author and the encadrement see who read it. Checked like
 * reading the submission, audited, idempotent under concurrent calls.
 */
import { createUser, type TestUser } from '../helpers/fixtures';
import type { HttpClient } from '../helpers/http-client';
import { example } from '../helpers/pack-workflow-driver';
import { sessions } from '../helpers/sessions';
import { type TestServer, startTestServer } from '../helpers/test-server';
import { type WorkflowUser, type WorkflowWorld, workflowWorld } from '../helpers/workflow-world';

let server: TestServer;
let world: WorkflowWorld;
const extra = {} as Record<'moniA1' | 'educA2', TestUser>;
let signedIn: (user: TestUser) => Promise<HttpClient>;
type Actor = WorkflowUser | keyof typeof extra;

const as = (name: Actor): Promise<HttpClient> => (name in extra ? signedIn(extra[name as keyof typeof extra]) : world.as(name as WorkflowUser));

const idOf = (name: Actor) => (name in extra ? extra[name as keyof typeof extra] : world.users[name as WorkflowUser]).id;

interface FeedItem {
  id: string;
  revision: number;
  readByMe: boolean;
  readers: number | null;
}

async function feed(actor: Actor, filter = ''): Promise<{ items: FeedItem[]; nextCursor: string | null }> {
  const response = await (await as(actor)).get(`/api/submissions?form=transmission&unit=${world.unitA1}${filter}`);
  expect(response.status).toBe(200);
  return response.body;
}
const unreadIds = async (actor: Actor) => (await feed(actor, '&unread=true')).items.map((i) => i.id);

async function transmission(actor: Actor, dossierId: string, texte: string, prioritaire = false): Promise<{ id: string; lockVersion: number }> {
  const response = await (await as(actor)).post(`/api/dossiers/${dossierId}/submissions`, { form: 'transmission', status: 'final', data: example('transmission', { texte, prioritaire }) });
  expect(response.status).toBe(201);
  return response.body;
}

const receipts = async (submissionId: string) => server.db('submission_read').where({ submission_id: submissionId }).orderBy('account_id');

async function audited(action: string, targetId: string) {
  await server.sealAudit();
  return server.db('audit_log').where({ action, target_id: targetId }).orderBy('seq');
}

let child: string;
let byEduc: { id: string; lockVersion: number };
let important: { id: string; lockVersion: number };
let newer: { id: string; lockVersion: number };

beforeAll(async () => {
  server = await startTestServer();
  await server.loadPack();
  world = await workflowWorld(server, 'tr');
  signedIn = sessions(server);
  const [unitA1, unitA2] = world.org.establishments[0]!.unitIds as [string, string];
  extra.moniA1 = await createUser(server.db, 'tr.moni.a1', [{ profile: 'moniteur_educateur', establishmentId: world.estA, unitId: unitA1 }]);
  extra.educA2 = await createUser(server.db, 'tr.educ.a2', [{ profile: 'educateur_specialise', establishmentId: world.estA, unitId: unitA2 }]);
  child = await world.dossier();
  byEduc = await transmission('educA1', child, 'Soirée calme, devoirs faits.');
  important = await transmission('moniA1', child, 'Appel du père à 22 h : ne pas le passer à l’enfant.', true);
}, 120_000);

afterAll(async () => {
  await server?.close();
});

describe('unread transmissions of the unit', () => {
  it('tells each member which transmissions they have not read; their own count as read', async () => {
    const educ = await feed('educA1');
    expect(educ.items.map((i) => [i.id, i.readByMe])).toEqual([
      [important.id, false],
      [byEduc.id, true],
    ]);
    expect(await unreadIds('educA1')).toEqual([important.id]);
    expect(await unreadIds('moniA1')).toEqual([byEduc.id]);
    expect(await unreadIds('chefA')).toEqual([important.id, byEduc.id]);
  });

  it('marks one read (idempotent, audited in the same transaction): it leaves the unread list only of that reader', async () => {
    const educ = await as('educA1');
    const first = await educ.post(`/api/submissions/${important.id}/read`);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ submissionId: important.id, revision: 1, readAt: expect.any(String) });
    const again = await educ.post(`/api/submissions/${important.id}/read`);
    expect(again.body).toEqual(first.body);
    expect(await unreadIds('educA1')).toEqual([]);
    expect((await feed('educA1')).items.find((i) => i.id === important.id)!.readByMe).toBe(true);
    expect(await unreadIds('chefA')).toEqual([important.id, byEduc.id]);
    expect(await receipts(important.id)).toEqual([expect.objectContaining({ account_id: idOf('educA1'), revision: 1 })]);
    const events = await audited('submission.mark_read', important.id);
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({ actor_account_id: idOf('educA1'), dossier_id: child, outcome: 'success', detail: { form: 'transmission', revision: 1 } });
  });

  it('pages through the unread ones only (the filter is in the query, not applied to a loaded page)', async () => {
    const chef = await as('chefA');
    newer = await transmission('moniA1', child, 'Rendez-vous chez l’orthophoniste déplacé à jeudi.');
    expect((await chef.post(`/api/submissions/${newer.id}/read`)).status).toBe(200);
    const firstPage = await feed('chefA', '&unread=true&limit=1');
    expect(firstPage.items.map((i) => i.id)).toEqual([important.id]);
    expect(firstPage.nextCursor).not.toBeNull();
    const secondPage = await feed('chefA', `&unread=true&limit=1&cursor=${encodeURIComponent(firstPage.nextCursor!)}`);
    expect(secondPage.items.map((i) => i.id)).toEqual([byEduc.id]);
  });

  it('shows who read it to its author and the encadrement, a count in the feed; not to another reader', async () => {
    for (const who of ['chefA', 'dirA'] as const) {
      const readers = await (await as(who)).get(`/api/submissions/${important.id}/readers`);
      expect(readers.status).toBe(200);
      expect(readers.body).toEqual({
        submissionId: important.id,
        currentRevision: 1,
        items: [{ accountId: idOf('educA1'), displayName: expect.any(String), revision: 1, readAt: expect.any(String), current: true }],
      });
    }
    // the author (a moniteur, no access to the staff directory) sees the readers of their own transmission
    expect((await (await as('moniA1')).get(`/api/submissions/${important.id}/readers`)).status).toBe(200);
    expect((await feed('chefA')).items.find((i) => i.id === important.id)!.readers).toBe(1);
    // an éducateur who did not write it: neither the count nor the list
    expect((await feed('educA1')).items.find((i) => i.id === important.id)!.readers).toBeNull();
    expect((await feed('educA1')).items.find((i) => i.id === byEduc.id)!.readers).toBe(0);
    const refused = await (await as('educA1')).get(`/api/submissions/${important.id}/readers`);
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    const events = await audited('submission.readers.read', important.id);
    expect(events.map((e) => e.actor_account_id)).toEqual([idOf('chefA'), idOf('dirA'), idOf('moniA1')]);
  });

  it('a new revision by someone else makes it unread again for those who had read it; its writer has read it', async () => {
    const current = (await (await as('chefA')).get(`/api/submissions/${important.id}`)).body;
    const revised = await (await as('chefA')).patch(`/api/submissions/${important.id}`, { data: { ...current.data, texte: `${current.data.texte} (précisé par le chef de service)` }, lockVersion: current.lockVersion });
    expect(revised.status).toBe(200);
    expect(await unreadIds('educA1')).toEqual([newer.id, important.id]);
    expect((await feed('chefA')).items.find((i) => i.id === important.id)).toMatchObject({ revision: 2, readByMe: true, readers: 0 });
    const readers = await (await as('chefA')).get(`/api/submissions/${important.id}/readers`);
    expect(readers.body.items).toEqual([expect.objectContaining({ accountId: idOf('educA1'), revision: 1, current: false })]);
    // reading it again records the current revision
    expect((await (await as('educA1')).post(`/api/submissions/${important.id}/read`)).body).toMatchObject({ revision: 2 });
    expect(await unreadIds('educA1')).toEqual([newer.id]);
  });
});

describe('refusals', () => {
  it('answers 401 without a session, 404 to staff who may not read it, for an unknown or malformed id; writes nothing', async () => {
    const before = await receipts(byEduc.id);
    expect((await server.client().post(`/api/submissions/${byEduc.id}/read`)).status).toBe(401);
    for (const outsider of ['educA2', 'chefB'] as const) {
      const client = await as(outsider);
      expect((await client.get(`/api/submissions/${byEduc.id}`)).status).toBe(404);
      const refused = await client.post(`/api/submissions/${byEduc.id}/read`);
      expect(refused.status).toBe(404);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      expect((await client.get(`/api/submissions/${byEduc.id}/readers`)).status).toBe(404);
      expect(await unreadIds(outsider)).toEqual([]);
    }
    const educ = await as('educA1');
    expect((await educ.post('/api/submissions/00000000-0000-4000-8000-000000000000/read')).status).toBe(404);
    expect((await educ.post('/api/submissions/pas-un-identifiant/read')).status).toBe(404);
    expect(await receipts(byEduc.id)).toEqual(before);
    const denied = (await audited('submission.mark_read', byEduc.id)).filter((e) => e.outcome === 'denied');
    expect(denied.map((e) => e.actor_account_id).sort()).toEqual([idOf('educA2'), idOf('chefB')].sort());
  });

  it('refuses an unread filter that is not a boolean, naming the parameter', async () => {
    const response = await (await as('educA1')).get(`/api/submissions?form=transmission&unit=${world.unitA1}&unread=peut-etre`);
    expect(response.status).toBe(422);
    expect(JSON.stringify(response.body.issues)).toContain('unread');
  });

  it('stores one receipt when the same reader marks it read many times at once', async () => {
    const fresh = await transmission('educA1', child, 'Retour de week-end : fatigue, s’est couché tôt.');
    const moni = await as('moniA1');
    const answers = await Promise.all(Array.from({ length: 6 }, () => moni.post(`/api/submissions/${fresh.id}/read`)));
    expect(answers.map((a) => a.status)).toEqual(Array(6).fill(200));
    expect(new Set(answers.map((a) => a.body.readAt)).size).toBe(1);
    expect(await receipts(fresh.id)).toHaveLength(1);
    expect(await audited('submission.mark_read', fresh.id)).toHaveLength(6);
  });
});
