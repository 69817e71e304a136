import type { Logger } from 'pino';
import { lockDueInstances } from '@cordee/db';
import type { AppDeps } from '../deps';
import { announceOverdueTasks, resumeDueInstance } from '../workflow/system-steps';

export interface SchedulerOptions {
  intervalMs?: number;
  /** Instances resumed per transaction. */
  batchSize?: number;
  /** Transactions in flight at once (the database works while the engine computes). */
  concurrency?: number;
}

export interface Worker {
  /** Runs one round now (tests, and the first round at start): how many items it handled. */
  runOnce(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * The durable timers: every `intervalMs`, instances whose next timer fell due — including while
 * no server was running — are locked with `FOR UPDATE SKIP LOCKED` (so several servers never
 * resume one instance twice) and resumed; a backlog is drained round after round without waiting.
 * Overdue user tasks are announced in the same round.
 */
export function startWorkflowScheduler(deps: AppDeps, logger: Logger, options: SchedulerOptions = {}): Worker {
  const intervalMs = options.intervalMs ?? 1000;
  const batchSize = options.batchSize ?? 25;
  const concurrency = options.concurrency ?? 4;
  let stopped = false;
  let running: Promise<number> | null = null;

  const batch = () =>
    deps.db.transaction(async (trx) => {
      const due = await lockDueInstances(trx, deps.clock.now(), batchSize);
      for (const instance of due) {
        const outcome = await resumeDueInstance(trx, deps, instance);
        if (outcome === 'failed') logger.warn({ instanceId: instance.id }, 'workflow instance failed on resume: incident opened');
      }
      return due.length;
    });

  const round = async (): Promise<number> => {
    let total = 0;
    for (;;) {
      const counts = await Promise.all(Array.from({ length: concurrency }, batch));
      const handled = counts.reduce((a, b) => a + b, 0);
      total += handled;
      if (stopped || handled < batchSize * concurrency) break;
    }
    total += await deps.db.transaction((trx) => announceOverdueTasks(trx, deps, 200));
    return total;
  };

  const runOnce = (): Promise<number> => {
    running ??= round()
      .catch((error: unknown) => {
        logger.error({ err: error }, 'workflow scheduler round failed');
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
  void runOnce();
  return {
    runOnce,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
