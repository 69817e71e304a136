/**
 * Access through the care team (équipe de prise en charge): bounded by the membership's dates and
 * by a placement covering today; a change applies at the next request of the same session.
 */
import { localDate } from '@cordee/core';
import { type DossierWorld, createDossier, dossierWorld, identity } from '../helpers/dossier-world';
import { type TestUser, createUser } from '../helpers/fixtures';
import type { HttpClient } from '../helpers/http-client';
import { type TestServer, startTestServer } from '../helpers/test-server';

const shift = (days: number) => localDate(new Date(Date.now() + days * 86_400_000));

describe('care team access', () => {
  let server: TestServer;
  let w: DossierWorld;
  let extra: Record<'ideA' | 'medA' | 'moniteurA1', TestUser>;
  const clients = new Map<string, HttpClient>();

  beforeAll(async () => {
    server = await startTestServer();
    w = await dossierWorld(server, 'cta');
    extra = {
      ideA: await createUser(server.db, 'cta.ide.a', [{ profile: 'infirmier', establishmentId: w.estA }]),
      medA: await createUser(server.db, 'cta.med.a', [{ profile: 'medecin', establishmentId: w.estA }]),
      moniteurA1: await createUser(server.db, 'cta.me.a1', [{ profile: 'moniteur_educateur', establishmentId: w.estA, unitId: w.unitA1 }]),
    };
  });
  afterAll(() => server.close());

  const as = async (name: keyof DossierWorld['users'] | keyof typeof extra): Promise<HttpClient> => {
    if (name in w.users) return w.as(name as keyof DossierWorld['users']);
    let client = clients.get(name);
    if (!client) {
      client = server.client();
      expect((await client.login(extra[name as keyof typeof extra].login, extra[name as keyof typeof extra].password)).status).toBe(200);
      clients.set(name, client);
    }
    return client;
  };
  const newDossier = async (birthName: string, placement: Record<string, unknown> | null = { startDate: shift(-200), legalBasis: 'assistance_educative' }) =>
    createDossier(await w.as('chefA'), { identity: identity({ birthName }), establishmentId: w.estA, unitId: w.unitA1, status: 'admitted', ...(placement ? { placement } : {}) });
  const addMember = async (dossierId: string, accountId: string, role: string, startDate: string, endDate: string | null = null) => {
    const added = await (await w.as('chefA')).post(`/api/dossiers/${dossierId}/care-team`, { accountId, role, startDate, endDate });
    expect(added.status).toBe(201);
    return added.body.id as string;
  };
  const listed = async (who: Parameters<typeof as>[0]) => {
    const response = await (await as(who)).get('/api/dossiers?limit=200');
    expect(response.status).toBe(200);
    return response.body.items.map((i: { id: string }) => i.id) as string[];
  };
  const reads = async (who: Parameters<typeof as>[0], id: string) => (await (await as(who)).get(`/api/dossiers/${id}`)).status;

  it('gives the psychologist, nurse and doctor their file active only: no membership, no access to the establishment’s dossiers', async () => {
    const d = await newDossier('FILEACTIVE');
    for (const who of ['psyA', 'ideA', 'medA'] as const) {
      expect(await reads(who, d.id)).toBe(404);
      expect(await listed(who)).not.toContain(d.id);
    }
    // the unit keeps its access for the moniteur-éducateur, the establishment for the chef de service
    expect(await reads('moniteurA1', d.id)).toBe(200);
    expect(await reads('chefA', d.id)).toBe(200);
  });

  it('opens the dossier to a member while the membership runs, and closes it at the next request once the membership ends', async () => {
    const d = await newDossier('MEMBRE');
    const other = await newDossier('AUTRE');
    const psy = await as('psyA');
    // logged in before joining the team: the session picks it up without a new login
    expect(await reads('psyA', d.id)).toBe(404);
    const membership = await addMember(d.id, w.users.psyA.id, 'psychologue', shift(-10));
    const view = await psy.get(`/api/dossiers/${d.id}`);
    expect(view.status).toBe(200);
    expect(view.body.placements).toHaveLength(1);
    expect(view.body.careTeam.map((m: { accountId: string; active: boolean }) => [m.accountId, m.active])).toEqual([[w.users.psyA.id, true]]);
    const ids = await listed('psyA');
    expect(ids).toContain(d.id);
    expect(ids).not.toContain(other.id); // filtered in SQL to the file active, not the establishment

    // ending today keeps today (dates are inclusive); ending yesterday removes access at once
    expect((await (await w.as('chefA')).patch(`/api/care-team/${membership}`, { endDate: shift(0) })).status).toBe(200);
    expect(await reads('psyA', d.id)).toBe(200);
    expect((await (await w.as('chefA')).patch(`/api/care-team/${membership}`, { endDate: shift(-1) })).status).toBe(200);
    expect(await reads('psyA', d.id)).toBe(404);
    expect(await listed('psyA')).not.toContain(d.id);
    // and the refusal is traced for the dossier's access log
    await server.sealAudit();
    const denied = await server.db('audit_log').where({ dossier_id: d.id, action: 'dossier.read', actor_account_id: w.users.psyA.id }).orderBy('seq');
    expect(denied.map((e: { outcome: string }) => e.outcome)).toEqual(['denied', 'success', 'success', 'denied']);
  });

  it('gives nothing before the membership starts', async () => {
    const d = await newDossier('FUTUR');
    await addMember(d.id, extra.ideA.id, 'infirmier', shift(3));
    expect(await reads('ideA', d.id)).toBe(404);
    expect(await listed('ideA')).not.toContain(d.id);
  });

  it('needs a placement covering today: none yet, ended, or not started gives nothing; a new one restores access', async () => {
    const applicant = await newDossier('CANDIDAT', null);
    await addMember(applicant.id, extra.medA.id, 'medecin', shift(-1));
    expect(await reads('medA', applicant.id)).toBe(404);

    const ended = await newDossier('SORTI', { startDate: shift(-300), endDate: shift(-2), legalBasis: 'assistance_educative' });
    await addMember(ended.id, extra.medA.id, 'medecin', shift(-100));
    expect(await reads('medA', ended.id)).toBe(404);
    expect(await listed('medA')).not.toContain(ended.id);

    const upcoming = await newDossier('ARRIVANT', { startDate: shift(4), legalBasis: 'accueil_provisoire' });
    await addMember(upcoming.id, extra.medA.id, 'medecin', shift(-1));
    expect(await reads('medA', upcoming.id)).toBe(404);

    const placement = await (await w.as('chefA')).post(`/api/dossiers/${ended.id}/placements`, { establishmentId: w.estA, unitId: w.unitA2, startDate: shift(-1), legalBasis: 'tutelle' });
    expect(placement.status).toBe(201);
    expect(await reads('medA', ended.id)).toBe(200);
    expect(await listed('medA')).toContain(ended.id);
  });

  it('lets an éducateur spécialisé follow the children they are référent of outside their unit (ES-R), only while it lasts', async () => {
    const d = await newDossier('REFERENCE'); // unit A1
    expect(await reads('educA2', d.id)).toBe(404); // educA2 works in unit A2
    const membership = await addMember(d.id, w.users.educA2.id, 'referent', shift(-30));
    expect(await reads('educA2', d.id)).toBe(200);
    expect(await listed('educA2')).toContain(d.id);
    await (await w.as('chefA')).patch(`/api/care-team/${membership}`, { endDate: shift(-1) });
    expect(await reads('educA2', d.id)).toBe(404);
    expect(await listed('educA2')).not.toContain(d.id);
  });

  it('does not follow a member into another establishment where they hold no profile', async () => {
    const d = await newDossier('DEMENAGE', { startDate: shift(-200), endDate: shift(-6), legalBasis: 'assistance_educative' });
    await addMember(d.id, w.users.psyA.id, 'psychologue', shift(-100));
    const moved = await (await w.as('chefAB')).post(`/api/dossiers/${d.id}/placements`, { establishmentId: w.estB, unitId: w.unitB1, startDate: shift(-5), legalBasis: 'assistance_educative' });
    expect(moved.status).toBe(201);
    // still a member, placement covering today, but the dossier is followed in B where the psychologist has no profile
    expect(await reads('psyA', d.id)).toBe(404);
    expect(await listed('psyA')).not.toContain(d.id);
  });
});
