/**
 * Issue 3 throughput: a final submission of an 80-field form over HTTP (session, permission,
 * validation, computed field, persist, audit) at 16 concurrent clients, beside the bare floor
 * (express + ajv + one INSERT) measured in the same run. Answers differ on every request.
 */
import autocannon from 'autocannon';
import { ensureArtefact, insertDossier, saveDraft } from '@cordee/db';
import { publishDraft } from '@cordee/server/src/metadata/publish';
import { createOrganisation, createUser } from '../helpers/fixtures';
import { freePort } from '../helpers/global-setup';
import type { BenchEnvironment } from './environment';
import { wideFormAnswers, wideFormDefinition } from './fixtures';
import type { Figure } from './metadata.bench';
import { cpuTimeMs, startProcess, stopProcess } from './processes';

const CONNECTIONS = 16;
const DURATION_S = 10;

/** Throughput and latency at 16 clients, and the server's CPU time per request (all its threads) over the measured run: a figure that load on the machine hardly moves. */
async function load(url: string, pid: number, headers: Record<string, string>, body: (i: number) => unknown): Promise<{ rps: number; p99: number; errors: number; non2xx: number; cpuMs: number }> {
  let counter = 0;
  const run = async (duration: number) =>
    autocannon({
      url,
      connections: CONNECTIONS,
      duration,
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      requests: [{ setupRequest: (req: autocannon.Request) => ({ ...req, body: JSON.stringify(body(counter++)) }) }],
    });
  await run(2); // warm-up: JIT, validator compilation, connection pools
  const cpuBefore = cpuTimeMs(pid);
  const result = await run(DURATION_S);
  const cpuMs = (cpuTimeMs(pid) - cpuBefore) / result.requests.total;
  return { rps: result.requests.average, p99: result.latency.p99, errors: result.errors, non2xx: result.non2xx, cpuMs };
}

export async function benchSubmissions(env: BenchEnvironment): Promise<Figure[]> {
  const org = await createOrganisation(env.db, 'Banc soumissions', 1);
  const establishmentId = org.establishments[0]!.id;
  const user = await createUser(env.db, 'bench.chef', [{ profile: 'chef_service', establishmentId }]);
  const { id: dossierId } = await insertDossier(env.db, {
    identity: { birthName: 'BANC', firstNames: 'Essai', birthDate: '2012-05-06', birthPlaceCode: '75056', sex: 'F' },
    establishmentId,
    unitId: org.establishments[0]!.unitIds[0]!,
    status: 'admitted',
  });
  await env.db.transaction(async (trx) => {
    await ensureArtefact(trx, 'form', 'bench-80');
    await saveDraft(trx, 'form', 'bench-80', wideFormDefinition(80), null);
  });
  await publishDraft(env.deps, env.systemContext, 'form', 'bench-80');

  const serverPort = await freePort();
  const server = await startProcess(
    'engine/server/src/main.ts',
    [],
    { DATABASE_URL: env.databaseUrl, PORT: String(serverPort), CORDEE_DEMO_DATA: 'false', CORDEE_LOG_LEVEL: 'info', CORDEE_ADMIN_PASSWORD: 'Banc-d-essai-2026!' },
    (line) => line.includes('écoute sur'),
    true,
  );
  const barePort = await freePort();
  const bare = await startProcess('test/bench/bare-server.ts', [env.databaseUrl, String(barePort)], {}, (line) => line.includes('READY'));
  try {
    const login = await fetch(`http://127.0.0.1:${serverPort}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: user.login, password: user.password }),
    });
    const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
    const check = await fetch(`http://127.0.0.1:${serverPort}/api/dossiers/${dossierId}/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ form: 'bench-80', status: 'final', data: wideFormAnswers(80, 1) }),
    });
    if (check.status !== 201) throw new Error(`submission refused: ${check.status} ${await check.text()}`);

    const bareResult = await load(`http://127.0.0.1:${barePort}/bare/submissions`, bare.pid!, {}, (i) => ({ data: wideFormAnswers(80, i) }));
    const ours = await load(`http://127.0.0.1:${serverPort}/api/dossiers/${dossierId}/submissions`, server.pid!, { cookie }, (i) => ({ form: 'bench-80', status: 'final', data: wideFormAnswers(80, i) }));
    if (ours.non2xx > 0 || ours.errors > 0) throw new Error(`${ours.non2xx} non-2xx answers, ${ours.errors} errors during the run`);
    const ratio = ours.rps / bareResult.rps;
    return [
      { name: 'bare floor: express + ajv + one INSERT, 16 clients', value: bareResult.rps, unit: 'req/s', target: '(reference)', ok: true },
      { name: 'bare floor p99', value: bareResult.p99, unit: 'ms', target: '(reference)', ok: true },
      { name: 'final submission of an 80-field form, 16 clients', value: ours.rps, unit: 'req/s', target: `>= 60% of floor (${(0.6 * bareResult.rps).toFixed(0)})`, ok: ratio >= 0.6 },
      { name: 'final submission p99', value: ours.p99, unit: 'ms', target: '< 25 ms', ok: ours.p99 < 25 },
      { name: 'ratio to the bare floor', value: ratio * 100, unit: '%', target: '>= 60 %', ok: ratio >= 0.6 },
      // both servers are one Node process (ours with its engine threads, idle here); PostgreSQL and the load generator share the machine
      { name: 'bare floor: server CPU per request (one process)', value: bareResult.cpuMs, unit: 'ms', target: '(for information)', ok: true },
      { name: 'final submission: server CPU per request (one process)', value: ours.cpuMs, unit: 'ms', target: '(for information)', ok: true },
    ];
  } finally {
    await stopProcess(server);
    await stopProcess(bare);
  }
}
