import pino from 'pino';
import { localDate } from '@cordee/core';
import type { Db } from '@cordee/db';
import { DEMO_PASSWORD, documentedLogins, packProfiles } from '@cordee/seeds';
import { DEMO_DATA_SETTING, ensureDemoData } from '@cordee/server/src/startup/demo-data';
import { createOrganisation, createUser } from '../helpers/fixtures';
import { type TestServer, startTestServer } from '../helpers/test-server';

const logger = pino({ level: 'silent' });

async function counts(db: Db): Promise<Record<string, number>> {
  const tables = ['organisme', 'establishment', 'unit', 'account', 'account_profile', 'dossier', 'dossier_search_token', 'placement', 'care_team_member', 'account_dossier_link', 'identity_status_change', 'app_setting'];
  const result: Record<string, number> = {};
  for (const table of tables) {
    const [row] = await db(table).count<{ count: string }[]>('* as count');
    result[table] = Number(row!.count);
  }
  return result;
}

describe('demo data', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ demoMode: true });
  });
  afterAll(() => server.close());

  it('loads one fictional organisme with three establishments and about 120 children in a few seconds', async () => {
    const startedAt = Date.now();
    expect(await ensureDemoData(server.db, logger)).toBe(true);
    const ms = Date.now() - startedAt;
    console.log(`demo data loaded in ${ms} ms`);
    expect(ms).toBeLessThan(10_000);

    const c = await counts(server.db);
    expect(c.organisme).toBe(1);
    expect(c.establishment).toBe(3);
    expect(c.unit).toBeGreaterThanOrEqual(6);
    expect(c.dossier).toBeGreaterThanOrEqual(100);
    expect(c.dossier).toBeLessThanOrEqual(140);
    expect(c.account_dossier_link).toBe(3);
    const organisme = await server.db('organisme').first();
    expect(organisme.name).toBe('Association Les Cordées (démonstration)');
    expect((await server.db('establishment').pluck('type')).sort()).toEqual(['foyer_enfance', 'mecs', 'placement_familial']);
    const statuses = await server.db('dossier').distinct('status').pluck('status');
    expect(statuses.sort()).toEqual(['admitted', 'applicant', 'discharged', 'waiting']);
    const setting = await server.db('app_setting').where({ key: DEMO_DATA_SETTING }).first();
    expect(setting.value.counts.dossiers).toBe(c.dossier);
    // every demo account is flagged; the dossier creations are audited
    expect(await server.db('account').where({ is_demo: false }).count('* as n').first()).toEqual({ n: '0' });
    const audited = await server.db('audit_pending').whereRaw("event->>'action' = 'dossier.create'").count('* as n').first();
    expect(Number(audited!.n)).toBe(c.dossier);
  });

  it('gives every profile of the pack a demo account', async () => {
    const held = await server.db('account_profile as ap').join('account as a', 'a.id', 'ap.account_id').where('a.is_demo', true).distinct('ap.profile_key').pluck('profile_key');
    expect(held.sort()).toEqual(packProfiles().map((p) => p.key).sort());
  });

  it('gives every admitted child a current placement and a référent', async () => {
    const today = localDate(new Date());
    const withoutPlacement = await server.db('dossier as d')
      .where('d.status', 'admitted')
      .whereNotExists((q) =>
        q.select(1).from('placement as p').whereRaw('p.dossier_id = d.id and p.establishment_id = d.establishment_id')
          .where('p.start_date', '<=', today).where((w) => w.whereNull('p.end_date').orWhere('p.end_date', '>=', today)),
      )
      .pluck('d.id');
    expect(withoutPlacement).toEqual([]);
    const withoutReferent = await server.db('dossier as d')
      .where('d.status', 'admitted')
      .whereNotExists((q) => q.select(1).from('care_team_member as m').whereRaw('m.dossier_id = d.id').where('m.role', 'referent').whereNull('m.end_date'))
      .pluck('d.id');
    expect(withoutReferent).toEqual([]);
    const running = await server.db('dossier as d').join('placement as p', 'p.dossier_id', 'd.id').whereIn('d.status', ['applicant', 'waiting']).count('* as n').first();
    expect(running).toEqual({ n: '0' });
  });

  it('changes nothing when loaded again, even by two instances at once', async () => {
    const before = await counts(server.db);
    expect(await Promise.all([ensureDemoData(server.db, logger), ensureDemoData(server.db, logger)])).toEqual([true, true]);
    expect(await counts(server.db)).toEqual(before);
  });

  it('lets a demo account of each profile log in with the documented password, and marks every response as demo', async () => {
    for (const [profile, login] of Object.entries(documentedLogins)) {
      const client = server.client();
      const response = await client.login(login, DEMO_PASSWORD);
      expect({ login, status: response.status }).toEqual({ login, status: 200 });
      expect(response.headers.get('x-cordee-demo')).toBe('true');
      const me = await client.get('/api/me');
      expect(me.status).toBe(200);
      expect(me.body.demoMode).toBe(true);
      expect(me.body.profiles.map((p: { profile: string }) => p.profile)).toContain(profile);
    }
    const refused = await server.client().login(documentedLogins.directeur, 'not-the-demo-password');
    expect(refused.status).toBe(401);
    expect(refused.headers.get('x-cordee-demo')).toBe('true');
    const health = await server.client().get('/api/health');
    expect(health.headers.get('x-cordee-demo')).toBe('true');
    expect(health.body.demoMode).toBe(true);
  });

  it('links the portal accounts to their own dossiers: the young person to one, the parent to two siblings', async () => {
    const links = await server.db('account_dossier_link as l')
      .join('account as a', 'a.id', 'l.account_id')
      .join('dossier as d', 'd.id', 'l.dossier_id')
      .select('a.login', 'l.relation', 'd.birth_name', 'd.status');
    const usager = links.filter((l) => l.login === documentedLogins.usager);
    const tap = links.filter((l) => l.login === documentedLogins.tap);
    expect(usager.map((l) => l.relation)).toEqual(['usager']);
    expect(tap).toHaveLength(2);
    expect(tap[0].birth_name).toBe(tap[1].birth_name);
    expect(new Set(links.map((l) => l.status))).toEqual(new Set(['admitted']));
  });
});

describe('demo data on a database that is not empty', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('leaves nothing behind when loading fails, then loads once the conflict is gone, once for two concurrent starts', async () => {
    // an account already holds a demo login: the load fails at that insert and rolls back entirely
    const squatter = await createUser(server.db, documentedLogins.chef_service, []);
    await expect(ensureDemoData(server.db, logger)).rejects.toThrow();
    const after = await counts(server.db);
    expect(after).toMatchObject({ organisme: 0, establishment: 0, dossier: 0, placement: 0, app_setting: 0, account: 1 });
    expect(await server.db('audit_pending').whereRaw("event->>'action' in ('dossier.create', 'demo.load')").count('* as n').first()).toEqual({ n: '0' });

    await server.db('account').where({ id: squatter.id }).delete();
    expect(await Promise.all([ensureDemoData(server.db, logger), ensureDemoData(server.db, logger)])).toEqual([true, true]);
    const loaded = await counts(server.db);
    expect(loaded.organisme).toBe(1);
    expect(loaded.app_setting).toBe(1);
    expect(await server.db('audit_pending').whereRaw("event->>'action' = 'demo.load'").count('* as n').first()).toEqual({ n: '1' });
  });

  it('never adds demo data to a database that already holds a real organisation', async () => {
    const other = await startTestServer();
    try {
      await createOrganisation(other.db, 'Association réelle');
      expect(await ensureDemoData(other.db, logger)).toBe(false);
      const c = await counts(other.db);
      expect(c).toMatchObject({ organisme: 1, dossier: 0, account: 0, app_setting: 0 });
      const health = await other.client().get('/api/health');
      expect(health.headers.get('x-cordee-demo')).toBeNull();
      expect(health.body.demoMode).toBe(false);
    } finally {
      await other.close();
    }
  });
});
