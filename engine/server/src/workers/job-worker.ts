import type { Logger } from 'pino';
import { type JobRecord, appendHistory, claimDueJobs, rescheduleJob } from '@cordee/db';
import type { AppDeps } from '../deps';
import { actionRegistry } from '../workflow/actions';
import { finishJob, jobIncident } from '../workflow/system-steps';
import type { Worker } from './workflow-scheduler';

export interface JobWorkerOptions {
  intervalMs?: number;
  batchSize?: number;
  /** First retry delay; doubled at each try, up to `backoffMaxMs`. */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/** Delay before try `attempt + 1`: exponential, capped, with up to 20 % jitter so that retries of many jobs spread out. */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random = Math.random): number {
  const delay = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(delay * (1 + 0.2 * random()));
}

/**
 * The outbox worker: claims due jobs under a lease longer than their action's time limit, runs
 * the plugin action outside any transaction with the job's idempotency key, then signals the
 * instance (finishJob). A failed try is retried with exponential backoff; after the last one, or
 * on a permanent error, the job becomes an incident. A worker that dies mid-call leaves its lease
 * to run out: the job is then claimed again, with the same idempotency key.
 */
export function startJobWorker(deps: AppDeps, logger: Logger, options: JobWorkerOptions = {}): Worker {
  const intervalMs = options.intervalMs ?? 250;
  const batchSize = options.batchSize ?? 10;
  const backoffBaseMs = options.backoffBaseMs ?? 1000;
  const backoffMaxMs = options.backoffMaxMs ?? 5 * 60_000;
  const registry = actionRegistry();
  const leaseMs = Math.max(1000, ...[...registry.refs()].map((ref) => registry.get(ref)?.timeoutMs ?? DEFAULT_TIMEOUT_MS)) + 2000;
  const inFlight = new Set<AbortController>();
  let stopped = false;
  let running: Promise<number> | null = null;

  const run = async (job: JobRecord): Promise<void> => {
    const action = registry.get(job.action);
    if (!action) {
      await jobIncident(deps, job, `L’action « ${job.action} » n’est fournie par aucun plugin installé.`);
      return;
    }
    const controller = new AbortController();
    inFlight.add(controller);
    const timer = setTimeout(() => controller.abort(new Error(`délai de ${action.timeoutMs ?? DEFAULT_TIMEOUT_MS} ms dépassé`)), action.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    let result: Record<string, unknown>;
    try {
      result = (await action.run({ idempotencyKey: job.idempotencyKey, attempt: job.attempts, input: job.input, signal: controller.signal })) ?? {};
    } catch (error) {
      if (stopped) return; // the lease runs out and another worker tries again
      const message = error instanceof Error ? error.message : String(error);
      const permanent = (error as { permanent?: boolean }).permanent === true;
      if (permanent || job.attempts >= job.maxAttempts) {
        await jobIncident(deps, job, `${permanent ? 'Erreur définitive' : `Échec après ${job.attempts} tentatives`} : ${message}`);
        logger.warn({ jobId: job.id, action: job.action, attempts: job.attempts }, 'workflow job failed: incident opened');
      } else {
        const next = new Date(deps.clock.now().getTime() + backoffDelay(job.attempts, backoffBaseMs, backoffMaxMs));
        await rescheduleJob(deps.db, job.id, message, next);
        await deps.db.transaction((trx) => appendHistory(trx, job.instanceId, [{ kind: 'job.retry_scheduled', elementId: job.elementId, detail: { attempt: job.attempts, nextRunAt: next.toISOString(), message } }]));
      }
      return;
    } finally {
      clearTimeout(timer);
      inFlight.delete(controller);
    }
    await finishJob(deps, job, result);
  };

  const round = async (): Promise<number> => {
    let total = 0;
    for (;;) {
      const jobs = await claimDueJobs(deps.db, deps.clock.now(), leaseMs, batchSize);
      await Promise.all(jobs.map((job) => run(job).catch((error: unknown) => logger.error({ err: error, jobId: job.id }, 'workflow job could not be recorded'))));
      total += jobs.length;
      if (stopped || jobs.length < batchSize) return total;
    }
  };

  const runOnce = (): Promise<number> => {
    running ??= round()
      .catch((error: unknown) => {
        logger.error({ err: error }, 'workflow job round failed');
        return 0;
      })
      .finally(() => {
        running = null;
      });
    return running;
  };

  const timer = setInterval(() => {
    if (!stopped && !running) void runOnce();
  }, intervalMs);
  timer.unref();
  return {
    runOnce,
    async stop() {
      stopped = true;
      clearInterval(timer);
      for (const controller of inFlight) controller.abort(new Error('arrêt du serveur'));
      await running;
    },
  };
}
