/**
 * Issue 5 figures: the permission-filtered dossier list (first page of 50, with a search) over
 * 100,000 dossiers, 1,000,000 submissions and 20 profiles, through HTTP as the users get it; and
 * the cost of building a user's rules (effective profiles, placeholders, CASL ability, SQL filter)
 * on each request.
 */
import type { Server } from 'node:http';
import { localDate } from '@cordee/core';
import { accessFilter, dossierColumns, ensureArtefact, insertAccount, insertAssignment, latestVersion, loadUserContext, saveDraft, submissionColumns } from '@cordee/db';
import { createApp } from '@cordee/server/src/app';
import { hashPassword } from '@cordee/server/src/auth/passwords';
import { effectiveFor, persistEffective } from '@cordee/server/src/metadata/effective';
import { publishDraft } from '@cordee/server/src/metadata/publish';
import { abilityOf } from '@cordee/server/src/permissions/abilities';
import { createOrganisation } from '../helpers/fixtures';
import { HttpClient } from '../helpers/http-client';
import { type BenchEnvironment, elapsedMs, summarise } from './environment';
import type { Figure } from './metadata.bench';

const DOSSIERS = 100_000;
const SUBMISSIONS = 1_000_000;
const ESTABLISHMENTS = 10;
const SURNAMES = Array.from({ length: 400 }, (_, i) => `${['MAR', 'BER', 'DUB', 'LEF', 'MOR', 'GAR', 'ROU', 'FOU', 'GIR', 'BON'][i % 10]}${String.fromCharCode(65 + (i % 26))}${String.fromCharCode(65 + ((i * 7) % 26))}IN`);
const PASSWORD = 'Banc-essai-permissions-42';

/** Profiles beyond the pack's 15, to reach 20: establishment-scoped variants as an organisme would publish them. */
async function publishExtraProfiles(env: BenchEnvironment): Promise<number> {
  for (let i = 1; i <= 5; i++) {
    const key = `bench-profil-${i}`;
    await env.db.transaction(async (trx) => {
      await ensureArtefact(trx, 'profile', key);
      await saveDraft(trx, 'profile', key, {
        label: `Profil de banc ${i}`,
        kind: 'staff',
        rules: [
          { action: 'read', subject: 'Dossier', conditions: { establishmentId: { $ctx: 'establishmentId' }, status: { $in: ['admitted', 'waiting'] } } },
          { action: 'read', subject: 'Submission', fields: ['category:daily_life', 'category:presence'], conditions: { establishmentId: { $ctx: 'establishmentId' } } },
        ],
      }, null);
    });
    await publishDraft(env.deps, env.systemContext, 'profile', key);
  }
  return Number((await env.db('artefact').where({ kind: 'profile' }).count('* as n').first())!.n);
}

/** Bulk load with INSERT … SELECT generate_series: dossiers and their search tokens, then submissions with one revision each. */
async function bulkLoad(env: BenchEnvironment, establishments: Array<{ id: string; unitIds: string[] }>): Promise<number> {
  const start = process.hrtime.bigint();
  const estIds = establishments.map((e) => e.id);
  const unitIds = establishments.flatMap((e) => e.unitIds.slice(0, 2));
  // establishment e of row g, and one of its two units (units listed establishment by establishment)
  await env.db.raw(
    `insert into dossier (number, birth_name, first_names, birth_date, birth_place_code, sex, status, establishment_id, unit_id)
     select 'B' || lpad(g::text, 7, '0'),
            (?::text[])[1 + (g * 7919) % ?],
            (array['LEA','HUGO','INES','NOAH','JADE','LOUIS','EMMA','ADAM','LINA','TOM'])[1 + g % 10],
            date '2008-01-01' + (g % 4000),
            '75056',
            (array['F','M'])[1 + g % 2],
            (array['admitted','admitted','admitted','waiting','discharged'])[1 + g % 5],
            (?::uuid[])[1 + e],
            (?::uuid[])[1 + 2 * e + g % 2]
       from (select g, (g / 2) % ? as e from generate_series(1, ?) g) s`,
    [SURNAMES, SURNAMES.length, estIds, unitIds, estIds.length, DOSSIERS],
  );
  await env.db.raw(`insert into dossier_search_token (dossier_id, token) select id, lower(birth_name) from dossier where number like 'B%' union all select id, lower(first_names) from dossier where number like 'B%'`);
  const effective = await effectiveFor(env.deps, 'form', 'bench-suivi', estIds[0]!);
  await env.db.transaction((trx) => persistEffective(trx, effective));
  await env.db.raw(
    `insert into submission (id, dossier_id, establishment_id, form_kind, form_key, status, created_at)
     select md5('s' || g)::uuid, d.id, d.establishment_id, 'form', 'bench-suivi', case when g % 3 = 0 then 'draft' else 'final' end, now() - (g % 1000) * interval '1 hour'
       from generate_series(1, ?) g
       join lateral (select id, establishment_id from dossier where number = 'B' || lpad((1 + g % ?)::text, 7, '0')) d on true`,
    [SUBMISSIONS, DOSSIERS],
  );
  await env.db.raw(
    `insert into submission_revision (submission_id, revision, status, data, computed, carried, form_version_id, effective_hash, diff)
     select s.id, 1, s.status, jsonb_build_object('humeur', 'bonne', 'notes', 'semaine calme'), '{}', '[]', ?, ?, '[]' from submission s where s.form_key = 'bench-suivi'`,
    [effective.baseVersionId, effective.hash],
  );
  await env.db.raw('analyze');
  return elapsedMs(start);
}

export async function benchPermissions(env: BenchEnvironment): Promise<Figure[]> {
  const org = await createOrganisation(env.db, 'Banc habilitations', ESTABLISHMENTS);
  await env.db.transaction(async (trx) => {
    await ensureArtefact(trx, 'form', 'bench-suivi');
    await saveDraft(trx, 'form', 'bench-suivi', { title: 'Suivi', schema: { type: 'object', properties: { humeur: { type: 'string', title: 'Humeur', 'x-cordee-category': 'daily_life' }, notes: { type: 'string', title: 'Notes' } } }, uiSchema: {} }, null);
  });
  await publishDraft(env.deps, env.systemContext, 'form', 'bench-suivi');
  const profiles = await publishExtraProfiles(env);
  const loadMs = await bulkLoad(env, org.establishments);
  const counts = await env.db.raw(`select (select count(*) from dossier) as dossiers, (select count(*) from submission) as submissions`);
  console.log(`permissions: loaded ${counts.rows[0].dossiers} dossiers, ${counts.rows[0].submissions} submissions, ${profiles} profiles in ${(loadMs / 1000).toFixed(1)} s`);

  // users: a chef de service (establishment), an educator (unit + care team of 25 children)
  const est = org.establishments[0]!;
  const passwordHash = await hashPassword(PASSWORD);
  const chef = await insertAccount(env.db, { login: 'banc.chef', displayName: 'Chef', passwordHash });
  await insertAssignment(env.db, { accountId: chef, profileKey: 'chef_service', establishmentId: est.id });
  const educ = await insertAccount(env.db, { login: 'banc.educ', displayName: 'Éducateur', passwordHash });
  await insertAssignment(env.db, { accountId: educ, profileKey: 'educateur_specialise', establishmentId: est.id, unitId: est.unitIds[1]! });
  await insertAssignment(env.db, { accountId: educ, profileKey: 'bench-profil-1', establishmentId: org.establishments[1]!.id });
  const followed: Array<{ id: string; unit_id: string }> = await env.db('dossier').where({ establishment_id: est.id, unit_id: est.unitIds[0]! }).limit(25).select('id', 'unit_id');
  const today = localDate(new Date());
  for (const d of followed) {
    await env.db('placement').insert({ dossier_id: d.id, establishment_id: est.id, unit_id: d.unit_id, start_date: '2024-01-01', legal_basis: 'assistance_educative' });
    await env.db('care_team_member').insert({ dossier_id: d.id, account_id: educ, role: 'referent', start_date: '2024-01-01' });
  }

  // the request path: rule compilation per request (warm effective profiles), then the list over HTTP
  const context = await loadUserContext(env.db, educ, today, new Date());
  await abilityOf(env.deps, context);
  const rounds = 20_000;
  const start = process.hrtime.bigint();
  for (let i = 0; i < rounds; i++) {
    const ability = await abilityOf(env.deps, context);
    accessFilter(ability, 'read', 'Dossier', dossierColumns);
    accessFilter(ability, 'read', 'Submission', submissionColumns);
  }
  const compileUs = (elapsedMs(start) * 1000) / rounds;

  const app = createApp(env.deps);
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const address = server.address();
  const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const figures: Figure[] = [{ name: 'rule compilation per request (profiles, ability, 2 SQL filters)', value: compileUs, unit: 'µs (mean of 20,000)', target: '< 100 µs', ok: compileUs < 100 }];
  try {
    for (const [login, label] of [['banc.chef', 'chef de service'], ['banc.educ', 'educator (unit + care team)']] as const) {
      const client = new HttpClient(baseUrl);
      const logged = await client.login(login, PASSWORD);
      if (logged.status !== 200) throw new Error(`login ${login}: ${logged.status}`);
      const samples: number[] = [];
      for (let i = 0; i < 230; i++) {
        const q = SURNAMES[(i * 37) % SURNAMES.length]!.slice(0, 3 + (i % 3)).toLowerCase();
        const t = process.hrtime.bigint();
        const response = await client.get(`/api/dossiers?q=${q}&limit=50`);
        if (i >= 30) samples.push(elapsedMs(t)); // the first 30 warm the caches
        if (response.status !== 200) throw new Error(`list: ${response.status} ${response.text}`);
      }
      const { p95, median } = summarise(samples);
      figures.push({ name: `dossier list, 50 rows, search q, HTTP p95 — ${label}`, value: p95, unit: `ms (median ${median.toFixed(1)})`, target: '< 30 ms', ok: p95 < 30 });
    }
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  figures.push({ name: 'bulk load (100k dossiers + tokens, 1M submissions + revisions)', value: loadMs / 1000, unit: 's', target: 'informative', ok: true });
  if (!(await latestVersion(env.db, 'profile', 'bench-profil-5'))) throw new Error('profiles not published');
  return figures;
}
