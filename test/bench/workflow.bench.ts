/**
 * Issue 4 figures: completing a user task over HTTP (session, permission, form validation, engine
 * step, submission, next task, audit, one transaction) at 16 concurrent clients, printed beside a
 * naive bpmn-engine loop (definition parsed from its XML and kept in the state) and our step
 * (cached source context, state without the definition) measured in the same run; the state of a
 * 20-element process; and how long a restarted server takes to resume 10,000 overdue timers.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { Engine } from 'bpmn-engine';
import { type CompiledWorkflow, compileWorkflow, parseWorkflow, runStep, serializeWorkflow } from '@cordee/core';
import { linearProcess } from '@cordee/core/src/workflow/testing/bpmn-builder';
import { ensureArtefact, insertDossier, insertPlacement, latestVersion, saveDraft } from '@cordee/db';
import { publishDraft } from '@cordee/server/src/metadata/publish';
import { createOrganisation, createUser } from '../helpers/fixtures';
import { freePort } from '../helpers/global-setup';
import type { BenchEnvironment } from './environment';
import type { Figure } from './metadata.bench';
import { pacedLoad } from './paced-load';
import { cpuTimeMs, nodeArguments, stopProcess } from './processes';

const CONNECTIONS = 16;
const DURATION_S = 10;
/** Seconds at the paced rate before its measured run. */
const SETTLE_S = 5;
const TIMERS = 10_000;
/** The completions per second issue 4 asks for. */
const RATE = 150;

const form = {
  title: 'Point d’étape (banc d’essai)',
  schema: {
    type: 'object',
    required: ['avis', 'date'],
    properties: {
      avis: { type: 'string', title: 'Avis', enum: ['favorable', 'reserve'], 'x-cordee-enumLabels': { favorable: 'Favorable', reserve: 'Réservé' } },
      date: { type: 'string', format: 'date', title: 'Date' },
      observations: { type: 'string', title: 'Observations', maxLength: 2000 },
    },
  },
  uiSchema: {},
};

async function publish(env: BenchEnvironment, kind: 'form' | 'workflow', key: string, definition: Record<string, unknown>): Promise<void> {
  await env.db.transaction(async (trx) => {
    await ensureArtefact(trx, kind, key);
    await saveDraft(trx, kind, key, definition, null);
  });
  await publishDraft(env.deps, env.systemContext, kind, key);
}

const cpuMs = (start: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};

/** The loop the issue calls naive: the engine parses the definition from its XML, and the state carries the definition. */
async function naiveLoop(xml: string, steps: number): Promise<{ cpuPerStep: number; wallPerStep: number; stateBytes: number }> {
  const execute = async () => {
    const engine = new Engine({ source: xml });
    await engine.execute({});
    await engine.stop();
    return JSON.stringify(await engine.getState());
  };
  let state = await execute();
  let largest = 0;
  const wall = performance.now();
  const cpu = process.cpuUsage();
  for (let i = 0; i < steps; i++) {
    const listener = new EventEmitter();
    const engine = new Engine({ source: xml }).recover(JSON.parse(state));
    await engine.resume({ listener });
    const waiting = engine.execution.getPostponed()[0];
    if (!waiting) {
      state = await execute();
      continue;
    }
    engine.execution.signal({ id: waiting.id, executionId: waiting.executionId });
    if (engine.state === 'running') await engine.stop();
    state = JSON.stringify(await engine.getState());
    largest = Math.max(largest, Buffer.byteLength(state));
  }
  return { cpuPerStep: cpuMs(cpu) / steps, wallPerStep: (performance.now() - wall) / steps, stateBytes: largest };
}

/** Our step: a fresh engine per step on the version's cached source context, state without the definition. */
async function ourLoop(workflow: CompiledWorkflow, steps: number): Promise<{ cpuPerStep: number; wallPerStep: number; stateBytes: number }> {
  let step = await runStep(workflow, null, {}, { kind: 'start' });
  let largest = 0;
  const wall = performance.now();
  const cpu = process.cpuUsage();
  for (let i = 0; i < steps; i++) {
    const waiting = step.waiting[0];
    step = waiting ? await runStep(workflow, step.state, {}, { kind: 'signal', elementId: waiting.elementId, executionId: waiting.executionId }) : await runStep(workflow, null, {}, { kind: 'start' });
    largest = Math.max(largest, Buffer.byteLength(step.state));
  }
  return { cpuPerStep: cpuMs(cpu) / steps, wallPerStep: (performance.now() - wall) / steps, stateBytes: largest };
}

async function login(port: number, user: { login: string; password: string }): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${port}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: user.login, password: user.password }) });
  return response.headers.getSetCookie()[0]!.split(';')[0]!;
}

export async function benchWorkflow(env: BenchEnvironment): Promise<Figure[]> {
  const figures: Figure[] = [];
  const org = await createOrganisation(env.db, 'Banc processus', 1);
  const est = org.establishments[0]!;
  const user = await createUser(env.db, 'bench.workflow', [{ profile: 'chef_service', establishmentId: est.id }]);
  await publish(env, 'form', 'bench-etape', form);
  // ten user tasks in a row: each completion creates the next task of the same instance
  const tenTasks = linearProcess({ processId: 'bench_parcours', tasks: 10, form: 'bench-etape', candidates: ['chef_service'] });
  await publish(env, 'workflow', 'bench-parcours', { title: 'Parcours de banc d’essai', bpmnXml: tenTasks });
  // 20-element processes: 18 user tasks between start and end; 17 with a timer in the middle (resumed after a restart)
  const twenty = linearProcess({ processId: 'bench_vingt', tasks: 18, form: 'bench-etape', candidates: ['chef_service'] });
  const withTimer = linearProcess({ processId: 'bench_minuteur', tasks: 17, form: 'bench-etape', candidates: ['chef_service'], timer: 'PT1S' });
  await publish(env, 'workflow', 'bench-minuteur', { title: 'Processus de vingt éléments avec minuteur', bpmnXml: withTimer });

  // 1. the engine alone, naive and ours, in this process
  const parsed = await parseWorkflow(tenTasks);
  const compiled = compileWorkflow({ key: 'bench-parcours', versionId: 'bench', version: '1.0.0', serialized: serializeWorkflow(parsed), elements: parsed.elements });
  await naiveLoop(tenTasks, 50);
  await ourLoop(compiled, 50);
  const naive = await naiveLoop(tenTasks, 300);
  const ours = await ourLoop(compiled, 300);
  figures.push(
    { name: 'naive bpmn-engine step (XML source, recover, signal, getState)', value: naive.cpuPerStep, unit: 'ms CPU per step', target: '(reference)', ok: true },
    { name: 'naive loop, persisted steps per second on one core', value: 1000 / naive.wallPerStep, unit: 'steps/s', target: '(reference)', ok: true },
    { name: 'our engine step (cached source context, no source in state)', value: ours.cpuPerStep, unit: 'ms CPU per step', target: '< naive', ok: ours.cpuPerStep < naive.cpuPerStep },
  );

  // 2. state of the 20-element process, at its largest, as stored
  const twentyParsed = await parseWorkflow(twenty);
  const twentyCompiled = compileWorkflow({ key: 'bench-vingt', versionId: 'bench20', version: '1.0.0', serialized: serializeWorkflow(twentyParsed), elements: twentyParsed.elements });
  const twentyState = await ourLoop(twentyCompiled, 18);
  const naiveTwenty = await naiveLoop(twenty, 18);
  figures.push(
    { name: 'state of a 20-element process (largest, JSON)', value: twentyState.stateBytes / 1024, unit: 'KB', target: '< 30 KB', ok: twentyState.stateBytes < 30 * 1024 },
    { name: 'same with the definition kept in the state (naive)', value: naiveTwenty.stateBytes / 1024, unit: 'KB', target: '(reference)', ok: true },
  );

  // 3. completing tasks over HTTP at 16 clients, on the real server
  const port = await freePort();
  const serverEnv = { DATABASE_URL: env.databaseUrl, PORT: String(port), CORDEE_DEMO_DATA: 'false', CORDEE_LOG_LEVEL: 'warn', CORDEE_ADMIN_PASSWORD: 'Banc-d-essai-2026!' };
  let server = startServer(serverEnv);
  await waitHealthy(port);
  try {
    const cookie = await login(port, user);
    const headers = { 'content-type': 'application/json', cookie };
    const open: string[] = [];
    const dossiers: string[] = [];
    for (let i = 0; i < 40; i++) {
      const { id } = await insertDossier(env.db, { identity: { birthName: `BANC${i}`, firstNames: 'Essai', birthDate: '2012-05-06', birthPlaceCode: '75056', sex: 'F' }, establishmentId: est.id, unitId: est.unitIds[0]!, status: 'admitted' });
      await insertPlacement(env.db, { dossierId: id, establishmentId: est.id, unitId: est.unitIds[0]!, startDate: '2026-01-05', legalBasis: 'accueil_provisoire' });
      dossiers.push(id);
    }
    for (let i = 0; i < 800; i++) {
      const started = await fetch(`http://127.0.0.1:${port}/api/processes`, { method: 'POST', headers, body: JSON.stringify({ workflow: 'bench-parcours', dossier: dossiers[i % dossiers.length] }) });
      if (started.status !== 201) throw new Error(`start refused: ${started.status} ${await started.text()}`);
      open.push(((await started.json()) as { tasks: Array<{ id: string }> }).tasks[0]!.id);
    }
    let n = 0;
    const answers = () => JSON.stringify({ data: { avis: n % 2 ? 'favorable' : 'reserve', date: '2026-03-01', observations: `Observation ${n++}` } });
    const onAnswer = (status: number, body: string) => {
      if (status !== 200) return;
      const next = (JSON.parse(body) as { nextTasks: Array<{ id: string }> }).nextTasks[0];
      if (next) open.push(next.id);
    };
    const run = (duration: number) =>
      autocannon({
        url: `http://127.0.0.1:${port}`,
        connections: CONNECTIONS,
        duration,
        method: 'POST',
        headers,
        requests: [
          {
            setupRequest: (req: autocannon.Request) => ({ ...req, path: `/api/tasks/${open.shift()}/complete`, body: answers() }),
            onResponse: onAnswer,
          },
        ],
      });
    await run(3); // warm-up: JIT, compiled definition and validators, connection pool
    const cpuBefore = cpuTimeMs(server.pid!);
    const result = await run(DURATION_S);
    const cpuPerRequest = (cpuTimeMs(server.pid!) - cpuBefore) / result.requests.total;
    if (result.non2xx > 0 || result.errors > 0) throw new Error(`${result.non2xx} non-2xx answers, ${result.errors} errors during the run`);
    // 150 completions a second, as asked, sent at a steady pace over 16 connections: the latency a user sees at that load
    const atRate = await pacedLoad({
      port,
      rate: RATE,
      // the closed-loop run just saturated the machine: its aftermath (audit sealing, dirty pages) is not the steady state at 150/s
      settleS: SETTLE_S,
      durationS: DURATION_S,
      connections: CONNECTIONS,
      next: () => {
        const task = open.shift();
        return task ? { method: 'POST', path: `/api/tasks/${task}/complete`, headers, body: answers() } : null;
      },
      onAnswer,
    });
    if (atRate.failed > 0) throw new Error(`${atRate.failed} completions failed during the run at ${RATE}/s`);
    figures.push(
      { name: 'complete a user task over HTTP, 16 clients, as fast as served', value: result.requests.average, unit: 'req/s', target: `>= ${RATE}/s`, ok: result.requests.average >= RATE },
      { name: `complete a user task, ${RATE}/s paced over 16 connections (${DURATION_S} s after ${SETTLE_S} s): served`, value: atRate.rate, unit: 'req/s', target: `${RATE}/s`, ok: atRate.rate >= RATE * 0.97 },
      { name: `complete a user task, ${RATE}/s paced over 16 connections: p99`, value: atRate.p99, unit: 'ms', target: '< 60 ms', ok: atRate.p99 < 60 },
      { name: `complete a user task, ${RATE}/s paced over 16 connections: median`, value: atRate.p50, unit: 'ms', target: '(for information)', ok: true },
      // closed loop at saturation: each client waits for its answer, so the mean latency is 16 / throughput (Little's law)
      { name: 'complete a user task, as fast as served: p99', value: result.latency.p99, unit: 'ms', target: '(for information)', ok: true },
      { name: 'complete a user task, as fast as served: median', value: result.latency.p50, unit: 'ms', target: '(for information)', ok: true },
      { name: 'complete a user task, server CPU (all threads) per request', value: cpuPerRequest, unit: 'ms', target: '(for information)', ok: true },
    );
    const stored = await env.db('process_instance').where({ workflow_key: 'bench-parcours' }).max({ text: env.db.raw('octet_length(state::text)'), stored: env.db.raw('pg_column_size(state)') }).first();
    figures.push({ name: 'stored state of a 10-task instance (largest, compressed by PostgreSQL)', value: Number(stored!.stored) / 1024, unit: 'KB', target: '(for information)', ok: true });

    // 4. 10,000 instances whose timer fell due while the server was down
    await stopProcess(server);
    const resumed = await overdueTimers(env, est.id, dossiers);
    const startedAt = Date.now();
    server = startServer(serverEnv);
    await waitHealthy(port);
    const healthyMs = Date.now() - startedAt;
    for (;;) {
      const left = await env.db('process_instance').where({ workflow_key: 'bench-minuteur', status: 'running' }).whereRaw(`'delai' = any(position)`).count('* as n').first();
      if (Number(left!.n) === 0) break;
      if (Date.now() - startedAt > 300_000) throw new Error(`${left!.n} timers still not resumed after 5 minutes`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const allMs = Date.now() - startedAt;
    const timerCpuMs = cpuTimeMs(server.pid!);
    const tasks = await env.db('user_task').whereIn('instance_id', resumed).where({ element_id: 'tache_10', status: 'open' }).count('* as n').first();
    if (Number(tasks!.n) !== TIMERS) throw new Error(`expected ${TIMERS} new tasks after the timers, got ${tasks!.n}`);
    figures.push(
      { name: `resume ${TIMERS.toLocaleString('en')} overdue timers after a restart`, value: allMs / 1000, unit: 's (from start)', target: '< 60 s', ok: allMs < 60_000 },
      { name: 'of which server start until healthy', value: healthyMs / 1000, unit: 's', target: '(for information)', ok: true },
      { name: 'server CPU (all threads, start included) per resumed timer', value: timerCpuMs / TIMERS, unit: 'ms', target: '(for information)', ok: true },
    );
  } finally {
    await stopProcess(server);
  }
  return figures;
}

/** The real server (`npm start`'s entry point), quiet (warnings only); with BENCH_PROFILE=<dir>, under node --cpu-prof. */
function startServer(env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, nodeArguments('engine/server/src/main.ts', true), { cwd: join(__dirname, '..', '..'), env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit'] });
}

async function waitHealthy(port: number): Promise<void> {
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).status === 200) return;
    } catch {
      // not yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('server not healthy');
}

/**
 * Writes TIMERS instances of the 20-element process waiting in its timer, due a minute ago, as a
 * stopped server would have left them: one instance is driven to the timer by the engine, its row
 * is copied (each copy is a full instance of its own).
 */
async function overdueTimers(env: BenchEnvironment, establishmentId: string, dossiers: string[]): Promise<string[]> {
  const version = (await latestVersion(env.db, 'workflow', 'bench-minuteur'))!;
  const parsed = await parseWorkflow(String(version.content.bpmnXml));
  const workflow = compileWorkflow({ key: 'bench-minuteur', versionId: version.id, version: version.version, serialized: serializeWorkflow(parsed), elements: parsed.elements });
  let step = await runStep(workflow, null, {}, { kind: 'start' });
  while (step.waiting.length > 0) step = await runStep(workflow, step.state, {}, { kind: 'signal', elementId: step.waiting[0]!.elementId, executionId: step.waiting[0]!.executionId });
  if (step.position[0] !== 'delai') throw new Error(`expected the instance at its timer, got ${step.position}`);
  const state = step.state;
  const ids: string[] = [];
  for (let i = 0; i < TIMERS; i += 500) {
    const rows = Array.from({ length: Math.min(500, TIMERS - i) }, (_, j) => {
      const id = randomUUID();
      ids.push(id);
      return {
        id,
        workflow_key: 'bench-minuteur',
        definition_version_id: version.id,
        dossier_id: dossiers[(i + j) % dossiers.length],
        establishment_id: establishmentId,
        status: 'running',
        position: ['delai'],
        due_at: new Date(Date.now() - 60_000),
        variables: '{}',
        state,
        engine_version: step.engineVersion,
      };
    });
    await env.db('process_instance').insert(rows);
  }
  return ids;
}
