/**
 * Internal secure messaging over HTTP (Ségur COO-5 "send an information to a professional", RU-1
 * "send an information to the usager"): colleagues write to each other; about a child, only to
 * those who may read the child's dossier themselves, and to the child and legal representatives
 * when the sender's profile informs families; the portal answers the care team only. Boxes are
 * filtered in SQL to the caller, paginated, every send and every read of a message about a child
 * is audited, and a message whose dossier its reader may no longer read stays listed but closed.
 */
import { localDate } from '@cordee/core';
import { type DossierWorld, createDossier, dossierWorld, identity } from '../helpers/dossier-world';
import { type TestUser, createUser } from '../helpers/fixtures';
import type { HttpClient } from '../helpers/http-client';
import { type TestServer, startTestServer } from '../helpers/test-server';

const shift = (days: number) => localDate(new Date(Date.now() + days * 86_400_000));
const UNKNOWN_ID = '6a1c7f0e-3b2d-4c5e-8f90-123456789abc';

describe('internal secure messaging', () => {
  let server: TestServer;
  let w: DossierWorld;
  let extra: Record<'usager' | 'tap' | 'psy2', TestUser>;
  /** Dossier of the unit A1 (care team: educA1 référent, psyA psychologue; portal: usager, tap), and one of the unit A2. */
  let dossier: string;
  let otherDossier: string;
  const clients = new Map<string, HttpClient>();

  type Who = keyof DossierWorld['users'] | keyof typeof extra;
  const as = async (name: Who): Promise<HttpClient> => {
    if (name in w.users) return w.as(name as keyof DossierWorld['users']);
    let client = clients.get(name);
    if (!client) {
      client = server.client();
      const user = extra[name as keyof typeof extra];
      expect((await client.login(user.login, user.password)).status).toBe(200);
      clients.set(name, client);
    }
    return client;
  };
  const idOf = (name: Who) => (name in w.users ? w.users[name as keyof DossierWorld['users']] : extra[name as keyof typeof extra]).id;
  const nameOf = (name: Who) => `Test ${(name in w.users ? w.users[name as keyof DossierWorld['users']] : extra[name as keyof typeof extra]).login}`;
  const send = async (from: Who, body: Record<string, unknown>) => (await as(from)).post('/api/messages', body);
  const sent = async (from: Who, body: Record<string, unknown>) => {
    const response = await send(from, body);
    expect(response.status).toBe(201);
    return response.body as { id: string; subject: string; threadId: string; replyToId: string | null; dossier: { id: string; name: string } | null };
  };
  const box = async (who: Who, query = '') => {
    const response = await (await as(who)).get(`/api/messages${query}`);
    expect(response.status).toBe(200);
    return response.body as { items: Array<{ id: string; subject: string | null; accessible: boolean; readAt: string | null; dossier: unknown; recipientNames: string[] }>; nextCursor: string | null };
  };
  const unread = async (who: Who) => ((await (await as(who)).get('/api/messages/unread-count')).body as { count: number }).count;
  const counts = async () => ({
    messages: Number((await server.db('message').count<Array<{ count: string }>>('* as count'))[0]!.count),
    recipients: Number((await server.db('message_recipient').count<Array<{ count: string }>>('* as count'))[0]!.count),
    pending: Number((await server.db('audit_pending').count<Array<{ count: string }>>('* as count'))[0]!.count),
  });
  const audited = async (action: string, targetId: string) => {
    await server.sealAudit();
    return server.db('audit_log').where({ action, target_id: targetId }).orderBy('seq');
  };

  beforeAll(async () => {
    server = await startTestServer();
    w = await dossierWorld(server, 'msg');
    extra = {
      usager: await createUser(server.db, 'msg.usager', [{ profile: 'usager' }]),
      tap: await createUser(server.db, 'msg.tap', [{ profile: 'tap' }]),
      psy2: await createUser(server.db, 'msg.psy2', [{ profile: 'psychologue', establishmentId: w.estA }]),
    };
    const chef = await w.as('chefA');
    const placement = { startDate: shift(-200), legalBasis: 'assistance_educative' };
    dossier = (await createDossier(chef, { identity: identity({ birthName: 'MESSAGER', firstNames: 'Léa' }), establishmentId: w.estA, unitId: w.unitA1, status: 'admitted', placement })).id;
    otherDossier = (await createDossier(chef, { identity: identity({ birthName: 'AUTRE' }), establishmentId: w.estA, unitId: w.unitA2, status: 'admitted', placement })).id;
    for (const [member, role] of [
      [w.users.educA1.id, 'referent'],
      [w.users.psyA.id, 'psychologue'],
      [extra.psy2.id, 'psychologue'],
    ] as const) {
      expect((await chef.post(`/api/dossiers/${dossier}/care-team`, { accountId: member, role, startDate: shift(-30) })).status).toBe(201);
    }
    await server.db('account_dossier_link').insert([
      { account_id: extra.usager.id, dossier_id: dossier, relation: 'usager' },
      { account_id: extra.tap.id, dossier_id: dossier, relation: 'legal_representative' },
    ]);
  });
  afterAll(() => server.close());

  it('asks for a session: 401 on every route without one', async () => {
    const anonymous = server.client();
    for (const response of [
      await anonymous.get('/api/messages'),
      await anonymous.post('/api/messages', { recipientIds: [w.users.educA2.id], subject: 'a', body: 'b' }),
      await anonymous.get(`/api/messages/${UNKNOWN_ID}`),
      await anonymous.get('/api/messages/recipients'),
      await anonymous.get('/api/messages/unread-count'),
    ]) {
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
    }
  });

  it('sends a message to a colleague, who finds it unread in the inbox, reads it (marked read) and sees no one else’s', async () => {
    const before = await unread('educA2');
    const message = await sent('educA1', { recipientIds: [w.users.educA2.id], subject: 'Réunion d’équipe', body: 'La réunion est déplacée à jeudi 14 h.' });
    expect(message).toMatchObject({ subject: 'Réunion d’équipe', dossier: null, replyToId: null, threadId: message.id });
    expect(await unread('educA2')).toBe(before + 1);
    const inbox = await box('educA2', '?unread=true');
    expect(inbox.items.find((i) => i.id === message.id)).toMatchObject({ subject: 'Réunion d’équipe', readAt: null, accessible: true });

    const read = await (await as('educA2')).get(`/api/messages/${message.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ body: 'La réunion est déplacée à jeudi 14 h.', sender: { id: w.users.educA1.id, name: nameOf('educA1') }, readAt: expect.any(String) });
    expect(read.body.recipients).toEqual([{ id: w.users.educA2.id, name: nameOf('educA2'), readAt: read.body.readAt }]);
    expect(await unread('educA2')).toBe(before);
    expect((await box('educA2', '?unread=true')).items.map((i) => i.id)).not.toContain(message.id);
    // the sender's box lists it with its recipients; the recipient's inbox holds only messages addressed to them
    expect((await box('educA1', '?box=sent')).items.find((i) => i.id === message.id)?.recipientNames).toEqual([nameOf('educA2')]);
    const addressed = await server.db('message_recipient').where({ account_id: w.users.educA2.id }).pluck('message_id');
    expect((await box('educA2', '?limit=200')).items.every((i) => addressed.includes(i.id))).toBe(true);
    // sending is audited; reading a message about no child is not a read of a child's data
    expect(await audited('message.send', message.id)).toHaveLength(1);
    expect(await audited('message.read', message.id)).toHaveLength(0);
  });

  it('about a child: sends to colleagues who read the dossier, audits the send and every read with the dossier', async () => {
    const message = await sent('chefA', { recipientIds: [w.users.educA1.id, w.users.psyA.id], subject: 'Audience', body: 'Audience chez le juge le 12.', dossierId: dossier });
    expect(message.dossier).toEqual({ id: dossier, number: expect.any(String), name: 'MESSAGER Léa' });
    const read = await (await as('psyA')).get(`/api/messages/${message.id}`);
    expect(read.status).toBe(200);
    expect(read.body.dossier.id).toBe(dossier);
    expect((await box('psyA', `?dossier=${dossier}`)).items.map((i) => i.id)).toContain(message.id);
    expect((await box('psyA', `?dossier=${otherDossier}`)).items).toEqual([]);
    const [sendAudit] = await audited('message.send', message.id);
    expect(sendAudit).toMatchObject({ dossier_id: dossier, actor_account_id: w.users.chefA.id, establishment_id: w.estA });
    const reads = await audited('message.read', message.id);
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({ dossier_id: dossier, actor_account_id: w.users.psyA.id, target_type: 'message' });
    // the sender re-reading it is a read of the child's data too
    expect((await (await as('chefA')).get(`/api/messages/${message.id}`)).status).toBe(200);
    expect(await audited('message.read', message.id)).toHaveLength(2);
  });

  it('refuses, naming them, a colleague who may not read the child’s dossier: nothing is written', async () => {
    const before = await counts();
    const refused = await send('chefA', { recipientIds: [w.users.psyA.id, w.users.educA2.id], subject: 'Audience', body: 'Audience le 12.', dossierId: dossier });
    expect(refused.status).toBe(422);
    expect(refused.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(refused.body.code).toBe('MESSAGE_RECIPIENT_NO_DOSSIER_ACCESS');
    expect(refused.body.detail).toContain(nameOf('educA2'));
    expect(refused.body.issues).toEqual([{ path: '/recipientIds/1', message: expect.stringContaining('n’a pas accès au dossier') }]);
    expect(await counts()).toEqual(before);
    // without the child, the same colleague may be written to
    expect((await send('chefA', { recipientIds: [w.users.educA2.id], subject: 'Planning', body: 'Le planning est affiché.' })).status).toBe(201);
  });

  it('refuses unknown recipients without naming them: another establishment’s staff, an unknown id, a portal account without the child', async () => {
    for (const recipient of [w.users.chefB.id, UNKNOWN_ID, extra.usager.id]) {
      const refused = await send('chefA', { recipientIds: [recipient], subject: 'Bonjour', body: 'Un message.' });
      expect(refused.status).toBe(422);
      expect(refused.body.code).toBe('MESSAGE_RECIPIENT_UNKNOWN');
      expect(refused.body.detail).not.toContain('Test');
      expect(refused.body.issues[0].path).toBe('/recipientIds/0');
    }
    // someone holding a profile in both establishments is a colleague of each
    expect((await send('chefB', { recipientIds: [w.users.chefAB.id], subject: 'Bonjour', body: 'Un message.' })).status).toBe(201);
  });

  it('refuses bad inputs in French, naming the field', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ recipientIds: [w.users.educA2.id], subject: 'Vide', body: '' }, '/body'],
      [{ recipientIds: [w.users.educA2.id], subject: 'Blancs', body: '  \n ' }, '/body'],
      [{ recipientIds: [w.users.educA2.id], subject: 'Long', body: 'x'.repeat(10_001) }, '/body'],
      [{ recipientIds: [w.users.educA2.id], subject: 'y'.repeat(201), body: 'b' }, '/subject'],
      [{ recipientIds: [w.users.educA2.id], body: 'Sans objet' }, '/subject'],
      [{ recipientIds: [], subject: 'Personne', body: 'b' }, '/recipientIds'],
      [{ recipientIds: Array.from({ length: 21 }, (_, i) => `6a1c7f0e-3b2d-4c5e-8f90-${String(i).padStart(12, '0')}`), subject: 'Tout le monde', body: 'b' }, '/recipientIds'],
      [{ recipientIds: [w.users.educA1.id], subject: 'À moi', body: 'b' }, '/recipientIds/0'],
      [{ recipientIds: [w.users.educA2.id, w.users.educA2.id.toUpperCase()], subject: 'Deux fois', body: 'b' }, '/recipientIds/1'],
      [{ recipientIds: ['pas-un-uuid'], subject: 'a', body: 'b' }, '/recipientIds/0'],
      [{ recipientIds: [w.users.educA2.id], subject: 'a', body: 'b', cc: [] }, '/cc'],
      [{ recipientIds: [w.users.educA2.id], subject: 'a', body: 'b', dossierId: otherDossier }, '/dossierId'],
      [{ recipientIds: [w.users.educA2.id], subject: 'a', body: 'b', replyToId: UNKNOWN_ID }, '/replyToId'],
    ];
    const before = await counts();
    for (const [body, path] of cases) {
      const refused = await send('educA1', body);
      expect({ path, status: refused.status, code: refused.body.code }).toEqual({ path, status: 422, code: 'VALIDATION_FAILED' });
      expect(refused.body.issues.map((i: { path: string }) => i.path)).toContain(path);
      expect(refused.body.issues.every((i: { message: string }) => /[a-zé]/.test(i.message))).toBe(true);
    }
    expect(await counts()).toEqual(before);
    expect((await (await as('educA2')).get('/api/messages?cursor=nimportequoi')).status).toBe(422);
  });

  it('lets a profile that informs families write to the child and the legal representative, who read it in the portal and reply to the care team', async () => {
    const refused = await send('secA', { recipientIds: [extra.usager.id], subject: 'Rendez-vous', body: 'b', dossierId: dossier });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('MESSAGE_USAGER_NOT_ALLOWED');

    const message = await sent('educA1', { recipientIds: [extra.usager.id, extra.tap.id], subject: 'Sortie au musée', body: 'Samedi, sortie au musée : prévoir un goûter.', dossierId: dossier });
    expect(await unread('usager')).toBe(1);
    const portalInbox = await box('usager');
    expect(portalInbox.items.map((i) => i.id)).toEqual([message.id]);
    const read = await (await as('usager')).get(`/api/messages/${message.id}`);
    expect(read.status).toBe(200);
    expect(read.body.body).toContain('musée');
    expect((await audited('message.read', message.id)).map((r: { actor_account_id: string }) => r.actor_account_id)).toEqual([extra.usager.id]);

    // the reply keeps the child and the thread, and takes « Re : » and the subject when none is given
    const reply = await sent('usager', { recipientIds: [w.users.educA1.id], body: 'D’accord, merci !', replyToId: message.id });
    expect(reply).toMatchObject({ subject: 'Re : Sortie au musée', replyToId: message.id, threadId: message.id, dossier: { id: dossier } });
    expect((await box('educA1', '?unread=true')).items.map((i) => i.id)).toContain(reply.id);
    // a reply cannot move the message to another child
    const moved = await send('educA1', { recipientIds: [extra.usager.id], body: 'b', replyToId: reply.id, dossierId: otherDossier });
    expect(moved.status).toBe(422);
    expect(moved.body.issues[0].path).toBe('/dossierId');
  });

  it('from the portal: the care team only, about one’s own dossier', async () => {
    // the chef de service reads the dossier but is not in the care team; the legal representative is no professional
    for (const recipient of [w.users.chefA.id, extra.tap.id, w.users.educA2.id]) {
      const refused = await send('usager', { recipientIds: [recipient], subject: 'Question', body: 'Bonjour', dossierId: dossier });
      expect(refused.status).toBe(422);
      expect(refused.body.code).toBe('MESSAGE_OUTSIDE_CARE_TEAM');
      expect(refused.body.detail).not.toContain('Test');
    }
    const withoutDossier = await send('usager', { recipientIds: [w.users.educA1.id], subject: 'Question', body: 'Bonjour' });
    expect(withoutDossier.status).toBe(422);
    expect(withoutDossier.body.issues[0].path).toBe('/dossierId');
    const notMine = await send('usager', { recipientIds: [w.users.educA1.id], subject: 'Question', body: 'Bonjour', dossierId: otherDossier });
    expect(notMine.status).toBe(422);
    expect(notMine.body.issues[0].path).toBe('/dossierId');
    expect((await send('tap', { recipientIds: [w.users.psyA.id], subject: 'Question', body: 'Bonjour', dossierId: dossier })).status).toBe(201);
  });

  it('offers in the directory the colleagues of one’s establishments, whether each reads the child’s dossier, and the family only to those who may inform it', async () => {
    const directory = async (who: Who, query: string) => {
      const response = await (await as(who)).get(`/api/messages/recipients${query}`);
      expect(response.status).toBe(200);
      return response.body.items as Array<{ id: string; relation: string; dossierAccess: boolean | null; detail: string }>;
    };
    const plain = await directory('educA1', '');
    const ids = plain.map((i) => i.id);
    expect(ids).toEqual(expect.arrayContaining([w.users.educA2.id, w.users.chefA.id, w.users.psyA.id, w.users.secA.id, w.users.chefAB.id]));
    expect(ids).not.toContain(w.users.chefB.id);
    expect(ids).not.toContain(w.users.educA1.id);
    expect(ids).not.toContain(extra.usager.id);
    expect(plain.find((i) => i.id === w.users.psyA.id)).toMatchObject({ relation: 'professional', dossierAccess: null, detail: 'Psychologue' });

    const about = await directory('educA1', `?dossier=${dossier}`);
    expect(about.find((i) => i.id === w.users.psyA.id)?.dossierAccess).toBe(true);
    expect(about.find((i) => i.id === w.users.educA2.id)?.dossierAccess).toBe(false);
    expect(about.filter((i) => i.relation !== 'professional').map((i) => [i.id, i.relation])).toEqual([
      [extra.usager.id, 'usager'],
      [extra.tap.id, 'legal_representative'],
    ]);
    expect((await directory('secA', `?dossier=${dossier}`)).filter((i) => i.relation !== 'professional')).toEqual([]);
    // typed without accents nor case, every word must match
    expect((await directory('educA1', '?q=EDUC%20a2')).map((i) => i.id)).toEqual([w.users.educA2.id]);
    // a dossier the caller may not read answers 404
    expect((await (await as('educA2')).get(`/api/messages/recipients?dossier=${dossier}`)).status).toBe(404);

    const portal = await directory('usager', `?dossier=${dossier}`);
    expect(portal.map((i) => i.id).sort()).toEqual([w.users.educA1.id, w.users.psyA.id, extra.psy2.id].sort());
    expect(portal.find((i) => i.id === w.users.educA1.id)).toMatchObject({ detail: 'Référent éducatif', dossierAccess: true });
  });

  it('hides another’s message (404), however it is asked for', async () => {
    const message = await sent('educA1', { recipientIds: [w.users.educA2.id], subject: 'Privé', body: 'Entre nous.' });
    for (const who of ['chefB', 'psyA', 'usager'] as const) {
      expect((await (await as(who)).get(`/api/messages/${message.id}`)).status).toBe(404);
      expect((await (await as(who)).post(`/api/messages/${message.id}/read`)).status).toBe(404);
      expect((await box(who, '?limit=200')).items.map((i) => i.id)).not.toContain(message.id);
    }
    expect((await (await as('educA2')).get('/api/messages/not-a-uuid')).status).toBe(404);
    // and one cannot reply to it either
    const reply = await send('psyA', { recipientIds: [w.users.educA1.id], body: 'Je m’invite.', replyToId: message.id });
    expect(reply.status).toBe(422);
    expect(reply.body.issues[0].path).toBe('/replyToId');
    // the recipient marks it read without opening it: 204, once
    expect((await (await as('educA2')).post(`/api/messages/${message.id}/read`)).status).toBe(204);
    const row = await server.db('message_recipient').where({ message_id: message.id, account_id: w.users.educA2.id }).first('read_at');
    expect(row.read_at).toBeInstanceOf(Date);
  });

  it('keeps a message in the box of a recipient who lost access to the child, closed: no subject, no child, 404 when opened', async () => {
    const message = await sent('chefA', { recipientIds: [extra.psy2.id], subject: 'Bilan de Léa', body: 'Le bilan est à relire.', dossierId: dossier });
    const membership = await server.db('care_team_member').where({ dossier_id: dossier, account_id: extra.psy2.id }).first('id');
    expect((await (await as('chefA')).patch(`/api/care-team/${membership.id}`, { endDate: shift(-1) })).status).toBe(200);

    const listed = (await box('psy2')).items.find((i) => i.id === message.id);
    expect(listed).toMatchObject({ accessible: false, subject: null, dossier: null });
    expect(JSON.stringify(await box('psy2'))).not.toMatch(/Léa|MESSAGER|Bilan/);
    expect((await (await as('psy2')).get(`/api/messages/${message.id}`)).status).toBe(404);
    expect(await unread('psy2')).toBe(0);
    expect(await audited('message.read', message.id)).toHaveLength(0);
    // still there, for the sender and in the database
    expect((await box('chefA', '?box=sent')).items.find((i) => i.id === message.id)).toMatchObject({ accessible: true, subject: 'Bilan de Léa' });
  });

  it('two reads of the same message at once: both answer, it is read once, each read is audited', async () => {
    const message = await sent('chefA', { recipientIds: [w.users.psyA.id], subject: 'Synthèse', body: 'À lire.', dossierId: dossier });
    const psy = await as('psyA');
    const [first, second] = await Promise.all([psy.get(`/api/messages/${message.id}`), psy.get(`/api/messages/${message.id}`)]);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(first.body.readAt).toBe(second.body.readAt);
    const row = await server.db('message_recipient').where({ message_id: message.id, account_id: w.users.psyA.id }).first('read_at');
    expect(row.read_at.toISOString()).toBe(first.body.readAt);
    expect(await audited('message.read', message.id)).toHaveLength(2);
  });

  it('pages the inbox newest first with an opaque cursor, without gaps or repeats', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await sent('secA', { recipientIds: [w.users.chefAB.id], subject: `Courrier ${i}`, body: `Courrier n° ${i}` })).id);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await box('chefAB', `?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    const mine = seen.filter((id) => ids.includes(id));
    expect(mine).toEqual([...ids].reverse());
    expect(new Set(seen).size).toBe(seen.length);
    expect(pages).toBeGreaterThanOrEqual(3);
  });
});
