/**
 * Break-glass: opening a dossier beyond one's rules with a reason, for a bounded time, audited,
 * notified to the chefs de service and the data protection officers, and reviewed.
 */
import { localDate } from '@cordee/core';
import { insertCareTeamMember } from '@cordee/db';
import { validateAgainst } from '@cordee/server/src/http/schema-validation';
import { type DossierWorld, createDossier, dossierWorld, identity } from '../helpers/dossier-world';
import { type TestUser, createOrganisation, createUser } from '../helpers/fixtures';
import type { HttpClient } from '../helpers/http-client';
import { type TestServer, startTestServer } from '../helpers/test-server';

const shift = (days: number) => localDate(new Date(Date.now() + days * 86_400_000));
const REASON = 'Chute dans l’escalier, appel du SAMU : besoin des contacts et traitements';

describe('break-glass access', () => {
  let server: TestServer;
  let w: DossierWorld;
  let u: Record<'ideA' | 'ideB' | 'dirA' | 'dirB' | 'dpo' | 'dpoOther' | 'dpoNurse', TestUser>;
  const clients = new Map<string, HttpClient>();

  beforeAll(async () => {
    server = await startTestServer();
    w = await dossierWorld(server, 'bg');
    const elsewhere = await createOrganisation(server.db, 'Autre association', 1);
    u = {
      ideA: await createUser(server.db, 'bg.ide.a', [{ profile: 'infirmier', establishmentId: w.estA }]),
      ideB: await createUser(server.db, 'bg.ide.b', [{ profile: 'infirmier', establishmentId: w.estB }]),
      dirA: await createUser(server.db, 'bg.dir.a', [{ profile: 'directeur', establishmentId: w.estA }]),
      dirB: await createUser(server.db, 'bg.dir.b', [{ profile: 'directeur', establishmentId: w.estB }]),
      dpo: await createUser(server.db, 'bg.dpo', [{ profile: 'dpo' }]),
      dpoOther: await createUser(server.db, 'bg.dpo.other', [{ profile: 'dpo', establishmentId: elsewhere.establishments[0]!.id }]),
      dpoNurse: await createUser(server.db, 'bg.dpo.nurse', [{ profile: 'dpo' }, { profile: 'infirmier', establishmentId: w.estA }]),
    };
  });
  afterAll(() => server.close());

  const as = async (name: keyof DossierWorld['users'] | keyof typeof u): Promise<HttpClient> => {
    if (name in w.users) return w.as(name as keyof DossierWorld['users']);
    let client = clients.get(name);
    if (!client) {
      client = server.client();
      const user = u[name as keyof typeof u];
      expect((await client.login(user.login, user.password)).status).toBe(200);
      clients.set(name, client);
    }
    return client;
  };
  const newDossier = async (birthName: string, establishmentId = w.estA) =>
    createDossier(await as(establishmentId === w.estA ? 'chefA' : 'chefB'), {
      identity: identity({ birthName }),
      establishmentId,
      unitId: establishmentId === w.estA ? w.unitA1 : w.unitB1,
      status: 'admitted',
      placement: { startDate: shift(-100), legalBasis: 'assistance_educative' },
    });
  const breakGlass = async (who: Parameters<typeof as>[0], dossierId: string, body: Record<string, unknown> = { reason: REASON }) =>
    (await as(who)).post(`/api/dossiers/${dossierId}/break-glass`, body);
  const audit = async (where: Record<string, unknown>) => {
    await server.sealAudit();
    return server.db('audit_log').where(where).orderBy('seq');
  };

  it('is refused to a profile without break_glass (403) and without a real reason (422), writing nothing', async () => {
    const d = await newDossier('REFUS');
    expect((await breakGlass('educA1', d.id)).status).toBe(403);
    expect((await breakGlass('secA', d.id)).status).toBe(403);
    const missing = await breakGlass('ideA', d.id, {});
    expect(missing.status).toBe(422);
    expect(missing.body.issues.map((i: { path: string }) => i.path)).toEqual(['/reason']);
    const short = await breakGlass('ideA', d.id, { reason: 'urgence' });
    expect(short.status).toBe(422);
    expect(short.body.issues.map((i: { path: string }) => i.path)).toEqual(['/reason']);
    const blanks = await breakGlass('ideA', d.id, { reason: `   urgence${' '.repeat(20)}` });
    expect(blanks.status).toBe(422);
    expect(blanks.body.issues.map((i: { path: string }) => i.path)).toEqual(['/reason']);
    const tooLong = await breakGlass('ideA', d.id, { reason: REASON, durationMinutes: 241 });
    expect(tooLong.status).toBe(422);
    expect(tooLong.body.issues.map((i: { path: string }) => i.path)).toEqual(['/durationMinutes']);
    expect((await server.client().post(`/api/dossiers/${d.id}/break-glass`, { reason: REASON })).status).toBe(401);
    expect(await server.db('break_glass_access').where({ dossier_id: d.id })).toHaveLength(0);
    expect(await server.db('notification').whereRaw(`payload->>'dossierId' = ?`, [d.id])).toHaveLength(0);
  });

  it('answers 404 outside the perimeter where the user may break the glass (another establishment, unknown id), and 409 when the rules already open the dossier', async () => {
    const inB = await newDossier('AILLEURS', w.estB);
    expect((await breakGlass('ideA', inB.id)).status).toBe(404);
    expect((await breakGlass('ideA', '00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await breakGlass('ideA', 'pas-un-uuid')).status).toBe(404);
    const denied = await audit({ dossier_id: inB.id, action: 'break_glass.open' });
    expect(denied.map((e: { outcome: string; purpose: string }) => [e.outcome, e.purpose])).toEqual([['denied', 'break_glass']]);

    // the nurse of the child's care team already reads all that breaking the glass would give
    const inA = await newDossier('DEJALU');
    await insertCareTeamMember(server.db, { dossierId: inA.id, accountId: u.ideA.id, role: 'infirmier', startDate: shift(-10) });
    const nurse = await breakGlass('ideA', inA.id);
    expect(nurse.status).toBe(409);
    expect(nurse.body.code).toBe('BREAK_GLASS_NOT_NEEDED');
    expect(await server.db('break_glass_access').whereIn('dossier_id', [inA.id, inB.id])).toHaveLength(0);
    // the chef de service reads the dossier, but its medical record only by breaking the glass (pde-domain.md §10.3 row 12)
    const chef = await breakGlass('chefA', inA.id);
    expect(chef.status).toBe(201);
    const opened = await audit({ dossier_id: inA.id, action: 'break_glass.open', outcome: 'success' });
    expect(opened.map((e: { detail: { fields?: string[] } }) => e.detail.fields)).toEqual([['category:health']]);
  });

  it('opens the dossier for the duration only, flags every read in the audit, and notifies the chefs de service and the DPOs', async () => {
    const d = await newDossier('URGENCE');
    const nurse = await as('ideA');
    expect((await nurse.get(`/api/dossiers/${d.id}`)).status).toBe(404);

    const opened = await breakGlass('ideA', d.id, { reason: REASON, durationMinutes: 30 });
    expect(opened.status).toBe(201);
    expect(() => validateAgainst('api/break-glass-grant', opened.body)).not.toThrow();
    const grant = opened.body;
    expect(grant).toMatchObject({ accountId: u.ideA.id, dossierId: d.id, dossierNumber: d.number, establishmentId: w.estA, reason: REASON, active: true, review: null });
    expect(Date.parse(grant.expiresAt) - Date.parse(grant.startedAt)).toBe(30 * 60_000);

    // the same session now reads it, with its placements and care team, and finds it in lists
    const view = await nurse.get(`/api/dossiers/${d.id}?purpose=care`);
    expect(view.status).toBe(200);
    expect(view.body.placements).toHaveLength(1);
    const list = await nurse.get('/api/dossiers?q=urgence');
    expect(list.body.items.map((i: { id: string }) => i.id)).toEqual([d.id]);
    // reading is all it gives
    expect((await nurse.patch(`/api/dossiers/${d.id}`, { lockVersion: 0, status: 'discharged' })).status).toBe(403);

    const reads = await audit({ dossier_id: d.id, action: 'dossier.read', actor_account_id: u.ideA.id });
    expect(reads.map((e: { outcome: string; purpose: string; detail: unknown }) => [e.outcome, e.purpose, e.detail])).toEqual([
      ['denied', 'care', null],
      ['success', 'break_glass', { breakGlassId: grant.id, requestedPurpose: 'care' }],
    ]);
    const [listed] = await audit({ action: 'dossier.list', actor_account_id: u.ideA.id });
    expect(listed).toMatchObject({ purpose: 'break_glass', detail: expect.objectContaining({ breakGlassDossierIds: [d.id] }) });
    const [openEvent] = await audit({ action: 'break_glass.open', target_id: grant.id });
    expect(openEvent).toMatchObject({ outcome: 'success', purpose: 'break_glass', dossier_id: d.id, actor_account_id: u.ideA.id, establishment_id: w.estA });
    expect(openEvent.detail).toMatchObject({ breakGlassId: grant.id, reason: REASON });

    // one notification per chef de service of A and per DPO of the organisme (or global); not B's chef, not another organisme's DPO, not the nurse
    const notified = await server.db('notification').whereRaw(`payload->>'breakGlassId' = ?`, [grant.id]).pluck('account_id');
    expect(notified.sort()).toEqual([w.users.chefA.id, w.users.chefAB.id, u.dpo.id, u.dpoNurse.id].sort());
    const inbox = await (await as('chefA')).get('/api/notifications?unread=true');
    expect(inbox.status).toBe(200);
    expect(() => validateAgainst('api/notification-list', inbox.body)).not.toThrow();
    expect(inbox.body.items).toHaveLength(1);
    expect(inbox.body.items[0]).toMatchObject({ kind: 'break_glass.opened', readAt: null, payload: { breakGlassId: grant.id, dossierId: d.id, accountId: u.ideA.id } });
    expect((await (await as('chefB')).get('/api/notifications')).body.items).toEqual([]);

    // expiry: the same session loses the dossier at its next request
    await server.db('break_glass_access').where({ id: grant.id }).update({ started_at: server.db.raw(`started_at - interval '2 hours'`), expires_at: server.db.raw(`expires_at - interval '2 hours'`) });
    expect((await nurse.get(`/api/dossiers/${d.id}`)).status).toBe(404);
    expect((await nurse.get('/api/dossiers?q=urgence')).body.items).toEqual([]);
  });

  it('refuses a second grant while one runs, even when both are asked at once', async () => {
    const d = await newDossier('DOUBLON');
    const [first, second] = await Promise.all([breakGlass('ideA', d.id), breakGlass('ideA', d.id)]);
    expect([first.status, second.status].sort()).toEqual([201, 409]);
    expect([first, second].find((r) => r.status === 409)!.body.code).toBe('ALREADY_EXISTS');
    expect(await server.db('break_glass_access').where({ dossier_id: d.id })).toHaveLength(1);
    // the refused one left no notification behind
    expect(await server.db('notification').whereRaw(`payload->>'dossierId' = ?`, [d.id])).toHaveLength(4);
  });

  it('marks only one’s own notifications read', async () => {
    const d = await newDossier('LECTURE');
    await breakGlass('ideA', d.id);
    const chef = await as('chefA');
    const [item] = (await chef.get('/api/notifications?limit=1')).body.items;
    expect(item.payload.dossierId).toBe(d.id);
    expect((await (await as('chefB')).post(`/api/notifications/${item.id}/read`)).status).toBe(404);
    expect((await chef.post('/api/notifications/pas-un-uuid/read')).status).toBe(404);
    const read = await chef.post(`/api/notifications/${item.id}/read`);
    expect(read.status).toBe(200);
    expect(read.body.readAt).not.toBeNull();
    const again = await chef.post(`/api/notifications/${item.id}/read`);
    expect(again.body.readAt).toBe(read.body.readAt); // the first reading is kept
    expect((await chef.get('/api/notifications?unread=true')).body.items.map((n: { id: string }) => n.id)).not.toContain(item.id);
    // pages follow each other without overlap
    const page1 = await chef.get('/api/notifications?limit=1');
    expect(page1.body.nextCursor).not.toBeNull();
    const page2 = await chef.get(`/api/notifications?limit=1&cursor=${page1.body.nextCursor}`);
    expect(page2.status).toBe(200);
    expect(page2.body.items[0].id).not.toBe(page1.body.items[0].id);
    expect((await chef.get('/api/notifications?cursor=nimportequoi')).status).toBe(422);
  });

  it('lists grants to review for the DPO and the establishment’s director only, and records one review', async () => {
    const d = await newDossier('EXAMEN');
    const grant = (await breakGlass('ideA', d.id)).body;
    const pendingIds = async (who: Parameters<typeof as>[0], status = 'pending') => {
      const response = await (await as(who)).get(`/api/break-glass?status=${status}`);
      expect(response.status).toBe(200);
      expect(() => validateAgainst('api/break-glass-list', response.body)).not.toThrow();
      return response.body.items.map((g: { id: string }) => g.id) as string[];
    };
    expect(await pendingIds('dpo')).toContain(grant.id);
    expect(await pendingIds('dirA')).toContain(grant.id);
    expect(await pendingIds('chefA')).toContain(grant.id); // notified, may look, may not conclude
    expect(await pendingIds('dirB')).not.toContain(grant.id); // filtered in SQL by establishment
    expect((await (await as('ideA')).get('/api/break-glass')).status).toBe(403);
    expect((await (await as('educA1')).get('/api/break-glass')).status).toBe(403);

    const review = { outcome: 'justified', comment: 'Appel du SAMU confirmé par le cadre d’astreinte.' };
    expect((await (await as('chefA')).post(`/api/break-glass/${grant.id}/review`, review)).status).toBe(403);
    expect((await (await as('ideA')).post(`/api/break-glass/${grant.id}/review`, review)).status).toBe(403);
    expect((await (await as('dirB')).post(`/api/break-glass/${grant.id}/review`, review)).status).toBe(404);
    const bad = await (await as('dirA')).post(`/api/break-glass/${grant.id}/review`, { outcome: 'bof', comment: '' });
    expect(bad.status).toBe(422);
    expect(bad.body.issues.map((i: { path: string }) => i.path).sort()).toEqual(['/comment', '/outcome']);
    expect((await server.db('break_glass_access').where({ id: grant.id }).first()).reviewed_at).toBeNull();

    const [done, late] = await Promise.all([
      (await as('dirA')).post(`/api/break-glass/${grant.id}/review`, review),
      (await as('dpo')).post(`/api/break-glass/${grant.id}/review`, { outcome: 'unjustified', comment: 'Trop tard ?' }),
    ]);
    expect([done.status, late.status].sort()).toEqual([200, 409]);
    const winner = done.status === 200 ? done : late;
    const reviewer = done.status === 200 ? u.dirA.id : u.dpo.id;
    expect(() => validateAgainst('api/break-glass-grant', winner.body)).not.toThrow();
    expect(winner.body.review).toMatchObject({ reviewedBy: reviewer });
    const row = await server.db('break_glass_access').where({ id: grant.id }).first();
    expect(row).toMatchObject({ reviewed_by: reviewer, review_outcome: winner.body.review.outcome, review_comment: winner.body.review.comment });

    expect(await pendingIds('dpo')).not.toContain(grant.id);
    expect(await pendingIds('dpo', 'reviewed')).toContain(grant.id);
    const reviews = await audit({ action: 'break_glass.review', target_id: grant.id });
    expect(reviews).toHaveLength(1);
    expect(reviews[0]).toMatchObject({ actor_account_id: reviewer, dossier_id: d.id, detail: expect.objectContaining({ outcome: winner.body.review.outcome, holderAccountId: u.ideA.id }) });
  });

  it('never lets the holder of a grant review it', async () => {
    const d = await newDossier('SOIMEME');
    const grant = await breakGlass('dpoNurse', d.id);
    expect(grant.status).toBe(201);
    const self = await (await as('dpoNurse')).post(`/api/break-glass/${grant.body.id}/review`, { outcome: 'justified', comment: 'Moi-même.' });
    expect(self.status).toBe(403);
    expect((await server.db('break_glass_access').where({ id: grant.body.id }).first()).reviewed_at).toBeNull();
    // the other DPO was notified, the holder was not
    const notified = await server.db('notification').whereRaw(`payload->>'breakGlassId' = ?`, [grant.body.id]).pluck('account_id');
    expect(notified).toContain(u.dpo.id);
    expect(notified).not.toContain(u.dpoNurse.id);
  });
});
