import { AppError, localDate } from '@cordee/core';
import { type Tx, type UserTaskRecord, getAccount, loadUserContext, tasksOfInstance } from '@cordee/db';
import {
  type DemoLoadResult,
  type DemoProcess,
  type DemoProcessDates,
  type StepWindow,
  ageDurationTimers,
  backdateDemoProcesses,
  backdateDemoSubmissions,
  instanceState,
  resolveDemoRefs,
  saveAgedState,
} from '@cordee/seeds';
import type { AppDeps } from '../deps';
import type { AuthenticatedUser, RequestContext } from '../http/context';
import { abilityOf } from '../permissions/abilities';
import type { Worker } from '../workers/workflow-scheduler';
import { startJobWorker } from '../workers/job-worker';
import { completeTask, startProcess } from '../workflow/process-service';
import { changeAssignment } from '../workflow/task-assignment';

/** The services' dependencies bound to the demo transaction, with a clock the loader sets to each step's time. */
export interface DemoDeps extends AppDeps {
  clock: { now(): Date; set(at: Date): void };
}

/**
 * One object for the whole load: the metadata engine caches effective forms and their validators
 * per dependencies object, so every record and step reuses what the first one compiled.
 */
export function demoDeps(deps: AppDeps, trx: Tx): DemoDeps {
  let current = deps.clock.now();
  return { ...deps, db: trx, clock: { now: () => current, set: (at) => (current = at) } };
}

export interface DemoProcessCounts {
  processes: number;
  tasksCompleted: number;
  /** Submissions stored by the completed tasks. */
  submissions: number;
  tasksClaimed: number;
}

/**
 * Plays the demo processes through the engine's own services, as their demo accounts would over
 * the API: `startProcess` (POST /api/processes) on the pack's published version, `completeTask`
 * (POST /api/tasks/:id/complete) with their answers, `changeAssignment` (POST /api/tasks/:id/claim)
 * for the tasks someone already took, and the job worker for external tasks; each call in a
 * savepoint of the caller's transaction, with the rights of the account and a clock set to when the
 * step stands for (never after now), so that due dates are those of the story. The rows are then
 * dated as the steps stand for and the duration timers aged the same way: a step late in the story
 * is overdue, and the scheduler's first round escalates it.
 */
export async function storeDemoProcesses(deps: DemoDeps, plans: readonly DemoProcess[], ids: DemoLoadResult['ids']): Promise<DemoProcessCounts> {
  const player = new Player(deps, ids);
  try {
    for (const plan of plans) await player.play(plan);
  } finally {
    await player.stop();
  }
  return player.finish(plans.length);
}

/** The state of one load: who acts, what was dated, what was counted. */
class Player {
  private readonly trx: Tx;
  private readonly now: Date;
  private readonly users = new Map<string, Promise<RequestContext>>();
  private jobs: Worker | null = null;
  private readonly dates: { instances: Array<DemoProcessDates['instances'][number]>; tasks: Array<DemoProcessDates['tasks'][number]> } = { instances: [], tasks: [] };
  private readonly submissions: Array<{ submissionId: string; at: string }> = [];
  private tasksCompleted = 0;
  private tasksClaimed = 0;

  constructor(
    private readonly deps: DemoDeps,
    private readonly ids: DemoLoadResult['ids'],
  ) {
    this.trx = deps.db as Tx;
    this.now = deps.clock.now();
  }

  private ctxOf(login: string): Promise<RequestContext> {
    let ctx = this.users.get(login);
    if (!ctx) this.users.set(login, (ctx = demoContext(this.deps, this.ids, login, this.now)));
    return ctx;
  }

  async play(plan: DemoProcess): Promise<void> {
    const { deps, now } = this;
    const dossier = this.ids.dossiers.get(plan.childKey);
    if (!dossier) throw new Error(`demo process ${plan.workflow}: unknown child ${plan.childKey}`);
    const windows: StepWindow[] = [];
    const created = new Map<string, string>();
    let tasks: UserTaskRecord[] = [];
    let instanceId = '';
    const step = async (label: string, at: Date, run: () => Promise<unknown>): Promise<void> => {
      windows.push({ ranAt: Date.now(), at: at.getTime() });
      deps.clock.set(at);
      try {
        await run();
      } catch (error) {
        const issues = error instanceof AppError ? error.issues.map((i) => ` ${i.path}: ${i.message}`).join(';') : '';
        throw new Error(`demo process ${plan.workflow} of ${plan.childKey}, ${label} refused: ${(error as Error).message}${error instanceof AppError && error.detail ? ` (${error.detail})` : ''}${issues}`);
      }
      tasks = await tasksOfInstance(this.trx, instanceId);
      for (const t of tasks) if (!created.has(t.id)) created.set(t.id, at.toISOString());
    };

    const startAt = clamp(plan.at, now);
    await step('start', startAt, async () => {
      instanceId = await startProcess(deps, await this.ctxOf(plan.startedBy), { workflow: plan.workflow, dossier, ...(plan.variables ? { variables: plan.variables } : {}) });
    });
    this.dates.instances.push({ id: instanceId, at: startAt.toISOString() });
    for (const s of plan.steps) {
      if (s.kind === 'jobs') {
        this.jobs ??= startJobWorker(deps, deps.logger, { batchSize: 1, intervalMs: 2 ** 30 });
        await step('jobs', now, () => this.jobs!.runOnce());
        continue;
      }
      const task = tasks.find((t) => t.elementId === s.elementId && t.status === 'open');
      if (!task) throw new Error(`demo process ${plan.workflow} of ${plan.childKey}: no open task « ${s.elementId} » (open: ${tasks.filter((t) => t.status === 'open').map((t) => t.elementId).join(', ')})`);
      if (s.kind === 'claim') {
        await step(`claim of ${s.elementId}`, now, async () => changeAssignment(deps, await this.ctxOf(s.by), task.id, 'claim'));
        this.tasksClaimed += 1;
        continue;
      }
      const at = clamp(s.at, now);
      await step(s.elementId, at, async () => {
        const done = await completeTask(deps, await this.ctxOf(s.by), task.id, resolveDemoRefs(s.data, this.ids.establishments));
        if (done.submissionId) this.submissions.push({ submissionId: done.submissionId, at: at.toISOString() });
      });
      this.tasksCompleted += 1;
      this.dates.tasks.push({ id: task.id, createdAt: created.get(task.id)!, completedAt: at.toISOString() });
    }
    for (const t of tasks) if (t.status !== 'completed') this.dates.tasks.push({ id: t.id, createdAt: created.get(t.id)!, completedAt: null });
    const aged = ageDurationTimers(await instanceState(this.trx, instanceId), windows);
    if (aged.earliest !== null) await saveAgedState(this.trx, instanceId, aged.state, new Date(aged.earliest));
  }

  async stop(): Promise<void> {
    this.deps.clock.set(this.now);
    await this.jobs?.stop();
  }

  async finish(processes: number): Promise<DemoProcessCounts> {
    await backdateDemoProcesses(this.trx, this.dates);
    await backdateDemoSubmissions(this.trx, this.submissions);
    return { processes, tasksCompleted: this.tasksCompleted, tasksClaimed: this.tasksClaimed, submissions: this.submissions.length };
  }
}

const clamp = (at: string, now: Date): Date => (Date.parse(at) < now.getTime() ? new Date(at) : now);

/** A demo account as if signed in: its profiles, care teams and rules of today. */
async function demoContext(deps: AppDeps, ids: DemoLoadResult['ids'], login: string, now: Date): Promise<RequestContext> {
  const accountId = ids.accounts.get(login);
  if (!accountId) throw new Error(`demo process by an unknown account ${login}`);
  const context = await loadUserContext(deps.db, accountId, localDate(now), now);
  const account = await getAccount(deps.db, accountId);
  const user: AuthenticatedUser = {
    accountId,
    login,
    displayName: account?.display_name ?? login,
    sessionId: 'demo-data',
    isDemo: true,
    passwordChangeRequired: false,
    currentEstablishmentId: context.assignments.find((a) => a.establishmentId !== null)?.establishmentId ?? null,
    assignments: context.assignments,
    ownDossierIds: context.ownDossierIds,
    ability: await abilityOf(deps, context),
  };
  return { requestId: 'demo-data', ip: null, log: deps.logger, user, sessionExpired: false };
}
