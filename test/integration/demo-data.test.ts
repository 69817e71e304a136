import pino from 'pino';
import { localDate } from '@cordee/core';
import type { Db } from '@cordee/db';
import { DEMO_PASSWORD, documentedLogins, packProfiles } from '@cordee/seeds';
import { DEMO_DATA_SETTING, ensureDemoData } from '@cordee/server/src/startup/demo-data';
import { effectiveByHash } from '@cordee/server/src/metadata/effective';
import { revalidate } from '@cordee/server/src/submissions/capture';
import { tableCounts } from '../helpers/table-counts';
import { type TestServer, startTestServer } from '../helpers/test-server';

const logger = pino({ level: 'silent' });

const counts = (db: Db) => tableCounts(db);

describe('demo data', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ demoMode: true });
    await server.loadPack();
  });
  afterAll(() => server.close());

  it('loads one fictional organisme with three establishments, about 120 children and their records in a few seconds', async () => {
    const startedAt = Date.now();
    expect(await ensureDemoData(server.deps, logger)).toBe(true);
    const ms = Date.now() - startedAt;
    console.log(`demo data loaded in ${ms} ms`);
    expect(ms).toBeLessThan(20_000); // about 3 s on an idle machine: FEEL parses each computed expression per record

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
    expect(c.submission).toBeGreaterThan(1000);
    expect(setting.value.counts.submissions).toBe(c.submission);
    expect(c.submission_revision).toBe(c.submission);
    // every demo account is flagged; the dossier creations are audited
    expect(await server.db('account').where({ is_demo: false }).count('* as n').first()).toEqual({ n: '0' });
    const audited = await server.db('audit_pending').whereRaw("event->>'action' = 'dossier.create'").count('* as n').first();
    expect(Number(audited!.n)).toBe(c.dossier);
    const submissionsAudited = await server.db('audit_pending').whereRaw("event->>'action' = 'submission.create'").count('* as n').first();
    expect(Number(submissionsAudited!.n)).toBe(c.submission);
  });

  it('gives children at every stage of the path their records, dated when they were written, by their team', async () => {
    const formsByStatus = await server.db('submission as s').join('dossier as d', 'd.id', 's.dossier_id').distinct('d.status', 's.form_key').select();
    const forms = (status: string) => formsByStatus.filter((r) => r.status === status).map((r) => r.form_key);
    expect(forms('applicant')).toEqual(['demande-admission']);
    expect(forms('waiting')).toEqual(expect.arrayContaining(['demande-admission', 'liste-attente', 'prise-de-contact']));
    expect(forms('admitted')).toEqual(expect.arrayContaining([
      'demande-admission', 'prise-de-contact', 'g1-besoins-fondamentaux', 'ppe', 'projet-personnalise', 'contrat-sejour', 'contrat-jeune-majeur', 'transmission', 'transmission-ciblee',
      'presence', 'liberte-aller-venir', 'fiche-sanitaire', 'bilan-psychologique', 'notes-psychologue', 'incident',
    ]));
    expect(forms('discharged')).toEqual(expect.arrayContaining(['contrat-sejour', 'g1-besoins-fondamentaux', 'ppe', 'sortie']));
    expect(await server.db('submission').whereNot('status', 'final').count('* as n').first()).toEqual({ n: '0' });

    // every admitted child has at least a G1 grid and a PPE
    for (const form of ['g1-besoins-fondamentaux', 'ppe']) {
      const without = await server.db('dossier as d')
        .where('d.status', 'admitted')
        .whereNotExists((q) => q.select(1).from('submission as s').whereRaw('s.dossier_id = d.id').where({ 's.form_key': form, 's.status': 'final' }))
        .pluck('d.id');
      expect({ form, without }).toEqual({ form, without: [] });
    }
    // transmissions of the last days, nothing in the future
    const today = localDate(new Date());
    const latest = await server.db('submission').where('form_key', 'transmission').max('created_at as at').first();
    expect(Date.now() - new Date(latest!.at).getTime()).toBeLessThan(6 * 86_400_000);
    expect(await server.db('submission').where('created_at', '>', new Date()).count('* as n').first()).toEqual({ n: '0' });
    expect(await server.db('submission').where('form_key', 'presence').whereRaw('created_at::date > ?::date', [today]).count('* as n').first()).toEqual({ n: '0' });
    // some children have two G1 grids over time: the evolution shows
    const twice = await server.db('submission').where('form_key', 'g1-besoins-fondamentaux').groupBy('dossier_id').havingRaw('count(*) = 2').select('dossier_id');
    expect(twice.length).toBeGreaterThan(10);
    // a psychologist's notes are written by a psychologist
    const notesAuthors = await server.db('submission as s').join('account_profile as ap', 'ap.account_id', 's.created_by').where('s.form_key', 'notes-psychologue').distinct('ap.profile_key').pluck('profile_key');
    expect(notesAuthors).toEqual(['psychologue']);
  });

  it('stores every answer as the API does: computed values, grid scores and the effective version, valid against that version', async () => {
    const orphans = await server.db('submission_revision as r').leftJoin('effective_artefact as e', 'e.hash', 'r.effective_hash').whereNull('e.hash').count('* as n').first();
    expect(orphans).toEqual({ n: '0' });
    const forms = await server.db('submission').distinct('form_key').pluck('form_key');
    expect(forms.length).toBeGreaterThanOrEqual(16);
    // a sample of each form used: the stored revision re-validated with its own effective version
    for (const form of forms) {
      const sample = await server.db('submission as s').join('submission_revision as r', 'r.submission_id', 's.id').where('s.form_key', form).orderBy('s.id').limit(5).select('r.data', 'r.effective_hash', 'r.computed', 'r.grid_result', 's.form_kind');
      for (const row of sample) {
        const effective = await effectiveByHash(server.deps, row.effective_hash.trim());
        expect(effective?.key).toBe(form);
        expect({ form, issues: revalidate(server.deps, effective!, row.data, 'final') }).toEqual({ form, issues: [] });
        if (row.form_kind === 'grid') expect(row.grid_result.scores).toBeDefined();
      }
    }
    const contract = await server.db('submission as s').join('submission_revision as r', 'r.submission_id', 's.id').where('s.form_key', 'contrat-sejour').first('r.data', 'r.computed');
    expect(['contrat_sejour', 'dipc']).toContain(contract.data.type_document);
    expect(contract.computed['/date_limite_remise']).toBe(contract.data.date_limite_remise);
  });

  it('shows a demo éducateur the records of a child of their unit, newest first', async () => {
    const client = server.client();
    expect((await client.login(documentedLogins.educateur_specialise, DEMO_PASSWORD)).status).toBe(200);
    const dossierId = await server.db('care_team_member as m')
      .join('account as a', 'a.id', 'm.account_id')
      .join('dossier as d', 'd.id', 'm.dossier_id')
      .where({ 'a.login': documentedLogins.educateur_specialise, 'm.role': 'referent', 'd.status': 'admitted' })
      .first('d.id');
    const list = await client.get(`/api/dossiers/${dossierId.id}/submissions?limit=100`);
    expect(list.status).toBe(200);
    const keys = list.body.items.map((i: { formKey: string }) => i.formKey);
    expect(keys).toEqual(expect.arrayContaining(['transmission', 'g1-besoins-fondamentaux', 'ppe']));
    const times = list.body.items.map((i: { createdAt: string }) => i.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
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
    expect(await Promise.all([ensureDemoData(server.deps, logger), ensureDemoData(server.deps, logger)])).toEqual([true, true]);
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
